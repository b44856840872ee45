package dev.klpct.checker.internal.explore;

import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import org.jspecify.annotations.Nullable;

/**
 * The skeleton of the weak memory models: state and transitions on top of the value array the
 * sequentially consistent part of the checker works on.
 *
 * <p>The value array keeps, for every location, the latest value in coherence order (what {@code
 * Kernel.ghost} and the properties see). A weak model adds its own state, a {@link MemoryState}.
 * Only <em>weak</em> locations (shared ones that more than one CPU may access) get weak behaviour;
 * a location private to one CPU behaves as under sequential consistency in every model ({@link
 * ScMemory}'s static methods).
 *
 * <p>Operations that have several outcomes (which store a load reads, where a store goes in
 * coherence order) are given an alternative index {@code alt}; the {@code *Choices} methods say how
 * many there are. Alternative 0 is always the sequentially consistent outcome (read the latest
 * value, append the store), so a trace without choices reads as under SC. The {@link MemorySystem}
 * methods pick the alternative the step's schedule asks for ({@link MemoryStep#choose}) and run it
 * on the bound state; the fine-grained methods take the state explicitly, so that tests can drive
 * them.
 */
abstract class WeakMemory implements MemorySystem {

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

  /** The state the {@link MemorySystem} methods work on. */
  MemoryState state = new MemoryState();

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

  /** How traces name the site with id {@code id}. */
  final String siteName(int id) {
    return sites.site(id).function();
  }

  /** The weak index of {@code x}, or -1 if it behaves sequentially consistently. */
  final int weakIndex(Loc x) {
    return widx[x.index()];
  }

  @Override
  public final void bind(MemoryState s) {
    this.state = s;
  }

  @Override
  public final boolean hasState() {
    return true;
  }

  // ---- the memory system's accesses
  // ---------------------------------------------------------------

  @Override
  public final int load(MemoryStep k, Loc x, boolean acquire) {
    int w = widx[x.index()];
    if (w < 0) {
      return k.values()[x.index()];
    }
    int cpu = k.cpu();
    int a = k.choose(loadChoices(state, cpu, w));
    if (k.recording()) {
      k.remark(describeLoad(state, k.values(), cpu, w, a));
    }
    int v = load(state, k.values(), cpu, w, a, acquire);
    if (!acquire) {
      noteRead(k, w, false);
    }
    return v;
  }

  @Override
  public final int loadLatest(MemoryStep k, Loc x) {
    int w = widx[x.index()];
    return w < 0 ? k.values()[x.index()] : loadLatest(state, k.values(), k.cpu(), w);
  }

  @Override
  public final int seen(MemoryStep k, Loc x) {
    int w = widx[x.index()];
    return w < 0 ? k.values()[x.index()] : seen(state, k.values(), k.cpu(), w);
  }

  @Override
  public final void store(MemoryStep k, Loc x, int v, boolean release) {
    int w = widx[x.index()];
    if (w < 0) {
      ScMemory.store(k, x, v);
      return;
    }
    int cpu = k.cpu();
    int a = k.choose(storeChoices(state, cpu, w));
    if (k.recording()) {
      k.remark(describeStore(state, cpu, w, a));
    }
    store(state, k.values(), cpu, w, v, release, a, k.siteId(), k);
    if (!release) {
      noteWrite(k, w);
    }
  }

  /**
   * Whether the RMW being executed returns nothing ({@code atomic_inc()}, {@code set_bit()}, ...):
   * the LKMM's {@code Noreturn}, whose read {@code smp_rmb()} does not order.
   */
  boolean noReturn;

  @Override
  public final int rmw(
      MemoryStep k,
      Loc x,
      RmwOp op,
      Ordering ordering,
      int operand,
      int expected,
      int mustFind,
      boolean returns) {
    int w = widx[x.index()];
    beforeRmw(k);
    int old;
    if (w < 0) {
      old = ScMemory.rmw(k, x, op, operand, expected, mustFind);
    } else {
      noReturn = !returns;
      try {
        old = weakRmw(k, w, op, ordering, operand, expected, mustFind);
      } finally {
        noReturn = false;
      }
      boolean failed = op == RmwOp.CMPXCHG && old != expected;
      if (!failed && !releases(ordering)) {
        noteWrite(k, w);
      }
      if (failed || !acquires(ordering)) {
        noteRead(k, w, !returns);
      }
    }
    afterRmw(k);
    return old;
  }

  /**
   * The load-buffering guard: the step read weak location {@code w}, and nothing (acquire, fence)
   * orders that read before the CPU's later stores yet.
   *
   * @param noReturn the read of an RMW that returns nothing, which {@code smp_rmb()} does not order
   */
  void noteRead(MemoryStep k, int w, boolean noReturn) {}

