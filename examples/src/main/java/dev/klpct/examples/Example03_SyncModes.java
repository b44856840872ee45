package dev.klpct.examples;

import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.strategies.StrategyComponent;
import java.util.Locale;
import java.util.Optional;

/**
 * Example 03: one strategy, several kernels.
 *
 * <p>A scenario is a value ({@link KlpConfig}) with one {@code with...} method per dimension of the
 * model, each the same as a {@code klpct} option. Checking one strategy in several of them asks
 * which kernel it is correct for. Here: Zijlstra's race-to-complete under the three implementations
 * of {@code klp_synchronize_transition()} the thread discussed.
 *
 * <p>{@code schedule-on-each-cpu} (upstream) is correct but interrupts the NOHZ_FULL CPU, the
 * disturbance the series removes. {@code rcu} ({@code synchronize_rcu()} with RFC v2 08/11, where
 * RCU watches a CPU from the context-tracking seq increment) keeps every contract. With 07/11 alone
 * ({@code rcu-eqs-work}), the work runs on kernel entry before {@code rcu_user_exit()}, while RCU
 * does not watch the CPU, so the grace period does not wait for it: a stale {@code patch_state}
 * write escapes into the next transition.
 *
 * <p>Run it from the repository root (the first command builds once):
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests -pl examples -am
 * java -cp examples/target/classes:cli/target/klpct.jar dev.klpct.examples.Example03_SyncModes
 * </pre>
 *
 * <p>Output:
 *
 * <pre>{@code
 * --sync schedule-on-each-cpu: VIOLATED
 *   nohz-undisturbed in 32 steps
 *     nohz-undisturbed: klp_synchronize_transition(): schedule_on_each_cpu() queues work on NOHZ_FULL CPU1 while its task runs in user mode
 * --sync rcu: VIOLATED
 *   nohz-undisturbed in 53 steps
 *     nohz-undisturbed: klp_send_signals(): fake signal to T1, kick_process() sends a reschedule IPI to NOHZ_FULL CPU1 while its task runs in user mode
 * --sync rcu-eqs-work: VIOLATED
 *   consistency in 65 steps
 *     consistency: T1 runs g of patch 1 while f of patch 2 is still on its stack: two patch versions on one call chain
 *   handler-defined-state in 63 steps
 *     handler-defined-state: T1 called f while p2.f->transition is set and its patch_state is KLP_UNDEFINED (WARN_ON_ONCE in klp_ftrace_handler); runs patch 2
 *   init-undefined in 52 steps
 *     init-undefined: klp_init_transition() finds T1->patch_state = KLP_PATCHED instead of KLP_UNDEFINED (WARN_ON_ONCE)
 *   complete-switched in 63 steps
 *     complete-switched: klp_complete_transition() finds TIF_PATCH_PENDING still set on T1 (WARN_ON_ONCE)
 *   no-stale-write in 47 steps
 *     no-stale-write: klp_update_patch_state wrote KLP_PATCHED to T1->patch_state (was KLP_PATCHED) while transition 1 is resetting with klp_target_state KLP_PATCHED
 *   nohz-undisturbed in 59 steps
 *     nohz-undisturbed: klp_send_signals(): fake signal to T1, kick_process() sends a reschedule IPI to NOHZ_FULL CPU1 while its task runs in user mode
 * }</pre>
 */
public final class Example03_SyncModes {
  private Example03_SyncModes() {}

  public static void main(String[] args) {
    Strategy zijlstra = StrategyComponent.builtIn().get("zijlstra");
    Checker checker = new Checker(CheckOptions.defaults());
    for (SyncMode sync : SyncMode.values()) {
      KlpConfig scenario = KlpConfig.defaults().withSync(Optional.of(sync));
      CheckReport report = checker.check(KlpMachine.of(zijlstra, scenario));
      System.out.printf(Locale.ROOT, "--sync %s: %s%n", sync.cliName(), report.overall());
      for (PropertyVerdict v : report.verdicts()) {
        if (v.verdict() != Verdict.HOLDS) {
          System.out.printf(
              Locale.ROOT,
              "  %s in %d steps%n    %s%n",
              v.property(),
              v.counterexample().orElseThrow().length(),
              v.counterexample().orElseThrow().why());
        }
      }
    }
  }
}
