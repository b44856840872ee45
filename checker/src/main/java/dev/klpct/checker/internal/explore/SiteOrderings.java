package dev.klpct.checker.internal.explore;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.Site;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the ordering of a strategy's code is at each call site once the checker's changes to it are
 * applied: barrier ablation removes the ordering of whole sites, and a repair's {@link
 * OrderingEdit}s give a primitive an ordering or insert a fence right after it. With neither, every
 * question is answered without a look-up.
 *
 * <p>Immutable; shared by the kernels of every exploring thread.
 */
final class SiteOrderings {
  private final ImmutableSet<Site> weakened;
  private final boolean ablating;

  /** Fences inserted after a primitive, by {@link OrderingEdit#key}. */
  private final ImmutableMap<String, Primitive> inserted;

  /** Primitives given an ordering, by {@link OrderingEdit#key}. */
  private final ImmutableMap<String, Ordering> strengthened;

  private final boolean editing;

  /** {@link OrderingEdit#pattern} of each location's name, by index. */
  private final String[] patterns;

  SiteOrderings(ImmutableSet<Site> weakened, Collection<OrderingEdit> edits, Loc[] layout) {
    this.weakened = weakened;
    this.ablating = !weakened.isEmpty();
    Map<String, Primitive> fences = new HashMap<>();
    Map<String, Ordering> orderings = new HashMap<>();
    for (OrderingEdit e : edits) {
      if (e.fence() != null) {
        fences.put(e.key(), fence(requireNonNull(e.fence())));
      } else {
        orderings.put(e.key(), requireNonNull(e.ordering()));
      }
    }
    this.inserted = ImmutableMap.copyOf(fences);
    this.strengthened = ImmutableMap.copyOf(orderings);
    this.editing = !edits.isEmpty();
    this.patterns = new String[layout.length];
    for (Loc l : layout) {
      patterns[l.index()] = OrderingEdit.pattern(l.name());
    }
  }

  /** Whether the ordering of {@code at} is in force (not removed by ablation). */
  boolean ordered(Site at) {
    return !ablating || !weakened.contains(at);
  }

  /**
   * The ordering of {@code p} at {@code at} on {@code x}: {@code declared}, unless an edit says.
   */
  Ordering of(Primitive p, Loc x, Site at, Ordering declared) {
    if (!editing) {
      return declared;
    }
    Ordering o = strengthened.get(OrderingEdit.key(at, p.kernelName, patterns[x.index()]));
    return o == null ? declared : o;
  }

  /** The fence an edit inserts right after {@code p} at {@code at} on {@code x}, or null. */
  @Nullable Primitive fenceAfter(Primitive p, Loc x, Site at) {
    if (!editing) {
      return null;
    }
    return inserted.get(OrderingEdit.key(at, p.kernelName, patterns[x.index()]));
  }

  /** The fence primitive of a kernel fence name. */
  private static Primitive fence(String name) {
    for (Primitive p : Primitive.values()) {
      if (p.shape == Primitive.Shape.FENCE
          && p != Primitive.MB_AFTER_RMW
          && p.kernelName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("not a fence: " + name);
  }
}
