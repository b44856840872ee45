package dev.klpct.strategies.mladek;

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
 * Contributes {@code mladek}, Petr Mladek's proposal of 2021-10-06 10:12 ({@code
 * YV1aYaHEynjSAUuI@alley}), kernel.md §4.4: if {@code is_ct_user(task)} (the 07/11 seq shows USER
 * and no NMI), call {@code klp_update_patch_state(task)} remotely; {@code klp_update_patch_state()}
 * is the v2 test / assign / clear with the {@code smp_rmb()} she asked for. No context-tracking
 * work: the task switches itself only on exit to user mode.
 */
@Module
public interface IsCtUserModule {
  String NAME = "mladek";

  @Provides
  @IntoMap
  @StringKey(NAME)
  static Strategy mladek() {
    return Strategy.builder(NAME)
        .description(
            "Mladek 2021-10-06 10:12: if is_ct_user(task), klp_update_patch_state(task) remotely")
        .taskSwitcher(TaskSwitchers.isCtUserThenUpdate())
        .patchStateUpdater(PatchStateUpdaters.testRmbAssignClear())
        .contextTracking(ContextTracking.SEQ_WORK)
        .defaultSync(SyncMode.RCU)
        .capabilities(
            Capability.SWITCHES_RUNNING_TASKS,
            Capability.SENDS_FAKE_SIGNALS,
            Capability.WAKES_IDLE_CPUS)
        .build();
  }
}
