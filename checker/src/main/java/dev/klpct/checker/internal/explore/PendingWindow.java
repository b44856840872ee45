package dev.klpct.checker.internal.explore;

/**
 * The successors one exploring thread found in one window of a BFS level, kept apart by the slot of
 * the thread that will insert them (a {@link StateStore} segment's successors are inserted by slot
 * {@code segment % slots}), each numbered within the chunk of states it was found from ({@link
 * WindowChunks}).
 *
 * <p>Why apart: each inserting thread then reads only the successors it inserts. Kept in one list,
 * every thread walked every thread's successors to find its own, reading the other's lists across
 * cores for entries it then skipped (docs/performance.md, "Successors kept by the thread that
 * inserts them"). Not thread-safe: one per exploring thread and window parity, reused.
 */
final class PendingWindow {
  private PendingSuccessors[] bySlot = {new PendingSuccessors()};
  private int slots = 1;
  private int inChunk;

  /** Empties the window, for successors to be inserted by {@code slots} threads. */
  void clear(int slots) {
    if (slots > bySlot.length) {
      PendingSuccessors[] grown = new PendingSuccessors[slots];
      System.arraycopy(bySlot, 0, grown, 0, bySlot.length);
      for (int s = bySlot.length; s < slots; s++) {
        grown[s] = new PendingSuccessors();
      }
      bySlot = grown;
    }
    for (int s = 0; s < slots; s++) {
      bySlot[s].clear();
    }
    this.slots = slots;
    inChunk = 0;
  }

  /** The successors slot {@code s} inserts, in the order they were found. */
  PendingSuccessors forSlot(int s) {
    return bySlot[s];
  }

  /** Starts numbering the successors of a new chunk from 0. */
  void startChunk() {
    inChunk = 0;
  }

  /** Adds the successor encoded in {@code src[from, from + n)}. */
  void add(byte[] src, int from, int n, long parentId, int cpu, int choice) {
    long h = StateStore.hash(src, from, n);
    int s = slots == 1 ? 0 : StateStore.segmentOf(h) % slots;
    bySlot[s].add(src, from, n, h, parentId, cpu, choice, inChunk++);
  }
}
