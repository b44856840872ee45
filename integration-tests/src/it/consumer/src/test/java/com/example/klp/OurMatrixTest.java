package com.example.klp;

import static dev.klpct.api.program.BuiltInProperty.DEADLOCK_FREE;
import static dev.klpct.api.program.BuiltInProperty.MODEL_SOUND;
import static dev.klpct.contracts.KlpAssertions.assertThat;

import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.Checker;
import dev.klpct.contracts.StrategyMatrix;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.strategies.StrategyRegistry;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Every strategy of this project's registry, klpct's five and ours, in more scenarios: the model
 * stays sound, no CPU deadlocks, and the exploration is exhaustive.
 */
class OurMatrixTest {
  /** The registry the matrix runs over. */
  public static final class OurStrategies implements Supplier<StrategyRegistry> {
    @Override
    public StrategyRegistry get() {
      return OurKlpct.strategies();
    }
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @StrategyMatrix(
      registry = OurStrategies.class,
      scenarios = {"--nmi", "--reverse --transitions 1"})
  void soundAndDeadlockFree(Strategy strategy, KlpConfig scenario) {
    assertThat(new Checker(CheckOptions.defaults()).check(KlpMachine.of(strategy, scenario)))
        .isExhaustive()
        .holds(MODEL_SOUND, DEADLOCK_FREE);
  }
}
