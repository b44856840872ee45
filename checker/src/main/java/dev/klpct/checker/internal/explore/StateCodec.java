package dev.klpct.checker.internal.explore;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Packs a state (memory words, every CPU's {@link Frame} and the weak-memory state, if any) into a
 * compact byte string and back: varints of {@code v + 1}, so the small values the kernel model uses
 * (-1..126) take one byte each, and a run of zeros in a weak-memory state written inline takes two.
 * Two states are equal iff their encodings are equal. Not thread-safe (owns scratch buffers).
 *
 * <p>The codec collapses each CPU's frame (collapse compression, as SPIN's {@code -DCOLLAPSE} does
 * for process states [1]): its ints are interned in the CPU's {@link PartTable} and the state's
 * encoding holds its dense id, one or two varint bytes: a CPU's frames take a few hundred to a
 * thousand values, and were half of a state's bytes under sc. Given a division of the weak-memory
 * state into parts ({@link StateParts}) and a table per part, each part is interned likewise and
 * the encoding ends in their ids (recursive indexing [1]): the weak state was three quarters of an
 * lkmm state's bytes, and states share its parts where at two NOHZ_FULL CPUs two thirds of them
 * share no whole weak state (docs/performance.md). Without a division (tso's store buffers, mostly
 * empty) the weak state is written inline. Equality is kept: one int string has one id in a table,
 * and a state's parts are a function of the state.
 *
 * <p>[1] Holzmann, State compression in SPIN: recursive indexing and compression training runs,
 * SPIN Workshop 1997.
 */
final class StateCodec {
  private final int memSize;
  private final int[] regCounts;

  /**
   * Starts a run of zeros in the weak-memory state. No value starts with it there: {@link #putVar}
   * writes it only for 0, which the weak state writes as a run, and a longer varint starts at or
   * above 0x80.
   */
  private static final byte ZERO_RUN = 1;

  /** How the weak-memory state divides into parts; null where it is written inline. */
  private final @Nullable StateParts weakSplit;

  /** Per part of the weak-memory state, the table it is interned in; null where it is inline. */
  private final PartTable @Nullable [] weakParts;

  /** Per CPU, the table its frames are interned in. */
  private final PartTable[] frameParts;

  /** Scratch: the ints of the frame being interned. */
  private int[] frameInts = new int[16];

  /** Parts remembered per part ({@link #successorId}). */
  static final int MAX_NEXT_PARTS = 8;

  // Per CPU, per id of a frame of that CPU, the ids of the frames its steps from that frame led to,
  // up to MAX_NEXT_PARTS: [count, id, id, ...]. A step leads from a frame to one of a few, and
  // comparing the successor's frame with those is cheaper than hashing it to look it up in the
  // CPU's table (PartTable.intern). Per codec, so per thread: no lock.
  private final int[][][] nextFrames;

  // The same per part of the weak state: a step that changes a part leads from it to one of a few
  // (95 % of the parts a search of zijlstra at two NOHZ_FULL CPUs looked up were among the eight
  // met before from the same part), and comparing with those costs less than a lookup in a table
  // of tens of thousands of parts.
  private final int[][][] nextWeakParts;

  /** Per CPU, the id of its frame in the state last decoded. */
  private final int[] decodedFrame;

  private byte[] buf = new byte[256];
  private int len;

  // The weak state the last state was decoded into, which the caller keeps unchanged while it
  // encodes the decoded state's successors (Expander's base state), with where each of its parts
  // starts in its ints and where each part's id starts in the decoded bytes (null: no weak state
  // was decoded into parts): a successor's part that did not change takes that id as it is,
  // without encoding or a lookup.
  private @Nullable MemoryState decodedWeak;
  private final int[] baseBounds;

  /** The ids of the decoded state's weak parts, when it has them. */
  private final int[] baseIds;

  private final int[] weakAt;

  /** Scratch: where each part of the weak state being encoded starts. */
  private final int[] bounds;

  /** The read position of {@link #decode}. */
  private int at;

  // The state last decoded, which successors are encoded against (encodeSuccessor): its bytes
  // (an immutable store record), and where each memory word and each frame starts in them.
  private byte[] baseSrc = new byte[0];
  private final int[] memAt;
  private int[] frameAt;

  /**
   * A codec of its own tables that writes the weak-memory state into the encoding itself: it
   * decodes only what it encoded.
   */
  StateCodec(int memSize, int[] regCounts) {
    this(memSize, regCounts, null, null, PartTable.tables(regCounts.length));
  }

