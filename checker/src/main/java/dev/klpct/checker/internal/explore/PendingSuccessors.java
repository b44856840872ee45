package dev.klpct.checker.internal.explore;

import java.util.Arrays;

/**
 * Successors an {@link Expander} kept but has not yet inserted into the {@link StateStore}, in the
 * order it found them: each with its encoding, its hash, the state it came from, the step and its
 * position among the successors of its chunk ({@link PendingWindow}). A search inserts them later,
 * chunk by chunk in the level's order, so that every state's parent, and its place in the next
 * level, are those a single thread would give it. Not thread-safe; reused from window to window.
 */
final class PendingSuccessors {
  private byte[] bytes = new byte[1 << 16];
  private int bytesLen;
  private long[] hash = new long[1024];
  private long[] parent = new long[1024];
  private int[] at = new int[1024];
  private int[] len = new int[1024];
  private int[] step = new int[1024];
  private int[] seq = new int[1024];
  private int size;

  void clear() {
    size = 0;
    bytesLen = 0;
  }

  int size() {
    return size;
  }

  /**
   * Adds the successor encoded in {@code src[from, from + n)}, whose {@link StateStore#hash} is
   * {@code h}, the {@code inChunk}-th successor of its chunk.
   */
  void add(byte[] src, int from, int n, long h, long parentId, int cpu, int choice, int inChunk) {
    if (size == hash.length) {
      int cap = size * 2;
      hash = Arrays.copyOf(hash, cap);
      parent = Arrays.copyOf(parent, cap);
      at = Arrays.copyOf(at, cap);
      len = Arrays.copyOf(len, cap);
      step = Arrays.copyOf(step, cap);
      seq = Arrays.copyOf(seq, cap);
    }
    if (bytesLen + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytesLen + n, bytes.length * 2));
    }
    System.arraycopy(src, from, bytes, bytesLen, n);
    hash[size] = h;
    parent[size] = parentId;
    at[size] = bytesLen;
    len[size] = n;
    step[size] = (cpu << 8) | choice;
    seq[size] = inChunk;
    bytesLen += n;
    size++;
  }

  /** The position of the {@code i}-th successor among the successors of its chunk. */
  int seq(int i) {
    return seq[i];
  }

  /** The {@link StateStore#hash} of the {@code i}-th successor. */
  long hash(int i) {
    return hash[i];
  }

  /** Inserts the {@code i}-th successor; returns what {@link StateStore#insert} returns. */
  long insertInto(StateStore store, int i) {
    return store.insertHashed(
        bytes, at[i], len[i], hash[i], parent[i], step[i] >>> 8, step[i] & 0xFF);
  }
}
