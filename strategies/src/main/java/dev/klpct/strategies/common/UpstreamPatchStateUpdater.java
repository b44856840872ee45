package dev.klpct.strategies.common;

import dev.klpct.api.Kernel;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Livepatch;
import dev.klpct.api.klp.PatchStateUpdater;
import dev.klpct.api.klp.Task;

/**
 * {@code klp_update_patch_state()} as in v5.15 (and still upstream): {@code if
 * (test_and_clear_tsk_thread_flag(task, TIF_PATCH_PENDING)) task->patch_state =
 * READ_ONCE(klp_target_state);} inside {@code preempt_disable_notrace()}. The value-returning RMW
 * is the read barrier the in-source comment relies on. Stateless.
 */
public final class UpstreamPatchStateUpdater implements PatchStateUpdater {
  private static final Site PREEMPT =
      Site.of("klp_update_patch_state", "preempt_disable_notrace()");
  private static final Site TEST_AND_CLEAR =
      Site.of("klp_update_patch_state", "test_and_clear_tsk_thread_flag(TIF_PATCH_PENDING)");
  private static final Site TARGET =
      Site.of("klp_update_patch_state", "READ_ONCE(klp_target_state)");
  private static final Site ASSIGN =
      Site.of("klp_update_patch_state", "task->patch_state = klp_target_state");
  private static final Site PREEMPT_EN =
      Site.of("klp_update_patch_state", "preempt_enable_notrace()");

  @Override
  public void klp_update_patch_state(Kernel k, Livepatch lp, Task task) {
    lp.preempt_disable_notrace(k, PREEMPT);
    if (k.test_and_clear_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(task), TEST_AND_CLEAR)) {
      k.WRITE_ONCE(lp.patch_state(task), k.READ_ONCE(lp.klp_target_state(), TARGET), ASSIGN);
    }
    lp.preempt_enable_notrace(k, PREEMPT_EN);
  }
}
