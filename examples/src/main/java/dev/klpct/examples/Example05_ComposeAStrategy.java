package dev.klpct.examples;

import dev.klpct.api.klp.Capability;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.strategies.kernel.PatchStateUpdaters;
import dev.klpct.strategies.kernel.TaskSwitchers;
import java.util.List;
import java.util.Locale;

/**
 * Example 05: compose a strategy from the thread's kernel code, without copying it.
 *
 * <p>{@code dev.klpct.strategies.kernel} publishes the kernel code of the October 2021 thread as
 * named building blocks: each proposal's {@code klp_check_and_switch_task()} in {@link
 * TaskSwitchers}, each {@code klp_update_patch_state()} in {@link PatchStateUpdaters}, with the
 * mails' reasons for each barrier beside it and the barriers as labelled sites. {@link
 * PatchStateUpdaters#withoutBarriers} takes barriers out of an updater as if its source had no such
 * line, and {@link Strategy#builder} bundles the parts.
 *
 * <p>The strategy is Peter Zijlstra's without the {@code smp_rmb()} his mail explains with "Order
 * loads of TIF_PATCH_PENDING vs klp_target_state" ([Z1]), checked in the default scenario under
 * sequential consistency, where a read barrier orders nothing and every safety contract holds (the
 * fake signal of the default {@code --signal-after 1} still reaches the isolated CPU), and under
 * the Linux-kernel memory model, where the task's CPU can see {@code TIF_PATCH_PENDING} set and
 * still read the {@code klp_target_state} from before {@code klp_init_transition()}: the contracts
 * {@code klpct ablate --strategy zijlstra} says Z1 protects. What lkmm does not violate it leaves
 * INCONCLUSIVE: the load-buffering guard (docs/memory-models.md).
 *
 * <p>Run it from the repository root (the first command builds once):
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests -pl examples -am
 * java -cp examples/target/classes:cli/target/klpct.jar dev.klpct.examples.Example05_ComposeAStrategy
 * </pre>
 *
 * <p>Output:
 *
 * <pre>{@code
 * strategy zijlstra.no-z1 --nohz-cpus 1 --sleeping-tasks 0 --episodes 1 --retries 2 --signal-after 1 --transitions 2 --sync rcu --test-and-clear 2021 --reverse-order v5.15
 * memory model sc:
 *   consistency            HOLDS
 *   handler-defined-state  HOLDS
 *   init-undefined         HOLDS
 *   complete-switched      HOLDS
 *   no-stale-write         HOLDS
 *   completes              HOLDS
 *   nohz-undisturbed       VIOLATED  53 steps
 *   reversal               HOLDS
 *   deadlock-free          HOLDS
 *   model-sound            HOLDS
 * memory model lkmm:
 *   consistency            INCONCLUSIVE
 *   handler-defined-state  VIOLATED  73 steps
 *   init-undefined         INCONCLUSIVE
 *   complete-switched      VIOLATED  66 steps
 *   no-stale-write         VIOLATED  56 steps
 *   completes              INCONCLUSIVE
 *   nohz-undisturbed       VIOLATED  61 steps
 *   reversal               INCONCLUSIVE
 *   deadlock-free          INCONCLUSIVE
 *   model-sound            HOLDS
 * }</pre>
 */
public final class Example05_ComposeAStrategy {
  private Example05_ComposeAStrategy() {}

  public static void main(String[] args) {
    Strategy noZ1 =
        Strategy.builder("zijlstra.no-z1")
            .description("zijlstra without the smp_rmb() [Z1] after the TIF_PATCH_PENDING test")
            .taskSwitcher(TaskSwitchers.postWorkAndRace())
            .patchStateUpdater(
                PatchStateUpdaters.withoutBarriers(
                    PatchStateUpdaters.noinstrRace(), PatchStateUpdaters.Z1))
            .contextTracking(ContextTracking.SEQ_WORK)
            .defaultSync(SyncMode.RCU)
            .capabilities(
                Capability.SWITCHES_RUNNING_TASKS,
                Capability.POSTS_CT_WORK,
                Capability.SENDS_FAKE_SIGNALS,
                Capability.WAKES_IDLE_CPUS)
            .build();
    KlpMachine machine = KlpMachine.of(noZ1, KlpConfig.defaults());

    System.out.println(machine.description());
    for (MemoryModel model : List.of(MemoryModel.SC, MemoryModel.LKMM)) {
      CheckReport report =
          new Checker(CheckOptions.defaults().withMemoryModel(model)).check(machine);
      System.out.println("memory model " + model.id() + ":");
      for (PropertyVerdict v : report.verdicts()) {
        String steps = v.counterexample().map(cx -> cx.length() + " steps").orElse("");
        System.out.println(
            String.format(Locale.ROOT, "  %-22s %-9s %s", v.property(), v.verdict(), steps)
                .stripTrailing());
      }
    }
  }
}
