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
   * The steps of one state, as the choice asks for them: a CPU's step is run the first time the
   * choice needs to know whether it moved or what it touched, so a CPU the choice never looks at is
   * not run at that state.
   */
  interface Steps {
    /** Whether CPU {@code c}'s step moved (else it blocked, failed or the CPU has finished). */
    boolean enabled(int c);

    /** What CPU {@code c}'s step (all its alternatives) read and wrote. */
    Footprint footprint(int c);
  }

  /**
   * The CPUs whose steps to explore, or none if no CPU's step moved (then every live CPU's step has
   * been asked for): the smallest set, the first in seed order among the smallest. The seeds are
   * tried in CPU order until a set of one enabled CPU is found, so the steps asked for are those of
   * the seeds tried and of the CPUs their closures reached. The result is this object's scratch
   * array, valid until the next call.
   *
   * @param steps the state's steps, asked for on demand
   * @param alive whether each CPU may still act (unfinished, or with buffered stores)
   */
  boolean[] choose(Steps steps, boolean[] alive) {
    int bestCount = Integer.MAX_VALUE;
    Arrays.fill(best, false);
    for (int seed = 0; seed < cpus && bestCount > 1; seed++) {
      if (!alive[seed] || !steps.enabled(seed)) {
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
        boolean enabled = steps.enabled(a);
        if (enabled) {
          count++;
        }
        if (count >= bestCount) {
          break; // cannot win: its other CPUs need not be asked for
        }
        Footprint f = steps.footprint(a);
        for (int b = 0; b < cpus; b++) {
          if (inP[b] || !alive[b]) {
            continue;
          }
          // enabled: the step conflicts with anything b may ever do (b writes what it touches,
          // or reads what it writes); blocked: b may write what it waits on
          boolean dep = f.touchesAny(mayWrite[b]) || (enabled && f.writesAny(mayRead[b]));
          if (dep) {
            inP[b] = true;
            queue[qt++] = b;
          }
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
