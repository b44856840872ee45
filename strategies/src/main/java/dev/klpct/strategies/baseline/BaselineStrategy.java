package dev.klpct.strategies.baseline;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Kernel;
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
 * Upstream as of v5.13–v5.15 (domain §4.1): a running task is never switched remotely ({@code
 * task_running(rq, task) && task != current} → {@code -EBUSY}); it switches itself in {@code
 * klp_update_patch_state()} on exit to user mode, which a CPU-bound NOHZ_FULL task only reaches
 * when {@code klp_send_signals()} pokes it with a fake signal (an IPI).
 */
final class BaselineStrategy {
  static final String NAME = "baseline";

  private BaselineStrategy() {}

  /** Upstream {@code klp_try_switch_task()} body under {@code task_rq_lock()}. */
  static final class RunningTasksBusySwitcher implements TaskSwitcher {
    @Override
    public int klp_check_and_switch_task(
        Kernel k, Livepatch lp, PatchStateUpdater updater, Task t) {
      if (lp.task_curr(t)) {
        return -Klp.EBUSY; // "is running"
      }
      return StackCheckSwitch.clearThenAssign(k, lp, t);
    }
  }

  static Strategy create() {
    return new SimpleStrategy(
        NAME,
        "upstream v5.15: never switches a running task; fake signal (IPI) after"
            + " --signal-after failed retries",
        new RunningTasksBusySwitcher(),
        new UpstreamPatchStateUpdater(),
        ContextTracking.STATE_2021,
        SyncMode.SCHEDULE_ON_EACH_CPU,
        ImmutableSet.of(Capability.SENDS_FAKE_SIGNALS));
  }
}