  /**
   * A codec that interns every part of the weak-memory state, as {@code weakSplit} divides it, in
   * its table of {@code weakParts} when those are not null (else it writes the weak state inline),
   * and every CPU's frame in its table of {@code frameParts}. Every codec of one search shares the
   * search's tables, and decodes only what a codec of the same tables encoded.
   */
  StateCodec(
      int memSize,
      int[] regCounts,
      @Nullable StateParts weakSplit,
      PartTable @Nullable [] weakParts,
      PartTable[] frameParts) {
    if (frameParts.length != regCounts.length) {
      throw new IllegalArgumentException("one frame table per CPU");
    }
    if ((weakSplit == null) != (weakParts == null)
        || (weakSplit != null && weakParts.length != weakSplit.count())) {
      throw new IllegalArgumentException("one table per part of the weak state");
    }
    this.weakSplit = weakSplit;
    this.weakParts = weakParts;
    int n = weakParts == null ? 0 : weakParts.length;
    this.baseBounds = new int[n + 1];
    this.baseIds = new int[n];
    this.nextWeakParts = new int[n][0][];
    this.weakAt = new int[n + 1];
    this.bounds = new int[n + 1];
    this.frameParts = frameParts;
    this.memSize = memSize;
    this.regCounts = regCounts.clone();
    this.memAt = new int[memSize + 1];
    this.frameAt = new int[regCounts.length + 1];
    this.nextFrames = new int[regCounts.length][0][];
    this.decodedFrame = new int[regCounts.length];
  }

  byte[] buffer() {
    return buf;
  }

  int length() {
    return len;
  }

  /** Encodes into the internal buffer; returns the length. */
  int encode(int[] mem, Frame[] frames, @Nullable MemoryState weak) {
    len = 0;
    for (int i = 0; i < memSize; i++) {
      putVar(mem[i]);
    }
    for (int c = 0; c < frames.length; c++) {
      int n = fillFrameInts(frames[c]);
      putVar(frameParts[c].intern(frameInts, 0, n));
    }
    putWeakPart(weak);
    return len;
  }

  /**
   * Encodes a successor of the state last {@linkplain #decode decoded} into the internal buffer,
   * exactly as {@link #encode} would; returns the length. The successor differs from that state in
   * memory words and in CPU {@code cpu}'s frame only (a step changes its own CPU's frame): runs of
   * unchanged words and the other CPUs' frames are copied from the decoded bytes rather than
   * encoded again.
   *
   * @param baseMem the memory words of the decoded state
   */
  int encodeSuccessor(
      int[] mem, int[] baseMem, Frame[] frames, int cpu, @Nullable MemoryState weak) {
    len = 0;
    int from = 0;
    while (from < memSize) {
      int m = Arrays.mismatch(mem, from, memSize, baseMem, from, memSize);
      if (m < 0) {
        copyBase(memAt[from], memAt[memSize]);
        break;
      }
      int i = from + m;
      copyBase(memAt[from], memAt[i]);
      putVar(mem[i]);
      from = i + 1;
    }
    copyBase(frameAt[0], frameAt[cpu]);
    putVar(successorFrameId(cpu, fillFrameInts(frames[cpu])));
    copyBase(frameAt[cpu + 1], frameAt[frames.length]);
    putWeakPart(weak);
    return len;
  }

  /**
   * Puts the ints a frame is interned as into {@link #frameInts} and returns their number: one
   * header (0 = finished, else 1 + the results recorded in the current routine), the registers
   * (kept for finished CPUs too: terminal properties may read them), then the results and their
   * checksum, if any (the checksum of no primitive is 0).
   */
  private int fillFrameInts(Frame f) {
    int n = 1 + f.regs.length + (f.finished || f.nres == 0 ? 0 : f.nres + 1);
    if (n > frameInts.length) {
      frameInts = new int[Math.max(n, 2 * frameInts.length)];
    }
    int[] t = frameInts;
    t[0] = f.finished ? 0 : f.nres + 1;
    System.arraycopy(f.regs, 0, t, 1, f.regs.length);
    int p = 1 + f.regs.length;
    if (p < n) {
      System.arraycopy(f.results, 0, t, p, f.nres);
      t[n - 1] = f.checksum;
    }
    return n;
  }

