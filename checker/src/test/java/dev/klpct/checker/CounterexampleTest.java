package dev.klpct.checker;

import static dev.klpct.checker.CheckerFixtures.check;
import static dev.klpct.checker.CheckerFixtures.counter;
import static dev.klpct.checker.CheckerFixtures.cx;
import static dev.klpct.checker.CheckerFixtures.longAndShortPath;
import static dev.klpct.checker.CheckerFixtures.opts;
import static dev.klpct.checker.CheckerFixtures.verdict;
import static dev.klpct.checker.CheckerFixtures.wideMachine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.program.Machine;
import dev.klpct.checker.trace.Step;
import org.junit.jupiter.api.Test;

/** Counterexamples are shortest and deterministic, whatever the threads. */
class CounterexampleTest {
  @Test
  void counterexampleIsTheShortestOne() {
    CheckReport r = check(longAndShortPath(6));

    Counterexample c = cx(r, "bad");
    assertThat(c.length()).isEqualTo(1);
    assertThat(c.shortest()).isTrue();
    assertThat(c.steps()).containsExactly(new Step(1, -1));
    assertThat(c.why()).isEqualTo("bad: short path");
  }

  @Test
  void shortestSearchOverBudgetFallsBackToTheReducedCounterexample() {
    CheckReport r = new Checker(opts().withShortestBudget(1)).check(longAndShortPath(6));

    Counterexample c = cx(r, "bad");
    assertThat(c.shortest()).isFalse();
    assertThat(c.length()).isGreaterThan(1);
    // Still a real counterexample: replaying it breaks the property.
    Checker.Replayed rep = new Checker(opts()).replay(longAndShortPath(6), c.steps());
    assertThat(rep.completed()).isTrue();
    assertThat(rep.violations()).anyMatch(v -> v.startsWith("bad:"));
  }

  @Test
  void singleThreadedRunsAreDeterministic() {
    Machine m = counter(false);
    CheckReport a = check(m);
    CheckReport b = check(counter(false));

    assertThat(a.verdicts()).isEqualTo(b.verdicts());
    assertThat(a.stats().states()).isEqualTo(b.stats().states());
    assertThat(a.stats().transitions()).isEqualTo(b.stats().transitions());
    for (PropertyVerdict v : a.verdicts()) {
      if (v.counterexample().isPresent()) {
        Counterexample ca = v.counterexample().get();
        Counterexample cb = cx(b, v.property());
        assertThat(cb.steps()).isEqualTo(ca.steps());
        assertThat(cb.events()).isEqualTo(ca.events());
      }
    }
  }

  @Test
  void twoThreadsGiveTheSameVerdictsAndCounterexampleLengths() {
    CheckOptions o = opts().withReduction(false);
    CheckReport one = new Checker(o).check(wideMachine());
    CheckReport two = new Checker(o.withThreads(2)).check(wideMachine());

    assertThat(two.stats().threads()).isEqualTo(2);
    assertThat(two.stats().states()).isEqualTo(one.stats().states());
    assertThat(two.stats().terminalStates()).isEqualTo(one.stats().terminalStates());
    assertThat(one.stats().states()).isGreaterThan(1000);
    for (PropertyVerdict v : one.verdicts()) {
      PropertyVerdict w = two.verdict(v.property()).orElseThrow();
      assertThat(w.verdict()).as(v.property()).isEqualTo(v.verdict());
      assertThat(w.counterexample().map(Counterexample::length))
          .isEqualTo(v.counterexample().map(Counterexample::length));
    }
    assertThat(verdict(one, "never-sees-2")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(one, "all-written")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(one, "shared-is-3")).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void everyThreadCountGivesTheSameCounterexamples() {
    // A shortest-search budget of 1 makes every counterexample the first search's: the one whose
    // state ids and parents the threads' timing could change, were insertion not ordered.
    for (boolean reduction : new boolean[] {true, false}) {
      CheckOptions o = opts().withShortestBudget(1).withReduction(reduction);
      CheckReport one = new Checker(o).check(wideMachine());
      assertThat(cx(one, "never-sees-2").shortest()).isFalse();
      for (int threads : new int[] {2, 3, 4, 2, 3}) {
        CheckReport more = new Checker(o.withThreads(threads)).check(wideMachine());
        assertThat(more.stats().transitions()).isEqualTo(one.stats().transitions());
        for (PropertyVerdict v : one.verdicts()) {
          PropertyVerdict w = more.verdict(v.property()).orElseThrow();
          assertThat(w.verdict()).isEqualTo(v.verdict());
          assertThat(w.counterexample().map(Counterexample::steps))
              .as("%s, reduction %s, %d threads", v.property(), reduction, threads)
              .isEqualTo(v.counterexample().map(Counterexample::steps));
        }
      }
    }
  }

  @Test
  void twoThreadsWithReductionAgreeWithOneThread() {
    CheckReport one = check(wideMachine());
    CheckReport two = new Checker(opts().withThreads(2)).check(wideMachine());

    assertThat(two.stats().states()).isEqualTo(one.stats().states());
    for (PropertyVerdict v : one.verdicts()) {
      assertThat(verdict(two, v.property())).as(v.property()).isEqualTo(v.verdict());
    }
  }
}
