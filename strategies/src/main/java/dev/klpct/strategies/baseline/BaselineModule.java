package dev.klpct.strategies.baseline;

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
 * Contributes {@code baseline}, upstream as of v5.13–v5.15 (kernel.md §4.1): a running task is
 * never switched remotely ({@code task_running(rq, task) && task != current} → {@code -EBUSY}); it
 * switches itself in {@code klp_update_patch_state()} on exit to user mode, which a CPU-bound
 * NOHZ_FULL task only reaches when {@code klp_send_signals()} pokes it with a fake signal (an IPI).
 */
@Module
public interface BaselineModule {
  String NAME = "baseline";

  @Provides
  @IntoMap
  @StringKey(NAME)
  static Strategy baseline() {
    return Strategy.builder(NAME)
        .description(
            "upstream v5.15: never switches a running task; fake signal (IPI) after"
                + " --signal-after failed retries")
        .taskSwitcher(TaskSwitchers.upstream())
        .patchStateUpdater(PatchStateUpdaters.upstream())
        .contextTracking(ContextTracking.STATE_2021)
        .defaultSync(SyncMode.SCHEDULE_ON_EACH_CPU)
        .capabilities(Capability.SENDS_FAKE_SIGNALS)
        .build();
  }
}
