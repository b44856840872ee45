package com.example.klp;

import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.MemoryModel;
import dev.klpct.contracts.StrategyContract;
import dev.klpct.core.Contract;
import dev.klpct.core.KlpConfig;
import java.util.Set;

/**
 * The contract suite on {@code zijlstra.no-z1}. Under sequential consistency and x86-TSO, which
 * keeps loads in order, a read barrier orders nothing and every contract zijlstra keeps holds;
 * under the Linux-kernel memory model the suite finds what Z1 is for.
 */
class NoZ1StrategyTest implements StrategyContract {
  @Override
  public Strategy strategy() {
    return NoZ1Strategy.create();
  }

  // Under lkmm, T1's CPU sees TIF_PATCH_PENDING set, then reads the klp_target_state from before
  // klp_init_transition() and writes it to its own patch_state. Under every model, as for zijlstra
  // itself in the default scenario (a fake signal after each failed attempt): klp_send_signals()
  // can kick T1 after it has gone back to user mode, the "small race" its comment accepts.
  @Override
  public Set<Contract> expectedViolations(MemoryModel model, KlpConfig scenario) {
    return model == MemoryModel.LKMM
        ? Set.of(
            Contract.HANDLER_DEFINED_STATE,
            Contract.COMPLETE_SWITCHED,
            Contract.NO_STALE_WRITE,
            Contract.NOHZ_UNDISTURBED)
        : Set.of(Contract.NOHZ_UNDISTURBED);
  }
}
