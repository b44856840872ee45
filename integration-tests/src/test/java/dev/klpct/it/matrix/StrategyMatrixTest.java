package dev.klpct.it.matrix;

import static dev.klpct.contracts.KlpAssertions.assertThat;

import dev.klpct.api.klp.Strategy;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.contracts.StrategyMatrix;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Every registered strategy in every small scenario: the model is sound (the strategy code is
 * deterministic, stays in its memory and throws nothing), no CPU deadlocks, and the exploration is
 * exhaustive. Contract verdicts are the business of the findings and contract-suite tests.
 */
class StrategyMatrixTest {

  @ParameterizedTest(name = "{0} [{1}]")
  @StrategyMatrix(
      scenarios = {
        "",
        "--nohz-cpus 2 --episodes 1 --transitions 1",
        "--nmi",
        "--reverse --transitions 1",
        "--sleeping-tasks 1"
      })
  void modelIsSoundDeadlockFreeAndExhausted(Strategy strategy, KlpConfig scenario) {
    CheckReport report =
        new Checker(CheckOptions.defaults().withThreads(1))
            .check(KlpMachine.of(strategy, scenario));
    assertThat(report)
        .isExhaustive()
        .holds(BuiltInProperty.MODEL_SOUND, BuiltInProperty.DEADLOCK_FREE);
  }
}
