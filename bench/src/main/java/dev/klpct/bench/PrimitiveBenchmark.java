package dev.klpct.bench;

import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.checker.jvm.JvmKernel;
import dev.klpct.checker.jvm.JvmMemory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single primitives of the JVM kernel, to split the distance between
 * {@link UpdatePatchStateBenchmark} and {@link MemoryFloorBenchmark}: what one call through
 * {@link JvmKernel} (access-mask check, slot lookup, the VarHandle access) adds to the bare
 * access, and what the rest of a fast path (strategy and livepatch calls, the preemption count)
 * adds on top.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar 'Primitive|MemoryFloor' -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class PrimitiveBenchmark {
  private static final Site TEST = Site.of("klp_update_patch_state", "test_bit(TIF_PATCH_PENDING)");
  private static final Site RMB = Site.of("klp_update_patch_state", "smp_rmb()");

  private final JvmKernel k;
  private final Loc flags;

  public PrimitiveBenchmark() {
    MemoryLayout.Builder b = MemoryLayout.builder(2);
    flags = b.shared("T1->flags", b.allCpus(), b.allCpus(), 0);
    k = JvmMemory.of(b.build(), false).kernel(1, 1);
  }

  /** {@code test_bit()} through the JVM kernel; compare with {@code MemoryFloor.readOnce}. */
  @Benchmark
  public boolean testBit() {
    return k.test_bit(Klp.TIF_PATCH_PENDING, flags, TEST);
  }

  /**
   * zijlstra's fast path inlined by hand on the JVM kernel: preemption count in a register,
   * {@code test_bit()}, {@code smp_rmb()}; compare with {@code MemoryFloor.fastPathOps} and with
   * {@code UpdatePatchState.fastPath} of zijlstra (the same through the strategy's and the
   * livepatch's interfaces).
   */
  @Benchmark
  public boolean fastPathInline() {
    k.setReg(0, k.reg(0) + 1);
    boolean b = k.test_bit(Klp.TIF_PATCH_PENDING, flags, TEST);
    k.smp_rmb(RMB);
    k.setReg(0, k.reg(0) - 1);
    return b;
  }
}
