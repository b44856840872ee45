package dev.klpct.checker.internal.explore;

import dev.klpct.api.Guard;
import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The LKMM as an operational machine of views over per-location coherence orders, in the style of
 * the promise-free fragment of Kang et al.'s promising semantics (POPL 2017) with the kernel's
 * fences. docs/memory-models.md states the rules, the litmus results they give and where they are
 * knowingly stronger or weaker than tools/memory-model.
 *
 * <h2>State</h2>
 *
 * <ul>
 *   <li>Per weak location, its stores in coherence order ("messages"), numbered 0..n-1. Each
 *       carries its value, the CPU and site that wrote it, whether it was written by an RMW (then
 *       nothing may ever be placed between it and its predecessor: RMW atomicity), and a
 *       <em>message view</em>: what a CPU that synchronises with the store learns.
 *   <li>Per CPU five views (a view maps each weak location to a message number): {@code VR} (loads
 *       must read at or above it), {@code VW} (stores go above it), {@code ACQ} (what the CPU's
 *       loads so far carried; an {@code smp_rmb()} makes it binding), {@code REL} (what plain
 *       stores carry; raised by {@code smp_wmb()} and {@code smp_mb()}) and {@code OWN} (the CPU's
 *       own latest stores), plus a flag word.
 *   <li>A global view {@code S}: the order of strong fences; each {@code smp_mb()} joins it and
 *       publishes its CPU's view to it.
 * </ul>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Load: any message at or above {@code VR}; raises {@code VR} and {@code ACQ}, and joins the
 *       message and its view into {@code VW} (later stores go after what was read and what it
 *       carried); an acquire load also joins the message view into {@code VR}.
 *   <li>Store: placed after any message at or above {@code VW} whose successor is not an RMW's; its
 *       message view is {@code REL} (plain) or {@code VR ⊔ VW} (release: cumulative).
 *   <li>RMW: reads a message at or above both views whose successor is free, and places its store
 *       right after it, marked as attached.
 *   <li>{@code smp_rmb()}: {@code VR ⊔= ACQ}. {@code smp_wmb()}: {@code REL ⊔= OWN} (orders the
 *       CPU's own stores only: wmb is not A-cumulative). {@code smp_mb()}: {@code X = VR ⊔ VW ⊔ ACQ
 *       ⊔ S}; all of the CPU's views and {@code S} become {@code X}.
 *   <li>{@code spin_lock}: an acquire RMW that must find 0. After an earlier {@code spin_unlock} of
 *       the same CPU (po-unlock-lock-po): {@code VR ⊔= ACQ}, {@code VW ⊔= ACQ}, {@code REL ⊔= OWN};
 *       and the unlock it takes over from joins its view into {@code REL} (po-unlock-lock-po
 *       through rf is a cumul-fence).
 * </ul>
 *
 * Messages below every live accessor's views can never be read or written before; they are dropped
 * and the rest renumbered, which keeps the state finite and canonical.
 *
 * <p>A message's writer (CPU and site) changes no rule: a load, store or RMW sees values, views and
 * places in coherence order. The canonical form keeps it only where a later step can tell writers
 * apart: on locations with a write observer (a store placed before an existing one tells the
 * observer who wrote the store that now follows it) and on a lock word's ({@code Machine.lockWord})
 * stores of the value a {@code spin_lock} waits for (taking over from another CPU's unlock is a
 * caveat of the load-buffering guard, which names the unlock). Elsewhere it only names the writer
 * in a trace's remarks, and a trace is a replay from the initial state that never takes the
 * canonical form. Forgetting it merges states that differ only in who wrote a stale store: half of
 * zijlstra's with one NOHZ_FULL CPU and three episodes (docs/performance.md, "Writers forgotten").
 */
final class ViewMemory extends WeakMemory {
  private static final int ATTACHED = 1;
  private static final int HAS_VIEW = 2;
  private static final int HAS_STRONG = 4;
  private static final int CPU_SHIFT = 3;
  private static final int SITE_SHIFT = 9;
  private static final int FLAG_UNLOCKED = 1;

  /** The meta bits of a message but its writer's CPU and site. */
  private static final int WRITER_FREE = ATTACHED | HAS_VIEW | HAS_STRONG;

  /** The value a {@code spin_lock} must find: a lock word's stores of it keep their writers. */
  private static final int LOCK_FREE = Primitive.SPIN_LOCK.mustFind();

  /** An {@code smp_mb__before_atomic()} waits for the CPU's next RMW ({@code PEND} holds it). */
  private static final int FLAG_BEFORE_ATOMIC = 2;

  /** The CPU has executed an RMW ({@code LRMW} holds its views just after the last one). */
  private static final int FLAG_HAD_RMW = 4;

  /** A pending read an {@code smp_rmb()} orders before the CPU's later reads. */
  private static final int COVERED = 1 << 30;

  /** A pending read of an RMW that returns nothing ({@code Noreturn}: no {@code smp_rmb()}). */
  private static final int NO_RETURN = 1 << 29;

  private static final int SITE_BITS = NO_RETURN - 1;

  /** Views per CPU: VR, VW, ACQ, REL, OWN, STR, PEND, LRMW. */
  private static final int VIEWS = 8;

  private final int nw;
  private final int cpuBlock;
  private final int header;

  /**
   * Per weak location, whether its messages keep their writers in the canonical form (class
   * comment).
   */
  private final boolean[] keepWriters;

  /** Per weak location, whether its stores of {@link #LOCK_FREE} keep their writers. */
  private final boolean[] lockWord;

  /** By weak location, how many of its oldest messages {@link #canonicalize} drops (scratch). */
  private final int[] dropped;

  /** The weak locations {@link #canonicalize} drops messages of, in order (scratch). */
  private final int[] droppedAt;

  /** A bottom view, to compare with. */
  private final int[] bottom;

