package dev.klpct.bench;

import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.PatchStateUpdater;
import dev.klpct.api.klp.Task;
import dev.klpct.checker.jvm.JvmKernel;
import dev.klpct.core.KlpConfig;
import dev.klpct.strategies.StrategyComponent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * {@code klp_update_patch_state()} of each strategy, on the JVM backend's kernel, by the task's
 * own CPU: the fast path every exit to user mode takes ({@code TIF_PATCH_PENDING} clear) and
 * the slow path that switches the task. Compare with {@link MemoryFloorBenchmark}, run in the
 * same invocation: the fast path of a strategy that tests the bit first against
 * {@code readOnce}, the slow path against {@code switchOps}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar 'UpdatePatchState|MemoryFloor' -f 1 -wi 3 -i 5 -w 1s -r 1s
 * java -jar bench/target/benchmarks.jar UpdatePatchState -p testAndClear=2021,2022 ...
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class UpdatePatchStateBenchmark {
  private static final Site REARM =
      Site.of("klp_start_transition", "set_tsk_thread_flag(TIF_PATCH_PENDING)");

  /** Registry name of the strategy. */
  @Param({"baseline", "v1", "v2", "mladek", "zijlstra"})
  public String strategy;

  /** {@code test_and_clear_bit()} failure ordering: 2021 (relaxed early return) or 2022. */
  @Param({"2021"})
  public String testAndClear;

  private OneTaskKernel kernel;
  private PatchStateUpdater updater;
  private JvmKernel cpu1;
  private Task task;
  private Loc flags;

  @Setup(Level.Trial)
  public void setUp() {
    kernel = new OneTaskKernel(StrategyComponent.builtIn().get(strategy),
        KlpConfig.TestAndClear.parse(testAndClear) == KlpConfig.TestAndClear.Y2022);
    updater = kernel.strategy.patchStateUpdater();
    cpu1 = kernel.cpu1;
    task = kernel.task;
    flags = kernel.flags;
  }

  /** {@code TIF_PATCH_PENDING} clear: what every return to user mode pays, transition or not. */
  @Benchmark
  public void fastPath() {
    updater.klp_update_patch_state(cpu1, kernel, task);
  }

  /**
   * {@code TIF_PATCH_PENDING} set again with {@code set_bit()} (as {@code klp_start_transition()}
   * does), then the switch.
   */
  @Benchmark
  public void slowPath() {
    cpu1.set_bit(Klp.TIF_PATCH_PENDING, flags, REARM);
    updater.klp_update_patch_state(cpu1, kernel, task);
  }
}
