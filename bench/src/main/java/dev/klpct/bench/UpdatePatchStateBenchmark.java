package dev.klpct.bench;

import static java.util.Objects.requireNonNull;

import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.PatchStateUpdater;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.Task;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.jvm.JvmKernel;
import dev.klpct.strategies.StrategyComponent;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@code klp_update_patch_state()} of each strategy, on the JVM backend's kernel, by the task's own
 * CPU: the fast path every exit to user mode takes ({@code TIF_PATCH_PENDING} clear) and the slow
 * path that switches the task. Compare with {@link MemoryFloorBenchmark}, run in the same
 * invocation: the fast path of a strategy that tests the bit first against {@code fastPathOps}, the
 * slow path against {@code switchOps}.
 *
 * <p>Each path is measured twice. {@code fastPath}/{@code slowPath} call the strategy as a tool
 * holding strategies as values does: through its {@link PatchStateUpdater} interface, from fields
 * of the benchmark state, so each call loads the strategy and tests its class. {@code
 * fastPathBuiltIn}/{@code slowPathBuiltIn} call it as the kernel does: one {@code
 * klp_update_patch_state()} is compiled into a kernel image and called directly, so the strategy,
 * the livepatch and the task are constants ({@code static final}) to the JIT. In both the memory
 * the code touches (the flags word, {@code patch_state}, the preemption count) is loaded and
 * accessed on every call; only the choice of code is constant. The built-in fixture is one per JVM:
 * run with forks (JMH's default); {@link #checkBuiltIn} refuses a JVM shared by two strategies.
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

  /** The kernel the built-in fixture is made of: the first one set up in this JVM. */
  private static @Nullable OneTaskKernel builtInKernel;

  /** Which parameters {@link #builtInKernel} was made with. */
  private static @Nullable String builtInFor;

  /**
   * The built-in fixture: {@code static final}, hence constant to the JIT once initialized, on
   * first use, from {@link #builtInKernel}. A record, because the JIT trusts a record's final
   * fields to stay constant (it does not trust other final instance fields).
   */
  private record BuiltIn(OneTaskKernel kernel, PatchStateUpdater updater) {
    static final BuiltIn FIXTURE = of(builtInKernel());

    static BuiltIn of(OneTaskKernel k) {
      return new BuiltIn(k, k.strategy().patchStateUpdater());
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    Strategy s = StrategyComponent.builtIn().get(strategy);
    KlpConfig config =
        KlpConfig.defaults().withTestAndClear(KlpConfig.TestAndClear.parse(testAndClear));
    kernel = OneTaskKernel.create(s, KlpMachine.of(s, config).kernelVariant());
    updater = kernel.strategy().patchStateUpdater();
    cpu1 = kernel.cpu1();
    task = kernel.task();
    flags = kernel.flags();
    synchronized (UpdatePatchStateBenchmark.class) {
      if (builtInFor == null) {
        builtInFor = parameters();
        builtInKernel = kernel;
      }
    }
  }

  private String parameters() {
    return "strategy=" + strategy + ", testAndClear=" + testAndClear;
  }

  /** The parameters the built-in benchmarks of this JVM run with (the first set up). */
  static synchronized @Nullable String builtInParameters() {
    return builtInFor;
  }

  /** The kernel of the built-in fixture (the first set up in this JVM). */
  static synchronized OneTaskKernel builtInKernel() {
    return requireNonNull(builtInKernel, "setUp() first");
  }

  /**
   * Refuses to measure a built-in benchmark in a JVM whose fixture was made for other parameters
   * (JMH run with {@code -f 0}): it would measure the wrong strategy.
   */
  @Setup(Level.Iteration)
  public void checkBuiltIn(BenchmarkParams benchmark) {
    checkBuiltIn(benchmark.getBenchmark());
  }

  void checkBuiltIn(String benchmark) {
    if (benchmark.endsWith("BuiltIn") && !parameters().equals(builtInParameters())) {
      throw new IllegalStateException(
          "the built-in benchmarks run one set of parameters per"
              + " JVM; this JVM's is "
              + builtInParameters()
              + ", not "
              + parameters()
              + ": run with forks (-f 1 or more)");
    }
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

  /** {@link #fastPath()} with the strategy compiled in, as in a kernel image. */
  @Benchmark
  public void fastPathBuiltIn() {
    OneTaskKernel k = BuiltIn.FIXTURE.kernel;
    BuiltIn.FIXTURE.updater.klp_update_patch_state(k.cpu1(), k, k.task());
  }

  /** {@link #slowPath()} with the strategy compiled in, as in a kernel image. */
  @Benchmark
  public void slowPathBuiltIn() {
    OneTaskKernel k = BuiltIn.FIXTURE.kernel;
    k.cpu1().set_bit(Klp.TIF_PATCH_PENDING, k.flags(), REARM);
    BuiltIn.FIXTURE.updater.klp_update_patch_state(k.cpu1(), k, k.task());
  }
}
