package dev.klpct.checker;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The memory model a check explores. See docs/memory-models.md for each model's semantics and where
 * it is knowingly stronger or weaker than the model it stands for.
 */
public enum MemoryModel {
  /** Sequential consistency: every primitive acts on one shared memory, in program order. */
  SC("sc"),
  /**
   * x86-TSO: per-CPU FIFO store buffers with forwarding; {@code smp_mb()} and every atomic RMW
   * (LOCK-prefixed on x86) drain the buffer; {@code smp_rmb}, {@code smp_wmb}, acquire and release
   * are compiler barriers only, as in arch/x86/include/asm/barrier.h.
   */
  TSO("tso"),
  /**
   * The Linux-kernel memory model, as an operational view-based machine (coherence order per
   * location with insertion, per-CPU views, fences as view transfers, {@code smp_mb()} through a
   * global fence view).
   */
  LKMM("lkmm");

  private final String id;

  MemoryModel(String id) {
    this.id = id;
  }

  /** The lower-case name used on the command line and in reports. */
  public String id() {
    return id;
  }

  /** Whether the model lets a load return a value other than the latest store's. */
  public boolean weak() {
    return this != SC;
  }

  /**
   * Looks a model up by its {@link #id()}.
   *
   * @throws IllegalArgumentException naming the known models
   */
  public static MemoryModel of(String id) {
    for (MemoryModel m : values()) {
      if (m.id.equals(id.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown memory model '"
            + id
            + "' (known: "
            + Arrays.stream(values()).map(MemoryModel::id).collect(Collectors.joining(", "))
            + ")");
  }

  @Override
  public String toString() {
    return id;
  }
}
