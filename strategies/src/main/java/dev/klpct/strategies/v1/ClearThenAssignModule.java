package dev.klpct.strategies.v1;

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
 * Contributes {@code v1}, RFC v1 7/7 "livepatch,context_tracking: Avoid disturbing NOHZ_FULL tasks"
 * (20210922110836.304335737@infradead.org), kernel.md §4.2: in {@code klp_check_task()}, a task
 * current on a CPU whose context-tracking state is {@code CONTEXT_USER} is switched remotely with
 * the upstream clear-then-assign; {@code klp_update_patch_state()} stays upstream's.
 */
@Module
public interface ClearThenAssignModule {
  String NAME = "v1";

  @Provides
  @IntoMap
  @StringKey(NAME)
  static Strategy v1() {
    return Strategy.builder(NAME)
        .description(
            "RFC v1 7/7 (2021-09-22): observe CONTEXT_USER, then clear TIF and assign remotely")
        .taskSwitcher(TaskSwitchers.observeUserThenSwitch())
        .patchStateUpdater(PatchStateUpdaters.upstream())
        .contextTracking(ContextTracking.STATE_2021)
        .defaultSync(SyncMode.SCHEDULE_ON_EACH_CPU)
        .capabilities(
            Capability.SWITCHES_RUNNING_TASKS,
            Capability.SENDS_FAKE_SIGNALS,
            Capability.WAKES_IDLE_CPUS)
        .build();
  }
}
