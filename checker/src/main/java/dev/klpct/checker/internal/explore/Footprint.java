package dev.klpct.checker.internal.explore;

import dev.klpct.api.Loc;
import java.util.Arrays;

/**
 * The memory locations one step read and wrote (ghost bookkeeping included, commutative ghost
 * updates excluded). Partial-order reduction decides independence from footprints.
 *
 * <p>Two bit sets over location indices, touched and written: every access of every step lands
 * here, and {@link PersistentSets} intersects them with per-CPU masks, so both are a few word
 * operations rather than list scans.
 */
final class Footprint {
  private long[] touched = new long[2];
  private long[] written = new long[2];

  /** Words of the bit sets in use: the highest word with a bit set, plus one. */
  private int words;

  void clear() {
    for (int i = 0; i < words; i++) {
      touched[i] = 0;
      written[i] = 0;
    }
    words = 0;
  }

  void add(Loc l, boolean write) {
    if (l.kind() == Loc.Kind.GHOST_COMMUTATIVE) {
      return;
    }
    add(l.index(), write);
  }

  private void add(int idx, boolean write) {
    int w = idx >>> 6;
    if (w >= words) {
      if (w >= touched.length) {
        touched = Arrays.copyOf(touched, Math.max(w + 1, touched.length * 2));
        written = Arrays.copyOf(written, touched.length);
      }
      words = w + 1;
    }
    long bit = 1L << idx;
    touched[w] |= bit;
    if (write) {
      written[w] |= bit;
    }
  }

  /** A copy of this footprint. */
  Footprint copy() {
    Footprint f = new Footprint();
    f.touched = Arrays.copyOf(touched, Math.max(words, 1));
    f.written = Arrays.copyOf(written, Math.max(words, 1));
    f.words = words;
    return f;
  }

  void addAll(Footprint o) {
    if (o.words > touched.length) {
      touched = Arrays.copyOf(touched, o.words);
      written = Arrays.copyOf(written, o.words);
    }
    for (int i = 0; i < o.words; i++) {
      touched[i] |= o.touched[i];
      written[i] |= o.written[i];
    }
    words = Math.max(words, o.words);
  }

  /** Whether this footprint touches a location in {@code mask} (a bit set over indices). */
  boolean touchesAny(long[] mask) {
    int n = Math.min(words, mask.length);
    for (int i = 0; i < n; i++) {
      if ((touched[i] & mask[i]) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether this footprint writes a location in {@code mask} (a bit set over indices). */
  boolean writesAny(long[] mask) {
    int n = Math.min(words, mask.length);
    for (int i = 0; i < n; i++) {
      if ((written[i] & mask[i]) != 0) {
        return true;
      }
    }
    return false;
  }
}
