package dev.klpct.it.reduction;

import static dev.klpct.contracts.KlpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.trace.Step;
import dev.klpct.contracts.StrategyMatrix;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Partial-order reduction and parallel exploration are optimisations: on every strategy in small
 * scenarios, reduction on or off and one or two threads give the same verdict for every contract,
 * and violated contracts the same counterexample length (each is proven shortest by the
 * breadth-first search of the unreduced graph). The reduced exploration visits no more states than
 * the full one, and the number of states does not depend on the threads.
 */
class ReductionCrossCheckTest {

  @ParameterizedTest(name = "{0} [{1}]")
  @StrategyMatrix(
      scenarios = {
        "",
        "--transitions 1 --nmi",
        "--reverse --transitions 1",
        "--nohz-cpus 2 --episodes 1 --transitions 1",
        "--transitions enable,disable",
        "--transitions enable,enable,disable",
        "--reversals 2 --transitions 1",
        "--reversals 1",
        "--sleepers-in-f 1 --transitions 1",
        "--sleepers-in-f 1 --transitions enable,disable --episodes 0 --retries 1 --reversals 1",
        "--kworker on --transitions 1",
        "--kworker no-current-clause --transitions 1",
        "--vcpu-tasks 1 --transitions 1",
        "--vcpu-tasks 1 --vcpu-run unpatched --transitions 1",
        "--task-order all --sleeping-tasks 1 --transitions 1"
      })
  void reductionAndThreadsChangeNoVerdict(Strategy strategy, KlpConfig scenario) {
    KlpMachine machine = KlpMachine.of(strategy, scenario);
    CheckOptions base = CheckOptions.defaults();
    CheckReport reduced = check(machine, base.withReduction(true).withThreads(1));
    CheckReport full = check(machine, base.withReduction(false).withThreads(1));
    CheckReport reducedParallel = check(machine, base.withReduction(true).withThreads(2));
    CheckReport fullParallel = check(machine, base.withReduction(false).withThreads(2));

    Map<String, String> expected = summary(full);
    assertThat(expected.values())
        .as("every counterexample is proven shortest")
        .allMatch(v -> !v.startsWith("VIOLATED") || v.endsWith("shortest"));
    assertThat(summary(reduced)).as("reduction on, 1 thread").isEqualTo(expected);
    assertThat(summary(reducedParallel)).as("reduction on, 2 threads").isEqualTo(expected);
    assertThat(summary(fullParallel)).as("reduction off, 2 threads").isEqualTo(expected);

    assertThat(reduced.stats().states())
        .as("states with reduction")
        .isLessThanOrEqualTo(full.stats().states());
    assertThat(reducedParallel.stats().states())
        .as("states with reduction, 2 threads")
        .isEqualTo(reduced.stats().states());
    assertThat(fullParallel.stats().states())
        .as("states without reduction, 2 threads")
        .isEqualTo(full.stats().states());
  }

  /**
   * The same cross-check under the weak models: the persistent sets use the weak steps' own
   * footprints (store-buffer flushes write their location, strong fences touch the global fence
   * order), so the reduced search must still agree with the full one.
   */
  @ParameterizedTest(name = "{0} [{1}] {2}")
  @StrategyMatrix(
      scenarios = {
        "--transitions 1",
        "--transitions enable,disable",
        "--reversals 2 --transitions 1",
        "--sleepers-in-f 1 --transitions 1 --episodes 0 --retries 1",
        "--kworker on --transitions 1",
        "--vcpu-tasks 1 --transitions 1",
        "--vcpu-tasks 1 --vcpu-run unpatched --transitions 1"
      },
      memoryModels = {"tso", "lkmm"})
  void reductionChangesNoVerdictUnderWeakMemory(
      Strategy strategy, KlpConfig scenario, MemoryModel model) {
    KlpMachine machine = KlpMachine.of(strategy, scenario);
    CheckOptions base = CheckOptions.defaults().withMemoryModel(model);
    CheckReport reduced = check(machine, base.withReduction(true).withThreads(1));
    CheckReport full = check(machine, base.withReduction(false).withThreads(2));
    CheckReport reducedParallel = check(machine, base.withReduction(true).withThreads(2));
    Map<String, String> expected = summary(full);
    assertThat(summary(reduced)).as("reduction on, 1 thread").isEqualTo(expected);
    assertThat(summary(reducedParallel)).as("reduction on, 2 threads").isEqualTo(expected);
    assertThat(reduced.stats().states()).isLessThanOrEqualTo(full.stats().states());
    assertThat(reducedParallel.stats().states()).isEqualTo(reduced.stats().states());

    // Without the shortest search, the counterexamples are the reduced search's own: two threads
    // must find the very schedules one finds (the weak models' state canonical forms included).
    CheckOptions firstOnly = base.withReduction(true).withShortestBudget(1);
    assertThat(schedules(check(machine, firstOnly.withThreads(2))))
        .as("the reduced search's counterexamples, 2 threads against 1")
        .isEqualTo(schedules(check(machine, firstOnly.withThreads(1))));
  }

  /** Contract id to its counterexample's steps, for the violated ones. */
  private static Map<String, List<Step>> schedules(CheckReport report) {
    Map<String, List<Step>> m = new LinkedHashMap<>();
    for (PropertyVerdict v : report.verdicts()) {
      v.counterexample().ifPresent(cx -> m.put(v.property(), cx.steps()));
    }
    return m;
  }

  private static CheckReport check(KlpMachine machine, CheckOptions options) {
    CheckReport report = new Checker(options).check(machine);
    // Exhaustive, though under lkmm the load-buffering guard leaves contracts INCONCLUSIVE
    // (compared like every other verdict below).
    assertThat(report.stats().exhaustive())
        .as(
            "%s, reduction %s, %d thread(s)",
            machine.description(), options.reduction(), options.threads())
        .isTrue();
    return report;
  }

  /** Contract id to verdict, with the counterexample length for violations. */
  private static Map<String, String> summary(CheckReport report) {
    Map<String, String> m = new LinkedHashMap<>();
    for (PropertyVerdict v : report.verdicts()) {
      m.put(
          v.property(),
          v.verdict()
              + v.counterexample()
                  .map(cx -> " in " + cx.length() + " steps" + (cx.shortest() ? ", shortest" : ""))
                  .orElse(""));
    }
    return m;
  }
}
