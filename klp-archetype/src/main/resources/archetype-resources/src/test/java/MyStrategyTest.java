package ${package};

import dev.klpct.api.klp.Strategy;
import dev.klpct.contracts.StrategyContract;

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
}
