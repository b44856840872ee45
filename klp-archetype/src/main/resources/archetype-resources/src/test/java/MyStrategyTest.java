package ${package};

import dev.klpct.api.klp.Strategy;
import dev.klpct.contracts.StrategyContract;
import dev.klpct.core.Contract;
import java.util.Set;

/**
 * The contract suite on {@code ${strategyName}}: every contract, exhaustively, under {@code sc},
 * {@code tso} and {@code lkmm} in the default scenario of the 2021 thread. Override {@code
 * expectedViolations()} for a known bug, {@code moreScenarios()} for more scenarios ({@code
 * "--nmi"}, {@code "--nohz-cpus 2"}, ...).
 */
class MyStrategyTest implements StrategyContract {
  @Override
  public Strategy strategy() {
    return MyStrategy.create();
  }

  // The default scenario sends a fake signal after each failed attempt, and klp_send_signals()
  // can kick the task after it has gone back to user mode: the "small race" its comment accepts,
  // an IPI to a NOHZ_FULL CPU. The suite fails if this stops being violated.
  @Override
  public Set<Contract> expectedViolations() {
    return Set.of(Contract.NOHZ_UNDISTURBED);
  }
}
