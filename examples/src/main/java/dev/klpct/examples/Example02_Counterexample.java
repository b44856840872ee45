package dev.klpct.examples;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.trace.TraceRenderer;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.strategies.StrategyComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Example 02: print a counterexample as CPU columns.
 *
 * <p>A VIOLATED verdict carries a {@link Counterexample}: the schedule (which CPU moved at each
 * step, replayable) and the events it produced, one primitive per line, each under the kernel
 * function it belongs to. {@link TraceRenderer} draws them the way kernel developers draw races in
 * their mails: one column per CPU, time flowing down, then the contract broken and why.
 *
 * <p>This is Peter Zijlstra's "WHOOPSIE" against Mladek's {@code is_ct_user()} (Example 01): CPU0
 * sees CPU1 in user mode (step 11) and starts {@code klp_update_patch_state(T1)} remotely (12, 13);
 * meanwhile T1 enters the kernel and calls {@code f} with the old state (14 to 18); then CPU0's
 * write lands (19) and T1 calls {@code g} with the new one (20 to 22). Two patch versions on one
 * call chain. The checker finds the shortest such schedule: breadth-first over every interleaving.
 *
 * <p>Run it from the repository root (the first command builds once):
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests -pl examples -am
 * java -cp examples/target/classes:cli/target/klpct.jar dev.klpct.examples.Example02_Counterexample
 * </pre>
 *
 * <p>Output:
 *
 * <pre>{@code
 * 22 steps, shortest
 *
 *       CPU0 (klp transition)                                         CPU1 (T1, NOHZ_FULL)
 *       ---------------------                                         --------------------
 *    1  klp_init_transition()
 *         WRITE_ONCE(klp_target_state, 1)
 *    2    READ_ONCE(T1->patch_state) = -1
 *    3    WRITE_ONCE(T1->patch_state, 0)
 *         smp_wmb()
 *    4    WRITE_ONCE(p1.f->transition, 1)
 *    5    WRITE_ONCE(p1.g->transition, 1)
 *       __klp_enable_patch()
 *         smp_wmb()
 *    6  klp_patch_func()
 *         smp_store_release(f.ops->func_stack, 2)
 *    7    smp_store_release(g.ops->func_stack, 2)
 *       klp_start_transition()
 *         smp_mb()
 *    8    READ_ONCE(T1->patch_state) = 0
 *    9    set_bit(0, T1->flags): 0 -> 1
 *   10  klp_try_switch_task()
 *         READ_ONCE(T1->patch_state) = 0
 *   11  is_ct_user()
 *         atomic_read(ct[1].seq) = 4
 *   12  klp_update_patch_state()
 *         test_bit(0, T1->flags) = 1
 *         smp_rmb()
 *   13    READ_ONCE(klp_target_state) = 1
 *   14                                                                user mode()
 *                                                                       choose alternative 0 of 3
 *                                                                     # T1 enters the kernel (syscall)
 *   15                                                                ct_user_exit()
 *                                                                       atomic_add_return(4, ct[1].seq) = 8
 *   16                                                                klp_ftrace_handler()
 *                                                                       READ_ONCE(f.ops->func_stack) = 2
 *                                                                       smp_rmb()
 *   17                                                                  READ_ONCE(p1.f->transition) = 1
 *                                                                       smp_rmb()
 *   18                                                                  READ_ONCE(T1->patch_state) = 0
 *                                                                     # T1 runs f of the original (patch_state KLP_UNPATCHED)
 *   19    WRITE_ONCE(T1->patch_state, 1)
 *   20                                                                klp_ftrace_handler()
 *                                                                       READ_ONCE(g.ops->func_stack) = 2
 *                                                                       smp_rmb()
 *   21                                                                  READ_ONCE(p1.g->transition) = 1
 *                                                                       smp_rmb()
 *   22                                                                  READ_ONCE(T1->patch_state) = 1
 *                                                                     # T1 runs g of patch 1 (patch_state KLP_PATCHED)
 *                                                                     !! consistency: T1 runs g of patch 1 while f of the original
 *                                                                         is still on its stack: two patch versions on one call
 *                                                                         chain
 *
 *   consistency: T1 runs g of patch 1 while f of the original is still on its stack: two patch versions on one call chain
 * }</pre>
 */
public final class Example02_Counterexample {
  private Example02_Counterexample() {}

  public static void main(String[] args) {
    KlpMachine machine =
        KlpMachine.of(StrategyComponent.builtIn().get("mladek"), KlpConfig.defaults());
    CheckReport report = new Checker(CheckOptions.defaults()).check(machine);
    Counterexample cx = report.verdict("consistency").orElseThrow().counterexample().orElseThrow();

    List<String> columns = new ArrayList<>();
    for (int cpu = 0; cpu < machine.cpus(); cpu++) {
      columns.add(machine.program(cpu).name());
    }
    System.out.printf(
        Locale.ROOT,
        "%d steps, %s%n%n",
        cx.length(),
        cx.shortest() ? "shortest" : "not proven shortest");
    System.out.print(TraceRenderer.render(cx.events(), columns, cx.why()));
  }
}
