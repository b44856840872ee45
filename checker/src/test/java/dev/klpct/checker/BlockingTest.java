package dev.klpct.checker;

import static dev.klpct.checker.CheckerFixtures.R;
import static dev.klpct.checker.CheckerFixtures.W;
import static dev.klpct.checker.CheckerFixtures.check;
import static dev.klpct.checker.CheckerFixtures.cx;
import static dev.klpct.checker.CheckerFixtures.selectMachine;
import static dev.klpct.checker.CheckerFixtures.verdict;
import static dev.klpct.checker.CheckerFixtures.waitsForever;
import static dev.klpct.checker.TinyMachine.site;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Guard;
import dev.klpct.api.Loc;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.checker.trace.Step;
import dev.klpct.checker.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/** select, await and deadlock: what blocks, what is explored, what waits forever. */
class BlockingTest {
  @Test
  void selectExploresExactlyTheEnabledAlternatives() {
    CheckReport r = check(selectMachine());

    // x == 0: alternatives 0 (always), 2 (x == 0) and 5 ((x & 3) == 0) are enabled.
    assertThat(verdict(r, "not-0")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "not-1")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "not-2")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "not-3")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "not-4")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "not-5")).isEqualTo(Verdict.VIOLATED);
    assertThat(r.metric("chosen")).contains(new MetricRange("chosen", 100, 105));
    assertThat(r.stats().terminalStates()).isEqualTo(3);
  }

  @Test
  void selectCounterexampleRecordsTheAlternativeTaken() {
    CheckReport r = check(selectMachine());

    assertThat(cx(r, "not-2").steps()).containsExactly(new Step(0, 2));
    assertThat(cx(r, "not-5").steps()).containsExactly(new Step(0, 5));
    assertThat(cx(r, "not-2").events())
        .extracting(TraceEvent::text)
        .contains("choose alternative 2 of 6");
  }

  @Test
  void selectWaitsUntilAnAlternativeIsEnabled() {
    TinyMachine.Builder b = TinyMachine.builder("select blocks", 2);
    Loc x = b.shared("x");
    Loc chosen = b.ghost("chosen", 0);
    b.routines(
        0,
        0,
        k -> k.setGhost(chosen, 10 + k.select(site("pick"), Guard.equal(x, 1), Guard.equal(x, 2))));
    b.routines(1, 0, k -> k.WRITE_ONCE(x, 2, W));
    b.terminal("took-2", s -> s.value(chosen) == 11);
    CheckReport r = check(b.build());

    assertThat(verdict(r, "took-2")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, BuiltInProperty.DEADLOCK_FREE.id())).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void awaitBlocksUntilItsGuardHolds() {
    TinyMachine.Builder b = TinyMachine.builder("await", 2);
    Loc data = b.shared("data");
    Loc flag = b.shared("flag");
    Loc seen = b.ghost("seen", 0);
    Loc done = b.ghost("done", 0);
    b.routines(
        0,
        0,
        k -> {
          k.await(Guard.equal(flag, 1), site("wait"));
          k.setGhost(done, 1);
          k.setGhost(seen, k.READ_ONCE(data, R));
        });
    b.routines(1, 0, k -> k.WRITE_ONCE(data, 42, W), k -> k.WRITE_ONCE(flag, 1, W));
    b.monotone("not-early", s -> s.value(done) == 0 || s.value(flag) == 1);
    b.terminal("sees-data", s -> s.value(seen) == 42);
    b.terminal("done", s -> s.value(done) == 1);
    CheckReport r = check(b.build());

    assertThat(r.verdicts()).allSatisfy(v -> assertThat(v.verdict()).isEqualTo(Verdict.HOLDS));
  }

  /**
   * A blocked step goes on dry to the routine's end: code after the await runs under a guard that
   * does not hold, on neutral values. What it does there must neither act nor count as a failure.
   */
  @Test
  void codeAfterABlockedAwaitNeitherActsNorFails() {
    TinyMachine.Builder b = TinyMachine.builder("after await", 2);
    Loc data = b.shared("data");
    Loc flag = b.shared("flag");
    Loc done = b.ghost("done", 0);
    b.routines(
        0,
        0,
        k -> {
          k.await(Guard.bits(flag, 1, 1), site("wait"));
          int v = k.READ_ONCE(data, R); // on dry: 0
          assert v >= 42 : "flag seen before data"; // tests run with -ea
          k.setGhost(done, 1);
        },
        k -> {
          int c = k.select(site("pick"), Guard.equal(flag, 2), Guard.equal(flag, 3));
          k.setGhost(done, 2 + c);
          if (k.READ_ONCE(data, R) != 43) { // on dry: 0
            throw new IllegalStateException("flag seen before data");
          }
        });
    b.routines(
        1,
        0,
        k -> k.WRITE_ONCE(data, 42, W),
        k -> k.WRITE_ONCE(flag, 1, W),
        k -> k.WRITE_ONCE(data, 43, W),
        k -> k.WRITE_ONCE(flag, 3, W));
    b.monotone("not-early", s -> s.value(done) == 0 || s.value(flag) >= 1);
    b.monotone("select-not-early", s -> s.value(done) <= 1 || s.value(flag) == 3);
    b.terminal("done", s -> s.value(done) == 3);
    CheckReport r = check(b.build());

    assertThat(r.verdicts()).allSatisfy(v -> assertThat(v.verdict()).isEqualTo(Verdict.HOLDS));
    assertThat(r.stats().terminalStates()).isEqualTo(1);
  }

  @Test
  void blockedCpuThatIsNotQuiescentIsADeadlock() {
    CheckReport r = check(waitsForever(false));

    assertThat(verdict(r, BuiltInProperty.DEADLOCK_FREE.id())).isEqualTo(Verdict.VIOLATED);
    Counterexample c = cx(r, BuiltInProperty.DEADLOCK_FREE.id());
    assertThat(c.why()).contains("waiter at routine 1 waits forever");
    // CPU0's write and CPU1's write; then nothing can move.
    assertThat(c.length()).isEqualTo(2);
    assertThat(verdict(r, BuiltInProperty.MODEL_SOUND.id())).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void blockedCpuThatIsQuiescentIsNotADeadlock() {
    CheckReport r = check(waitsForever(true));

    assertThat(verdict(r, BuiltInProperty.DEADLOCK_FREE.id())).isEqualTo(Verdict.HOLDS);
    assertThat(r.overall()).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void selectWithNoEnabledAlternativeIsADeadlock() {
    TinyMachine.Builder b = TinyMachine.builder("select never", 1);
    Loc x = b.shared("x");
    b.routines(
        0,
        0,
        k -> k.WRITE_ONCE(x, 1, W),
        k -> k.select(site("pick"), Guard.never(), Guard.equal(x, 0)));
    CheckReport r = check(b.build());

    assertThat(verdict(r, BuiltInProperty.DEADLOCK_FREE.id())).isEqualTo(Verdict.VIOLATED);
  }
}