  /**
   * @param observed by location index, whether the machine has a write observer for it
   * @param lockWords by location index, whether a {@code spin_lock} may take it
   */
  ViewMemory(Loc[] layout, int cpus, SiteTable sites, boolean[] observed, boolean[] lockWords) {
    super(layout, cpus, sites);
    this.nw = weak.length;
    this.keepWriters = new boolean[nw];
    this.lockWord = new boolean[nw];
    for (int w = 0; w < nw; w++) {
      keepWriters[w] = observed[weak[w].index()];
      lockWord[w] = lockWords[weak[w].index()];
    }
    this.cpuBlock = VIEWS * nw + 3 + nw;
    this.header = nw + cpus * cpuBlock;
    this.blockAt = new int[nw];
    this.dropped = new int[nw];
    this.droppedAt = new int[nw];
    this.bottom = new int[nw];
  }

  // ---- layout helpers -------------------------------------------------------------------------

  private int vr(int cpu) {
    return nw + cpu * cpuBlock;
  }

  private int vw(int cpu) {
    return vr(cpu) + nw;
  }

  private int acq(int cpu) {
    return vr(cpu) + 2 * nw;
  }

  private int rel(int cpu) {
    return vr(cpu) + 3 * nw;
  }

  private int own(int cpu) {
    return vr(cpu) + 4 * nw;
  }

  /**
   * The strong-fence knowledge the CPU's later stores carry: what the CPU's strong fences ordered
   * before them, and what the stores it read carried of other CPUs' strong fences.
   */
  private int str(int cpu) {
    return vr(cpu) + 5 * nw;
  }

  /** What a pending {@code smp_mb__before_atomic()} orders before the CPU's next RMW. */
  private int pend(int cpu) {
    return vr(cpu) + 6 * nw;
  }

  /** The CPU's views just after its last RMW, for {@code smp_mb__after_atomic()}. */
  private int lrmw(int cpu) {
    return vr(cpu) + 7 * nw;
  }

  private int flags(int cpu) {
    return vr(cpu) + VIEWS * nw;
  }

  /** The bits of {@link #pendingReads} an {@code smp_mb__before_atomic()} will order at the RMW. */
  private int beforeMask(int cpu) {
    return flags(cpu) + 1;
  }

  /**
   * The bits of {@link #pendingReads} up to the CPU's last RMW ({@code smp_mb__after_atomic()}).
   */
  private int rmwMask(int cpu) {
    return flags(cpu) + 2;
  }

  /**
   * Per weak location, the site of the CPU's latest read of it that nothing yet orders before the
   * CPU's later stores (0: none), with {@link #COVERED} and {@link #NO_RETURN}: the load-buffering
   * guard (docs/memory-models.md).
   */
  private int pendingReads(int cpu) {
    return flags(cpu) + 3;
  }

  private int msgSize(MemoryState s, int off) {
    int m = s.a[off + 1];
    return 2 + ((m & HAS_VIEW) != 0 ? nw : 0) + ((m & HAS_STRONG) != 0 ? nw : 0);
  }

  /** Offset of the strong part of the message at {@code off} (valid if it has one). */
  private int strongOf(MemoryState s, int off) {
    return off + 2 + ((s.a[off + 1] & HAS_VIEW) != 0 ? nw : 0);
  }

  // Where each location's block starts in blockState, as of its version: a step asks for blocks
  // many times between two changes of the layout, and each walk went through every message of
  // the locations before it (a fifth of a warm lkmm profile).
  private @Nullable MemoryState blockState;
  private int blockVersion;
  private final int[] blockAt;

  private final StateParts parts = new Parts();

  /** Offset of location {@code w}'s block (its message count). */
  private int block(MemoryState s, int w) {
    if (s != blockState || s.version != blockVersion) {
      int p = header;
      for (int k = 0; k < nw; k++) {
        blockAt[k] = p;
        p = msg(s, p, s.a[p]); // the block's end: the next one's start
      }
      blockState = s;
      blockVersion = s.version;
    }
    assert blockAt[w] == walkToBlock(s, w) : "stale block offsets: a layout change not counted";
    return blockAt[w];
  }

  /** {@link #block}, walked from the first block without the offsets kept. */
  private int walkToBlock(MemoryState s, int w) {
    int p = header;
    for (int k = 0; k < w; k++) {
      p = msg(s, p, s.a[p]);
    }
    return p;
  }

  /** Offset of message {@code i} of the block at {@code blk}; {@code i == n} gives the end. */
  private int msg(MemoryState s, int blk, int i) {
    int p = blk + 1;
    for (int j = 0; j < i; j++) {
      p += msgSize(s, p);
    }
    return p;
  }

  private static int meta(
      int cpu, int siteId, boolean attached, boolean hasView, boolean hasStrong) {
    return (attached ? ATTACHED : 0)
        | (hasView ? HAS_VIEW : 0)
        | (hasStrong ? HAS_STRONG : 0)
        | (cpu << CPU_SHIFT)
        | (siteId << SITE_SHIFT);
  }

  private static int cpuOf(int meta) {
    return (meta >>> CPU_SHIFT) & 0x3F;
  }

  static int siteOf(int meta) {
    return meta >>> SITE_SHIFT;
  }

  /**
   * Joins message {@code off}'s view and its strong part (as of location {@code w}, number {@code
   * i}) into views.
   */
  private void joinMessage(MemoryState s, int off, int w, int i, int into) {
    int[] a = s.a;
    if ((a[off + 1] & HAS_VIEW) != 0) {
      join(a, into, off + 2, nw);
    }
    joinStrong(s, off, into);
    if (i > a[into + w]) {
      a[into + w] = i;
    }
  }

  /** Joins the strong part of message {@code off}, if any, into the view at {@code into}. */
  private void joinStrong(MemoryState s, int off, int into) {
    if ((s.a[off + 1] & HAS_STRONG) != 0) {
      join(s.a, into, strongOf(s, off), nw);
    }
  }

  private static void raise(int[] a, int i, int x) {
    if (x > a[i]) {
      a[i] = x;
    }
  }

