package dev.klpct.bench;

import dev.klpct.api.Site;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.PatchStateUpdater;
import dev.klpct.api.klp.TaskSwitcher;
import dev.klpct.api.program.KernelVariant;
import dev.klpct.jvm.JvmKernel;
import dev.klpct.strategies.StrategyComponent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the transition CPU pays per running task: {@code klp_check_and_switch_task()} of each
 * strategy for a task on a NOHZ_FULL CPU, on the JVM backend. Each round starts a new transition
 * for the task (flips {@code klp_target_state} and sets {@code TIF_PATCH_PENDING}, as {@code
 * klp_init_transition()} and {@code klp_start_transition()} do) and tries to switch it; the
 * counters say how often the switch succeeded and how often the task was found busy.
 *
 * <ul>
 *   <li>{@code quiet}: the task stays in user mode (the case the proposals are about);
 *   <li>{@code moving}: a second thread, the task's CPU, goes from user mode into the kernel and
 *       back in a loop (context-tracking exit, running posted work; {@code
 *       klp_update_patch_state()} on the way out if {@code TIF_PATCH_PENDING} is set;
 *       context-tracking entry), so CPU0's reads and RMWs of the task's and the CPU's words meet a
 *       writer on the other core. JMH reports {@code moving:cpu0} (the switch) and {@code
 *       moving:cpu1} (one user-kernel-user round trip) separately.
 * </ul>
 *
 * baseline never switches a running task ({@code -EBUSY} at once): its cost is elsewhere, in the
 * IPIs of {@code klp_send_signals()}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar RemoteSwitch -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Group)
public class RemoteSwitchBenchmark {
  private static final Site READ_TARGET = Site.of("klp_init_transition", "klp_target_state");
  private static final Site SET_TARGET = Site.of("klp_init_transition", "klp_target_state = state");
  private static final Site START =
      Site.of("klp_start_transition", "set_tsk_thread_flag(TIF_PATCH_PENDING)");
  private static final Site EXIT_FLAGS =
      Site.of("exit_to_user_mode_loop", "ti_work = read_thread_flags()");

  /** Registry name of the strategy. */
  @Param({"baseline", "v1", "v2", "mladek", "zijlstra"})
  public String strategy;

  private OneTaskKernel kernel;
  private TaskSwitcher switcher;
  private PatchStateUpdater updater;

  /** How CPU0's attempts ended (JMH sums the iterations' counts). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Outcomes {
    /** Attempts that returned 0: the task counts as switched. */
    public long switched;

    /** Attempts that returned -EBUSY: the task's CPU was not seen in user mode. */
    public long busy;

    @Setup(Level.Iteration)
    public void reset() {
      switched = 0;
      busy = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    kernel =
        OneTaskKernel.create(StrategyComponent.builtIn().get(strategy), KernelVariant.LINUX_2021);
    switcher = kernel.strategy().taskSwitcher();
    updater = kernel.strategy().patchStateUpdater();
  }

  private int cpu0Round(Outcomes o) {
    JvmKernel k = kernel.cpu0();
    k.WRITE_ONCE(kernel.target(), 1 - k.READ_ONCE(kernel.target(), READ_TARGET), SET_TARGET);
    k.set_bit(Klp.TIF_PATCH_PENDING, kernel.flags(), START);
    int ret = switcher.klp_check_and_switch_task(k, kernel, kernel.task());
    if (ret == 0) {
      o.switched++;
    } else {
      o.busy++;
    }
    return ret;
  }

  /** The task stays in user mode (a group of one: the state is per group). */
  @Benchmark
  @Group("quiet")
  @GroupThreads(1)
  public int quiet(Outcomes o) {
    return cpu0Round(o);
  }

  /** CPU0's side while the task's CPU moves between user mode and the kernel. */
  @Benchmark
  @Group("moving")
  @GroupThreads(1)
  public int cpu0(Outcomes o) {
    return cpu0Round(o);
  }

  /** One round trip of the task's CPU: kernel entry, the exit-to-user switch point, user entry. */
  @Benchmark
  @Group("moving")
  @GroupThreads(1)
  public void cpu1() {
    JvmKernel k = kernel.cpu1();
    kernel.ct().ct_user_exit(k, kernel);
    if ((k.READ_ONCE(kernel.flags(), EXIT_FLAGS) & (1 << Klp.TIF_PATCH_PENDING)) != 0) {
      updater.klp_update_patch_state(k, kernel, kernel.task());
    }
    kernel.ct().ct_user_enter(k, kernel);
  }
}
