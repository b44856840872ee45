package dev.klpct.checker.internal.explore;

import java.util.Arrays;

/**
 * Successors an {@link Expander} kept but has not yet inserted into the {@link StateStore}, in the
 * order it found them: each with its encoding, its hash, the state it came from, the step and the
 * rank (position in the BFS level) of the state it came from. A parallel search inserts them later,
 * in rank order, so that every state's parent, and its place in the next level, are those a single
 * thread would give it. Not thread-safe; reused from window to window.
 */
final class PendingSuccessors {
  private byte[] bytes = new byte[1 << 16];
  private int bytesLen;
  private long[] hash = new long[1024];
  private long[] parent = new long[1024];
  private int[] at = new int[1024];
  private int[] len = new int[1024];
  private int[] step = new int[1024];
  private int[] rank = new int[1024];
  private int size;

  void clear() {
    size = 0;
    bytesLen = 0;
  }

  int size() {
    return size;
  }

  /** Adds the successor encoded in {@code src[from, from + n)}. */
  void add(byte[] src, int from, int n, long parentId, int cpu, int choice, int parentRank) {
    if (size == hash.length) {
      int cap = size * 2;
      hash = Arrays.copyOf(hash, cap);
      parent = Arrays.copyOf(parent, cap);
      at = Arrays.copyOf(at, cap);
      len = Arrays.copyOf(len, cap);
      step = Arrays.copyOf(step, cap);
      rank = Arrays.copyOf(rank, cap);
    }
    if (bytesLen + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytesLen + n, bytes.length * 2));
    }
    System.arraycopy(src, from, bytes, bytesLen, n);
    hash[size] = StateStore.hash(src, from, n);
    parent[size] = parentId;
    at[size] = bytesLen;
    len[size] = n;
    step[size] = (cpu << 8) | choice;
    rank[size] = parentRank;
    bytesLen += n;
    size++;
  }

  /** The rank of the state the {@code i}-th successor came from. */
  int rank(int i) {
    return rank[i];
  }

  /** The {@link StateStore#hash} of the {@code i}-th successor. */
  long hash(int i) {
    return hash[i];
  }

  /** The segment of the {@link StateStore} the {@code i}-th successor belongs to. */
  int segment(int i) {
    return StateStore.segmentOf(hash[i]);
  }

  /** Inserts the {@code i}-th successor; returns what {@link StateStore#insert} returns. */
  long insertInto(StateStore store, int i) {
    return store.insertHashed(
        bytes, at[i], len[i], hash[i], parent[i], step[i] >>> 8, step[i] & 0xFF);
  }
}
