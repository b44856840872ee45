package dev.klpct.checker.internal.explore;

import java.util.Arrays;

/**
 * The chunks of one window of a BFS level, in level order: which thread expanded each, and where
 * the successors it kept lie in each of that thread's {@link PendingWindow} lists. With it an
 * inserting thread visits its successors in the order one thread would have found them (chunk by
 * chunk, and within a chunk in each list's order) and knows each one's position in the window's
 * order: the chunks before it, plus its number within its chunk.
 *
 * <p>Each chunk's entries are written by the thread that expands it ({@link #begin}, {@link #end})
 * and read after the round's barrier. Reused from window to window.
 */
final class WindowChunks {
  private int count;
  private int slots = 1;
  private int[] owner = new int[0];
  private int[] from = new int[0];
  private int[] to = new int[0];

  /** Empties the table for a window of {@code chunks} chunks inserted by {@code slots} threads. */
  void reset(int chunks, int slots) {
    if (chunks > owner.length || chunks * slots > from.length) {
      owner = new int[Math.max(chunks, owner.length)];
      from = new int[owner.length * slots];
      to = new int[owner.length * slots];
    }
    this.count = chunks;
    this.slots = slots;
    // A chunk left unexpanded (the search stopped) holds no successors.
    Arrays.fill(owner, 0, chunks, 0);
    Arrays.fill(from, 0, chunks * slots, 0);
    Arrays.fill(to, 0, chunks * slots, 0);
  }

  /** Thread {@code thread} starts expanding chunk {@code k} into {@code w}. */
  void begin(int k, int thread, PendingWindow w) {
    owner[k] = thread;
    for (int s = 0; s < slots; s++) {
      from[k * slots + s] = w.forSlot(s).size();
    }
    w.startChunk();
  }

  /** The thread expanding chunk {@code k} into {@code w} is done with it. */
  void end(int k, PendingWindow w) {
    for (int s = 0; s < slots; s++) {
      to[k * slots + s] = w.forSlot(s).size();
    }
  }

  /** The number of chunks. */
  int count() {
    return count;
  }

  /** The thread that expanded chunk {@code k}. */
  int owner(int k) {
    return owner[k];
  }

  /** The successors chunk {@code k} kept, over every slot. */
  int size(int k) {
    int n = 0;
    for (int s = 0; s < slots; s++) {
      n += to(k, s) - from(k, s);
    }
    return n;
  }

  /** Where chunk {@code k}'s successors for slot {@code s} start in its owner's list for slot s. */
  int from(int k, int s) {
    return from[k * slots + s];
  }

  /** Where they end. */
  int to(int k, int s) {
    return to[k * slots + s];
  }

  /** The successors all chunks kept. */
  int total() {
    int t = 0;
    for (int k = 0; k < count; k++) {
      t += size(k);
    }
    return t;
  }
}
