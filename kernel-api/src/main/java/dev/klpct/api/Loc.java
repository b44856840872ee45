package dev.klpct.api;

import static java.util.Objects.requireNonNull;

/**
 * A location of simulated memory: an int-sized word such as {@code klp_target_state}, a task's
 * {@code patch_state} or thread-flags word, or a CPU's context-tracking {@code seq}.
 *
 * <p>Locations are created by a {@link dev.klpct.api.program.MemoryLayout.Builder} and are only
 * meaningful within that layout. {@link #readers()} and {@link #writers()} are bit masks of the
 * CPUs allowed to access the location; backends enforce them and the model checker's partial-order
 * reduction relies on them.
 *
 * @param index position in the layout
 * @param name kernel-style name shown in traces, e.g. {@code T1->patch_state}
 * @param kind what the location models
 * @param readers bit mask of CPUs that may read it
 * @param writers bit mask of CPUs that may write it
 * @param initial initial value
 */
public record Loc(int index, String name, Kind kind, long readers, long writers, int initial) {

  /** What a location models. */
  public enum Kind {
    /** Kernel memory, accessed only through the ordered primitives of {@link Kernel}. */
    SHARED,
    /**
     * Model bookkeeping (the "ghost" state contracts are judged on). Accessed without a scheduling
     * point, never by strategy logic, and invisible to memory models.
     */
    GHOST,
    /**
     * Ghost state updated only by commutative operations (bit-or, add) and read only by properties;
     * such updates never order two CPUs.
     */
    GHOST_COMMUTATIVE
  }

  public Loc {
    requireNonNull(name);
    requireNonNull(kind);
  }

  public boolean readableBy(int cpu) {
    return (readers & (1L << cpu)) != 0;
  }

  public boolean writableBy(int cpu) {
    return (writers & (1L << cpu)) != 0;
  }

  @Override
  public String toString() {
    return name;
  }
}
