package dev.klpct.examples;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.trace.TraceFile;
import dev.klpct.checker.trace.TraceRenderer;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.report.OutputFile;
import dev.klpct.report.ReplayResult;
import dev.klpct.report.Traces;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.StrategyRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Example 04: save a counterexample to a trace file and replay it.
 *
 * <p>A counterexample is replayable from its schedule alone: which CPU moved at each step, and
 * which alternative it took where the model chooses ({@code 1:0} below: at step 17 CPU1 took
 * alternative 0, the syscall). A {@link TraceFile} is that schedule plus a header saying how to
 * rebuild the machine: the strategy's name, the scenario as {@code klpct} options and the memory
 * model ({@link Traces#save} writes it). It is a few lines of text, to paste into a mail; {@code
 * klpct replay FILE} reads the files {@code klpct check --save-trace FILE} writes, which are these.
 *
 * <p>The counterexample is the stale write of RFC v2 09/11 (Mladek 2021-10-06, point 2): CPU0
 * clears {@code TIF_PATCH_PENDING}, posts the work that assigns {@code patch_state} on T1's next
 * kernel entry, counts T1 as switched and completes transition 1 (which already breaks {@code
 * complete-switched} at step 14); then T1 enters the kernel and the deferred {@code
 * __klp_update_patch_state()} writes {@code patch_state} while the transition is resetting. The
 * example writes the file, reads it back, rebuilds the machine from the header ({@link
 * dev.klpct.core.KlpConfig#parseOptions} parses the options exactly as the command line does) and
 * replays the steps ({@link Traces#replay}), which end in the same violations.
 *
 * <p>Run it from the repository root (the first command builds once):
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests -pl examples -am
 * java -cp examples/target/classes:cli/target/klpct.jar dev.klpct.examples.Example04_TraceFile
 * </pre>
 *
 * <p>Output:
 *
 * <pre>{@code
 * # klpct trace 1
 * klpct 0.1.0
 * strategy v2
 * options --nohz-cpus 1 --sleeping-tasks 0 --episodes 1 --retries 2 --signal-after 1 --transitions 2 --sync rcu --test-and-clear 2021 --reverse-order v5.15
 * memory-model sc
 * property no-stale-write
 * why no-stale-write: __klp_update_patch_state wrote KLP_PATCHED to T1->patch_state (was KLP_UNPATCHED) while transition 1 is resetting with klp_target_state KLP_PATCHED
 * steps 0 0 0 0 0 0 0 1:2 1 1 1 0 0 0 1 1 1 1:2 1 1 1 0 0 1 0 0 1 1 0 0 0 0
 * steps 0 0 1:0 1 1 1 1
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
 *   29  ct_seq_set_user_work()
 *         atomic_read(ct[1].seq) = 0x14
 *   30    atomic_or(1, ct[1].work): 0 -> 1
 *   31    atomic_cmpxchg(ct[1].seq, 0x14, 0x15) = 0x14 (success)
 *   32  klp_check_and_switch_task()
 *         clear_bit(0, T1->flags): 1 -> 0
 *       # klp_check_and_switch_task(T1) = 0
 *       !! complete-switched: klp_complete_transition() starts while
 *           T1->patch_state = KLP_UNPATCHED but klp_target_state =
 *           KLP_PATCHED
 *       # klp_complete_transition() for transition 1
 *   33  klp_complete_transition()
 *         WRITE_ONCE(p1.f->transition, 0)
 *   34    WRITE_ONCE(p1.g->transition, 0)
 *       klp_synchronize_transition()
 *         smp_mb()
 *       # synchronize_rcu(): waits for no CPU
 *       klp_synchronize_transition()
 *         smp_mb()
 *   35                                                                user mode()
 *                                                                       choose alternative 0 of 3
 *                                                                     # T1 enters the kernel (syscall)
 *   36                                                                ct_user_exit()
 *                                                                       atomic_add_return(4, ct[1].seq) = 0x19
 *   37                                                                ct_exit_user_work()
 *                                                                       atomic_read(ct[1].work) = 1
 *   38                                                                __klp_update_patch_state()
 *                                                                       READ_ONCE(klp_target_state) = 1
 *   39                                                                  WRITE_ONCE(T1->patch_state, 1)
 *                                                                     !! no-stale-write: __klp_update_patch_state wrote
 *                                                                         KLP_PATCHED to T1->patch_state (was KLP_UNPATCHED) while
 *                                                                         transition 1 is resetting with klp_target_state
 *                                                                         KLP_PATCHED
 *                                                                     ct_exit_user_work()
 *                                                                       smp_mb__before_atomic()
 *
 *   replayed: complete-switched: klp_complete_transition() starts while T1->patch_state = KLP_UNPATCHED but klp_target_state =
 *       KLP_PATCHED; no-stale-write: __klp_update_patch_state wrote KLP_PATCHED to T1->patch_state (was KLP_UNPATCHED) while
 *       transition 1 is resetting with klp_target_state KLP_PATCHED
 * }</pre>
 */
public final class Example04_TraceFile {
  private Example04_TraceFile() {}

  public static void main(String[] args) throws IOException {
    StrategyRegistry strategies = StrategyComponent.builtIn();
    KlpMachine v2 = KlpMachine.of(strategies.get("v2"), KlpConfig.defaults());
    Counterexample cx =
        new Checker(CheckOptions.defaults())
            .check(v2)
            .verdict("no-stale-write")
            .orElseThrow()
            .counterexample()
            .orElseThrow();

    Path file = Files.createTempFile("v2-", ".trace");
    try {
      OutputFile.write(file, Traces.save(v2, cx, MemoryModel.SC).format(), "trace");
      System.out.print(Files.readString(file));

      ReplayResult replayed = Traces.replay(file, strategies::get);
      System.out.println();
      System.out.print(
          TraceRenderer.render(
              replayed.events(),
              replayed.cpuNames(),
              "replayed: " + String.join("; ", replayed.violations())));
    } finally {
      Files.delete(file);
    }
  }
}
