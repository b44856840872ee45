package dev.klpct.bench;

import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.program.KernelVariant;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.jvm.JvmKernel;
import dev.klpct.jvm.JvmMemory;
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
 * One primitive through the JVM kernel, {@code test_bit()}, on a checked kernel (as under {@code
 * klpct stress}: the layout's access check and, under a runner, the primitive count) and on an
 * unchecked one (as in {@link OneTaskKernel}); compare both with {@code MemoryFloor.readOnce}, the
 * bare opaque load, to see what the checks cost per access.
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

  private final JvmKernel checked;
  private final JvmKernel unchecked;
  private final Loc flags;

  public PrimitiveBenchmark() {
    MemoryLayout.Builder b = MemoryLayout.builder(2);
    flags = b.shared("T1->flags", b.allCpus(), b.allCpus(), 0);
    JvmMemory memory = JvmMemory.of(b.build(), KernelVariant.LINUX_2021);
    checked = memory.kernel(1, 0);
    unchecked = memory.uncheckedKernel(1, 0);
  }

  /** {@code test_bit()} with the layout's access check. */
  @Benchmark
  public boolean testBitChecked() {
    return checked.test_bit(Klp.TIF_PATCH_PENDING, flags, TEST);
  }

  /** {@code test_bit()} as the bare opaque load and bit test. */
  @Benchmark
  public boolean testBitUnchecked() {
    return unchecked.test_bit(Klp.TIF_PATCH_PENDING, flags, TEST);
  }
}
