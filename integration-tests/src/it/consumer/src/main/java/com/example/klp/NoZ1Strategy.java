package com.example.klp;

import dev.klpct.api.klp.Capability;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.strategies.kernel.PatchStateUpdaters;
import dev.klpct.strategies.kernel.TaskSwitchers;

/**
 * Zijlstra's strategy without its first barrier: the {@code smp_rmb()} [Z1] between the {@code
 * TIF_PATCH_PENDING} test and the {@code klp_target_state} read of his {@code
 * klp_update_patch_state()} ("Order loads of TIF_PATCH_PENDING vs klp_target_state"). Made of the
 * thread's kernel code, one barrier taken out; nothing is copied.
 */
final class NoZ1Strategy {
  static final String NAME = "zijlstra.no-z1";

  private NoZ1Strategy() {}

  static Strategy create() {
    return Strategy.builder(NAME)
        .description("zijlstra without the smp_rmb() [Z1] after the TIF_PATCH_PENDING test")
        .taskSwitcher(TaskSwitchers.postWorkAndRace())
        .patchStateUpdater(
            PatchStateUpdaters.withoutBarriers(
                PatchStateUpdaters.noinstrRace(), PatchStateUpdaters.Z1))
        .contextTracking(ContextTracking.SEQ_WORK)
        .defaultSync(SyncMode.RCU)
        .capabilities(
            Capability.SWITCHES_RUNNING_TASKS,
            Capability.POSTS_CT_WORK,
            Capability.SENDS_FAKE_SIGNALS,
            Capability.WAKES_IDLE_CPUS)
        .build();
  }
}
