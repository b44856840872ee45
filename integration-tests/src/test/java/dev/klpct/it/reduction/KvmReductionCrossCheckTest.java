package dev.klpct.it.reduction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.contracts.StrategyMatrix;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * {@link ReductionCrossCheckTest} for the KVM guest-mode path (issue 9 §2.1, {@code --vcpu-tasks}):
 * partial-order reduction changes no verdict and no counterexample length, under sc, tso and lkmm,
 * with {@code vcpu_run()} patched or not. A vCPU's guest mode is a quiescent end of its program and
 * its VM exits are steps of their own, so the reduction must treat them like user mode's.
 */
class KvmReductionCrossCheckTest {

  @ParameterizedTest(name = "{0} [{1}] {2}")
  @StrategyMatrix(
      scenarios = {
        "--vcpu-tasks 1 --transitions 1",
        "--vcpu-tasks 1 --vcpu-run unpatched --transitions 1"
      },
      memoryModels = {"sc", "tso", "lkmm"})
  void reductionChangesNoVerdictWithAVcpu(
      Strategy strategy, KlpConfig scenario, MemoryModel model) {
    KlpMachine machine = KlpMachine.of(strategy, scenario);
    CheckOptions base = CheckOptions.defaults().withMemoryModel(model).withThreads(1);
    CheckReport reduced = check(machine, base.withReduction(true));
    CheckReport full = check(machine, base.withReduction(false));
    Map<String, String> expected = summary(full);
    assertThat(summary(reduced)).as("reduction on").isEqualTo(expected);
    assertThat(reduced.stats().states())
        .as("states with reduction")
        .isLessThanOrEqualTo(full.stats().states());
  }

  private static CheckReport check(KlpMachine machine, CheckOptions options) {
    CheckReport report = new Checker(options).check(machine);
    assertThat(report.stats().exhaustive())
        .as("%s, reduction %s", machine.description(), options.reduction())
        .isTrue();
    return report;
  }

  /** Contract id to verdict, with the counterexample length for violations. */
  private static Map<String, String> summary(CheckReport report) {
    Map<String, String> m = new LinkedHashMap<>();
    for (PropertyVerdict v : report.verdicts()) {
      m.put(
          v.property(),
          v.verdict() + v.counterexample().map(cx -> " in " + cx.length() + " steps").orElse(""));
    }
    return m;
  }
}
