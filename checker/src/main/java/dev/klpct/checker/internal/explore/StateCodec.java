package dev.klpct.checker.internal.explore;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Packs a state (memory words, every CPU's {@link Frame} and the weak-memory state, if any) into a
 * compact byte string and back: varints of {@code v + 1}, so the small values the kernel model uses
 * (-1..126) take one byte each. Two states are equal iff their encodings are equal. Not thread-safe
 * (owns a scratch buffer).
 */
final class StateCodec {
  private final int memSize;
  private final int[] regCounts;
  private byte[] buf = new byte[256];
  private int len;

  StateCodec(int memSize, int[] regCounts) {
    this.memSize = memSize;
    this.regCounts = regCounts.clone();
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
    for (Frame f : frames) {
      // one header: 0 = finished, else 1 + results recorded in the current routine
      putVar(f.finished ? 0 : f.nres + 1);
      for (int r : f.regs) {
        putVar(r); // kept for finished CPUs too: terminal properties may read them
      }
      if (f.finished || f.nres == 0) {
        continue; // no results, and the checksum of no primitive is 0
      }
      for (int i = 0; i < f.nres; i++) {
        putVar(f.results[i]);
      }
      put((byte) f.checksum);
    }
    if (weak != null) {
      putVar(weak.len);
      for (int i = 0; i < weak.len; i++) {
        putVar(weak.a[i]);
      }
    }
    return len;
  }

  /** Decodes {@code length} bytes at {@code off} of {@code src}. */
  void decode(byte[] src, int off, int[] mem, Frame[] frames, @Nullable MemoryState weak) {
    int[] p = {off};
    for (int i = 0; i < memSize; i++) {
      mem[i] = getVar(src, p);
    }
    for (int c = 0; c < frames.length; c++) {
      Frame f = frames[c];
      int header = getVar(src, p);
      for (int r = 0; r < regCounts[c]; r++) {
        f.regs[r] = getVar(src, p);
      }
      f.finished = header == 0;
      f.nres = header == 0 ? 0 : header - 1;
      f.checksum = 0;
      if (f.nres == 0) {
        continue;
      }
      for (int i = 0; i < f.nres; i++) {
        f.results[i] = getVar(src, p);
      }
      f.checksum = src[p[0]++] & 0xFF;
    }
    if (weak != null) {
      int n = getVar(src, p);
      weak.ensure(n);
      for (int i = 0; i < n; i++) {
        weak.a[i] = getVar(src, p);
      }
      weak.len = n;
    }
  }

  private void put(byte b) {
    if (len == buf.length) {
      buf = Arrays.copyOf(buf, len * 2);
    }
    buf[len++] = b;
  }

  // Values are stored as the unsigned varint of v + 1: the model's values are mostly small and
  // non-negative with -1 (KLP_UNDEFINED) common, so -1..126 take one byte; other negative values
  // take five, which is rare.
  private void putVar(int v) {
    int z = v + 1;
    while ((z & ~0x7F) != 0) {
      put((byte) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    put((byte) z);
  }

  private static int getVar(byte[] src, int[] p) {
    int shift = 0;
    int z = 0;
    while (true) {
      byte b = src[p[0]++];
      z |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    return z - 1;
  }
}