  /**
   * The id in CPU {@code c}'s table of the first {@code n} ints of {@link #frameInts}: CPU {@code
   * c}'s frame in a successor of the state last decoded. The frame is compared first with those CPU
   * {@code c}'s steps from its decoded frame led to before, and interned (and remembered) only if
   * it is none of them; either way its id is the one {@link PartTable#intern} gives, as a table
   * holds one id per int string.
   */
  private int successorFrameId(int c, int n) {
    return successorId(frameParts[c], nextFrames, c, decodedFrame[c], frameInts, 0, n);
  }

  /**
   * The id in {@code table} of the {@code len} ints at {@code from} in {@code b}, a successor's
   * part {@code k} whose decoded state had part {@code base} there: compared first with the parts
   * that successors of {@code base} had before ({@code next[k][base]}), looked up near {@code base}
   * ({@link PartTable#internNear}) and remembered only if it is none of them. Either way the id is
   * the one {@link PartTable#intern} gives, as a table holds one id per int string.
   */
  private static int successorId(
      PartTable table, int[][][] next, int k, int base, int[] b, int from, int len) {
    int[][] byPart = next[k];
    if (base >= byPart.length) {
      byPart = Arrays.copyOf(byPart, Math.max(base + 1, 2 * byPart.length));
      next[k] = byPart;
    }
    int[] ids = byPart[base];
    if (ids != null) {
      for (int i = 1; i <= ids[0]; i++) {
        int[] part = table.part(ids[i]);
        if (Arrays.equals(part, 0, part.length, b, from, from + len)) {
          return ids[i];
        }
      }
    } else {
      ids = new int[1 + MAX_NEXT_PARTS];
      byPart[base] = ids;
    }
    int id = table.internNear(b, from, len, base);
    if (ids[0] < MAX_NEXT_PARTS) {
      ids[++ids[0]] = id;
    }
    return id;
  }

  /**
   * Writes the weak-memory state, or with tables of weak parts the ids of its parts' interned
   * copies: the decoded state's own for parts whose ints are the same, without encoding them or a
   * lookup; the others looked up near the decoded state's (their hashes updated where they differ).
   */
  private void putWeakPart(@Nullable MemoryState weak) {
    if (weak == null) {
      return;
    }
    StateParts split = weakSplit;
    PartTable[] tables = weakParts;
    if (split == null || tables == null) {
      putWeak(weak.a, weak.len);
      return;
    }
    MemoryState d = decodedWeak;
    int n = tables.length;
    if (d != null && Arrays.equals(d.a, 0, d.len, weak.a, 0, weak.len)) {
      copyBase(weakAt[0], weakAt[n]); // the step changed no view: no bounds to find
      return;
    }
    int[] b = bounds;
    split.bounds(weak, b);
    for (int k = 0; k < n; k++) {
      if (d != null
          && Arrays.equals(d.a, baseBounds[k], baseBounds[k + 1], weak.a, b[k], b[k + 1])) {
        copyBase(weakAt[k], weakAt[k + 1]);
        continue;
      }
      int len = b[k + 1] - b[k];
      putVar(
          d == null
              ? tables[k].intern(weak.a, b[k], len)
              : successorId(tables[k], nextWeakParts, k, baseIds[k], weak.a, b[k], len));
    }
  }

  /** Appends bytes {@code from} (inclusive) to {@code to} of the decoded state. */
  private void copyBase(int from, int to) {
    int n = to - from;
    ensureRoom(n);
    System.arraycopy(baseSrc, from, buf, len, n);
    len += n;
  }

  /**
   * A weak-memory state written inline (tso's store buffers): its length, then its ints, each as
   * {@link #putVar} writes it except that a run of zeros is {@link #ZERO_RUN} and the run's length.
   */
  private void putWeak(int[] a, int n) {
    // Written for every successor: one capacity check for its worst case (five bytes an int) and
    // the position in a local, not per int.
    ensureRoom(5 * (n + 1));
    byte[] b = buf;
    int l = writeVar(b, len, n);
    int i = 0;
    while (i < n) {
      int z = a[i] + 1;
      if (z != 1) {
        if ((z & ~0x7F) == 0) {
          b[l++] = (byte) z; // the common case: one byte
        } else {
          l = writeVar(b, l, z - 1);
        }
        i++;
        continue;
      }
      int end = i + 1;
      while (end < n && a[end] == 0) {
        end++;
      }
      b[l++] = ZERO_RUN;
      l = writeVar(b, l, end - i);
      i = end;
    }
    len = l;
  }

