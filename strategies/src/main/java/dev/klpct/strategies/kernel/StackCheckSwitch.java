package dev.klpct.strategies.kernel;

import static dev.klpct.api.klp.Klp.TIF_PATCH_PENDING;

import dev.klpct.api.Kernel;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Livepatch;
import dev.klpct.api.klp.Task;

/**
 * The switch of a task that is not running, common to every strategy: {@code klp_check_stack()} and
 * then the assignment of {@code klp_target_state}. Upstream clears {@code TIF_PATCH_PENDING} first
 * and then assigns ({@link #clearThenAssign}); RFC v2 09/11 and the proposals built on it assign
 * first ({@link #assignThenClear}). For a task pinned off-CPU by {@code task_call_func()} the order
 * is not observable ("ordering is not important", Mladek). Stateless.
 */
public final class StackCheckSwitch {
  private StackCheckSwitch() {}

  private static final Site SITE = Site.in("klp_check_and_switch_task");

  /**
   * The stack path of {@code klp_check_and_switch_task()} in v5.15 / v5.16: returns 0, or the
   * failed stack check's errno.
   */
  public static int clearThenAssign(Kernel k, Livepatch lp, Task t) {
    int ret = lp.klp_check_stack(k, t);
    if (ret != 0) {
      return ret;
    }
    k.clear_bit(TIF_PATCH_PENDING, lp.thread_flags(t), SITE);
    k.WRITE_ONCE(lp.patch_state(t), k.READ_ONCE(lp.klp_target_state(), SITE), SITE);
    return 0;
  }

  /** The stack path of RFC v2 09/11: assign, then clear. */
  public static int assignThenClear(Kernel k, Livepatch lp, Task t) {
    int ret = lp.klp_check_stack(k, t);
    if (ret != 0) {
      return ret;
    }
    k.WRITE_ONCE(lp.patch_state(t), k.READ_ONCE(lp.klp_target_state(), SITE), SITE);
    k.clear_bit(TIF_PATCH_PENDING, lp.thread_flags(t), SITE);
    return 0;
  }
}
