package dev.klpct.strategies.common;

import dev.klpct.api.Kernel;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Livepatch;
import dev.klpct.api.klp.Task;

/**
 * The switch of a task that is not running, common to every strategy: {@code klp_check_stack()} and
 * then the assignment of {@code klp_target_state}. Upstream clears TIF first and then assigns
 * ({@link #clearThenAssign}); RFC v2 09/11 and the proposals built on it assign first ({@link
 * #assignThenClear}). For a task pinned off-CPU by {@code task_call_func()} the order is not
 * observable ("ordering is not important", Mladek).
 */
public final class StackCheckSwitch {
  private StackCheckSwitch() {}

  private static final Site CLEAR_FIRST =
      Site.of("klp_check_and_switch_task", "clear_tsk_thread_flag(TIF_PATCH_PENDING)");
  private static final Site TARGET = Site.of("klp_check_and_switch_task", "READ klp_target_state");
  private static final Site ASSIGN =
      Site.of("klp_check_and_switch_task", "task->patch_state = klp_target_state");

  /** v5.15 / v5.16 {@code klp_check_and_switch_task()} stack path. */
  public static int clearThenAssign(Kernel k, Livepatch lp, Task t) {
    int ret = lp.klp_check_stack(k, t);
    if (ret != 0) {
      return ret;
    }
    k.clear_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(t), CLEAR_FIRST);
    k.WRITE_ONCE(lp.patch_state(t), k.READ_ONCE(lp.klp_target_state(), TARGET), ASSIGN);
    return 0;
  }

  /** RFC v2 09/11 stack path: assign, then clear. */
  public static int assignThenClear(Kernel k, Livepatch lp, Task t) {
    int ret = lp.klp_check_stack(k, t);
    if (ret != 0) {
      return ret;
    }
    k.WRITE_ONCE(lp.patch_state(t), k.READ_ONCE(lp.klp_target_state(), TARGET), ASSIGN);
    k.clear_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(t), CLEAR_FIRST);
    return 0;
  }
}
