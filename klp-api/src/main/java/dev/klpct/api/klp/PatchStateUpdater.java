package dev.klpct.api.klp;

import dev.klpct.api.Kernel;

/**
 * How a task's {@code patch_state} is updated at a switch point: {@code klp_update_patch_state} on
 * exit to user mode and in the idle loop, and, for strategies that post context-tracking work, what
 * {@code CT_WORK_KLP} does on the task's CPU at kernel entry. The kernel model calls it at the
 * task's switch points, and a {@link TaskSwitcher} through {@link
 * Livepatch#klp_update_patch_state}; the thread's own are in {@code
 * dev.klpct.strategies.kernel.PatchStateUpdaters}. Implementations must be stateless and
 * deterministic.
 */
public interface PatchStateUpdater {

  /**
   * {@code klp_update_patch_state(task)}: called by the task itself at a switch point, or remotely
   * by a {@link TaskSwitcher} (through {@link Livepatch#klp_update_patch_state}).
   */
  void klp_update_patch_state(Kernel k, Livepatch lp, Task task);

  /**
   * The {@code CT_WORK_KLP} work on {@code current}'s CPU, run from context tracking on kernel
   * entry before any instrumentable code. Default: nothing (strategies that never post it).
   */
  default void ct_work_klp(Kernel k, Livepatch lp, Task current) {}
}
