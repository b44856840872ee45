package dev.klpct.jvm;

import static com.google.common.base.Preconditions.checkArgument;

import dev.klpct.api.Guard;
import dev.klpct.api.Loc;
import dev.klpct.api.program.KernelVariant;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.api.program.WriteObserver;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The memory of a {@link MemoryLayout} on real hardware: one {@code int} slot per location,
 * accessed by {@link JvmKernel}s through a {@link VarHandle} in the access mode each kernel
 * primitive calls for.
 *
 * <h2>Layout</h2>
 *
 * Every location gets its own 128-byte slot (two cache lines, because adjacent-line prefetch makes
 * neighbouring lines contend too), so that two CPUs touching different kernel variables never share
 * a line, as they would not in the kernel ({@code patch_state} of one task, the context-tracking
 * word of another CPU). The first slot is left empty, away from the array header.
 *
 * <p>{@link Loc.Kind#SHARED} and {@link Loc.Kind#GHOST} locations live in these slots. {@link
 * Loc.Kind#GHOST_COMMUTATIVE} locations (violation flags, counters) are split per CPU: each CPU
 * or-s and adds into its own part, which only it writes, and a read combines the parts ({@code
 * initial + sum of adds | or of ors}). So bookkeeping from several CPUs needs no atomic
 * read-modify-write, which on x86 would be a full barrier and could hide exactly the reorderings a
 * stress run looks for.
 *
 * <p>Thread-safety: the kernels of one memory may run on different threads concurrently; {@link
 * #reset()} must not run concurrently with them.
 */
public final class JvmMemory {
  /** Slot size in ints: 128 bytes. */
  static final int STRIDE = 32;

  static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[].class);

  private final MemoryLayout layout;
  private final Loc[] locs;
  private final KernelVariant variant;

  /** Shared and ghost locations: location i at {@code (i + 1) * STRIDE}. */
  final int[] slots;

  /** Location index to index among the commutative locations, or -1. */
  private final int[] commIndex;

  /** Per CPU, a block of {@code commBlock} ints: or-part and add-part of each commutative loc. */
  final int[] comm;

  private final int commBlock;
  private final @Nullable WriteObserver[] observers;

  private JvmMemory(
      MemoryLayout layout, KernelVariant variant, @Nullable WriteObserver[] observers) {
    this.layout = layout;
    this.locs = layout.locations().toArray(new Loc[0]);
    this.variant = variant;
    this.slots = new int[(locs.length + 2) * STRIDE];
    this.commIndex = new int[locs.length];
    int n = 0;
    for (Loc l : locs) {
      commIndex[l.index()] = l.kind() == Loc.Kind.GHOST_COMMUTATIVE ? n++ : -1;
    }
    // round each CPU's block up to whole slots so that two CPUs never share a line
    this.commBlock = ((2 * n + STRIDE - 1) / STRIDE) * STRIDE;
    this.comm = new int[(layout.cpus() + 1) * commBlock + STRIDE];
    this.observers = observers;
    reset();
  }

  /**
   * Memory for {@code layout} without write observers (the microbenchmarks' kernels).
   *
   * @param variant the kernel whose primitives the kernels on this memory implement ({@code
   *     test_and_clear_bit()}'s failure ordering)
   */
  public static JvmMemory of(MemoryLayout layout, KernelVariant variant) {
    return new JvmMemory(layout, variant, new WriteObserver[layout.size()]);
  }

  /** Memory for {@code layout} whose writes to a location run {@code observers[loc]}. */
  static JvmMemory withObservers(
      MemoryLayout layout, KernelVariant variant, @Nullable WriteObserver[] observers) {
    checkArgument(observers.length == layout.size(), "one observer slot per location");
    return new JvmMemory(layout, variant, observers.clone());
  }

  public MemoryLayout layout() {
    return layout;
  }

  /** The kernel whose primitives the kernels on this memory implement. */
  public KernelVariant kernelVariant() {
    return variant;
  }

  /**
   * A kernel for {@code cpu} on this memory, standing alone: its waits spin until their condition
   * holds (there is no runner to tell it that nothing will ever change).
   *
   * @param registers how many registers the code run on it uses
   */
  public JvmKernel kernel(int cpu, int registers) {
    checkArgument(cpu >= 0 && cpu < layout.cpus(), "no CPU%s in this layout", cpu);
    return JvmKernel.checked(this, cpu, registers, null);
  }

  /**
   * A kernel for {@code cpu} standing alone, as {@link #kernel}, whose memory primitives skip the
   * layout's access checks: each is the bare {@code VarHandle} access with its fences. For
   * measuring what strategy code costs (the kernel has no such checks); run the code on a checked
   * kernel or through the model backend to catch accesses outside the layout.
   *
   * @param registers how many registers the code run on it uses
   */
  public JvmKernel uncheckedKernel(int cpu, int registers) {
    checkArgument(cpu >= 0 && cpu < layout.cpus(), "no CPU%s in this layout", cpu);
    return JvmKernel.unchecked(this, cpu, registers);
  }

  /** Sets every location to its initial value. Not thread-safe: call while no kernel runs. */
  public void reset() {
    for (Loc l : locs) {
      slots[slot(l)] = l.initial();
    }
    Arrays.fill(comm, 0);
    VarHandle.fullFence(); // publish to kernels started later by other means than a barrier
  }

  /**
   * The current value of {@code loc} as seen from the calling thread: an opaque read (latest in
   * coherence order, no ordering), combined over the CPUs' parts for commutative locations.
   */
  public int value(Loc loc) {
    int ci = commIndex[loc.index()];
    if (ci < 0) {
      return (int) SLOT.getOpaque(slots, slot(loc));
    }
    int ors = 0;
    int adds = loc.initial();
    for (int cpu = 0; cpu < layout.cpus(); cpu++) {
      int base = commBase(cpu) + 2 * ci;
      ors |= (int) SLOT.getOpaque(comm, base);
      adds += (int) SLOT.getOpaque(comm, base + 1);
    }
    return adds | ors;
  }

  /** Whether {@code g} holds now: a relaxed read of its location, as {@code await} does. */
  boolean holds(Guard g) {
    Loc l = g.loc();
    return g.test(l == null ? 0 : value(l));
  }

  /** Whether any of {@code guards} holds now. */
  boolean anyHolds(Guard[] guards) {
    for (Guard g : guards) {
      if (holds(g)) {
        return true;
      }
    }
    return false;
  }

  static int slot(Loc l) {
    return (l.index() + 1) * STRIDE;
  }

  /** Index among the commutative locations, or -1. */
  int commIndex(Loc l) {
    return commIndex[l.index()];
  }

  int commBase(int cpu) {
    return (cpu + 1) * commBlock;
  }

  @Nullable WriteObserver observer(Loc l) {
    return observers[l.index()];
  }
}
