package dev.klpct.strategies.zijlstra;

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
 * Contributes {@code zijlstra}, Peter Zijlstra's reply of 2021-10-06 11:04 ({@code
 * YV1mmv5QbB/vf3/O@hirez.programming.kicks-ass.net}), kernel.md §4.5: post {@code CT_WORK_KLP}; on
 * success CPU0 calls {@code klp_update_patch_state(T)} while T's CPU, on its next kernel entry,
 * runs the same function from the work before any instrumentable code: "CPU0 and CPU1 race to
 * complete klp_update_patch_state()". The noinstr {@code klp_update_patch_state()}: {@code
 * arch_test_bit}; then {@code smp_rmb()}, assign, {@code smp_mb__before_atomic()}, {@code
 * arch_clear_bit()}; else {@code smp_rmb()}.
 */
@Module
public interface RaceToCompleteModule {
  String NAME = "zijlstra";

  @Provides
  @IntoMap
  @StringKey(NAME)
  static Strategy zijlstra() {
    return Strategy.builder(NAME)
        .description(
            "Zijlstra 2021-10-06 11:04: post CT_WORK_KLP; CPU0 and the task's CPU race to complete"
                + " klp_update_patch_state() before instrumentable code")
        .taskSwitcher(TaskSwitchers.postWorkAndRace())
        .patchStateUpdater(PatchStateUpdaters.noinstrRace())
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
