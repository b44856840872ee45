package dev.klpct.strategies.v2;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.klpct.api.klp.Capability;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.strategies.kernel.PatchStateUpdaters;
import dev.klpct.strategies.kernel.TaskSwitchers;

/**
 * Contributes {@code v2}, RFC v2 09/11 "context_tracking,livepatch: Dont disturb NOHZ_FULL"
 * (20210929152429.067060646@infradead.org), kernel.md §4.3: for a running task, post {@code
 * CT_WORK_KLP} with {@code context_tracking_set_cpu_work()} and, on success, clear {@code
 * TIF_PATCH_PENDING} now; the task's CPU assigns {@code patch_state} later, in {@code
 * __klp_update_patch_state()} run by {@code ct_exit_user_work()} on its next kernel entry. The
 * exit-path {@code klp_update_patch_state()} becomes test / assign / clear without barriers.
 */
@Module
public interface DeferredModule {
  String NAME = "v2";

  @Provides
  @IntoMap
  @StringKey(NAME)
  static Strategy v2() {
    return Strategy.builder(NAME)
        .description(
            "RFC v2 09/11 (2021-09-29): post CT_WORK_KLP, clear TIF now, assign on next kernel"
                + " entry")
        .taskSwitcher(TaskSwitchers.postWorkThenClear())
        .patchStateUpdater(PatchStateUpdaters.testAssignClear())
        .contextTracking(ContextTracking.SEQ_WORK)
        .defaultSync(SyncMode.RCU)
        .capabilities(
            Capability.SWITCHES_RUNNING_TASKS,
            Capability.POSTS_CT_WORK,
            Capability.SENDS_FAKE_SIGNALS,
            Capability.WAKES_IDLE_CPUS)
        .build();
  }
}
