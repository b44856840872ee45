package dev.klpct.it.reduction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Stats;
import dev.klpct.contracts.StrategyMatrix;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The step cache (sequential consistency: a step run before from the same frame, at a state with
 * the same values where it read, is taken from the cache) is an optimisation: with it and without
 * it, every strategy in small scenarios gives the same states, transitions, terminal states and
 * depth, the same metric ranges, and the same verdicts with the very same counterexamples, those of
 * the reduced search and the shortest ones, reduced or not, on one thread or two.
 */
class StepCacheCrossCheckTest {

  @ParameterizedTest(name = "{0} [{1}]")
  @StrategyMatrix(
      scenarios = {
        "",
        "--transitions 1 --nmi",
        "--reverse --transitions 1",
        "--nohz-cpus 2 --episodes 1 --transitions 1",
        "--transitions enable,enable,disable",
        "--reversals 1",
        "--sleepers-in-f 1 --transitions 1",
        "--kworker on --transitions 1",
        "--kworker no-current-clause --transitions 1",
        "--vcpu-tasks 1 --transitions 1",
        "--task-order all --sleeping-tasks 1 --transitions 1",
        "--sync schedule-on-each-cpu --transitions 1",
        "--test-and-clear 2022 --reverse-order v6.4 --printk on --transitions 1"
      })
  void theStepCacheChangesNothingAChecksReports(Strategy strategy, KlpConfig scenario) {
    KlpMachine machine = KlpMachine.of(strategy, scenario);
    for (CheckOptions o :
        List.of(
            CheckOptions.defaults().withThreads(1),
            CheckOptions.defaults().withThreads(2),
            CheckOptions.defaults().withThreads(1).withReduction(false),
            CheckOptions.defaults().withThreads(1).withShortestBudget(1))) {
      String run =
          "reduction " + o.reduction() + ", " + o.threads() + " thread(s), " + o.shortestBudget();
      CheckReport cached = new Checker(o).check(machine);
      CheckReport uncached = new Checker(o.withStepCache(false)).check(machine);

      assertThat(facts(cached)).as(run).isEqualTo(facts(uncached));
    }
  }

  /** What a report says, but for its times: stats, metric ranges, verdicts, counterexamples. */
  private static List<String> facts(CheckReport r) {
    Stats s = r.stats();
    List<String> facts = new ArrayList<>();
    facts.add(
        s.states()
            + " states, "
            + s.transitions()
            + " transitions, "
            + s.terminalStates()
            + " terminal, depth "
            + s.depth()
            + ", exhaustive "
            + s.exhaustive()
            + " "
            + s.stopReason());
    facts.add(r.metrics().toString());
    for (PropertyVerdict v : r.verdicts()) {
      facts.add(
          v.property()
              + " "
              + v.verdict()
              + v.counterexample()
                  .map(
                      cx ->
                          " "
                              + cx.shortest()
                              + " "
                              + cx.steps()
                              + " "
                              + cx.events()
                              + " "
                              + cx.why())
                  .orElse(""));
    }
    return facts;
  }
}
