package dev.klpct.checker.internal.explore;

import dev.klpct.api.Loc;
import java.util.Arrays;

/**
 * Partial-order reduction: which CPUs' steps to explore at a state, a persistent set (the design
 * essay in {@link Search}, section 3).
 *
 * <p>From each enabled CPU in turn, the set P is closed under "the step of a CPU in P conflicts
 * with the future of CPU q" and, for a blocked CPU in P, "q may write what it waits on"; a CPU's
 * future is over-approximated by the layout's access masks. The smallest P wins; its enabled steps
 * are explored. Not thread-safe (scratch space): one per exploring thread.
 */
final class PersistentSets {
  private final int cpus;

  /** Per CPU, the locations it may ever write, as a bit set over indices. */
  private final long[][] mayWrite;

  /** Per CPU, the locations it may ever read. */
  private final long[][] mayRead;

  private final boolean[] inP;
  private final boolean[] best;
  private final int[] queue;

  /**
   * @param layout the locations footprints name, by index (with the fence-order pseudo-location)
   */
  PersistentSets(Loc[] layout, int cpus) {
    this.cpus = cpus;
    this.mayWrite = new long[cpus][(layout.length + 63) >>> 6];
    this.mayRead = new long[cpus][(layout.length + 63) >>> 6];
    for (Loc l : layout) {
      for (int c = 0; c < cpus; c++) {
        if (l.writableBy(c)) {
          mayWrite[c][l.index() >>> 6] |= 1L << l.index();
        }
        if (l.readableBy(c)) {
          mayRead[c][l.index() >>> 6] |= 1L << l.index();
        }
      }
    }
    this.inP = new boolean[cpus];
    this.best = new boolean[cpus];
    this.queue = new int[cpus];
  }

  /**
   * The CPUs whose steps to explore. The result is this object's scratch array, valid until the
   * next call.
   *
   * @param enabled whether each CPU's step moved (else it blocked or the CPU has finished)
   * @param alive whether each CPU may still act (unfinished, or with buffered stores)
   * @param footprints what each CPU's step (all its alternatives) read and wrote
   */
  boolean[] choose(boolean[] enabled, boolean[] alive, Footprint[] footprints) {
    int bestCount = Integer.MAX_VALUE;
    for (int seed = 0; seed < cpus && bestCount > 1; seed++) {
      if (!enabled[seed]) {
        continue;
      }
      Arrays.fill(inP, false);
      int qh = 0;
      int qt = 0;
      inP[seed] = true;
      queue[qt++] = seed;
      int count = 0;
      while (qh < qt) {
        int a = queue[qh++];
        if (enabled[a]) {
          count++;
        }
        for (int b = 0; b < cpus; b++) {
          if (inP[b] || !alive[b]) {
            continue;
          }
          // enabled: the step conflicts with anything b may ever do (b writes what it touches,
          // or reads what it writes); blocked: b may write what it waits on
          Footprint f = footprints[a];
          boolean dep = f.touchesAny(mayWrite[b]) || (enabled[a] && f.writesAny(mayRead[b]));
          if (dep) {
            inP[b] = true;
            queue[qt++] = b;
          }
        }
        if (count >= bestCount) {
          break;
        }
      }
      if (count < bestCount) {
        bestCount = count;
        System.arraycopy(inP, 0, best, 0, cpus);
      }
    }
    return best;
  }

  /** Every CPU: what an unreduced search explores. Scratch, as for {@link #choose}. */
  boolean[] all() {
    Arrays.fill(best, true);
    return best;
  }
}