  /**
   * Writes {@code v} at {@code b[l]}, which has room for five bytes; returns the position after it.
   * Values are stored as the unsigned varint of v + 1: the model's values are mostly small and
   * non-negative with -1 (KLP_UNDEFINED) common, so -1..126 take one byte; other negative values
   * take five, which is rare.
   */
  private static int writeVar(byte[] b, int l, int v) {
    int z = v + 1;
    while ((z & ~0x7F) != 0) {
      b[l++] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    b[l++] = (byte) z;
    return l;
  }

  /**
   * Reads ints as {@link #putWeak} wrote them at {@link #at} in {@code src} into {@code weak};
   * returns their number.
   */
  private int getWeak(byte[] src, MemoryState weak) {
    int end = getVar(src);
    weak.ensure(end);
    int[] a = weak.a;
    int i = 0;
    // The position in a local, as in putWeak; getVar, which moves the field, for runs and the rare
    // values of more than one byte.
    int p = at;
    while (i < end) {
      byte c = src[p];
      if (c == ZERO_RUN) {
        at = p + 1;
        int runEnd = i + getVar(src);
        p = at;
        Arrays.fill(a, i, runEnd, 0);
        i = runEnd;
      } else if (c >= 0) {
        a[i++] = c - 1; // the common case: one byte
        p++;
      } else {
        at = p;
        a[i++] = getVar(src);
        p = at;
      }
    }
    at = p;
    return end;
  }

  /** The id of CPU {@code c}'s frame in the state last {@linkplain #decode decoded}. */
  int decodedFrameId(int c) {
    return decodedFrame[c];
  }

  /** Decodes {@code length} bytes at {@code off} of {@code src}. */
  void decode(byte[] src, int off, int[] mem, Frame[] frames, @Nullable MemoryState weak) {
    at = off;
    baseSrc = src;
    if (frameAt.length != frames.length + 1) {
      frameAt = new int[frames.length + 1];
    }
    int w = 0;
    for (int p = at; w < memSize && src[p] >= 0; w++, p++) {
      memAt[w] = p; // the common case: every word takes one byte
      mem[w] = src[p] - 1;
    }
    at += w;
    for (; w < memSize; w++) {
      memAt[w] = at;
      mem[w] = getVar(src);
    }
    memAt[memSize] = at;
    for (int c = 0; c < frames.length; c++) {
      frameAt[c] = at;
      int id = getVar(src);
      decodedFrame[c] = id;
      getFrame(frameParts[c].part(id), frames[c], regCounts[c]);
    }
    frameAt[frames.length] = at;
    decodedWeak = null;
    if (weak == null) {
      return;
    }
    PartTable[] tables = weakParts;
    if (tables == null) {
      weak.len = getWeak(src, weak);
      weak.changed();
      return;
    }
    int n = 0;
    for (int k = 0; k < tables.length; k++) {
      weakAt[k] = at;
      baseBounds[k] = n;
      int id = getVar(src);
      baseIds[k] = id;
      int[] part = tables[k].part(id);
      weak.ensure(n + part.length);
      System.arraycopy(part, 0, weak.a, n, part.length);
      n += part.length;
    }
    weakAt[tables.length] = at;
    baseBounds[tables.length] = n;
    weak.len = n;
    weak.changed();
    decodedWeak = weak;
  }

  /**
   * Decodes a frame of {@code regs} registers from its ints, as {@link #fillFrameInts} made them.
   */
  private static void getFrame(int[] src, Frame f, int regs) {
    int header = src[0];
    System.arraycopy(src, 1, f.regs, 0, regs);
    f.finished = header == 0;
    f.nres = header == 0 ? 0 : header - 1;
    f.checksum = 0;
    if (f.nres == 0) {
      return;
    }
    System.arraycopy(src, 1 + regs, f.results, 0, f.nres);
    f.checksum = src[1 + regs + f.nres];
  }

  /** Makes room for {@code n} more bytes in the buffer. */
  private void ensureRoom(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
    }
  }

  /** Appends {@code v} as {@link #writeVar} writes it. */
  private void putVar(int v) {
    ensureRoom(5);
    len = writeVar(buf, len, v);
  }

  private int getVar(byte[] src) {
    byte b = src[at++];
    if (b >= 0) {
      return b - 1; // the common case: one byte
    }
    int shift = 7;
    int z = b & 0x7F;
    while (true) {
      b = src[at++];
      z |= (b & 0x7F) << shift;
      if (b >= 0) {
        break;
      }
      shift += 7;
    }
    return z - 1;
  }
}
