package dev.klpct.checker.internal.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The set of visited states, each stored once as its encoding plus a parent pointer, in segments
 * that several threads fill at once, each segment by one thread at a time.
 *
 * <h2>Layout</h2>
 *
 * Each segment owns an open-addressing table of {@code long} slots and an arena of 256 KiB byte
 * chunks. A record is {@code [length:1-2][state bytes][parent id:5][step:1-2]}, the step being the
 * CPU and choice that led to the state, in one byte when the CPU is below 8 and the choice below
 * 31; a state's id is {@code segment << 36 | offset}. A slot is an {@code int} holding {@code
 * offset / 2 + 1} (records start on even offsets) with 8 bits of the hash beside it: five bytes,
 * {@code [tag][slot]}, in one byte array, so that a probe costs one cache miss and most mismatches
 * are rejected without touching the arena. Records never move, so ids stay valid and a record
 * written in one BFS level can be read without a lock in the next. When a table grows, the arena is
 * walked in order (sequential reads) to rehash its records, rather than the old table (a random
 * read of the arena per record).
 *
 * <p>Thread-safety: inserts into one segment ({@link #segmentOf}) must not overlap, and must be
 * ordered by happens-before edges; inserts into different segments may run at once. A parallel
 * search has each segment filled by its owning thread within a round and the rounds separated by
 * barriers ({@code Search}), so the segments take no lock: a monitor per insert cost about two
 * percent of a search (docs/performance.md, "Blocked steps on dry, segments without a lock").
 * {@link #chunk} and the readers are safe for records inserted before a happens-before edge (the
 * BFS level barrier); {@link #size} and {@link #bytes} for a store no thread is inserting into.
 */
final class StateStore {
  static final long NO_PARENT = -1L;

  /** Bits of a state id below the segment number: 64 GiB of arena per segment. */
  private static final int SEG_SHIFT = 36;

  private static final long PARENT_NONE = (1L << (8 * 5)) - 1;
  private static final int SEGMENT_BITS = 4;
  static final int SEGMENT_COUNT = 1 << SEGMENT_BITS;
  private static final int CHUNK_BITS = 18;
  private static final int CHUNK = 1 << CHUNK_BITS;

  /**
   * Chunks per arena block, for the first blocks of a segment; every later block holds {@link
   * #BLOCK_CHUNKS}. A chunk is the unit records do not straddle; a block is the byte array that
   * holds chunks. Blocks of 31 chunks (7.75 MiB) are "humongous" objects for G1 with regions of up
   * to 8 MiB: allocated outside the young generation, they are never copied by a collection, where
   * 256 KiB arrays were copied from young to old space with every state in them, at the cost of
   * collection pauses that stop every exploring thread. 2^k - 1 chunks, so that with the array
   * header a block still fits a whole number of 2 MiB regions.
   *
   * <p>The first blocks grow geometrically so that a search pays for its store in proportion to
   * what it stored: the segments fill at the same rate, so they also need their next block at about
   * the same moment, and with 31-chunk second blocks that moment came at about 58,000 states, where
   * sixteen 7.75 MiB arrays (124 MiB) were allocated within one window, and a search in a fresh JVM
   * overran a 1.5 s {@code --time-limit} by a quarter.
   */
  private static final int[] FIRST_BLOCK_CHUNKS = {1, 1, 3, 7, 15};

  private static final int BLOCK_CHUNKS = 31;

  /** Chunks in the first blocks. */
  private static final int FIRST_CHUNKS = IntStream.of(FIRST_BLOCK_CHUNKS).sum();

  /** For each chunk of the first blocks, its block, and its place in the block. */
  private static final byte[] BLOCK_OF_CHUNK = new byte[FIRST_CHUNKS];

  private static final byte[] CHUNK_IN_BLOCK = new byte[FIRST_CHUNKS];

  static {
    int c = 0;
    for (int b = 0; b < FIRST_BLOCK_CHUNKS.length; b++) {
      for (int k = 0; k < FIRST_BLOCK_CHUNKS[b]; k++, c++) {
        BLOCK_OF_CHUNK[c] = (byte) b;
        CHUNK_IN_BLOCK[c] = (byte) k;
      }
    }
  }

  private static final int PARENT_BYTES = 5;

  /** Little-endian views of byte arrays: hashing eight bytes at a time, the tables' slots. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** Bytes of a table entry: the tag, then the slot. */
  private static final int ENTRY = 5;

  private final Segment[] segments = new Segment[SEGMENT_COUNT];

  StateStore() {
    for (int i = 0; i < SEGMENT_COUNT; i++) {
      segments[i] = new Segment();
    }
  }

  /**
   * Inserts a state if absent. Returns its new id, or {@code -1 - existingId} if it was already
   * present. Not to overlap another insert into the same segment (see the class comment).
   */
  long insert(byte[] bytes, int len, long parent, int cpu, int choice) {
    return insertHashed(bytes, 0, len, hash(bytes, 0, len), parent, cpu, choice);
  }

  /** {@link #insert}, for a state whose {@link #hash} {@code h} is already known. */
  long insertHashed(byte[] bytes, int from, int len, long h, long parent, int cpu, int choice) {
    int seg = segmentOf(h);
    long off = segments[seg].insert(bytes, from, len, h, parent, cpu, choice);
    if (off < 0) {
      return -1 - (((long) seg << SEG_SHIFT) | (-1 - off));
    }
    return ((long) seg << SEG_SHIFT) | off;
  }

  /**
   * Reads the table entry where a state of {@link #hash} {@code h} is probed first, and returns it,
   * so that a caller inserting several states can start their table's cache misses together before
   * inserting them one by one ({@link InsertionBatch}). Changes nothing. To be called only by a
   * thread that may insert into {@code h}'s segment at this point (its owner in a parallel search).
   */
  int touch(long h) {
    Segment s = segments[segmentOf(h)];
    return s.table[s.home(h) * ENTRY];
  }

  /** The chunk holding a record; the record starts at {@link #offsetInChunk}. */
  byte[] chunk(long id) {
    Segment s = segments[(int) (id >>> SEG_SHIFT)];
    long off = id & ((1L << SEG_SHIFT) - 1);
    return s.blocks[blockOf(off)];
  }

  /** The block holding arena offset {@code off}. */
  private static int blockOf(long off) {
    int ci = (int) (off >>> CHUNK_BITS);
    return ci < FIRST_CHUNKS
        ? BLOCK_OF_CHUNK[ci]
        : FIRST_BLOCK_CHUNKS.length + (ci - FIRST_CHUNKS) / BLOCK_CHUNKS;
  }

  /** The chunks block {@code b} holds. */
  private static int chunksOfBlock(int b) {
    return b < FIRST_BLOCK_CHUNKS.length ? FIRST_BLOCK_CHUNKS[b] : BLOCK_CHUNKS;
  }

  /** Where arena offset {@code off} is in its block. */
  private static int inBlock(long off) {
    int ci = (int) (off >>> CHUNK_BITS);
    int chunkInBlock = ci < FIRST_CHUNKS ? CHUNK_IN_BLOCK[ci] : (ci - FIRST_CHUNKS) % BLOCK_CHUNKS;
    return (chunkInBlock << CHUNK_BITS) | (int) (off & (CHUNK - 1));
  }

  /** Offset of the state bytes of record {@code id} in its chunk. */
  static int offsetInChunk(byte[] chunk, long id) {
    int o = inBlock(id & ((1L << SEG_SHIFT) - 1));
    return o + ((chunk[o] & 0x80) == 0 ? 1 : 2);
  }

  static int length(byte[] chunk, long id) {
    return lengthAt(chunk, inBlock(id & ((1L << SEG_SHIFT) - 1)));
  }

  private static int lengthAt(byte[] c, int o) {
    int b = c[o] & 0xFF;
    return (b & 0x80) == 0 ? b : ((b & 0x7F) << 8) | (c[o + 1] & 0xFF);
  }

  private static int headerAt(byte[] c, int o) {
    return (c[o] & 0x80) == 0 ? 1 : 2;
  }

  long parent(long id) {
    byte[] c = chunk(id);
    int o = offsetInChunk(c, id) + length(c, id);
    long v = 0;
    for (int i = 0; i < PARENT_BYTES; i++) {
      v = (v << 8) | (c[o + i] & 0xFF);
    }
    return v == PARENT_NONE ? NO_PARENT : v;
  }

  /** The CPU whose step led to {@code id}. */
  int cpu(long id) {
    byte[] c = chunk(id);
    int o = offsetInChunk(c, id) + length(c, id) + PARENT_BYTES;
    int b = c[o] & 0xFF;
    return (b & 0x80) == 0 ? b >>> 5 : b & 0x7F;
  }

  /** The choice alternative of that step, 0xFF for none. */
  int choice(long id) {
    byte[] c = chunk(id);
    int o = offsetInChunk(c, id) + length(c, id) + PARENT_BYTES;
    int b = c[o] & 0xFF;
    if ((b & 0x80) == 0) {
      int ch = b & 0x1F;
      return ch == 0x1F ? 0xFF : ch;
    }
    return c[o + 1] & 0xFF;
  }

  /** Encodes (cpu, choice) in one byte if it fits, else in two. */
  private static int stepBytes(int cpu, int choice) {
    return cpu < 4 && (choice == 0xFF || choice < 0x1F) ? 1 : 2;
  }

  /** States held. */
  long size() {
    long n = 0;
    for (Segment s : segments) {
      n += s.count;
    }
    return n;
  }

  /** Bytes held by the store (arena bytes in use plus tables). */
  long bytes() {
    long n = 0;
    for (Segment s : segments) {
      n += s.bytesUsed + (long) s.capacity * ENTRY;
    }
    return n;
  }

  /**
   * The segment a state of {@link #hash} {@code h} is stored in, in {@code [0, }{@link
   * #SEGMENT_COUNT}{@code )}. A state's id depends only on the order of the insertions into its
   * segment, not on those into other segments: inserting each segment's states in a fixed order
   * gives the same ids, whichever threads insert and however their insertions into different
   * segments interleave.
   */
  static int segmentOf(long h) {
    return (int) (h >>> (64 - SEGMENT_BITS));
  }

  static long hash(byte[] b, int off, int len) {
    long h = 0x9E3779B97F4A7C15L ^ len;
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      long k = (long) LONGS.get(b, i); // the eight bytes as a little-endian long
      h = Long.rotateLeft(h ^ (k * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
    }
    for (; i < end; i++) {
      h = Long.rotateLeft(h ^ ((b[i] & 0xFFL) * 0x165667B19E3779F9L), 23) * 0x9E3779B97F4A7C15L;
    }
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return h;
  }

  /** Records a table growth places at a time ({@link Segment#place}). */
  private static final int PLACE_AHEAD = 16;

  private static final class Segment {
    /** Entries {@code [tag:1][slot:4]}; slot = record offset / 2 + 1 (0 = empty). */
    byte[] table = new byte[(1 << 10) * ENTRY];

    int capacity = 1 << 10;
    int count;

    /** The arena: 2^16 chunks (16 GiB) in blocks ({@link #blockOf}). */
    final byte[][] blocks =
        new byte[FIRST_BLOCK_CHUNKS.length + ((1 << 16) - FIRST_CHUNKS) / BLOCK_CHUNKS + 1][];

    /** Per chunk, where its last record ends (a record that does not fit starts the next). */
    int[] chunkEnd = new int[16];

    long top; // next free offset in the arena
    long bytesUsed;

    /** What {@link #place}'s reads ahead returned, kept so that the compiler cannot drop them. */
    private int touched;

    /** Returns the offset of a new record, or {@code -1 - offset} of the existing one. */
    long insert(byte[] bytes, int from, int len, long h, long parent, int cpu, int choice) {
      if (len > 0x7FFF) {
        throw new IllegalStateException("state encoding too long: " + len);
      }
      byte[] t = table;
      int mask = capacity - 1;
      byte tag = (byte) h;
      int i = home(h, mask);
      while (true) {
        int e = i * ENTRY;
        int slot = (int) INTS.get(t, e + 1);
        if (slot == 0) {
          break;
        }
        if (t[e] == tag) {
          long off = offsetOf(slot);
          if (equalsAt(off, bytes, from, len)) {
            return -1 - off;
          }
        }
        i = (i + 1) & mask;
      }
      long off = append(bytes, from, len, parent, cpu, choice);
      if (off / 2 + 1 > Integer.MAX_VALUE) {
        throw new IllegalStateException("state store segment full (4 GiB)");
      }
      t[i * ENTRY] = tag;
      INTS.set(t, i * ENTRY + 1, (int) (off / 2 + 1));
      if (++count * 5L > capacity * 4L) { // load factor 0.8
        grow();
      }
      return off;
    }

    /** The table entry where a state of hash {@code h} is probed first. */
    int home(long h) {
      return home(h, capacity - 1);
    }

    /** The entry of a table of {@code mask + 1} entries where hash {@code h} is probed first. */
    private static int home(long h, int mask) {
      return (int) (h >>> 20) & mask;
    }

    private static long offsetOf(int slot) {
      return ((slot & 0xFFFF_FFFFL) - 1) * 2;
    }

    private boolean equalsAt(long off, byte[] bytes, int from, int len) {
      byte[] c = blocks[blockOf(off)];
      int o = inBlock(off);
      int l = lengthAt(c, o);
      int h = headerAt(c, o);
      return l == len && Arrays.equals(c, o + h, o + h + len, bytes, from, from + len);
    }

    private long append(byte[] bytes, int from, int len, long parent, int cpu, int choice) {
      if (len >= 0x8000) {
        // the length header has 15 bits; a state this large means a runaway model
        throw new IllegalStateException(
            "state of " + len + " bytes: more than the store's" + " 32767-byte limit");
      }
      int head = len < 0x80 ? 1 : 2;
      int stepLen = stepBytes(cpu, choice);
      int need = head + len + PARENT_BYTES + stepLen;
      int within = (int) (top & (CHUNK - 1));
      if (within + need > CHUNK) {
        top += CHUNK - within; // records never straddle chunks
      }
      int ci = (int) (top >>> CHUNK_BITS);
      int bi = blockOf(top);
      if (blocks[bi] == null) {
        blocks[bi] = new byte[chunksOfBlock(bi) * CHUNK];
      }
      if (ci >= chunkEnd.length) {
        chunkEnd = Arrays.copyOf(chunkEnd, chunkEnd.length * 2);
      }
      byte[] c = blocks[bi];
      int o = inBlock(top);
      if (head == 1) {
        c[o] = (byte) len;
      } else {
        c[o] = (byte) (0x80 | (len >>> 8));
        c[o + 1] = (byte) len;
      }
      System.arraycopy(bytes, from, c, o + head, len);
      int t = o + head + len;
      long p = parent == NO_PARENT ? PARENT_NONE : parent;
      for (int k = PARENT_BYTES - 1; k >= 0; k--) {
        c[t++] = (byte) (p >>> (8 * k));
      }
      if (stepLen == 1) {
        c[t] = (byte) ((cpu << 5) | (choice == 0xFF ? 0x1F : choice));
      } else {
        c[t] = (byte) (0x80 | cpu);
        c[t + 1] = (byte) choice;
      }
      long off = top;
      top += need + (need & 1); // keep offsets even (slots store offset / 2)
      chunkEnd[ci] = (int) (off & (CHUNK - 1)) + need + (need & 1);
      bytesUsed += need + (need & 1);
      return off;
    }

    /**
     * Doubles the table, re-placing every record by walking the arena in the order the records were
     * appended: sequential reads, where going through the old table would read the arena at random.
     * The records are placed {@link #PLACE_AHEAD} at a time, their entries read first, so that the
     * new table's cache misses overlap as an {@link InsertionBatch}'s do.
     */
    private void grow() {
      int cap = capacity * 2;
      byte[] n = new byte[cap * ENTRY];
      int mask = cap - 1;
      long[] hashes = new long[PLACE_AHEAD];
      int[] slots = new int[PLACE_AHEAD];
      int ahead = 0;
      long off = 0;
      while (off < top) {
        int ci = (int) (off >>> CHUNK_BITS);
        byte[] c = blocks[blockOf(off)];
        long chunkStart = off & ~(long) (CHUNK - 1);
        int base = inBlock(chunkStart); // the chunk's start in its block
        int o = base;
        int end = base + chunkEnd[ci];
        while (o < end) {
          int head = headerAt(c, o);
          int len = lengthAt(c, o);
          hashes[ahead] = hash(c, o + head, len);
          slots[ahead] = (int) ((chunkStart + o - base) / 2 + 1);
          if (++ahead == PLACE_AHEAD) {
            place(n, mask, hashes, slots, ahead);
            ahead = 0;
          }
          int s = o + head + len + PARENT_BYTES;
          int need = s + ((c[s] & 0x80) == 0 ? 1 : 2) - o;
          o += need + (need & 1);
        }
        off = chunkStart + CHUNK;
      }
      place(n, mask, hashes, slots, ahead);
      table = n;
      capacity = cap;
    }

    /** Places the first {@code k} records of {@code slots} into table {@code n}, in order. */
    private void place(byte[] n, int mask, long[] hashes, int[] slots, int k) {
      int t = touched;
      for (int j = 0; j < k; j++) {
        t ^= n[home(hashes[j], mask) * ENTRY]; // the k records' misses in flight together
      }
      touched = t;
      for (int j = 0; j < k; j++) {
        long h = hashes[j];
        int i = home(h, mask);
        while ((int) INTS.get(n, i * ENTRY + 1) != 0) {
          i = (i + 1) & mask;
        }
        n[i * ENTRY] = (byte) h;
        INTS.set(n, i * ENTRY + 1, slots[j]);
      }
    }
  }
}
