package dev.klpct.checker.internal.explore;

import java.util.Arrays;

/**
 * The state a memory system keeps besides the values of the locations: a growable int array, so
 * that it can be copied, hashed and stored like the rest of a state. Empty under sequential
 * consistency.
 */
final class MemoryState {
  int[] a = new int[64];
  int len;

  /**
   * Counts the changes to the layout of {@link #a} (what a memory system may have derived from it,
   * such as where a location's records start): every method below that moves ints counts one, and
   * code that changes the layout in place calls {@link #changed()}.
   */
  int version;

  void changed() {
    version++;
  }

  void copyFrom(MemoryState o) {
    if (a.length < o.len) {
      a = new int[o.a.length];
    }
    System.arraycopy(o.a, 0, a, 0, o.len);
    len = o.len;
    version++;
  }

  void ensure(int n) {
    if (a.length < n) {
      a = Arrays.copyOf(a, Math.max(n, a.length * 2));
    }
  }

  /** Opens a gap of {@code n} ints at {@code at}. */
  void insertGap(int at, int n) {
    ensure(len + n);
    System.arraycopy(a, at, a, at + n, len - at);
    len += n;
    version++;
  }

  /** Removes {@code n} ints at {@code at}. */
  void remove(int at, int n) {
    System.arraycopy(a, at + n, a, at, len - at - n);
    len -= n;
    version++;
  }
}
