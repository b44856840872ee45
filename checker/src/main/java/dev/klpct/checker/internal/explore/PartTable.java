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

  /** By id, the part's {@link #sum}: its hash before {@link #finish}. */
  private volatile long[] sums = new long[32];

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
    return intern(sum(b, from, len), b, from, len);
  }

  /**
   * {@link #intern}, for ints that differ from part {@code near} in a few places (a successor's
   * part, near its parent's): when the lengths agree, the hash is the part's, updated where they
   * differ, rather than taken over every int.
   */
  int internNear(int[] b, int from, int len, int near) {
    int[] base = parts[near];
    if (base.length != len) {
      return intern(b, from, len);
    }
    long sum = sums[near];
    int i = 0;
    while (i < len) {
      int m = Arrays.mismatch(b, from + i, from + len, base, i, len);
      if (m < 0) {
        break;
      }
      i += m;
      sum += ((long) b[from + i] - base[i]) * weight(i);
      i++;
    }
    return intern(sum, b, from, len);
  }

  private int intern(long sum, int[] b, int from, int len) {
    long h = finish(sum, len);
    int id = find(slots, h, b, from, len);
    return id >= 0 ? id : add(sum, h, b, from, len);
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
   * the parts array (counted at 8 bytes a reference), their sums and the slots.
   */
  synchronized long bytes() {
    return partBytes + 16L * parts.length + 4L * slots.length;
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

  private synchronized int add(long sum, long h, int[] b, int from, int len) {
    int id = find(slots, h, b, from, len); // another thread may have added it meanwhile
    if (id >= 0) {
      return id;
    }
    id = count;
    if (id == parts.length) {
      sums = Arrays.copyOf(sums, 2 * id);
      parts = Arrays.copyOf(parts, 2 * id);
    }
    sums[id] = sum;
    parts[id] = Arrays.copyOfRange(b, from, from + len);
    partBytes += 16 + ((4L * len + 7) & ~7);
    count++;
    int[] t = slots;
    if (2 * count > t.length) {
      t = new int[2 * t.length];
      for (int k = 0; k < count - 1; k++) {
        place(t, finish(sums[k], parts[k].length), k);
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

  /** An odd 64-bit weight per position, from a fixed seed: the hash's keys. */
  private static final long[] WEIGHTS = new long[512];

  static {
    for (int i = 0; i < WEIGHTS.length; i++) {
      WEIGHTS[i] = splitMix(i);
    }
  }

  private static long weight(int i) {
    return i < WEIGHTS.length ? WEIGHTS[i] : splitMix(i);
  }

  /**
   * The sum over the ints of their products with their positions' weights, modulo 2^64: a
   * multilinear hash, so a part that differs from another in a few ints has the other's sum updated
   * there ({@link #internNear}); and for two distinct strings of one length, the chance over odd
   * weights drawn at random that their sums agree is at most 2^(v-63), where 2^v is the largest
   * power of two dividing every difference of their ints. Its multiplications are independent of
   * one another, unlike a chained hash's.
   */
  private static long sum(int[] a, int from, int len) {
    long h = 0;
    int n = Math.min(len, WEIGHTS.length);
    for (int i = 0; i < n; i++) {
      h += a[from + i] * WEIGHTS[i];
    }
    for (int i = n; i < len; i++) {
      h += a[from + i] * splitMix(i);
    }
    return h;
  }

  /** The hash of a part of {@code len} ints with sum {@code sum}; its low bits pick a slot. */
  private static long finish(long sum, int len) {
    long h = sum + len * 0x9E3779B97F4A7C15L;
    h ^= h >>> 32;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    h *= 0x94D049BB133111EBL;
    h ^= h >>> 32;
    return h;
  }

  /** Stafford's mix 13 of {@code i}'s golden-ratio multiple, made odd. */
  private static long splitMix(int i) {
    long z = (i + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) | 1;
  }
}
