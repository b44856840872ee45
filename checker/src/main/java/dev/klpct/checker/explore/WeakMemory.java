package dev.klpct.checker.explore;

import dev.klpct.api.Loc;
import dev.klpct.api.RmwOp;
import dev.klpct.checker.MemoryModel;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The state and transitions of a weak memory model, on top of the value array the sequentially
 * consistent part of the checker works on.
 *
 * <p>The value array keeps, for every location, the latest value in coherence order (what {@code
 * Kernel.ghost} and the properties see). A weak model adds its own state, kept as a flat int array
 * ({@link State}) so that it can be copied, hashed and stored like the rest of a state. Only
 * <em>weak</em> locations (shared ones that more than one CPU may access) get weak behaviour; a
 * location private to one CPU behaves as under sequential consistency in every model.
 *
 * <p>Operations that have several outcomes (which store a load reads, where a store goes in
 * coherence order) are given an alternative index {@code alt}; the {@code *Choices} methods say how
 * many there are. Alternative 0 is always the sequentially consistent outcome (read the latest
 * value, append the store), so a trace without choices reads as under SC.
 *
 * <p>Every method works on the {@link State} it is given; an instance keeps only scratch space, so
 * each exploring thread has its own.
 */
abstract class WeakMemory {

  /** A weak-memory state: a growable int array. */
  static final class State {
    int[] a = new int[64];
    int len;

    void copyFrom(State o) {
      if (a.length < o.len) {
        a = new int[o.a.length];
      }
      System.arraycopy(o.a, 0, a, 0, o.len);
      len = o.len;
    }

    void ensure(int n) {
      if (a.length < n) {
        a = Arrays.copyOf(a, Math.max(n, a.length * 2));
      }
    }

    /** Opens a gap of {@code n} ints at {@code at}. */
    void insertGap(int at, int n) {
      ensure(len + n);
      System.arraycopy(a, at, a, at + n, len - at);
      len += n;
    }

    /** Removes {@code n} ints at {@code at}. */
    void remove(int at, int n) {
      System.arraycopy(a, at + n, a, at, len - at - n);
      len -= n;
    }
  }

  /** Receives the stores that became part of coherence order, for write observers. */
  interface Sink {
    /**
     * A store of {@code neu} to {@code loc} by {@code cpu} at site {@code siteId} now follows a
     * store of {@code old} in coherence order.
     */
    void stored(Loc loc, int old, int neu, int cpu, int siteId);
  }

  final Loc[] layout;
  final int cpus;

  /** Weak index of each location, or -1. */
  final int[] widx;

  /** The weak locations, by weak index. */
  final Loc[] weak;

  final SiteTable sites;

  WeakMemory(Loc[] layout, int cpus, SiteTable sites) {
    this.layout = layout;
    this.cpus = cpus;
    this.sites = sites;
    this.widx = new int[layout.length];
    int n = 0;
    for (Loc l : layout) {
      widx[l.index()] = isWeak(l) ? n++ : -1;
    }
    this.weak = new Loc[n];
    for (Loc l : layout) {
      if (widx[l.index()] >= 0) {
        weak[widx[l.index()]] = l;
      }
    }
  }

  private static boolean isWeak(Loc l) {
    return l.kind() == Loc.Kind.SHARED && Long.bitCount(l.readers() | l.writers()) > 1;
  }

  /** The engine for {@code model}, or null for sequential consistency. */
  static @Nullable WeakMemory create(MemoryModel model, Loc[] layout, int cpus, SiteTable sites) {
    return switch (model) {
      case SC -> null;
      case TSO -> new TsoMemory(layout, cpus, sites);
      case LKMM -> new ViewMemory(layout, cpus, sites);
    };
  }

  /** How traces name the site with id {@code id}. */
  final String siteName(int id) {
    return sites.site(id).function();
  }

  /** The weak index of {@code x}, or -1 if it behaves sequentially consistently. */
  final int weakIndex(Loc x) {
    return widx[x.index()];
  }

  /** Sets up the initial weak state for the initial values in {@code mem}. */
  abstract void init(State s, int[] mem);

  // ---- loads -------------------------------------------------------------------------------

  /** Number of stores a plain or acquire load of weak location {@code w} may read (≥ 1). */
  abstract int loadChoices(State s, int cpu, int w);

  /** Performs the load reading alternative {@code alt}; returns the value. */
  abstract int load(State s, int[] mem, int cpu, int w, int alt, boolean acquire);

  /** A load that reads the latest store visible to {@code cpu} (a spin loop's last read). */
  abstract int loadLatest(State s, int[] mem, int cpu, int w);

  /** A note for traces on what alternative {@code alt} of a load reads, or null if unremarkable. */
  abstract @Nullable String describeLoad(State s, int[] mem, int cpu, int w, int alt);

  // ---- stores ------------------------------------------------------------------------------

  /** Number of places in coherence order a store to {@code w} may take (≥ 1). */
  abstract int storeChoices(State s, int cpu, int w);

