package dev.klpct.checker.internal.explore;

import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.WriteObserver;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The machine's write observers and the stores of the current step waiting for them. Observers run
 * after the step's primitive has been recorded, so that they see a consistent step; a weak store
 * may report two coherence-order links, a drained store buffer several.
 */
final class WriteObservers {
  private final @Nullable WriteObserver[] observers;
  private Loc[] loc = new Loc[4];
  private int[] vals = new int[12];
  private Site[] site = new Site[4];
  private int count;

  /** {@code observers[i]}: the observer of location {@code i}, or null. */
  WriteObservers(@Nullable WriteObserver[] observers) {
    this.observers = observers;
  }

  /** Forgets the stores of an abandoned step. */
  void clear() {
    count = 0;
  }

  boolean pending() {
    return count > 0;
  }

  /** Queues a store of {@code neu} to {@code x} after {@code old}, if {@code x} is observed. */
  void stored(Loc x, int old, int neu, int byCpu, Site at) {
    if (observers[x.index()] == null) {
      return;
    }
    if (count == loc.length) {
      loc = Arrays.copyOf(loc, count * 2);
      site = Arrays.copyOf(site, count * 2);
      vals = Arrays.copyOf(vals, count * 6);
    }
    loc[count] = x;
    site[count] = at;
    vals[3 * count] = old;
    vals[3 * count + 1] = neu;
    vals[3 * count + 2] = byCpu;
    count++;
  }

  /** Whether stores to {@code x} are observed. */
  boolean watches(Loc x) {
    return observers[x.index()] != null;
  }

  /** Runs the observers of the queued stores on {@code k}, CPU {@code self}'s kernel. */
  void run(Kernel k, int self) {
    int n = count;
    count = 0;
    for (int i = 0; i < n; i++) {
      Loc l = loc[i];
      WriteObserver o = observers[l.index()];
      if (o != null) {
        int by = vals[3 * i + 2];
        if (by != self && k.tracing()) {
          k.note(TraceText.coherence(l, vals[3 * i + 1], by, site[i], vals[3 * i]));
        }
        o.onWrite(k, l, vals[3 * i], vals[3 * i + 1], site[i]);
      }
    }
  }
}