  private static void join(int[] a, int into, int from, int n) {
    for (int k = 0; k < n; k++) {
      if (a[from + k] > a[into + k]) {
        a[into + k] = a[from + k];
      }
    }
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  /**
   * The views are about three quarters of an lkmm state's bytes, and states share them (a zijlstra
   * search of 9.4 M states met 2.4 M distinct memory states; docs/performance.md, "Weak parts
   * stored once"). Where more CPUs make the whole rarely shared (two thirds of the memory states of
   * zijlstra at two NOHZ_FULL CPUs are distinct), its parts still are: {@code S}, each CPU's views
   * and flags, and each location's messages, which a step changes few of. TSO's store buffers,
   * mostly empty, are not worth a lookup.
   */
  @Override
  public StateParts stateParts() {
    return parts;
  }

  /**
   * The parts a search stores apart: {@code S}, each CPU's views and flags (fixed offsets), and
   * each location's block of messages.
   */
  private final class Parts implements StateParts {
    @Override
    public int count() {
      return 1 + cpus + nw;
    }

    @Override
    public void bounds(MemoryState s, int[] bounds) {
      bounds[0] = 0; // S
      for (int c = 0; c < cpus; c++) {
        bounds[1 + c] = vr(c);
      }
      for (int w = 0; w < nw; w++) {
        bounds[1 + cpus + w] = block(s, w);
      }
      bounds[1 + cpus + nw] = s.len;
    }
  }

  @Override
  public void init(MemoryState s, int[] mem) {
    s.len = 0;
    s.ensure(header + 3 * nw);
    Arrays.fill(s.a, 0, header, 0);
    int p = header;
    for (int w = 0; w < nw; w++) {
      s.a[p++] = 1;
      s.a[p++] = mem[weak[w].index()];
      s.a[p++] = meta(0, 0, false, false, false); // site 0: the initial value
    }
    s.len = p;
    s.changed();
  }

  // ---- loads ------------------------------------------------------------------------------------

  @Override
  int loadChoices(MemoryState s, int cpu, int w) {
    int n = s.a[block(s, w)];
    return n - s.a[vr(cpu) + w];
  }

  @Override
  int load(MemoryState s, int[] mem, int cpu, int w, int alt, boolean acquire) {
    int blk = block(s, w);
    int i = s.a[blk] - 1 - alt;
    return readMessage(s, cpu, w, blk, i, acquire);
  }

  private int readMessage(MemoryState s, int cpu, int w, int blk, int i, boolean acquire) {
    return readMessage(s, cpu, w, blk, i, acquire, false);
  }

  /**
   * Reads message {@code i} of location {@code w}.
   *
   * @param noReturn the read of an RMW that returns nothing: {@code smp_rmb()} does not order it
   *     (the LKMM's {@code R4rmb = R \ Noreturn}), so it does not raise {@code ACQ}
   */
  private int readMessage(
      MemoryState s, int cpu, int w, int blk, int i, boolean acquire, boolean noReturn) {
    int off = msg(s, blk, i);
    int[] a = s.a;
    if (i > a[vr(cpu) + w]) {
      a[vr(cpu) + w] = i;
    }
    if (i > a[vw(cpu) + w]) {
      a[vw(cpu) + w] = i; // CoRW: a later store of this CPU goes after what it read
    }
    if (!noReturn) {
      joinMessage(s, off, w, i, acq(cpu));
    }
    // pb = prop ; strong-fence ; hb*: what a strong fence ordered before the store read stays
    // ordered before everything that happens after this load (the CPU's later stores carry it).
    joinStrong(s, off, str(cpu));
    // The CPU's later stores go after what this load's store carried: klpct orders every load
    // before the CPU's later stores (no load buffering), as a dependency would, and the LKMM
    // then forbids S+wmb+ctrl-like placements ((prop \ id) & int is in hb).
    joinMessage(s, off, w, i, vw(cpu));
    if (acquire) {
      joinMessage(s, off, w, i, vr(cpu));
    }
    return a[off];
  }

  @Override
  int loadLatest(MemoryState s, int[] mem, int cpu, int w) {
    int blk = block(s, w);
    return readMessage(s, cpu, w, blk, s.a[blk] - 1, false);
  }

  @Override
  @Nullable String describeLoad(MemoryState s, int[] mem, int cpu, int w, int alt) {
    int blk = block(s, w);
    return staleNote(s, cpu, w, blk, s.a[blk] - 1 - alt);
  }

  /**
   * A spin loop ends on any store it may read that satisfies its guard; the kernel model's guards
   * read the newest ({@link #loadLatest}), so an older visible store that satisfies the guard is an
   * exit not explored (docs/memory-models.md, "The view machine's deviations", item 2).
   */
  @Override
  public void guardRead(MemoryStep k, Loc x, Guard guard) {
    Set<String> sink = unorderedSink;
    int w = weakIndex(x);
    if (sink == null || w < 0) {
      return;
    }
    MemoryState s = state;
    int blk = block(s, w);
    int cpu = k.cpu();
    for (int i = s.a[blk] - 2; i >= s.a[vr(cpu) + w]; i--) {
      if (guard.test(s.a[msg(s, blk, i)])) {
        sink.add(
            sites.site(k.siteId())
                + " waits on "
                + x.name()
                + ": an older store it may read satisfies the wait, and the view machine ends"
                + " the wait on the newest only");
        return;
      }
    }
  }

  private String writer(int meta) {
    int site = siteOf(meta);
    return site == 0 ? "the initial state" : "CPU" + cpuOf(meta) + " in " + siteName(site);
  }

  // ---- stores -----------------------------------------------------------------------------------

  /** Passed as {@code alt} to the outcome scans below: count the outcomes instead. */
  private static final int COUNT = -1;

  /** Whether nothing is attached right after message {@code i}: a store may go there. */
  private boolean freeAfter(MemoryState s, int blk, int i) {
    return i == s.a[blk] - 1 || (s.a[msg(s, blk, i + 1) + 1] & ATTACHED) == 0;
  }

  /**
   * The alt-th anchor at or above {@code from} (a message a new store may follow), counted from the
   * top, or -1 if none; with {@link #COUNT}, how many anchors there are.
   */
  private int anchor(MemoryState s, int blk, int from, int alt) {
    int seen = 0;
    for (int j = s.a[blk] - 1; j >= from; j--) {
      if (freeAfter(s, blk, j) && seen++ == alt) {
        return j;
      }
    }
    return alt == COUNT ? seen : -1;
  }

  @Override
  int storeChoices(MemoryState s, int cpu, int w) {
    return anchor(s, block(s, w), s.a[vw(cpu) + w], COUNT);
  }

  @Override
  @Nullable String describeStore(MemoryState s, int cpu, int w, int alt) {
    if (alt == 0) {
      return null;
    }
    int blk = block(s, w);
    int j = anchor(s, blk, s.a[vw(cpu) + w], alt);
    int next = msg(s, blk, j + 1);
    return "coherence: goes before "
        + weak[w].name()
        + " = "
        + s.a[next]
        + " stored by "
        + writer(s.a[next + 1]);
  }

  @Override
  void store(
      MemoryState s,
      int[] mem,
      int cpu,
      int w,
      int value,
      boolean release,
      int alt,
      int siteId,
      Sink sink) {
    int blk = block(s, w);
    int j = anchor(s, blk, s.a[vw(cpu) + w], alt);
    insertAfter(s, mem, cpu, w, j, value, release, false, siteId, sink);
  }

  /** Places a new message right after message {@code j} of location {@code w}. */
  private void insertAfter(
      MemoryState s,
      int[] mem,
      int cpu,
      int w,
      int j,
      int value,
      boolean release,
      boolean attached,
      int siteId,
      Sink sink) {
    int q = j + 1;
    bump(s, w, q);
    // the message view: what a CPU synchronising with this store learns
    int[] a = s.a;
    int[] view = viewScratch();
    boolean hasView = false;
    boolean hasStrong = false;
    for (int k = 0; k < nw; k++) {
      int v = release ? Math.max(a[vr(cpu) + k], a[vw(cpu) + k]) : a[rel(cpu) + k];
      int t = a[str(cpu) + k];
      if (k == w) {
        v = 0; // a message's own location is its own number
        t = 0;
      }
      view[k] = v;
      view[nw + k] = t;
      hasView |= v != 0;
      hasStrong |= t != 0;
    }
    int blk = block(s, w);
    int n = a[blk];
    int at = msg(s, blk, q);
    int size = 2 + (hasView ? nw : 0) + (hasStrong ? nw : 0);
    s.insertGap(at, size);
    a = s.a;
    a[at] = value;
    a[at + 1] = meta(cpu, siteId, attached, hasView, hasStrong);
    if (hasView) {
      System.arraycopy(view, 0, a, at + 2, nw);
    }
    if (hasStrong) {
      System.arraycopy(view, nw, a, at + 2 + (hasView ? nw : 0), nw);
    }
    a[blk] = n + 1;
    s.changed();
    a[vw(cpu) + w] = q;
    if (q > a[vr(cpu) + w]) {
      a[vr(cpu) + w] = q; // CoWR: this CPU's later loads see its own store or a later one
    }
    a[own(cpu) + w] = q;
    Loc x = weak[w];
    int prev = msg(s, blk, j);
    sink.stored(x, a[prev], value, cpu, siteId);
    if (q == n) {
      mem[x.index()] = value;
    } else {
      // A store that already was in coherence order now follows this one.
      int next = msg(s, blk, q + 1);
      sink.stored(x, value, a[next], cpuOf(a[next + 1]), siteOf(a[next + 1]));
    }
  }

  private int[] scratch = new int[0];

  private int[] viewScratch() {
    if (scratch.length < 2 * nw) {
      scratch = new int[2 * nw];
    }
    return scratch;
  }

  /** Renumbers location {@code w}'s messages at or above {@code q} one up, in every view. */
  private void bump(MemoryState s, int w, int q) {
    int[] a = s.a;
    if (a[w] >= q) {
      a[w]++;
    }
    for (int c = 0; c < cpus; c++) {
      for (int v = 0; v < VIEWS; v++) {
        int i = vr(c) + v * nw + w;
        if (a[i] >= q) {
          a[i]++;
        }
      }
    }
    int p = header;
    for (int k = 0; k < nw; k++) {
      int n = a[p++];
      for (int i = 0; i < n; i++) {
        if (k != w) {
          int views = Integer.bitCount(a[p + 1] & (HAS_VIEW | HAS_STRONG));
          for (int v = 0; v < views; v++) {
            if (a[p + 2 + v * nw + w] >= q) {
              a[p + 2 + v * nw + w]++;
            }
          }
        }
        p += msgSize(s, p);
      }
    }
  }

  // ---- read-modify-writes
  // -------------------------------------------------------------------------

  /** Whether reading message {@code i} (value {@code v}) is a possible outcome of the RMW. */
  private boolean rmwCan(
      MemoryState s, int cpu, int w, int blk, int i, RmwOp op, int expected, int mustFind) {
    int off = msg(s, blk, i);
    int v = s.a[off];
    if (mustFind != Primitive.ANY && v != mustFind) {
      return false;
    }
    if (op == RmwOp.CMPXCHG && v != expected) {
      return true; // a failing cmpxchg is a plain load
    }
    return i >= s.a[vw(cpu) + w] && freeAfter(s, blk, i);
  }

  /** The message the alt-th outcome reads, or -1; with {@link #COUNT}, how many outcomes. */
  private int rmwRead(
      MemoryState s, int cpu, int w, int blk, RmwOp op, int expected, int mustFind, int alt) {
    int seen = 0;
    for (int i = s.a[blk] - 1; i >= s.a[vr(cpu) + w]; i--) {
      if (rmwCan(s, cpu, w, blk, i, op, expected, mustFind) && seen++ == alt) {
        return i;
      }
    }
    return alt == COUNT ? seen : -1;
  }

  @Override
  int rmwChoices(MemoryState s, int[] mem, int cpu, int w, RmwOp op, int expected, int mustFind) {
    return rmwRead(s, cpu, w, block(s, w), op, expected, mustFind, COUNT);
  }

  @Override
  int rmw(
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
      Sink sink) {
    int blk = block(s, w);
    int i = rmwRead(s, cpu, w, blk, op, expected, mustFind, alt);
    int old = s.a[msg(s, blk, i)];
    if (op == RmwOp.CMPXCHG && old != expected) {
      readMessage(s, cpu, w, blk, i, false); // unordered on failure
      return old;
    }
    readMessage(s, cpu, w, blk, i, acquire, noReturn);
    if (mustFind != Primitive.ANY && acquire) {
      // spin_lock taking over from an unlock (po-unlock-lock-po through rf is a cumul-fence):
      // this CPU's later stores carry what the unlock released.
      int m = s.a[msg(s, blk, i) + 1];
      Set<String> caveats = unorderedSink;
      // A successful fully ordered cmpxchg (the other RMW that must find a value) is no lock: its
      // strong fences are A-cumulative in the LKMM too.
      if (caveats != null && op != RmwOp.CMPXCHG && siteOf(m) != 0 && cpuOf(m) != cpu) {
        // ... all of it, where the LKMM's cumul-fence carries only the unlocker's own stores
        caveats.add(
            "spin_lock("
                + weak[w].name()
                + ") takes over from "
                + sites.site(siteOf(m))
                + ": unlock-lock is A-cumulative in the view machine");
      }
      joinMessage(s, msg(s, blk, i), w, i, rel(cpu));
    }
    insertAfter(s, mem, cpu, w, i, op.apply(old, operand), release, true, siteId, sink);
    return old;
  }

  /**
   * The message the alt-th failing outcome of a cmpxchg reads, or -1; with {@link #COUNT}, how many
   * failing outcomes there are.
   */
  private int failRead(MemoryState s, int cpu, int w, int blk, int expected, int alt) {
    int seen = 0;
    for (int i = s.a[blk] - 1; i >= s.a[vr(cpu) + w]; i--) {
      if (s.a[msg(s, blk, i)] != expected && seen++ == alt) {
        return i;
      }
    }
    return alt == COUNT ? seen : -1;
  }

  int cmpxchgFailChoices(MemoryState s, int cpu, int w, int expected) {
    return failRead(s, cpu, w, block(s, w), expected, COUNT);
  }

  int cmpxchgFail(MemoryState s, int[] mem, int cpu, int w, int expected, int alt) {
    int blk = block(s, w);
    return readMessage(s, cpu, w, blk, failRead(s, cpu, w, blk, expected, alt), false);
  }

  @Nullable String describeCmpxchgFail(
      MemoryState s, int[] mem, int cpu, int w, int expected, int alt) {
    int blk = block(s, w);
    return staleNote(s, cpu, w, blk, failRead(s, cpu, w, blk, expected, alt));
  }

  private @Nullable String staleNote(MemoryState s, int cpu, int w, int blk, int i) {
    int n = s.a[blk];
    if (i == n - 1) {
      return null;
    }
    int last = msg(s, blk, n - 1);
    return "stale: "
        + weak[w].name()
        + " = "
        + s.a[last]
        + " stored by "
        + writer(s.a[last + 1])
        + " is not yet visible to CPU"
        + cpu;
  }

  @Override
  @Nullable String describeRmw(
      MemoryState s, int[] mem, int cpu, int w, RmwOp op, int expected, int mustFind, int alt) {
    int blk = block(s, w);
    return staleNote(s, cpu, w, blk, rmwRead(s, cpu, w, blk, op, expected, mustFind, alt));
  }

  // ---- the memory system's ordered RMWs, fences and model time
  // ------------------------------------

  @Override
  int weakRmw(
      MemoryStep k, int w, RmwOp op, Ordering ordering, int operand, int expected, int mustFind) {
    if (ordering != Ordering.FULL) {
      return chosenRmw(k, w, op, ordering, operand, expected, mustFind);
    }
    // The fence before a fully ordered RMW is part of its step; the one after it is a step of its
    // own (MB_AFTER_RMW), taken only if the RMW wrote.
    k.touchFenceOrder();
    state.a[flags(k.cpu())] &= ~FLAG_BEFORE_ATOMIC; // the full fence orders more
    int cpu = k.cpu();
    int[] values = k.values();
    if (op != RmwOp.CMPXCHG) {
      mb(state, cpu);
      return chosenRmw(k, w, op, ordering, operand, expected, mustFind);
    }
    // A cmpxchg that fails is an unordered load: no fence before it either.
    int nFail = cmpxchgFailChoices(state, cpu, w, expected);
    fenced.copyFrom(state);
    mb(fenced, cpu);
    int nOk = rmwChoices(fenced, values, cpu, w, op, expected, expected);
    int a = k.choose(nFail + nOk);
    if (a < nFail) {
      if (k.recording()) {
        k.remark(describeCmpxchgFail(state, values, cpu, w, expected, a));
      }
      return cmpxchgFail(state, values, cpu, w, expected, a);
    }
    mb(state, cpu);
    if (k.recording()) {
      k.remark(describeRmw(state, values, cpu, w, op, expected, expected, a - nFail));
    }
    return rmw(
        state,
        values,
        cpu,
        w,
        op,
        operand,
        expected,
        expected,
        true,
        true,
        a - nFail,
        k.siteId(),
        k);
  }

  private final MemoryState fenced = new MemoryState();

  /**
   * Every full fence is a step of its own (it joins the global order {@code S}), and so is model
   * time; {@code smp_rmb()} and {@code smp_wmb()} change only their CPU's views and act where they
   * run. {@code test_and_clear_bit()}'s 2021 early-return read is a load of its own on a weak
   * location.
   */
  @Override
  public boolean isStep(Primitive p, @Nullable Loc x) {
    return switch (p) {
      case SMP_RMB, SMP_WMB, SMP_MB_BEFORE_ATOMIC -> false;
      case TAC_EARLY_READ -> x != null && weakIndex(x) >= 0;
      default -> p.shape == Primitive.Shape.FENCE || p.shape == Primitive.Shape.MODEL_TIME;
    };
  }

  @Override
  public void fence(MemoryStep k, Primitive p) {
    switch (p) {
      case SMP_RMB -> rmb(state, k.cpu());
      case SMP_WMB -> wmb(state, k.cpu());
      case SMP_MB_BEFORE_ATOMIC -> beforeAtomic(state, k.cpu());
      case SMP_MB_AFTER_ATOMIC -> afterAtomic(state, k.cpu());
      default -> mb(state, k.cpu());
    }
  }

  @Override
  void beforeRmw(MemoryStep k) {
    int cpu = k.cpu();
    if ((state.a[flags(cpu)] & FLAG_BEFORE_ATOMIC) != 0) {
      k.touchFenceOrder();
      state.a[flags(cpu)] &= ~FLAG_BEFORE_ATOMIC;
      strongFenceAt(state, cpu, pend(cpu));
      Arrays.fill(state.a, pend(cpu), pend(cpu) + nw, 0);
      readsOrdered(state.a, cpu, nw > 32 ? 0 : state.a[beforeMask(cpu)]);
      state.a[beforeMask(cpu)] = 0;
    }
  }

  @Override
  void afterRmw(MemoryStep k) {
    int cpu = k.cpu();
    int[] a = state.a;
    a[flags(cpu)] |= FLAG_HAD_RMW;
    snapshot(a, cpu, lrmw(cpu));
    a[rmwMask(cpu)] = pendingMask(a, cpu);
  }

  /** The weak locations (below 32) with a pending read, as bits. */
  private int pendingMask(int[] a, int cpu) {
    int m = 0;
    for (int w = 0; w < nw && w < 32; w++) {
      if (a[pendingReads(cpu) + w] != 0) {
        m |= 1 << w;
      }
    }
    return m;
  }

  /** Joins what the CPU's strong fences would order before them into the view at {@code into}. */
  private void snapshot(int[] a, int cpu, int into) {
    join(a, into, vr(cpu), nw);
    join(a, into, vw(cpu), nw);
    join(a, into, acq(cpu), nw);
  }

  /**
   * {@code smp_mb__before_atomic()}: {@code [M] ; fencerel(Before-atomic) ; [RMW] ; po? ; [M]}. It
   * orders what precedes it with the CPU's next RMW and what follows that RMW; it takes effect at
   * the RMW ({@link #beforeRmw}), and not at all if no RMW follows.
   */
  void beforeAtomic(MemoryState s, int cpu) {
    snapshot(s.a, cpu, pend(cpu));
    s.a[flags(cpu)] |= FLAG_BEFORE_ATOMIC;
    s.a[beforeMask(cpu)] = pendingMask(s.a, cpu);
  }

  /**
   * {@code smp_mb__after_atomic()}: {@code [M] ; po? ; [RMW] ; fencerel(After-atomic) ; [M]}. It
   * orders the accesses up to the CPU's last RMW (as they were just after it) with what follows the
   * fence, as {@code smp_mb()} would; nothing if the CPU has executed no RMW.
   */
  void afterAtomic(MemoryState s, int cpu) {
    if ((s.a[flags(cpu)] & FLAG_HAD_RMW) != 0) {
      strongFenceAt(s, cpu, lrmw(cpu));
      readsOrdered(s.a, cpu, nw > 32 ? 0 : s.a[rmwMask(cpu)]);
    }
  }

  /**
   * A strong fence ordering what the view at {@code before} holds with everything the CPU does from
   * now on: {@code X = before ⊔ S}; {@code S} becomes {@code X} and the CPU's views are raised to
   * it.
   */
  private void strongFenceAt(MemoryState s, int cpu, int before) {
    int[] a = s.a;
    for (int k = 0; k < nw; k++) {
      int x = Math.max(a[before + k], a[k]);
      a[k] = x;
      raise(a, vr(cpu) + k, x);
      raise(a, vw(cpu) + k, x);
      raise(a, acq(cpu) + k, x);
      raise(a, rel(cpu) + k, x);
      raise(a, str(cpu) + k, x);
    }
  }

  @Override
  public void locking(MemoryStep k) {
    MemoryState s = state;
    int cpu = k.cpu();
    if ((s.a[flags(cpu)] & FLAG_UNLOCKED) != 0) {
      join(s.a, vr(cpu), acq(cpu), nw);
      join(s.a, vw(cpu), acq(cpu), nw);
      join(s.a, rel(cpu), own(cpu), nw);
      readsOrdered(s.a, cpu, -1); // po-unlock-lock-po is in ppo
    }
  }

  // ---- the load-buffering guard -----------------------------------------------------------------

  private @Nullable Set<String> unorderedSink;

  /**
   * The pairs already given to {@link #unorderedSink}: each line is built once, not at every step
   * that meets the pair again (the strings were a tenth of the bytes an lkmm search allocated).
   */
  private final Set<UnorderedPair> unorderedSeen = new HashSet<>();

  /** A read (site, weak location) not ordered before a later write (site, weak location). */
  private record UnorderedPair(int readSite, int read, int writeSite, int write) {}

  @Override
  public void collectUnorderedPairs(Set<String> sink) {
    unorderedSink = sink;
    unorderedSeen.clear();
  }

  /** Forgets the pending reads in {@code mask} (every one if -1): they are ordered from now on. */
  private void readsOrdered(int[] a, int cpu, int mask) {
    for (int w = 0; w < nw; w++) {
      if (mask == -1 || (w < 32 && (mask & (1 << w)) != 0)) {
        a[pendingReads(cpu) + w] = 0;
      }
    }
    if (mask == -1) {
      a[beforeMask(cpu)] = 0;
      a[rmwMask(cpu)] = 0;
    }
  }

  @Override
  void noteRead(MemoryStep k, int w, boolean noReturn) {
    int cpu = k.cpu();
    int[] a = state.a;
    a[pendingReads(cpu) + w] = k.siteId() | (noReturn ? NO_RETURN : 0);
    if (w < 32) {
      // a read after the fence or the RMW is not ordered by smp_mb__before/after_atomic()
      a[beforeMask(cpu)] &= ~(1 << w);
      a[rmwMask(cpu)] &= ~(1 << w);
    }
  }

  @Override
  void noteWrite(MemoryStep k, int w) {
    int cpu = k.cpu();
    long others = ~(1L << cpu);
    if (((weak[w].readers() | weak[w].writers()) & others) == 0) {
      return; // no other CPU reads the store or orders its own stores with it (S: through co)
    }
    int[] a = state.a;
    int afterRmb = 0; // whether the store depends on a read after the last smp_rmb(): 1 no, 2 yes
    for (int r = 0; r < nw; r++) {
      int e = a[pendingReads(cpu) + r];
      int site = e & SITE_BITS;
      if (e == 0 || r == w || (weak[r].writers() & others) == 0 || k.dependsOn(weak[r], site)) {
        continue;
      }
      if ((e & (COVERED | NO_RETURN)) == COVERED) {
        // rmb ; (ctrl | data | addr): a read smp_rmb() orders before a read the store depends on
        if (afterRmb == 0) {
          afterRmb = dependsOnReadAfterRmb(k, a, cpu) ? 2 : 1;
        }
        if (afterRmb == 2) {
          continue;
        }
      }
      Set<String> sink = unorderedSink;
      if (sink != null && unorderedSeen.add(new UnorderedPair(site, r, k.siteId(), w))) {
        sink.add(
            sites.site(site)
                + " reads "
                + weak[r].name()
                + ", then "
                + sites.site(k.siteId())
                + " writes "
                + weak[w].name());
      }
    }
  }

  /**
   * Whether the store or RMW {@code k} executes depends (measured by replay) on a pending read that
   * no {@code smp_rmb()} followed: one that comes after every {@code smp_rmb()} so far, and so
   * after the one that covered an earlier read.
   */
  private boolean dependsOnReadAfterRmb(MemoryStep k, int[] a, int cpu) {
    for (int r = 0; r < nw; r++) {
      int e = a[pendingReads(cpu) + r];
      if (e != 0 && (e & (COVERED | NO_RETURN)) == 0 && k.dependsOn(weak[r], e & SITE_BITS)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void unlocked(MemoryStep k) {
    state.a[flags(k.cpu())] |= FLAG_UNLOCKED;
  }

  @Override
  public boolean propagate(MemoryStep k) {
    touchEveryView(k);
    publish(state, k.cpu()); // what this CPU knew before the wait, not what it learns now
    seeAll(state, k.cpu());
    readsOrdered(state.a, k.cpu(), -1); // the end of a grace period is a strong fence
    return true;
  }

  @Override
  public boolean reportQuiescentState(MemoryStep k, int other, boolean outside) {
    touchEveryView(k);
    if (!outside) {
      return false;
    }
    publishTo(state, k.cpu(), other);
    return true;
  }

  /** {@code smp_mb()} and the full fences of ordered RMWs. */
  void mb(MemoryState s, int cpu) {
    int[] a = s.a;
    for (int k = 0; k < nw; k++) {
      int x = Math.max(Math.max(a[vr(cpu) + k], a[vw(cpu) + k]), Math.max(a[acq(cpu) + k], a[k]));
      a[k] = x;
      a[vr(cpu) + k] = x;
      a[vw(cpu) + k] = x;
      a[acq(cpu) + k] = x;
      a[rel(cpu) + k] = x;
      a[str(cpu) + k] = x;
    }
    readsOrdered(a, cpu, -1);
  }

  /**
   * {@code smp_rmb()}; for the load-buffering guard, it covers the CPU's pending reads that are in
   * {@code R4rmb}: they are ordered before its later reads (and so before what depends on those).
   */
  void rmb(MemoryState s, int cpu) {
    join(s.a, vr(cpu), acq(cpu), nw);
    int p = pendingReads(cpu);
    for (int w = 0; w < nw; w++) {
      if (s.a[p + w] != 0 && (s.a[p + w] & NO_RETURN) == 0) {
        s.a[p + w] |= COVERED;
      }
    }
  }

  /** {@code smp_wmb()}. */
  void wmb(MemoryState s, int cpu) {
    join(s.a, rel(cpu), own(cpu), nw);
  }

  /** Makes every store made so far visible to {@code cpu}: raises its read view. */
  void seeAll(MemoryState s, int cpu) {
    for (int w = 0; w < nw; w++) {
      if (weak[w].readableBy(cpu)) {
        reached(s.a, cpu, w, s.a[block(s, w)] - 1);
      }
    }
  }

  /**
   * Message {@code m} of weak location {@code w} (and every message before it) has reached {@code
   * cpu}: its loads read at or after it, and its later stores go after it in coherence order (a
   * store that has propagated to a CPU precedes that CPU's later stores).
   */
  private void reached(int[] a, int cpu, int w, int m) {
    if (m > a[vr(cpu) + w]) {
      a[vr(cpu) + w] = m;
    }
    if (m > a[acq(cpu) + w]) {
      a[acq(cpu) + w] = m;
    }
    if (m > a[vw(cpu) + w]) {
      a[vw(cpu) + w] = m;
    }
  }

  /**
   * Makes everything {@code from} has stored or seen so far visible to {@code to}: its stores, and
   * cumulatively the stores it has read or been ordered after ({@code to}'s read view is raised to
   * {@code from}'s views).
   */
  void publishTo(MemoryState s, int from, int to) {
    int[] a = s.a;
    for (int w = 0; w < nw; w++) {
      if (weak[w].readableBy(to)) {
        reached(a, to, w, Math.max(a[vr(from) + w], Math.max(a[vw(from) + w], a[acq(from) + w])));
      }
    }
  }

  /** {@link #publishTo} every other CPU. */
  void publish(MemoryState s, int from) {
    for (int c = 0; c < cpus; c++) {
      if (c != from) {
        publishTo(s, from, c);
      }
    }
  }

  // ---- canonical form
  // ------------------------------------------------------------------------------

  /**
   * Zeroes the views of finished CPUs, drops each location's messages below every live accessor's
   * views (renumbering the rest in every view), forgets writers (class comment) and removes message
   * views that became all zero (bottom), so that equal states encode equally. One compacting walk
   * over the messages: dropping a location's oldest messages renumbers that location in the views
   * of every other location's messages, so the numbers dropped are found first, from the CPUs'
   * views and the blocks' counts; then each view is renumbered at the locations that drop (one or
   * two in most steps that drop any) rather than at every location.
   */
  @Override
  public void canonicalize(MemoryState s, boolean[] finished) {
    for (int c = 0; c < cpus; c++) {
      if (finished[c]) {
        Arrays.fill(s.a, vr(c), vr(c) + cpuBlock, 0);
      }
    }
    int[] drop = dropped;
    int[] at = droppedAt;
    int nd = 0;
    for (int w = 0; w < nw; w++) {
      int m = Integer.MAX_VALUE;
      long access = weak[w].readers() | weak[w].writers();
      for (int c = 0; c < cpus; c++) {
        if (!finished[c] && (access & (1L << c)) != 0) {
          m = Math.min(m, Math.min(s.a[vr(c) + w], s.a[vw(c) + w]));
        }
      }
      if (m == Integer.MAX_VALUE) {
        m = s.a[block(s, w)] - 1; // nobody will access it again: only its final value matters
      }
      drop[w] = Math.max(m, 0);
      if (m > 0) {
        at[nd++] = w;
      }
    }
    if (nd == 0) {
      forgetWriters(s);
      return;
    }
    int[] a = s.a;
    renumber(a, 0, nd); // S
    for (int c = 0; c < cpus; c++) {
      for (int v = 0; v < VIEWS; v++) {
        renumber(a, vr(c) + v * nw, nd);
      }
    }
    int src = header;
    int dst = header;
    for (int w = 0; w < nw; w++) {
      int n = a[src++];
      for (int i = 0; i < drop[w]; i++) {
        src += msgSize(s, src);
      }
      a[dst++] = n - drop[w];
      for (int i = drop[w]; i < n; i++) {
        int meta = a[src + 1];
        if (i == drop[w]) {
          meta &= ~ATTACHED; // nothing can be placed before the oldest message anyway
        }
        if (forgetsWriter(w, a[src])) {
          meta &= WRITER_FREE;
        }
        a[dst] = a[src];
        int from = src + 2;
        int to = dst + 2;
        for (int part = HAS_VIEW;
            part <= HAS_STRONG;
            part <<= 1) { // the view, then the strong part
          if ((meta & part) != 0) {
            if (moveView(a, from, to, nd)) {
              to += nw;
            } else {
              meta &= ~part;
            }
            from += nw;
          }
        }
        a[dst + 1] = meta;
        src = from;
        dst = to;
      }
    }
    assert src == s.len : "a block walk that missed the end of the state";
    if (dst != src) {
      s.len = dst;
      s.changed();
    }
  }

  /**
   * Subtracts from the view at {@code at} the numbers dropped (the first {@code nd} locations of
   * {@link #droppedAt}), clamping at 0; returns whether a number other than 0 became 0.
   */
  private boolean renumber(int[] a, int at, int nd) {
    boolean zeroed = false;
    for (int d = 0; d < nd; d++) {
      int w = droppedAt[d];
      int x = a[at + w];
      if (x != 0) {
        x = Math.max(0, x - dropped[w]);
        a[at + w] = x;
        zeroed |= x == 0;
      }
    }
    return zeroed;
  }

  /**
   * The canonical form of a state none of whose messages is dropped: only writers to forget (and
   * the oldest messages' attachment, which no step sets). A message view becomes bottom only when
   * renumbered: {@link #insertAfter} gives a message a view only if it is not bottom, and {@link
   * #bump} only raises numbers. The compacting walk of {@link #canonicalize} would do the same with
   * nothing dropped; this walk, which only hops from message to message, made an lkmm search 3 %
   * faster (seven pairs of eight at the same time, twenty-fifth session).
   */
  private void forgetWriters(MemoryState s) {
    int[] a = s.a;
    int p = header;
    for (int w = 0; w < nw; w++) {
      int n = a[p++];
      a[p + 1] &= ~ATTACHED;
      for (int i = 0; i < n; i++) {
        assert !emptyView(s, p) : "a message view became bottom without a renumbering";
        if (forgetsWriter(w, a[p])) {
          a[p + 1] &= WRITER_FREE;
        }
        p += msgSize(s, p);
      }
    }
    assert p == s.len : "a block walk that missed the end of the state";
  }

  /**
   * Whether the canonical form forgets the writer of a store of {@code value} to location {@code w}
   * (class comment).
   */
  private boolean forgetsWriter(int w, int value) {
    return !keepWriters[w] && !(lockWord[w] && value == LOCK_FREE);
  }

  /** Whether the message at {@code off} has a view or a strong part that is bottom. */
  private boolean emptyView(MemoryState s, int off) {
    int[] a = s.a;
    int strong = strongOf(s, off);
    return ((a[off + 1] & HAS_VIEW) != 0 && Arrays.equals(a, off + 2, off + 2 + nw, bottom, 0, nw))
        || ((a[off + 1] & HAS_STRONG) != 0 && Arrays.equals(a, strong, strong + nw, bottom, 0, nw));
  }

  /**
   * Moves the message view at {@code from} down to {@code to} ({@code to <= from}) and renumbers it
   * (the first {@code nd} locations of {@link #droppedAt}); returns whether it is other than bottom
   * (all zero). It was not bottom before ({@link #forgetWriters}), so it is now only if a number it
   * had became 0. A message's own location is 0 in its views, so renumbering it changes nothing.
   */
  private boolean moveView(int[] a, int from, int to, int nd) {
    assert !Arrays.equals(a, from, from + nw, bottom, 0, nw) : "a bottom view kept";
    if (from != to) {
      System.arraycopy(a, from, a, to, nw);
    }
    return !renumber(a, to, nd) || !Arrays.equals(a, to, to + nw, bottom, 0, nw);
  }
}
