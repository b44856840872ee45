package dev.klpct.checker.internal.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Byte strings interned with dense ids ({@code 0, 1, 2, ...} in the order they were first met): the
 * parts of states that take far fewer distinct values than the states, stored once and named in a
 * state's encoding by an id of one to three varint bytes ({@link StateCodec}): a CPU's frames, a
 * part of the views. Each part is its own array.
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
  private volatile byte[][] parts = new byte[32][];

  private int count; // guarded by this

  /** Heap bytes of the parts' arrays. */
  private long partBytes; // guarded by this

  /** The id of the string at {@code from} in {@code b}, interning it if it is new. */
  int intern(byte[] b, int from, int len) {
    long h = StateStore.hash(b, from, len);
    int id = find(slots, h, b, from, len);
    return id >= 0 ? id : add(h, b, from, len);
  }

  /** The part with id {@code id}, as interned. The caller must not change it. */
  byte[] part(int id) {
    return parts[id];
  }

  /** Parts held. */
  synchronized int size() {
    return count;
  }

  /**
   * Bytes held: the parts, each an array (a 16-byte header, the length rounded up to 8), the parts
   * array (counted at 8 bytes a reference) and the slots.
   */
  synchronized long bytes() {
    return partBytes + 8L * parts.length + 4L * slots.length;
  }

  private int find(int[] t, long h, byte[] b, int from, int len) {
    int mask = t.length - 1;
    for (int i = (int) h & mask; ; i = (i + 1) & mask) {
      int s = (int) SLOTS.getAcquire(t, i);
      if (s == 0) {
        return -1;
      }
      byte[] p = parts[s - 1];
      if (p.length == len && Arrays.equals(p, 0, len, b, from, from + len)) {
        return s - 1;
      }
    }
  }

  private synchronized int add(long h, byte[] b, int from, int len) {
    int id = find(slots, h, b, from, len); // another thread may have added it meanwhile
    if (id >= 0) {
      return id;
    }
    id = count;
    if (id == parts.length) {
      parts = Arrays.copyOf(parts, 2 * id);
    }
    parts[id] = Arrays.copyOfRange(b, from, from + len);
    partBytes += 16 + ((len + 7) & ~7);
    count++;
    int[] t = slots;
    if (2 * count > t.length) {
      t = new int[2 * t.length];
      for (int k = 0; k < count - 1; k++) {
        place(t, StateStore.hash(parts[k], 0, parts[k].length), k);
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
}
