package com.example.klp;

import dev.klpct.api.Kernel;
import dev.klpct.api.klp.Capability;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Livepatch;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.api.klp.Task;
import dev.klpct.strategies.kernel.PatchStateUpdaters;
import dev.klpct.strategies.kernel.StackCheckSwitch;

/**
 * Zijlstra's ct_work strategy without the race: the transition CPU posts {@code CT_WORK_KLP} to
 * the NOHZ_FULL CPU of a task running in user mode, but does not call {@code
 * klp_update_patch_state()} itself. The task switches on its next kernel entry, where the work
 * runs before any instrumentable code. Everything else is zijlstra's: the noinstr {@code
 * klp_update_patch_state()}, the stack check of tasks that are not running, the RFC v2 07/11
 * seq/work context tracking and {@code synchronize_rcu()}.
 *
 * <p>The question it asks: does CPU0 need its half of the race? Stateless and deterministic, as
 * every strategy must be.
 */
final class NoRaceStrategy {
  static final String NAME = "zijlstra.no-race";

  private NoRaceStrategy() {}

  /** {@code klp_check_and_switch_task()}: post the work to a running task's CPU; never switch. */
  static int klp_check_and_switch_task(Kernel k, Livepatch lp, Task t) {
    if (lp.task_curr(t)) {
      lp.contextTracking().context_tracking_set_cpu_work(k, lp.task_cpu(t), Klp.CT_WORK_KLP);
      return -Klp.EBUSY; // CT_WORK_KLP switches it on its next kernel entry
    }
    return StackCheckSwitch.assignThenClear(k, lp, t);
  }

  static Strategy create() {
    return Strategy.builder(NAME)
        .description(
            "zijlstra without the race: post CT_WORK_KLP, let the task switch itself on kernel"
                + " entry")
        .taskSwitcher(NoRaceStrategy::klp_check_and_switch_task)
        .patchStateUpdater(PatchStateUpdaters.noinstrRace())
        .contextTracking(ContextTracking.SEQ_WORK)
        .defaultSync(SyncMode.RCU)
        .capabilities(
            Capability.POSTS_CT_WORK, Capability.SENDS_FAKE_SIGNALS, Capability.WAKES_IDLE_CPUS)
        .build();
  }
}
