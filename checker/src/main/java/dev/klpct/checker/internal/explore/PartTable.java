package dev.klpct.checker.internal.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Int strings interned with dense ids ({@code 0, 1, 2, ...} in the order they were first met): the
 * parts of states that take far fewer distinct values than the states, stored once and named in a
 * state's encoding by an id of one to three varint bytes ({@link StateCodec}): a CPU's frames, a
 * part of the views. Each part is its own array, kept as the ints it is, so that decoding a state
 * copies its parts rather than decoding them (the tables hold about two percent of an lkmm search's
 * bytes, docs/performance.md).
 *
 * <p>Thread-safe. A lookup of a part already present takes no lock: the parts array and then the
 * slot are published with release semantics, and a reader that finds a slot finds its part. A
 * reader holding a table that a growth replaced misses what was added since, and looks again under
 * the lock.
 */
final class PartTable {
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(int[].class);

  /**
   * Slots of an open-addressing table: {@code id + 1}, or 0 for empty. Never more than half full.
   */
  private volatile int[] slots = new int[64];

  /** The parts, by id; only the first {@link #count} are set. */
  private volatile int[][] parts = new int[32][];

  private int count; // guarded by this

  /** Heap bytes of the parts' arrays. */
  private long partBytes; // guarded by this

  /** {@code n} empty tables. */
  static PartTable[] tables(int n) {
    PartTable[] t = new PartTable[n];
    for (int i = 0; i < n; i++) {
      t[i] = new PartTable();
    }
    return t;
  }

  /**
   * The id of the {@code len} ints at {@code from} in {@code b}, interning them if they are new.
   */
  int intern(int[] b, int from, int len) {
    long h = hash(b, from, len);
    int id = find(slots, h, b, from, len);
    return id >= 0 ? id : add(h, b, from, len);
  }

  /** The part with id {@code id}, as interned. The caller must not change it. */
  int[] part(int id) {
    return parts[id];
  }

  /** Parts held. */
  synchronized int size() {
    return count;
  }

  /**
   * Bytes held: the parts, each an array (a 16-byte header, four bytes an int, rounded up to 8),
   * the parts array (counted at 8 bytes a reference) and the slots.
   */
  synchronized long bytes() {
    return partBytes + 8L * parts.length + 4L * slots.length;
  }

  private int find(int[] t, long h, int[] b, int from, int len) {
    int mask = t.length - 1;
    for (int i = (int) h & mask; ; i = (i + 1) & mask) {
      int s = (int) SLOTS.getAcquire(t, i);
      if (s == 0) {
        return -1;
      }
      int[] p = parts[s - 1];
      if (p.length == len && Arrays.equals(p, 0, len, b, from, from + len)) {
        return s - 1;
      }
    }
  }

  private synchronized int add(long h, int[] b, int from, int len) {
    int id = find(slots, h, b, from, len); // another thread may have added it meanwhile
    if (id >= 0) {
      return id;
    }
    id = count;
    if (id == parts.length) {
      parts = Arrays.copyOf(parts, 2 * id);
    }
    parts[id] = Arrays.copyOfRange(b, from, from + len);
    partBytes += 16 + ((4L * len + 7) & ~7);
    count++;
    int[] t = slots;
    if (2 * count > t.length) {
      t = new int[2 * t.length];
      for (int k = 0; k < count - 1; k++) {
        place(t, hash(parts[k], 0, parts[k].length), k);
      }
      place(t, h, id);
      slots = t; // volatile: published whole, after the part
    } else {
      place(t, h, id);
    }
    return id;
  }

  private static void place(int[] t, long h, int id) {
    int mask = t.length - 1;
    int i = (int) h & mask;
    while ((int) SLOTS.getAcquire(t, i) != 0) {
      i = (i + 1) & mask;
    }
    SLOTS.setRelease(t, i, id + 1);
  }

  /**
   * A 64-bit hash of {@code len} ints at {@code from} in {@code a}; its low bits pick a slot. Parts
   * run to a hundred ints and more (a CPU's views), so the ints go in pairs, as longs, into two
   * independent chains: half the time of one chain of one multiplication per int.
   */
  static long hash(int[] a, int from, int len) {
    long h0 = 0x9E3779B97F4A7C15L ^ len;
    long h1 = 0x632BE59BD9B4E019L;
    int i = from;
    int end = from + len;
    for (; i + 4 <= end; i += 4) {
      h0 = mix(h0, pair(a[i], a[i + 1]));
      h1 = mix(h1, pair(a[i + 2], a[i + 3]));
    }
    for (; i < end; i++) {
      h0 = mix(h0, a[i] & 0xFFFFFFFFL);
    }
    long h = h0 ^ Long.rotateLeft(h1, 17);
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return h;
  }

  private static long pair(int lo, int hi) {
    return (lo & 0xFFFFFFFFL) | ((long) hi << 32);
  }

  private static long mix(long h, long k) {
    return Long.rotateLeft(h ^ (k * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
  }
}
