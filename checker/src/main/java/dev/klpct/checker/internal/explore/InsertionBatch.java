package dev.klpct.checker.internal.explore;

/**
 * Inserts pending successors into the {@link StateStore} a few at a time, in the order they are
 * added: first it reads the table entry each of them is probed at, then inserts them one by one.
 *
 * <p>Why: a large search's table lies far beyond the caches, so every probe is a miss to memory,
 * and a search inserting one state after another waits for each miss in turn (about 0.3 µs each on
 * the machine of docs/performance.md, where a state took 2 µs in all). The reads of a batch do not
 * depend on each other, so the processor has them in flight together; the inserts then find the
 * entries in the cache. The order of the insertions, and so every id and parent, is unchanged.
 *
 * <p>Not thread-safe: one per inserting thread.
 */
final class InsertionBatch {
  /** Successors read ahead at a time: enough misses in flight to hide most of the latency. */
  static final int SIZE = 16;

  private final PendingSuccessors[] from = new PendingSuccessors[SIZE];
  private final int[] index = new int[SIZE];
  private final int[] seq = new int[SIZE];
  private int size;

  /** What the reads ahead returned, kept so that the compiler cannot drop them. */
  private int touched;

  /**
   * Adds the {@code i}-th successor of {@code p}, whose outcome goes to {@code outcome[s]}; inserts
   * the batch when full. Returns how many states new to the store it inserted (none if the batch is
   * not full yet).
   */
  int add(PendingSuccessors p, int i, int s, StateStore store, long[] outcome) {
    from[size] = p;
    index[size] = i;
    seq[size] = s;
    return ++size == SIZE ? insert(store, outcome) : 0;
  }

  /**
   * Inserts the successors added since the last insertion, in the order they were added, noting
   * each one's new id (or -1 where it was already stored) in {@code outcome}. Returns how many were
   * new.
   */
  int insert(StateStore store, long[] outcome) {
    int t = touched;
    for (int j = 0; j < size; j++) {
      t ^= store.touch(from[j].hash(index[j]));
    }
    touched = t;
    int fresh = 0;
    for (int j = 0; j < size; j++) {
      long nid = from[j].insertInto(store, index[j]);
      outcome[seq[j]] = nid >= 0 ? nid : -1;
      if (nid >= 0) {
        fresh++;
      }
    }
    size = 0;
    return fresh;
  }
}
