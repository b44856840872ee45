package dev.klpct.strategies.v1;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Kernel;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Capability;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Livepatch;
import dev.klpct.api.klp.PatchStateUpdater;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.api.klp.Task;
import dev.klpct.api.klp.TaskSwitcher;
import dev.klpct.strategies.common.SimpleStrategy;
import dev.klpct.strategies.common.StackCheckSwitch;
import dev.klpct.strategies.common.UpstreamPatchStateUpdater;

/**
 * RFC v1 7/7 "livepatch,context_tracking: Avoid disturbing NOHZ_FULL tasks"
 * (20210922110836.304335737@infradead.org), domain §4.2: in {@code klp_check_task()}, a task
 * current on a CPU whose context-tracking state is {@code CONTEXT_USER} is switched remotely with
 * the upstream clear-then-assign. Modelled with the helper's intended semantics (the {@code bool}
 * return and missing {@code cpu} argument found in review are not reproduced).
 */
final class ClearThenAssignStrategy {
  static final String NAME = "v1";

  private ClearThenAssignStrategy() {}

  private static final Site CLEAR =
      Site.of("klp_check_task", "clear_tsk_thread_flag(TIF_PATCH_PENDING)");
  private static final Site TARGET = Site.of("klp_check_task", "READ klp_target_state");
  private static final Site ASSIGN =
      Site.of("klp_check_task", "task->patch_state = klp_target_state");

  static final class ObserveUserThenSwitch implements TaskSwitcher {
    @Override
    public int klp_check_and_switch_task(
        Kernel k, Livepatch lp, PatchStateUpdater updater, Task t) {
      if (lp.task_curr(t)) {
        if (lp.contextTracking().is_ct_user(k, lp.task_cpu(t))) {
          // "goto complete": the CPU "must issue an smp_mb() before doing much kernel space"
          k.clear_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(t), CLEAR);
          k.WRITE_ONCE(lp.patch_state(t), k.READ_ONCE(lp.klp_target_state(), TARGET), ASSIGN);
          return 0;
        }
        return -Klp.EBUSY;
      }
      return StackCheckSwitch.clearThenAssign(k, lp, t);
    }
  }

  static Strategy create() {
    return new SimpleStrategy(
        NAME,
        "RFC v1 7/7 (2021-09-22): observe CONTEXT_USER, then clear TIF and assign remotely",
        new ObserveUserThenSwitch(),
        new UpstreamPatchStateUpdater(),
        ContextTracking.STATE_2021,
        SyncMode.SCHEDULE_ON_EACH_CPU,
        ImmutableSet.of(
            Capability.SWITCHES_RUNNING_TASKS,
            Capability.SENDS_FAKE_SIGNALS,
            Capability.WAKES_IDLE_CPUS));
  }
}
