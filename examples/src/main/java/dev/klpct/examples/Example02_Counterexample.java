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
 * 40 steps, shortest
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
 *       text_poke_bp_batch()
 *         smp_mb()
 *       text_poke_sync()
 *         smp_mb__before_atomic()
 *    7    atomic_or(4, cpu1.pending_ipi): 0 -> 4
 *       # register_ftrace_function(f): text_poke_bp_batch() sends 3
 *           sync IPIs to every other CPU (modelled as one, counted
 *           as 3)
 *    8                                                                user mode()
 *                                                                       choose alternative 2 of 3
 *                                                                     # T1 enters the kernel (interrupt)
 *    9                                                                ct_user_exit()
 *                                                                       atomic_add_return(4, ct[1].seq) = 8
 *   10                                                                exit_to_user_mode_loop()
 *                                                                       smp_load_acquire(cpu1.pending_ipi) = 4
 *                                                                     schedule()
 *                                                                       smp_mb__before_atomic()
 *   11                                                                  atomic_andnot(4, cpu1.pending_ipi): 4 -> 0
 *   12  text_poke_sync()
 *         wait until (cpu1.pending_ipi & 4) == 0 (cpu1.pending_ipi =
 *           0)
 *       text_poke_bp_batch()
 *         smp_mb()
 *   13  klp_patch_func()
 *         smp_store_release(g.ops->func_stack, 2)
 *       text_poke_bp_batch()
 *         smp_mb()
 *       text_poke_sync()
 *         smp_mb__before_atomic()
 *   14    atomic_or(8, cpu1.pending_ipi): 0 -> 8
 *       # register_ftrace_function(g): text_poke_bp_batch() sends 3
 *           sync IPIs to every other CPU (modelled as one, counted
 *           as 3)
 *   15                                                                exit_to_user_mode_loop()
 *                                                                       READ_ONCE(T1->flags) = 0
 *   16                                                                ct_user_enter()
 *                                                                       atomic_set(ct[1].work, 0)
 *   17                                                                  atomic_add_return(4, ct[1].seq) = 0xc
 *                                                                     # T1 is back in user mode
 *   18                                                                user mode()
 *                                                                       choose alternative 2 of 3
 *                                                                     # T1 enters the kernel (interrupt)
 *   19                                                                ct_user_exit()
 *                                                                       atomic_add_return(4, ct[1].seq) = 0x10
 *   20                                                                exit_to_user_mode_loop()
 *                                                                       smp_load_acquire(cpu1.pending_ipi) = 8
 *                                                                     schedule()
 *                                                                       smp_mb__before_atomic()
 *   21                                                                  atomic_andnot(8, cpu1.pending_ipi): 8 -> 0
 *   22  text_poke_sync()
 *         wait until (cpu1.pending_ipi & 8) == 0 (cpu1.pending_ipi =
 *           0)
 *       text_poke_bp_batch()
 *         smp_mb()
 *       klp_start_transition()
 *         smp_mb()
 *   23    READ_ONCE(T1->patch_state) = 0
 *   24                                                                exit_to_user_mode_loop()
 *                                                                       READ_ONCE(T1->flags) = 0
 *   25    set_bit(0, T1->flags): 0 -> 1
 *   26  klp_try_switch_task()
 *         READ_ONCE(T1->patch_state) = 0
 *   27                                                                ct_user_enter()
 *                                                                       atomic_set(ct[1].work, 0)
 *   28                                                                  atomic_add_return(4, ct[1].seq) = 0x14
 *                                                                     # T1 is back in user mode
 *   29  is_ct_user()
 *         atomic_read(ct[1].seq) = 0x14
 *   30  klp_update_patch_state()
 *         test_bit(0, T1->flags) = 1
 *         smp_rmb()
 *   31    READ_ONCE(klp_target_state) = 1
 *   32                                                                user mode()
 *                                                                       choose alternative 0 of 3
 *                                                                     # T1 enters the kernel (syscall)
 *   33                                                                ct_user_exit()
 *                                                                       atomic_add_return(4, ct[1].seq) = 0x18
 *   34                                                                klp_ftrace_handler()
 *                                                                       READ_ONCE(f.ops->func_stack) = 2
 *                                                                       smp_rmb()
 *   35                                                                  READ_ONCE(p1.f->transition) = 1
 *                                                                       smp_rmb()
 *   36                                                                  READ_ONCE(T1->patch_state) = 0
 *                                                                     # T1 runs f of the original (patch_state KLP_UNPATCHED)
 *   37    WRITE_ONCE(T1->patch_state, 1)
 *   38                                                                klp_ftrace_handler()
 *                                                                       READ_ONCE(g.ops->func_stack) = 2
 *                                                                       smp_rmb()
 *   39                                                                  READ_ONCE(p1.g->transition) = 1
 *                                                                       smp_rmb()
 *   40                                                                  READ_ONCE(T1->patch_state) = 1
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
