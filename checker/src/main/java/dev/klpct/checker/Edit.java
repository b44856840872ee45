package dev.klpct.checker;

import static java.util.Objects.requireNonNull;

import dev.klpct.api.Ordering;
import dev.klpct.api.Site;
import org.jspecify.annotations.Nullable;

/**
 * A change to the ordering of a machine's code that {@link CheckOptions#edits()} applies in the
 * model (the symmetric of {@link CheckOptions#weakened()}): where the primitive named executes, a
 * fence is inserted right after it, or its access is given an ordering. Under sequential
 * consistency an edit changes nothing.
 *
 * @param site the call site of the primitive, as traces name it (function and label)
 * @param primitive the primitive's kernel name, e.g. {@code test_bit}
 * @param location the location it accesses with every number replaced by {@code #} (e.g. {@code
 *     T#->flags}): one edit of the code applies to every task, CPU and patch
 * @param kind what changes
 */
public record Edit(Site site, String primitive, String location, Kind kind) {
  public Edit {
    requireNonNull(site);
    requireNonNull(primitive);
    requireNonNull(location);
    requireNonNull(kind);
  }

  /**
   * What an edit does, with its cost: full ordering 3, a read or write fence 2, acquire/release 1.
   */
  public enum Kind {
    /** Insert {@code smp_mb()} after the primitive. */
    SMP_MB("smp_mb", null, 3),
    /** Insert {@code smp_rmb()} after the primitive. */
    SMP_RMB("smp_rmb", null, 2),
    /** Insert {@code smp_wmb()} after the primitive. */
    SMP_WMB("smp_wmb", null, 2),
    /** Insert {@code smp_mb__before_atomic()} after the primitive (before the atomic after it). */
    SMP_MB_BEFORE_ATOMIC("smp_mb__before_atomic", null, 3),
    /** Insert {@code smp_mb__after_atomic()} after the primitive (an atomic). */
    SMP_MB_AFTER_ATOMIC("smp_mb__after_atomic", null, 3),
    /** Make a load an acquire ({@code smp_load_acquire}) or an RMW an {@code _acquire} one. */
    ACQUIRE(null, Ordering.ACQUIRE, 1),
    /** Make a store a release ({@code smp_store_release}) or an RMW a {@code _release} one. */
    RELEASE(null, Ordering.RELEASE, 1),
    /** Make an RMW fully ordered. */
    FULL(null, Ordering.FULL, 3);

    private final @Nullable String fence;
    private final @Nullable Ordering ordering;
    private final int cost;

    Kind(@Nullable String fence, @Nullable Ordering ordering, int cost) {
      this.fence = fence;
      this.ordering = ordering;
      this.cost = cost;
    }

    /** The fence inserted, e.g. {@code smp_rmb}, or null. */
    public @Nullable String fence() {
      return fence;
    }

    /** The ordering given to the access, or null. */
    public @Nullable Ordering ordering() {
      return ordering;
    }

    /** The cost: 3 full ordering, 2 read or write fence, 1 acquire or release. */
    public int cost() {
      return cost;
    }
  }

  /** A location's name with every number replaced by {@code #}: {@code T#->flags}. */
  public static String pattern(String location) {
    return location.replaceAll("[0-9]+", "#");
  }

  /** The cost of the edit ({@link Kind#cost()}). */
  public int cost() {
    return kind.cost();
  }
}
