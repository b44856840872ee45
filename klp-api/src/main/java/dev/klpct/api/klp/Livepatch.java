package dev.klpct.api.klp;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import org.jspecify.annotations.Nullable;

/**
 * The livepatch kernel state and services a strategy works with: the locations of {@code
 * klp_target_state} and of each task's {@code patch_state} and thread flags, the context tracker,
 * the stack check, preemption, and the strategy's own {@code klp_update_patch_state()}. Implemented
 * by the kernel model ({@code klp-core}); strategies receive it, never build it.
 */
public interface Livepatch {

  /** {@code klp_target_state}. */
  Loc klp_target_state();

  /** {@code t->patch_state}. */
  Loc patch_state(Task t);

  /** {@code task_thread_info(t)->flags}: holds {@link Klp#TIF_PATCH_PENDING} and friends. */
  Loc thread_flags(Task t);

  ImmutableList<Task> tasks();

  /**
   * The task running on the executing CPU ({@code current}). On the transition CPU it is the
   * kworker running the transition when the scenario models it ({@code --kworker}), else {@code
   * null}.
   */
  @Nullable Task current(Kernel k);

  /**
   * {@code t == current}: whether {@code t} is the task running the calling code. The model's
   * {@code klp_try_switch_task()} applies v5.15's {@code task != current} clause itself (a switcher
   * is handed {@code current} as not running, unless the scenario models RFC v2 03/11 as first
   * posted); this lets a strategy ask directly.
   */
  default boolean is_current(Kernel k, Task t) {
    Task c = current(k);
    return c != null && c.id() == t.id();
  }

  /** {@code task_curr(t)}: whether {@code t} is running (stable while pinned by task_call_func). */
  default boolean task_curr(Task t) {
    return t.running();
  }

  /** {@code task_cpu(t)}. */
  default int task_cpu(Task t) {
    return t.cpu();
  }

  /** The context tracker of this kernel (2021 per-CPU state or the RFC v2 07/11 seq/work). */
  ContextTracker contextTracking();

  /**
   * {@code klp_update_patch_state(task)}: the strategy's {@link PatchStateUpdater}, as a {@link
   * TaskSwitcher} calls it to switch a running task remotely. Never call it from a {@code
   * PatchStateUpdater}: it is that updater.
   */
  void klp_update_patch_state(Kernel k, Task task);

  /**
   * {@code klp_check_stack(t)} for a task that is not running: 0 when no function to be replaced is
   * on its stack, {@code -EADDRINUSE} otherwise.
   */
  int klp_check_stack(Kernel k, Task t);

  /** {@code preempt_disable_notrace()}: starts an RCU-sched read-side section if RCU watches. */
  void preempt_disable_notrace(Kernel k, Site site);

  /** {@code preempt_enable_notrace()}. */
  void preempt_enable_notrace(Kernel k, Site site);
}
