package com.example.klp;

import dev.klpct.api.klp.Strategy;
import dev.klpct.contracts.StrategyContract;
import dev.klpct.core.Contract;
import java.util.Set;

/** The contract suite on {@code zijlstra.no-race}, in the default scenario of the 2021 thread. */
class NoRaceStrategyTest implements StrategyContract {
  @Override
  public Strategy strategy() {
    return NoRaceStrategy.create();
  }

  // A task that stays in user mode never runs the work: the transition waits until
  // klp_send_signals() kicks it with a fake signal, an IPI to its NOHZ_FULL CPU.
  @Override
  public Set<Contract> expectedViolations() {
    return Set.of(Contract.NOHZ_UNDISTURBED);
  }
}
