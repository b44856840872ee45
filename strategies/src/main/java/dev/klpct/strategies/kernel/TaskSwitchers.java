package dev.klpct.strategies.kernel;

import static dev.klpct.api.klp.Klp.CT_WORK_KLP;
import static dev.klpct.api.klp.Klp.EBUSY;
import static dev.klpct.api.klp.Klp.TIF_PATCH_PENDING;

import dev.klpct.api.Kernel;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Livepatch;
import dev.klpct.api.klp.Task;
import dev.klpct.api.klp.TaskSwitcher;

/**
 * The transition CPU's {@code klp_check_and_switch_task()} of upstream and of each proposal of the
 * October 2021 thread: what it does with a task that is running, on a NOHZ_FULL CPU in user mode or
 * anywhere else. A task that is not running is switched by {@link StackCheckSwitch}, upstream's way
 * (clear, then assign) or RFC v2 09/11's (assign, then clear). Each is stateless and deterministic.
 */
public final class TaskSwitchers {
  private TaskSwitchers() {}

  private static final Site CHECK_TASK = Site.in("klp_check_task");
  private static final Site SWITCH_TASK = Site.in("klp_check_and_switch_task");

  /**
   * Upstream v5.13–v5.15 (baseline), {@code klp_try_switch_task()} under {@code task_rq_lock()}: a
   * running task is "is running", {@code -EBUSY}; it switches itself at its next exit to user mode,
   * which a CPU-bound NOHZ_FULL task reaches only when {@code klp_send_signals()} pokes it.
   */
  public static TaskSwitcher upstream() {
    return TaskSwitchers::upstream;
  }

  /**
   * RFC v1 7/7 (v1, 2021-09-22), {@code klp_check_task()}: a task running on a CPU whose
   * context-tracking state is {@code CONTEXT_USER} is switched remotely with upstream's clear, then
   * assign ("goto complete").
   */
  public static TaskSwitcher observeUserThenSwitch() {
    return TaskSwitchers::observeUserThenSwitch;
  }

  /**
   * RFC v2 09/11 (v2, 2021-09-29): post {@code CT_WORK_KLP} to a running task's CPU and, if that
   * succeeds, clear {@code TIF_PATCH_PENDING} now; the task's CPU assigns {@code patch_state} on
   * its next kernel entry ({@link PatchStateUpdaters#testAssignClear()}'s work).
   */
  public static TaskSwitcher postWorkThenClear() {
    return TaskSwitchers::postWorkThenClear;
  }

  /**
   * Petr Mladek (2021-10-06 10:12): if {@code is_ct_user(task)}, call {@code
   * klp_update_patch_state(task)} remotely.
   */
  public static TaskSwitcher isCtUserThenUpdate() {
    return TaskSwitchers::isCtUserThenUpdate;
  }

  /**
   * Peter Zijlstra (2021-10-06 11:04): post {@code CT_WORK_KLP} to a running task's CPU and, if
   * that succeeds, call {@code klp_update_patch_state(task)} as well: "CPU0 and CPU1 race to
   * complete klp_update_patch_state() *before* any regular (!noinstr) code gets run".
   */
  public static TaskSwitcher postWorkAndRace() {
    return TaskSwitchers::postWorkAndRace;
  }

  private static int upstream(Kernel k, Livepatch lp, Task t) {
    if (lp.task_curr(t)) {
      return -EBUSY; // "is running"
    }
    return StackCheckSwitch.clearThenAssign(k, lp, t);
  }

  /**
   * Modelled with the helper's intended semantics (RFC v1 6/7's {@code
   * context_tracking_state_cpu()}; the {@code bool} return and the missing {@code cpu} argument
   * found in review are not reproduced).
   */
  private static int observeUserThenSwitch(Kernel k, Livepatch lp, Task t) {
    if (lp.task_curr(t)) {
      if (lp.contextTracking().is_ct_user(k, lp.task_cpu(t))) {
        // "goto complete": the CPU "must issue an smp_mb() before doing much kernel space and as
        // such will observe the patched state"
        k.clear_bit(TIF_PATCH_PENDING, lp.thread_flags(t), CHECK_TASK);
        k.WRITE_ONCE(lp.patch_state(t), k.READ_ONCE(lp.klp_target_state(), CHECK_TASK), CHECK_TASK);
        return 0;
      }
      return -EBUSY;
    }
    return StackCheckSwitch.clearThenAssign(k, lp, t);
  }

  private static int postWorkThenClear(Kernel k, Livepatch lp, Task t) {
    if (lp.task_curr(t)) {
      if (lp.contextTracking().context_tracking_set_cpu_work(k, lp.task_cpu(t), CT_WORK_KLP)) {
        k.clear_bit(TIF_PATCH_PENDING, lp.thread_flags(t), SWITCH_TASK); // goto clear
        return 0;
      }
      return -EBUSY;
    }
    return StackCheckSwitch.assignThenClear(k, lp, t);
  }

  private static int isCtUserThenUpdate(Kernel k, Livepatch lp, Task t) {
    if (lp.task_curr(t)) {
      if (lp.contextTracking().is_ct_user(k, lp.task_cpu(t))) {
        lp.klp_update_patch_state(k, t);
        return 0;
      }
      return -EBUSY;
    }
    return StackCheckSwitch.assignThenClear(k, lp, t);
  }

  private static int postWorkAndRace(Kernel k, Livepatch lp, Task t) {
    if (lp.task_curr(t)) {
      if (lp.contextTracking().context_tracking_set_cpu_work(k, lp.task_cpu(t), CT_WORK_KLP)) {
        lp.klp_update_patch_state(k, t); // CPU0 races the task's CPU
        return 0;
      }
      return -EBUSY;
    }
    return StackCheckSwitch.assignThenClear(k, lp, t);
  }
}
