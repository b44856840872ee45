package com.example.klp;

import dev.klpct.api.klp.Strategy;
import dev.klpct.contracts.StrategyContract;

/**
 * The contract suite on {@code zijlstra.no-z1}: under sequential consistency, which the suite
 * checks, a read barrier orders nothing, so every contract holds.
 */
class NoZ1StrategyTest implements StrategyContract {
  @Override
  public Strategy strategy() {
    return NoZ1Strategy.create();
  }
}
