package dev.klpct.strategies.mladek;

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

/**
 * Petr Mladek, 2021-10-06 10:12 ({@code YV1aYaHEynjSAUuI@alley}), domain §4.4: if {@code
 * is_ct_user(task)} (the 07/11 seq shows USER and no NMI), call {@code
 * klp_update_patch_state(task)} remotely; {@code klp_update_patch_state()} is the v2 test / assign
 * / clear with the {@code smp_rmb()} she asked for. No context-tracking work: the task switches
 * itself only on exit to user mode.
 */
final class IsCtUserStrategy {
  static final String NAME = "mladek";

  private IsCtUserStrategy() {}

  private static final Site PREEMPT =
      Site.of("klp_update_patch_state", "preempt_disable_notrace()");
  private static final Site TEST =
      Site.of("klp_update_patch_state", "test_tsk_thread_flag(TIF_PATCH_PENDING)");
  private static final Site RMB = Site.of("klp_update_patch_state", "smp_rmb()");
  private static final Site TARGET =
      Site.of("klp_update_patch_state", "READ_ONCE(klp_target_state)");
  private static final Site ASSIGN =
      Site.of("klp_update_patch_state", "task->patch_state = klp_target_state");
  private static final Site CLEAR =
      Site.of("klp_update_patch_state", "clear_tsk_thread_flag(TIF_PATCH_PENDING)");
  private static final Site PREEMPT_EN =
      Site.of("klp_update_patch_state", "preempt_enable_notrace()");

  static final class IsCtUserSwitcher implements TaskSwitcher {
    @Override
    public int klp_check_and_switch_task(
        Kernel k, Livepatch lp, PatchStateUpdater updater, Task t) {
      if (lp.task_curr(t)) {
        if (lp.contextTracking().is_ct_user(k, lp.task_cpu(t))) {
          updater.klp_update_patch_state(k, lp, t);
          return 0;
        }
        return -Klp.EBUSY;
      }
      return StackCheckSwitch.assignThenClear(k, lp, t);
    }
  }

  static final class TestRmbAssignClearUpdater implements PatchStateUpdater {
    @Override
    public void klp_update_patch_state(Kernel k, Livepatch lp, Task task) {
      lp.preempt_disable_notrace(k, PREEMPT);
      if (k.test_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(task), TEST)) {
        k.smp_rmb(RMB);
        k.WRITE_ONCE(lp.patch_state(task), k.READ_ONCE(lp.klp_target_state(), TARGET), ASSIGN);
        k.clear_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(task), CLEAR);
      }
      lp.preempt_enable_notrace(k, PREEMPT_EN);
    }
  }

  static Strategy create() {
    return new SimpleStrategy(
        NAME,
        "Mladek 2021-10-06 10:12: if is_ct_user(task), klp_update_patch_state(task) remotely",
        new IsCtUserSwitcher(),
        new TestRmbAssignClearUpdater(),
        ContextTracking.SEQ_WORK,
        SyncMode.RCU,
        ImmutableSet.of(
            Capability.SWITCHES_RUNNING_TASKS,
            Capability.SENDS_FAKE_SIGNALS,
            Capability.WAKES_IDLE_CPUS));
  }
}
