package dev.klpct.api.klp;

import dev.klpct.api.Kernel;

/**
 * The transition CPU's attempt to switch one task: {@code klp_check_and_switch_task(t)} as called
 * under {@code task_call_func(t, ...)} from {@code klp_try_switch_task()} once the task's {@code
 * patch_state} differs from {@code klp_target_state}.
 *
 * <p>Runs on the transition CPU with {@code t} pinned: a running task keeps running (it can enter
 * and leave the kernel) but cannot be descheduled or migrated (kernel.md §2.4). A switcher that
 * switches a running task remotely calls {@link Livepatch#klp_update_patch_state}, as the kernel's
 * calls {@code klp_update_patch_state(task)}. Implementations must be stateless and deterministic.
 */
@FunctionalInterface
public interface TaskSwitcher {

  /**
   * Tries to switch {@code t}; returns 0 when the task counts as switched, or a negative errno
   * ({@code -EBUSY} running, {@code -EADDRINUSE} patched function on the stack).
   */
  int klp_check_and_switch_task(Kernel k, Livepatch lp, Task t);
}
