package dev.klpct.checker.internal.explore;

import dev.klpct.api.Loc;
import java.util.Arrays;

/**
 * The memory locations one step read and wrote (ghost bookkeeping included, commutative ghost
 * updates excluded). Partial-order reduction decides independence from footprints.
 */
final class Footprint {
  int[] locs = new int[16];
  boolean[] writes = new boolean[16];
  int size;

  void clear() {
    size = 0;
  }

  void add(Loc l, boolean write) {
    if (l.kind() == Loc.Kind.GHOST_COMMUTATIVE) {
      return;
    }
    int idx = l.index();
    for (int i = 0; i < size; i++) {
      if (locs[i] == idx) {
        writes[i] |= write;
        return;
      }
    }
    if (size == locs.length) {
      locs = Arrays.copyOf(locs, size * 2);
      writes = Arrays.copyOf(writes, size * 2);
    }
    locs[size] = idx;
    writes[size] = write;
    size++;
  }

  void addAll(Footprint o) {
    for (int i = 0; i < o.size; i++) {
      int idx = o.locs[i];
      boolean found = false;
      for (int j = 0; j < size; j++) {
        if (locs[j] == idx) {
          writes[j] |= o.writes[i];
          found = true;
          break;
        }
      }
      if (!found) {
        if (size == locs.length) {
          locs = Arrays.copyOf(locs, size * 2);
          writes = Arrays.copyOf(writes, size * 2);
        }
        locs[size] = idx;
        writes[size] = o.writes[i];
        size++;
      }
    }
  }

  /** Whether this footprint conflicts with anything CPU {@code cpu} may ever do. */
  boolean conflictsWithFutureOf(int cpu, Loc[] layout) {
    long bit = 1L << cpu;
    for (int i = 0; i < size; i++) {
      Loc l = layout[locs[i]];
      if ((l.writers() & bit) != 0 || (writes[i] && (l.readers() & bit) != 0)) {
        return true;
      }
    }
    return false;
  }

  /** Whether CPU {@code cpu} may write any location this footprint read (for blocked steps). */
  boolean mayBeEnabledBy(int cpu, Loc[] layout) {
    long bit = 1L << cpu;
    for (int i = 0; i < size; i++) {
      if ((layout[locs[i]].writers() & bit) != 0) {
        return true;
      }
    }
    return false;
  }
}
