package dev.klpct.it.matrix;

import static dev.klpct.contracts.KlpAssertions.assertThat;

import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.core.KlpMachine;
import dev.klpct.it.Scenario;
import dev.klpct.strategies.StrategyComponent;
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
  void modelIsSoundDeadlockFreeAndExhausted(String strategy, Scenario scenario) {
    CheckReport report =
        new Checker(CheckOptions.defaults().withThreads(1))
            .check(KlpMachine.of(StrategyComponent.builtIn().get(strategy), scenario.config()));
    assertThat(report)
        .isExhaustive()
        .holds(BuiltInProperty.MODEL_SOUND.id(), BuiltInProperty.DEADLOCK_FREE.id());
  }
}