  /**
   * The load-buffering guard: the step wrote weak location {@code w}, and nothing (release) orders
   * the CPU's earlier reads before it.
   */
  void noteWrite(MemoryStep k, int w) {}

  /** An RMW event of the CPU (on any location, even a failing cmpxchg) is about to run. */
  void beforeRmw(MemoryStep k) {}

  /** An RMW event of the CPU has run. */
  void afterRmw(MemoryStep k) {}

  /** {@link #rmw} on weak location {@code w}: how the model decomposes an ordered RMW. */
  abstract int weakRmw(
      MemoryStep k, int w, RmwOp op, Ordering ordering, int operand, int expected, int mustFind);

  /** Runs alternative {@link MemoryStep#choose} of an RMW on {@code w}, after its fence if any. */
  final int chosenRmw(
      MemoryStep k, int w, RmwOp op, Ordering ordering, int operand, int expected, int mustFind) {
    int cpu = k.cpu();
    int[] values = k.values();
    int a = k.choose(rmwChoices(state, values, cpu, w, op, expected, mustFind));
    if (k.recording()) {
      k.remark(describeRmw(state, values, cpu, w, op, expected, mustFind, a));
    }
    return rmw(
        state,
        values,
        cpu,
        w,
        op,
        operand,
        expected,
        mustFind,
        acquires(ordering),
        releases(ordering),
        a,
        k.siteId(),
        k);
  }

  static boolean acquires(Ordering o) {
    return o == Ordering.ACQUIRE || o == Ordering.FULL;
  }

  static boolean releases(Ordering o) {
    return o == Ordering.RELEASE || o == Ordering.FULL;
  }

  /**
   * Declares that the step may raise other CPUs' views: it conflicts with every access of a weak
   * location.
   */
  final void touchEveryView(MemoryStep k) {
    for (Loc x : weak) {
      k.touch(x, true);
    }
  }

  // ---- loads ------------------------------------------------------------------------------------

  /** Number of stores a plain or acquire load of weak location {@code w} may read (≥ 1). */
  abstract int loadChoices(MemoryState s, int cpu, int w);

  /** Performs the load reading alternative {@code alt}; returns the value. */
  abstract int load(MemoryState s, int[] mem, int cpu, int w, int alt, boolean acquire);

  /**
   * The latest value of {@code w} as {@code cpu} will see it once its own stores land, without
   * reading it ({@link #seen}): by default the latest in coherence order, where a model whose
   * stores join coherence order at once (the view machine) already has the CPU's own stores.
   */
  int seen(MemoryState s, int[] mem, int cpu, int w) {
    return mem[weak[w].index()];
  }

  /** A load that reads the latest store visible to {@code cpu} (a spin loop's last read). */
  abstract int loadLatest(MemoryState s, int[] mem, int cpu, int w);

  /** A note for traces on what alternative {@code alt} of a load reads, or null if unremarkable. */
  abstract @Nullable String describeLoad(MemoryState s, int[] mem, int cpu, int w, int alt);

  // ---- stores -----------------------------------------------------------------------------------

  /** Number of places in coherence order a store to {@code w} may take (≥ 1). */
  abstract int storeChoices(MemoryState s, int cpu, int w);

  /** A note for traces on alternative {@code alt} of a store, or null if unremarkable. */
  abstract @Nullable String describeStore(MemoryState s, int cpu, int w, int alt);

  /** Performs a store; reports stores that entered coherence order to {@code sink}. */
  abstract void store(
      MemoryState s,
      int[] mem,
      int cpu,
      int w,
      int value,
      boolean release,
      int alt,
      int siteId,
      Sink sink);

  // ---- read-modify-writes -----------------------------------------------------------------------

  /**
   * Number of outcomes of an RMW on {@code w}; 0 if it cannot run now (a {@code spin_lock} whose
   * every readable lock word is taken).
   *
   * @param mustFind if not {@link Primitive#ANY}, only stores of this value may be read (spin_lock
   *     waits for 0)
   */
  abstract int rmwChoices(
      MemoryState s, int[] mem, int cpu, int w, RmwOp op, int expected, int mustFind);

  /** Performs alternative {@code alt} of an RMW; returns the value found. */
  abstract int rmw(
      MemoryState s,
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

  /** A note for traces on alternative {@code alt} of an RMW, or null if unremarkable. */
  abstract @Nullable String describeRmw(
      MemoryState s, int[] mem, int cpu, int w, RmwOp op, int expected, int mustFind, int alt);
}
