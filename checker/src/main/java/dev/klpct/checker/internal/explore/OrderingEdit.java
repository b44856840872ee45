package dev.klpct.checker.internal.explore;

import static java.util.Objects.requireNonNull;

import dev.klpct.api.Ordering;
import dev.klpct.api.Site;
import org.jspecify.annotations.Nullable;

/**
 * A change to the ordering of a strategy's code, applied by the replaying kernel where it executes
 * the primitive named: a fence inserted right after it, or the primitive itself made ordered. The
 * engine's form of the facade's repair edits.
 *
 * @param site the call site of the primitive
 * @param primitive the primitive's kernel name, e.g. {@code test_bit}
 * @param location the location it accesses, with every number replaced by {@code #} ({@link
 *     #pattern}), so that one edit of the code applies to every task, CPU and patch
 * @param fence the fence to insert after it ({@code smp_mb}, {@code smp_rmb}, {@code smp_wmb},
 *     {@code smp_mb__before_atomic}, {@code smp_mb__after_atomic}), or null
 * @param ordering the ordering to give the primitive's access, or null
 */
public record OrderingEdit(
    Site site,
    String primitive,
    String location,
    @Nullable String fence,
    @Nullable Ordering ordering) {
  public OrderingEdit {
    requireNonNull(site);
    requireNonNull(primitive);
    requireNonNull(location);
    if ((fence == null) == (ordering == null)) {
      throw new IllegalArgumentException("an edit inserts a fence or orders an access");
    }
  }

  /** A location's name with every number replaced by {@code #}: {@code T#->flags}. */
  public static String pattern(String location) {
    return location.replaceAll("[0-9]+", "#");
  }

  /** The look-up key of the primitive an edit applies to. */
  static String key(Site site, String primitive, String locationPattern) {
    return site.function()
        + '\u0000'
        + site.what()
        + '\u0000'
        + primitive
        + '\u0000'
        + locationPattern;
  }

  String key() {
    return key(site, primitive, location);
  }
}
