package dev.klpct.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * The physical floor of {@code klp_update_patch_state()}: the bare memory operations it is built
 * from, on an int array slot laid out as the JVM backend lays out a kernel word, with nothing
 * around them. {@link UpdatePatchStateBenchmark} divides by these.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar 'UpdatePatchState|MemoryFloor' -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class MemoryFloorBenchmark {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[].class);

  // one word per 128 bytes, as in JvmMemory
  private static final int FLAGS = 32;
  private static final int TARGET = 64;
  private static final int STATE = 96;

  private final int[] slots = new int[4 * 32];

  // Written, never read, as the kernel's preempt_count on this path: the floor includes both
  // stores.
  @SuppressWarnings("UnusedVariable")
  private int preemptCount;

  /**
   * {@code READ_ONCE(ti->flags)}, an opaque load: the whole memory work of a fast path that tests
   * {@code TIF_PATCH_PENDING} before touching anything (v2, mladek, zijlstra), and of the 2021
   * generic {@code test_and_clear_bit()} when the bit is clear.
   */
  @Benchmark
  public int readOnce() {
    return (int) SLOT.getOpaque(slots, FLAGS);
  }

  /**
   * The bare operations of a fast path that tests first, as the kernel has them on x86: {@code
   * preempt_count} increment (a CPU-local add; a plain field here), the opaque load of the flags
   * word, {@code smp_rmb()} ({@code loadLoadFence}, a compiler barrier on x86), and the {@code
   * preempt_count} decrement.
   */
  @Benchmark
  public int fastPathOps() {
    preemptCount++;
    int f = (int) SLOT.getOpaque(slots, FLAGS);
    VarHandle.loadLoadFence();
    preemptCount--;
    return f;
  }

  /**
   * A value-returning atomic and-not as {@code java.util.concurrent} writes it (a volatile {@code
   * getAndBitwiseAnd}, like {@code AtomicInteger.getAndAccumulate}): the fast path of a {@code
   * test_and_clear_bit()} that is an RMW even when the bit is clear (2022).
   */
  @Benchmark
  public int testAndClear() {
    return (int) SLOT.getAndBitwiseAnd(slots, FLAGS, ~1);
  }

  /**
   * The memory work of a switch: set the bit again (as {@code klp_start_transition()} does),
   * test-and-clear it, read {@code klp_target_state}, write {@code patch_state}; the floor of
   * {@link UpdatePatchStateBenchmark#slowPath()}.
   */
  @Benchmark
  public int switchOps() {
    SLOT.getAndBitwiseOr(slots, FLAGS, 1);
    int old = (int) SLOT.getAndBitwiseAnd(slots, FLAGS, ~1);
    if ((old & 1) != 0) {
      SLOT.setOpaque(slots, STATE, (int) SLOT.getOpaque(slots, TARGET));
    }
    return old;
  }
}
