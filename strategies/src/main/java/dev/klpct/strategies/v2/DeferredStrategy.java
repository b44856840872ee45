package dev.klpct.strategies.v2;

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
 * RFC v2 09/11 "context_tracking,livepatch: Dont disturb NOHZ_FULL"
 * (20210929152429.067060646@infradead.org), domain §4.3: for a running task, post {@code
 * CT_WORK_KLP} with {@code context_tracking_set_cpu_work()} and, on success, clear {@code
 * TIF_PATCH_PENDING} now; the task's CPU assigns {@code patch_state} later, in {@code
 * __klp_update_patch_state()} run by {@code ct_exit_user_work()} on its next kernel entry. The
 * exit-path {@code klp_update_patch_state()} becomes test / assign / clear without barriers.
 */
final class DeferredStrategy {
  static final String NAME = "v2";

  private DeferredStrategy() {}

  private static final Site CLEAR =
      Site.of("klp_check_and_switch_task", "clear: clear_tsk_thread_flag(TIF_PATCH_PENDING)");
  private static final Site TEST =
      Site.of("klp_update_patch_state", "test_tsk_thread_flag(TIF_PATCH_PENDING)");
  private static final Site TARGET =
      Site.of("klp_update_patch_state", "READ_ONCE(klp_target_state)");
  private static final Site ASSIGN =
      Site.of("klp_update_patch_state", "task->patch_state = klp_target_state");
  private static final Site CLEAR_SELF =
      Site.of("klp_update_patch_state", "clear_tsk_thread_flag(TIF_PATCH_PENDING)");
  private static final Site PREEMPT =
      Site.of("klp_update_patch_state", "preempt_disable_notrace()");
  private static final Site PREEMPT_EN =
      Site.of("klp_update_patch_state", "preempt_enable_notrace()");
  private static final Site W_TARGET =
      Site.of("__klp_update_patch_state", "READ_ONCE(klp_target_state)");
  private static final Site W_ASSIGN =
      Site.of("__klp_update_patch_state", "current->patch_state = klp_target_state");

  static final class PostWorkThenClear implements TaskSwitcher {
    @Override
    public int klp_check_and_switch_task(
        Kernel k, Livepatch lp, PatchStateUpdater updater, Task t) {
      if (lp.task_curr(t)) {
        if (lp.contextTracking()
            .context_tracking_set_cpu_work(k, lp.task_cpu(t), Klp.CT_WORK_KLP)) {
          k.clear_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(t), CLEAR); // goto clear
          return 0;
        }
        return -Klp.EBUSY;
      }
      return StackCheckSwitch.assignThenClear(k, lp, t);
    }
  }

  static final class TestAssignClearUpdater implements PatchStateUpdater {
    @Override
    public void klp_update_patch_state(Kernel k, Livepatch lp, Task task) {
      lp.preempt_disable_notrace(k, PREEMPT);
      if (k.test_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(task), TEST)) {
        k.WRITE_ONCE(lp.patch_state(task), k.READ_ONCE(lp.klp_target_state(), TARGET), ASSIGN);
        k.clear_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(task), CLEAR_SELF);
      }
      lp.preempt_enable_notrace(k, PREEMPT_EN);
    }

    /** {@code __klp_update_patch_state(current)}: unconditional, no TIF check. */
    @Override
    public void ct_work_klp(Kernel k, Livepatch lp, Task current) {
      k.WRITE_ONCE(lp.patch_state(current), k.READ_ONCE(lp.klp_target_state(), W_TARGET), W_ASSIGN);
    }
  }

  static Strategy create() {
    return new SimpleStrategy(
        NAME,
        "RFC v2 09/11 (2021-09-29): post CT_WORK_KLP, clear TIF now, assign on next kernel"
            + " entry",
        new PostWorkThenClear(),
        new TestAssignClearUpdater(),
        ContextTracking.SEQ_WORK,
        SyncMode.RCU,
        ImmutableSet.of(
            Capability.SWITCHES_RUNNING_TASKS,
            Capability.POSTS_CT_WORK,
            Capability.SENDS_FAKE_SIGNALS,
            Capability.WAKES_IDLE_CPUS));
  }
}
