package ${package};

import dev.klpct.api.klp.Capability;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.strategies.kernel.PatchStateUpdaters;
import dev.klpct.strategies.kernel.TaskSwitchers;

/**
 * The strategy {@code ${strategyName}}: for a start, Zijlstra's (2021-10-06 11:04) made of the
 * thread's kernel code. CPU0 posts {@code CT_WORK_KLP} to the NOHZ_FULL CPU of a task running in
 * user mode and races it, calling {@code klp_update_patch_state()} itself; the task's CPU runs the
 * same function from the work on its next kernel entry.
 *
 * <p>Make it yours. To see the contract suite catch a bug, take a barrier out of the updater:
 *
 * <pre>{@code
 * .patchStateUpdater(
 *     PatchStateUpdaters.withoutBarriers(PatchStateUpdaters.noinstrRace(), PatchStateUpdaters.Z2))
 * }</pre>
 *
 * <p>and run {@code mvn verify}: under {@code lkmm} the suite fails and draws the counterexample.
 */
final class MyStrategy {
  static final String NAME = "${strategyName}";

  private MyStrategy() {}

  static Strategy create() {
    return Strategy.builder(NAME)
        .description("Zijlstra's ct_work race, to make my own")
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