  /** A note for traces on alternative {@code alt} of a store, or null if unremarkable. */
  abstract @Nullable String describeStore(State s, int cpu, int w, int alt);

  /** Performs a store; reports stores that entered coherence order to {@code sink}. */
  abstract void store(
      State s,
      int[] mem,
      int cpu,
      int w,
      int value,
      boolean release,
      int alt,
      int siteId,
      Sink sink);

  // ---- read-modify-writes --------------------------------------------------------------------

  /**
   * Number of outcomes of an RMW on {@code w}; 0 if it cannot run now (a {@code spin_lock} whose
   * every readable lock word is taken).
   *
   * @param mustFind if not {@link Integer#MIN_VALUE}, only stores of this value may be read
   *     (spin_lock waits for 0)
   */
  abstract int rmwChoices(State s, int[] mem, int cpu, int w, RmwOp op, int expected, int mustFind);

  /** Performs alternative {@code alt} of an RMW; returns the value found. */
  abstract int rmw(
      State s,
      int[] mem,
      int cpu,
      int w,
      RmwOp op,
      int operand,
      int expected,
      int mustFind,
      boolean acquire,
      boolean release,
      int alt,
      int siteId,
      Sink sink);

  /**
   * Number of ways a {@code cmpxchg} on {@code w} can fail: readable stores whose value is not
   * {@code expected}. A failing cmpxchg is a plain load (atomic_t.txt: unordered on failure).
   */
  abstract int cmpxchgFailChoices(State s, int cpu, int w, int expected);

  /** Performs the alt-th failing outcome of a {@code cmpxchg}; returns the value read. */
  abstract int cmpxchgFail(State s, int[] mem, int cpu, int w, int expected, int alt);

  /** A note for traces on the alt-th failing outcome, or null if unremarkable. */
  abstract @Nullable String describeCmpxchgFail(
      State s, int[] mem, int cpu, int w, int expected, int alt);

  /** A note for traces on alternative {@code alt} of an RMW, or null if unremarkable. */
  abstract @Nullable String describeRmw(
      State s, int[] mem, int cpu, int w, RmwOp op, int expected, int mustFind, int alt);

  // ---- fences --------------------------------------------------------------------------------

  /** Whether {@code smp_mb()} is a scheduling point of its own (it touches shared state). */
  abstract boolean fullFenceIsStep();

  /** Whether a fully ordered RMW gets a full fence as a separate step after it. */
  abstract boolean fullFenceAfterRmw();

  /** {@code smp_mb()} and the full fences of ordered RMWs. */
  abstract void mb(State s, int[] mem, int cpu, Sink sink);

  /** {@code smp_rmb()}. */
  abstract void rmb(State s, int cpu);

  /** {@code smp_wmb()}. */
  abstract void wmb(State s, int cpu);

  /** Called by {@code spin_unlock} after its store. */
  abstract void unlocked(State s, int cpu);

  /** Called by {@code spin_lock} before its RMW (po-unlock-lock-po). */
  abstract void locking(State s, int cpu);

  /**
   * Whether {@code cpu} can already see every store made so far ({@link #seeAll} would not block).
   * TSO: no other CPU has a buffered store.
   */
  abstract boolean allVisible(State s, int cpu);

  /** Makes every store made so far visible to {@code cpu} (LKMM: raises its read view). */
  abstract void seeAll(State s, int cpu);

  /**
   * Whether everything {@code cpu} has stored can already reach every other CPU ({@link #publish}
   * would not block). TSO: {@code cpu}'s own store buffer is empty.
   */
  abstract boolean canPublish(State s, int cpu);

  /**
   * Makes everything {@code from} has stored or seen so far visible to {@code to}: its stores, and
   * cumulatively the stores it has read or been ordered after (LKMM: {@code to}'s read view is
   * raised to {@code from}'s views).
   */
  abstract void publishTo(State s, int from, int to);

  /** {@link #publishTo} every other CPU. */
  final void publish(State s, int from) {
    for (int c = 0; c < cpus; c++) {
      if (c != from) {
        publishTo(s, from, c);
      }
    }
  }

  // ---- internal actions -----------------------------------------------------------------------

  /** Whether {@code cpu} has a store that may still become visible (TSO store buffer). */
  abstract boolean canFlush(State s, int cpu);

  /** Makes {@code cpu}'s oldest buffered store visible. */
  abstract void flush(State s, int[] mem, int cpu, Sink sink);

  /** Describes what {@link #flush} would do, for traces. */
  abstract String describeFlush(State s, int cpu);

  /** The weak locations {@link #flush} would write (footprint). */
  abstract int flushLoc(State s, int cpu);

  /**
   * Brings the state to canonical form: forgets what no CPU can observe any more, so that
   * equivalent states encode equally.
   *
   * @param finished which CPUs have finished their programs
   */
  abstract void canonicalize(State s, boolean[] finished);
}
