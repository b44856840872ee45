package dev.klpct.checker.explore;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import dev.klpct.api.Site;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.WriteObserver;
import dev.klpct.checker.trace.TraceEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The model backend's {@link Kernel}: executes exactly one scheduling step of one CPU, under
 * sequential consistency or, with a {@link WeakMemory}, under a weak memory model.
 *
 * <h2>How a step runs</h2>
 *
 * A CPU's current routine is re-run from its start. The first {@code nres} primitives are
 * <em>replayed</em>: they return the results recorded in the CPU's {@link Frame} and touch no
 * memory, and a checksum of which primitives they were is compared with the recorded one, so a
 * routine that behaves differently on replay is caught. The next primitive is <em>executed</em> on
 * memory and its result recorded. Execution then continues through local code (registers, fences,
 * ghost bookkeeping) until the following primitive, where the run is cut by throwing {@link Stop},
 * or until the routine returns, in which case its registers are committed and the CPU's next
 * routine is started in the same step.
 *
 * <p>Ghost updates, violations and notes take effect only after the step's primitive has executed
 * (or during the initial setup), so replays never apply them twice. Fences are not scheduling
 * points under sequential consistency; they appear in traces as part of the step.
 *
 * <h2>Weak memory</h2>
 *
 * With a {@link WeakMemory}, loads and stores of weak locations go through it and may have several
 * outcomes: the step's {@code choice} picks one ({@link #altCount} says how many there were).
 * Fences that only change the executing CPU's own view ({@code smp_rmb}, {@code smp_wmb}) act where
 * they run, as part of the step; fences that touch shared state ({@code smp_mb} and its {@code
 * __before_atomic}/{@code __after_atomic} forms under TSO and LKMM) are scheduling points of their
 * own, recorded like primitives. A fully ordered RMW is its fence-before and the RMW as one step,
 * then (LKMM) its fence-after as a second step. Sites in the {@code weakened} set lose their
 * ordering (barrier ablation).
 *
 * <p>Not thread-safe: one instance per exploring thread.
 */
final class ModelKernel implements Kernel {

  /** Cuts a routine at the primitive after the executed one. */
  static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Control flow on the hot path: preallocated, without a stack trace.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final Stop INSTANCE = new Stop();

    private Stop() {
      super(null, null, false, false);
    }
  }

  /** The step's primitive cannot run now (an await or select with no true guard). */
  static final class Blocked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Control flow on the hot path: preallocated, without a stack trace.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final Blocked INSTANCE = new Blocked();

    private Blocked() {
      super(null, null, false, false);
    }
  }

  /** A replayed schedule asks for a choice alternative that is not enabled. */
  static final class NoSuchChoice extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Control flow on the hot path: preallocated, without a stack trace.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final NoSuchChoice INSTANCE = new NoSuchChoice();

    private NoSuchChoice() {
      super(null, null, false, false);
    }
  }

  /** Outcome of {@link #runStep}. */
  enum Outcome {
    STEPPED,
    BLOCKED,
    FINISHED,
    NO_SUCH_CHOICE,
    ERROR
  }

  private static final int MAX_LOCAL_ROUTINES = 10_000;

  private final CpuProgram[] programs;
  private final @Nullable WriteObserver[] observers;
  private final boolean testAndClearFailureOrdered;
  private final @Nullable WeakMemory weak;
  private final SiteTable sites;
  private final ImmutableSet<Site> weakened;

  /** Pseudo-location standing for the order of strong fences, for footprints. */
  private final Loc fenceOrder;

  private WeakMemory.State ws = new WeakMemory.State();

  // per-run state
  private int[] mem = new int[0];
  private int cpu;
  private @Nullable Frame frame;
  private int[] scratch = new int[0];
  private int pos;
  private int runningChecksum;
  private boolean executed;

  /** Past the step's primitive and its local tail: running on only to leave the routine. */
  private boolean dry;

  private int dryCount;
  private int choice;

  // outputs of the last run
  final Footprint footprint = new Footprint();

  /** Alternatives of the step's select that were enabled (bit mask), 0 if no select. */
  int selectMask;

  /** The alternative taken by the step's select or weak-memory choice, or -1. */
  int chosen;

  /** Number of weak-memory outcomes of the step's primitive (1 if it had no choice). */
  int altCount;

  @Nullable String error;

  // tracing
  private @Nullable List<TraceEvent> trace;
  private int traceStep;

  ModelKernel(
      Loc[] layout,
      CpuProgram[] programs,
      @Nullable WriteObserver[] observers,
      boolean testAndClearFailureOrdered,
      @Nullable WeakMemory weak,
      SiteTable sites,
      ImmutableSet<Site> weakened,
      Loc fenceOrder) {
    this.observers = observers;
    this.programs = programs;
    this.testAndClearFailureOrdered = testAndClearFailureOrdered;
    this.weak = weak;
    this.sites = sites;
    this.weakened = weakened;
    this.fenceOrder = fenceOrder;
  }

  /** The pseudo-location for the order of strong fences: index {@code layout.length}. */
  static Loc fenceOrderLoc(Loc[] layout, int cpus) {
    long all = cpus >= 64 ? -1L : (1L << cpus) - 1;
    return new Loc(layout.length, "smp_mb() order", Loc.Kind.SHARED, all, all, 0);
  }

  /** Sets the weak-memory state the next runs work on (mutated in place). */
  void weakState(WeakMemory.State s) {
    this.ws = s;
  }

  void traceInto(@Nullable List<TraceEvent> sink, int step) {
    this.trace = sink;
    this.traceStep = step;
  }

  /**
   * Runs the setup of CPU {@code c}: its program up to the first primitive, applying local effects.
   * Used once for the initial state.
   */
  Outcome setup(int[] memory, Frame f, int c) {
    return run(memory, f, c, -1, true);
  }

  /**
   * Runs one step of CPU {@code c} on {@code memory} and {@code f} (both mutated).
   *
   * @param forcedChoice the alternative to take if the step is a select, or -1 for the first
   *     enabled one
   */
  Outcome runStep(int[] memory, Frame f, int c, int forcedChoice) {
    return run(memory, f, c, forcedChoice, false);
  }

  private Outcome run(int[] memory, Frame f, int c, int forcedChoice, boolean setup) {
    this.mem = memory;
    this.cpu = c;
    this.frame = f;
    this.choice = forcedChoice;
    this.executed = setup;
    this.dry = false;
    this.dryCount = 0;
    this.footprint.clear();
    this.selectMask = 0;
    this.chosen = -1;
    this.altCount = 1;
    this.pendingCount = 0;
    this.error = null;
    if (f.finished) {
      return Outcome.FINISHED;
    }
    CpuProgram p = programs[c];
    if (scratch.length < f.regs.length) {
      scratch = new int[f.regs.length];
    }
    try {
      for (int guard = 0; guard < MAX_LOCAL_ROUTINES; guard++) {
        System.arraycopy(f.regs, 0, scratch, 0, f.regs.length);
        pos = 0;
        runningChecksum = 0;
        boolean more = p.step(this);
        if (dry) {
          return Outcome.STEPPED; // the routine went on past the next primitive: discard that
        }
        if (!executed) {
          // The routine ended while we were still replaying it: it called fewer primitives
          // than it did when those were recorded.
          throw new ModelError(
              p.name()
                  + ": routine returned after "
                  + pos
                  + " primitives on replay, but "
                  + f.nres
                  + " were recorded: strategy or model code is not deterministic");
        }
        if (pos == 0 && !more) {
          f.finished = true;
          f.nres = 0;
          f.checksum = 0;
          return setup ? Outcome.FINISHED : Outcome.STEPPED;
        }
        if (!more) {
          throw new ModelError(p.name() + ": routine called primitives and then returned false");
        }
        // routine completed: commit registers, start the next routine in this step
        System.arraycopy(scratch, 0, f.regs, 0, f.regs.length);
        f.nres = 0;
        f.checksum = 0;
      }
      throw new ModelError(
          p.name()
              + ": more than "
              + MAX_LOCAL_ROUTINES
              + " routines without a primitive (a loop that never touches memory?)");
    } catch (Stop s) {
      return Outcome.STEPPED;
    } catch (Blocked b) {
      return Outcome.BLOCKED;
    } catch (NoSuchChoice n) {
      return Outcome.NO_SUCH_CHOICE;
    } catch (ModelError e) {
      if (dry) {
        return Outcome.STEPPED;
      }
      String message = String.valueOf(e.getMessage());
      error = message;
      traceError(message);
      return Outcome.ERROR;
    } catch (RuntimeException | StackOverflowError e) {
      if (dry) {
        return Outcome.STEPPED; // dry values may make code fail; nothing of it is kept
      }
      error =
          p.name()
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + " thrown at "
              + firstFrame(e);
      traceError(error);
      return Outcome.ERROR;
    }
  }

  private static String firstFrame(Throwable e) {
    StackTraceElement[] st = e.getStackTrace();
    return st.length == 0 ? "?" : st[0].toString();
  }

  // ---- the replay / execute protocol --------------------------------------------------

  private Frame frame() {
    Frame f = frame;
    if (f == null) {
      throw new IllegalStateException("no step running");
    }
    return f;
  }

  /** True when the primitive at the current position is to be replayed. */
  private boolean replaying() {
    return pos < frame().nres;
  }

  private int replay(int op, @Nullable Loc loc, Site site) {
    Frame f = frame();
    runningChecksum = mix(runningChecksum, op, loc == null ? -1 : loc.index(), site);
    int v = f.results[pos++];
    if (pos == f.nres && (runningChecksum & 0xFF) != f.checksum) {
      throw new ModelError(
          programs[cpu].name()
              + ": routine called different primitives on replay (first "
              + f.nres
              + " primitives differ; now at "
              + site
              + "): strategy or model code is not deterministic");
    }
    return v;
  }

  /**
   * Whether the primitive at the current position comes after the step's own: it must then not
   * execute, and returns a neutral value. The routine runs on "dry" to its end (cheaper than
   * unwinding an exception through strategy code); a routine that keeps calling primitives is cut
   * with {@link Stop}.
   */
  private boolean dryRun() {
    if (!executed) {
      return false;
    }
    dry = true;
    if (++dryCount > DRY_LIMIT) {
      throw Stop.INSTANCE;
    }
    return true;
  }

  private static final int DRY_LIMIT = 64;

  /** Starts executing the primitive at the current position; cuts the run if one already ran. */
  private void begin(int op, @Nullable Loc loc, Site site) {
    weakNote = null;
    Frame f = frame();
    if (f.nres >= Frame.MAX_RESULTS) {
      throw new ModelError(
          programs[cpu].name()
              + ": routine has more than "
              + Frame.MAX_RESULTS
              + " primitives; split it (at "
              + site
              + ")");
    }
    runningChecksum = mix(runningChecksum, op, loc == null ? -1 : loc.index(), site);
    currentSite = site;
  }

  private int record(int v) {
    Frame f = frame();
    f.results[f.nres++] = v;
    f.checksum = runningChecksum & 0xFF;
    pos++;
    executed = true;
    if (pendingCount > 0) {
      runObservers();
    }
    return v;
  }

  private static int mix(int h, int op, int loc, Site site) {
    int x = h * 31 + op;
    x = x * 31 + loc;
    x = x * 31 + site.hashCode();
    return x ^ (x >>> 15);
  }

  private void checkRead(Loc x) {
    if (!x.readableBy(cpu)) {
      throw new ModelError(
          programs[cpu].name()
              + " read "
              + x.name()
              + ", which the layout does not let CPU"
              + cpu
              + " read");
    }
    footprint.add(x, false);
  }

  /** A guard's load: the latest value this CPU can see (what a spin loop ends on). */
  private int load(Loc x) {
    checkRead(x);
    WeakMemory wm = weak;
    if (wm == null) {
      return mem[x.index()];
    }
    int w = wm.weakIndex(x);
    return w < 0 ? mem[x.index()] : wm.loadLatest(ws, mem, cpu, w);
  }

  private @Nullable Site currentSite;

  /** Picks this step's alternative among {@code n} weak-memory outcomes. */
  private int alt(int n) {
    if (n <= 0) {
      throw Blocked.INSTANCE;
    }
    int a = choice < 0 ? 0 : choice;
    if (a >= n) {
      throw NoSuchChoice.INSTANCE;
    }
    altCount = n;
    chosen = n > 1 ? a : -1;
    return a;
  }

  /** Whether the ordering of {@code site} is in force (not removed by ablation). */
  private boolean ordered(Site site) {
    return !weakened.contains(site);
  }

  /** Ordering sites executed so far (site to what orders there), when collecting. */
  private java.util.@Nullable Map<Site, String> orderingSites;

  /** Starts collecting the ordering sites executed, into {@code sink}. */
  void collectOrderingSites(java.util.Map<Site, String> sink) {
    this.orderingSites = sink;
  }

  /** Notes the ordering primitive being executed at {@code site} (call after begin). */
  private void executing(Site site, String kind) {
    java.util.Map<Site, String> m = orderingSites;
    if (m != null) {
      m.putIfAbsent(site, kind);
    }
  }

  /** Notes that the fence at {@code site} acts in this step. */
  private void ordering(Site site, String kind) {
    java.util.Map<Site, String> m = orderingSites;
    if (m != null && executed && !dry) {
      m.putIfAbsent(site, kind);
    }
  }

  /** A store to a location that is not weak (or any location under SC). */
  private void storeSc(Loc x, int v) {
    int old = mem[x.index()];
    mem[x.index()] = v;
    if (observers[x.index()] != null) {
      pend(x, old, v, cpu, currentSite);
    }
  }

  private void checkWrite(Loc x) {
    if (!x.writableBy(cpu)) {
      throw new ModelError(
          programs[cpu].name()
              + " wrote "
              + x.name()
              + ", which the layout does not let CPU"
              + cpu
              + " write");
    }
    footprint.add(x, true);
  }

  // Observers run after the primitive has been recorded (so they see a consistent step). A
  // weak store may report two coherence-order links, a drain several stores.
  private Loc[] pendingLoc = new Loc[4];
  private int[] pendingVals = new int[12];
  private @Nullable Site[] pendingSite = new Site[4];
  private int pendingCount;

  private void pend(Loc x, int old, int neu, int byCpu, @Nullable Site site) {
    if (pendingCount == pendingLoc.length) {
      pendingLoc = java.util.Arrays.copyOf(pendingLoc, pendingCount * 2);
      pendingSite = java.util.Arrays.copyOf(pendingSite, pendingCount * 2);
      pendingVals = java.util.Arrays.copyOf(pendingVals, pendingCount * 6);
    }
    pendingLoc[pendingCount] = x;
    pendingSite[pendingCount] = site;
    pendingVals[3 * pendingCount] = old;
    pendingVals[3 * pendingCount + 1] = neu;
    pendingVals[3 * pendingCount + 2] = byCpu;
    pendingCount++;
  }

  /** The sink weak memory reports coherence-order links to. */
  private final WeakMemory.Sink sink = this::stored;

  private void stored(Loc x, int old, int neu, int byCpu, int siteId) {
    if (observers[x.index()] != null) {
      pend(x, old, neu, byCpu, sites.site(siteId));
    }
  }

  private void runObservers() {
    int n = pendingCount;
    pendingCount = 0;
    int self = cpu;
    for (int i = 0; i < n; i++) {
      Loc l = pendingLoc[i];
      Site s = pendingSite[i];
      WriteObserver o = observers[l.index()];
      if (o != null && s != null) {
        int by = pendingVals[3 * i + 2];
        if (by != self && trace != null) {
          note(
              "coherence: "
                  + l
                  + " = "
                  + pendingVals[3 * i + 1]
                  + " stored by CPU"
                  + by
                  + " in "
                  + s.function()
                  + " now follows "
                  + l
                  + " = "
                  + pendingVals[3 * i]);
        }
        o.onWrite(this, l, pendingVals[3 * i], pendingVals[3 * i + 1], s);
      }
    }
  }

  private void trace(Site site, String text) {
    List<TraceEvent> t = trace;
    if (t != null) {
      t.add(new TraceEvent(traceStep, cpu, site.function(), text, TraceEvent.Kind.PRIMITIVE));
    }
  }

  private void traceFence(Site site, String text) {
    List<TraceEvent> t = trace;
    if (t != null && executed && !dry) {
      t.add(new TraceEvent(traceStep, cpu, site.function(), text, TraceEvent.Kind.FENCE));
    }
  }

  private void traceError(String text) {
    List<TraceEvent> t = trace;
    if (t != null) {
      t.add(new TraceEvent(traceStep, cpu, "", text, TraceEvent.Kind.ERROR));
    }
  }

  // ---- weak-memory helpers -------------------------------------------------------------

  private static final int NONE = Integer.MIN_VALUE;

  /** What the weak model said about the step's primitive, for the trace; or null. */
  private @Nullable String weakNote;

  private final WeakMemory.State fenced = new WeakMemory.State();

  private String weakSuffix() {
    String n = weakNote;
    return n == null ? "" : " [" + n + "]";
  }

  private int weakIndex(Loc x) {
    WeakMemory wm = weak;
    return wm == null ? -1 : wm.weakIndex(x);
  }

  /** Executes a load; {@code acquire} only matters under a weak model. */
  private int plainLoad(Loc x, boolean acquire) {
    checkRead(x);
    WeakMemory wm = weak;
    int w = weakIndex(x);
    if (wm == null || w < 0) {
      return mem[x.index()];
    }
    int a = alt(wm.loadChoices(ws, cpu, w));
    if (trace != null) {
      weakNote = wm.describeLoad(ws, mem, cpu, w, a);
    }
    return wm.load(ws, mem, cpu, w, a, acquire);
  }

  /** Executes a store; {@code release} only matters under a weak model. */
  private void plainStore(Loc x, int v, boolean release, Site site) {
    checkWrite(x);
    WeakMemory wm = weak;
    int w = weakIndex(x);
    if (wm == null || w < 0) {
      storeSc(x, v);
      return;
    }
    int a = alt(wm.storeChoices(ws, cpu, w));
    if (trace != null) {
      weakNote = wm.describeStore(ws, cpu, w, a);
    }
    wm.store(ws, mem, cpu, w, v, release, a, sites.id(site), sink);
  }

  /**
   * Executes an RMW (after {@link #begin}); returns the value found.
   *
   * @param mustFind the value the RMW waits for ({@code spin_lock}: 0), or {@link #NONE}
   */
  private int rmwExec(
      int opcode,
      RmwOp op,
      Ordering ordering,
      Loc x,
      int operand,
      int expected,
      int mustFind,
      Site site) {
    begin(opcode, x, site);
    if (ordering != Ordering.RELAXED) {
      executing(
          site,
          ordering == Ordering.FULL
              ? "fully ordered RMW"
              : ordering == Ordering.ACQUIRE ? "acquire RMW" : "release RMW");
    }
    checkRead(x);
    checkWrite(x);
    WeakMemory wm = weak;
    int w = weakIndex(x);
    if (wm == null || w < 0) {
      int old = mem[x.index()];
      if (mustFind != NONE && old != mustFind) {
        throw Blocked.INSTANCE;
      }
      if (op != RmwOp.CMPXCHG || old == expected) {
        storeSc(x, op.apply(old, operand));
      }
      return old;
    }
    boolean ord = ordered(site);
    boolean acquire = ord && ordering != Ordering.RELAXED && ordering != Ordering.RELEASE;
    boolean release = ord && ordering != Ordering.RELAXED && ordering != Ordering.ACQUIRE;
    int siteId = sites.id(site);
    if (wm.fullFenceIsStep() && !wm.fullFenceAfterRmw()) {
      footprint.add(fenceOrder, true); // TSO: a LOCK-prefixed instruction drains the buffer
    }
    if (ord && ordering == Ordering.FULL && wm.fullFenceAfterRmw()) {
      // LKMM: the fence before a successful fully ordered RMW, as part of the same step.
      footprint.add(fenceOrder, true);
      if (op == RmwOp.CMPXCHG) {
        int nFail = wm.cmpxchgFailChoices(ws, cpu, w, expected);
        fenced.copyFrom(ws);
        wm.mb(fenced, mem, cpu, sink);
        int nOk = wm.rmwChoices(fenced, mem, cpu, w, op, expected, expected);
        int a = alt(nFail + nOk);
        if (a < nFail) {
          if (trace != null) {
            weakNote = wm.describeCmpxchgFail(ws, mem, cpu, w, expected, a);
          }
          return wm.cmpxchgFail(ws, mem, cpu, w, expected, a);
        }
        wm.mb(ws, mem, cpu, sink);
        if (trace != null) {
          weakNote = wm.describeRmw(ws, mem, cpu, w, op, expected, expected, a - nFail);
        }
        return wm.rmw(
            ws, mem, cpu, w, op, operand, expected, expected, acquire, release, a - nFail, siteId,
            sink);
      }
      wm.mb(ws, mem, cpu, sink);
    }
    int a = alt(wm.rmwChoices(ws, mem, cpu, w, op, expected, mustFind));
    if (trace != null) {
      weakNote = wm.describeRmw(ws, mem, cpu, w, op, expected, mustFind, a);
    }
    return wm.rmw(
        ws, mem, cpu, w, op, operand, expected, mustFind, acquire, release, a, siteId, sink);
  }

  /**
   * The full fence after a fully ordered RMW under LKMM: its own scheduling point. Consumes a
   * replay position only when the model has such a fence, so SC and TSO traces are unchanged.
   */
  private void fenceAfter(Ordering ordering, boolean wrote, Site site) {
    WeakMemory wm = weak;
    if (wm != null
        && wm.fullFenceAfterRmw()
        && ordering == Ordering.FULL
        && wrote
        && ordered(site)) {
      fenceStep(OP_MB_AFTER, site, "smp_mb() (the RMW's full ordering, after it)");
    }
  }

  /** A full fence as a scheduling step of its own (weak models only). */
  private void fenceStep(int op, Site site, String text) {
    if (replaying()) {
      replay(op, null, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(op, null, site);
    footprint.add(fenceOrder, true);
    WeakMemory wm = weak;
    if (wm != null) {
      wm.mb(ws, mem, cpu, sink);
    }
    endFenceStep(site, text);
  }

  /** Ends a step that acted as a fence: its trace line (before any observer's), its record. */
  private void endFenceStep(Site site, String text) {
    List<TraceEvent> t = trace;
    if (t != null) {
      t.add(new TraceEvent(traceStep, cpu, site.function(), text, TraceEvent.Kind.FENCE));
    }
    record(0);
  }

  /**
   * Declares that the current step raises other CPUs' views: it conflicts with every access of a
   * weak location.
   */
  private void raisesEveryView(WeakMemory wm) {
    for (Loc x : wm.weak) {
      footprint.add(x, true);
    }
  }

  /** A fence that changes only this CPU's view: acts where it runs (not a scheduling point). */
  private boolean localFenceActs() {
    return executed && !dry;
  }

  private String fenceText(String text, Site site) {
    return weak != null && !ordered(site) ? text + " (removed: ablation)" : text;
  }

  /**
   * Makes the oldest store in CPU {@code c}'s store buffer visible (TSO): an internal action of the
   * memory system, explored like a step of that CPU.
   */
  Outcome runFlush(int[] memory, Frame f, int c) {
    this.mem = memory;
    this.cpu = c;
    this.frame = f;
    this.executed = true;
    this.dry = false;
    this.footprint.clear();
    this.selectMask = 0;
    this.chosen = -1;
    this.altCount = 1;
    this.pendingCount = 0;
    this.error = null;
    WeakMemory wm = weak;
    if (wm == null || !wm.canFlush(ws, c)) {
      return Outcome.BLOCKED;
    }
    footprint.add(wm.weak[wm.flushLoc(ws, c)], true);
    List<TraceEvent> t = trace;
    if (t != null) {
      t.add(
          new TraceEvent(
              traceStep, c, "store buffer", wm.describeFlush(ws, c), TraceEvent.Kind.PRIMITIVE));
    }
    try {
      wm.flush(ws, mem, c, sink);
      runObservers();
    } catch (RuntimeException e) {
      error = "store-buffer flush of CPU" + c + ": " + e.getMessage();
      traceError(error);
      return Outcome.ERROR;
    }
    return Outcome.STEPPED;
  }

  /** Whether CPU {@code c} has a buffered store that may become visible. */
  boolean canFlush(int c) {
    WeakMemory wm = weak;
    return wm != null && wm.canFlush(ws, c);
  }

  /**
   * A named RMW primitive, one scheduling step: replays it, runs it dry, or executes it ({@link
   * #rmwExec}), traces it and records the value the primitive returns; then the trailing full fence
   * of a fully ordered RMW that wrote (LKMM). Returns that value.
   */
  private int rmwPrimitive(
      int opcode, RmwOp op, Ordering ordering, Loc v, int operand, int expected, Site site) {
    int result;
    if (replaying()) {
      result = replay(opcode, v, site);
    } else if (dryRun()) {
      return 0;
    } else {
      int old = rmwExec(opcode, op, ordering, v, operand, expected, NONE, site);
      result = rmwResult(opcode, old, operand);
      if (trace != null) {
        trace(site, rmwText(opcode, op, ordering, v, operand, expected, old, site) + weakSuffix());
      }
      record(result);
    }
    fenceAfter(ordering, op != RmwOp.CMPXCHG || result == expected, site);
    return result;
  }

  /** What the named RMW with {@code opcode} returns when it found {@code old}. */
  private static int rmwResult(int opcode, int old, int operand) {
    return switch (opcode) {
      case OP_SET_BIT, OP_CLEAR_BIT, OP_OR, OP_ANDNOT -> 0;
      case OP_TAS_BIT, OP_TAC_BIT -> (old & operand) != 0 ? 1 : 0;
      case OP_ADD_RETURN -> old + operand;
      default -> old;
    };
  }

  /** The trace line of the named RMW with {@code opcode} that found {@code old}. */
  private String rmwText(
      int opcode,
      RmwOp op,
      Ordering ordering,
      Loc v,
      int operand,
      int expected,
      int old,
      Site site) {
    int nr = Integer.numberOfTrailingZeros(operand);
    int bit = (old & operand) != 0 ? 1 : 0;
    return switch (opcode) {
      case OP_SET_BIT -> "set_bit(" + nr + ", " + v + "): " + old + " -> " + (old | operand);
      case OP_CLEAR_BIT -> "clear_bit(" + nr + ", " + v + "): " + old + " -> " + (old & ~operand);
      case OP_TAS_BIT -> "test_and_set_bit(" + nr + ", " + v + ") = " + bit;
      case OP_TAC_BIT ->
          "test_and_clear_bit("
              + nr
              + ", "
              + v
              + ") = "
              + bit
              + (bit != 0 || testAndClearFailureOrdered || weak != null
                  ? ""
                  : " (unordered: bit was clear)");
      case OP_OR ->
          "atomic_or(" + hex(operand) + ", " + v + "): " + hex(old) + " -> " + hex(old | operand);
      case OP_ANDNOT ->
          "atomic_andnot("
              + hex(operand)
              + ", "
              + v
              + "): "
              + hex(old)
              + " -> "
              + hex(old & ~operand);
      case OP_ADD_RETURN -> "atomic_add_return(" + operand + ", " + v + ") = " + hex(old + operand);
      case OP_FETCH_OR -> "atomic_fetch_or(" + hex(operand) + ", " + v + ") = " + hex(old);
      case OP_FETCH_ANDNOT -> "atomic_fetch_andnot(" + hex(operand) + ", " + v + ") = " + hex(old);
      case OP_CMPXCHG ->
          "atomic_cmpxchg("
              + v
              + ", "
              + hex(expected)
              + ", "
              + hex(operand)
              + ") = "
              + hex(old)
              + (old == expected ? " (success)" : " (failure)");
      default -> {
        String name =
            op == RmwOp.XCHG || op == RmwOp.CMPXCHG
                ? op.kernelName() + ordering.suffix()
                : "atomic_fetch_" + op.kernelName() + ordering.suffix();
        String args =
            op == RmwOp.CMPXCHG
                ? v + ", " + hex(expected) + ", " + hex(operand)
                : op == RmwOp.XCHG ? v + ", " + hex(operand) : hex(operand) + ", " + v;
        yield fenceText(name + "(" + args + ") = " + hex(old), site)
            + (op == RmwOp.CMPXCHG ? (old == expected ? " (success)" : " (failure)") : "");
      }
    };
  }

  /**
   * {@code smp_mb__before_atomic()} / {@code smp_mb__after_atomic()}: a full fence step under LKMM;
   * {@code barrier()} on x86, whose atomics are LOCK-prefixed anyway.
   */
  private void atomicFence(int op, Site site, String name) {
    ordering(site, name);
    WeakMemory wm = weak;
    if (wm != null && wm.fullFenceAfterRmw() && ordered(site)) {
      fenceStep(op, site, name);
      return;
    }
    traceFence(site, fenceText(name, site));
  }

  // ---- Kernel --------------------------------------------------------------------------

  private static final int OP_READ = 1;
  private static final int OP_WRITE = 2;
  private static final int OP_ACQ = 3;
  private static final int OP_REL = 4;
  private static final int OP_TEST_BIT = 5;
  private static final int OP_SET_BIT = 6;
  private static final int OP_CLEAR_BIT = 7;
  private static final int OP_TAS_BIT = 8;
  private static final int OP_TAC_BIT = 9;
  private static final int OP_ATOMIC_READ = 10;
  private static final int OP_ATOMIC_SET = 11;
  private static final int OP_OR = 12;
  private static final int OP_ANDNOT = 13;
  private static final int OP_ADD_RETURN = 14;
  private static final int OP_FETCH_OR = 15;
  private static final int OP_FETCH_ANDNOT = 16;
  private static final int OP_CMPXCHG = 17;
  private static final int OP_LOCK = 18;
  private static final int OP_UNLOCK = 19;
  private static final int OP_AWAIT = 20;
  private static final int OP_SELECT = 21;
  private static final int OP_MB = 22;
  private static final int OP_MB_BEFORE = 23;
  private static final int OP_MB_AFTER_ATOMIC = 24;
  private static final int OP_MB_AFTER = 25;
  private static final int OP_TAC_TEST = 26;
  private static final int OP_PROPAGATE = 27;
  private static final int OP_QS_REPORT = 28;
  private static final int OP_RMW = 32; // + op * 4 + ordering

  @Override
  public int cpu() {
    return cpu;
  }

  @Override
  public int READ_ONCE(Loc x, Site site) {
    if (replaying()) {
      return replay(OP_READ, x, site);
    }
    if (dryRun()) {
      return 0;
    }
    begin(OP_READ, x, site);
    int v = plainLoad(x, false);
    if (trace != null) {
      trace(site, "READ_ONCE(" + x + ") = " + v + weakSuffix());
    }
    return record(v);
  }

  @Override
  public void WRITE_ONCE(Loc x, int v, Site site) {
    if (replaying()) {
      replay(OP_WRITE, x, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(OP_WRITE, x, site);
    plainStore(x, v, false, site);
    if (trace != null) {
      trace(site, "WRITE_ONCE(" + x + ", " + v + ")" + weakSuffix());
    }
    record(0);
  }

  @Override
  public int smp_load_acquire(Loc x, Site site) {
    if (replaying()) {
      return replay(OP_ACQ, x, site);
    }
    if (dryRun()) {
      return 0;
    }
    begin(OP_ACQ, x, site);
    executing(site, "smp_load_acquire()");
    int v = plainLoad(x, ordered(site));
    if (trace != null) {
      trace(site, fenceText("smp_load_acquire(" + x + ") = " + v, site) + weakSuffix());
    }
    return record(v);
  }

  @Override
  public void smp_store_release(Loc x, int v, Site site) {
    if (replaying()) {
      replay(OP_REL, x, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(OP_REL, x, site);
    executing(site, "smp_store_release()");
    plainStore(x, v, ordered(site), site);
    if (trace != null) {
      trace(site, fenceText("smp_store_release(" + x + ", " + v + ")", site) + weakSuffix());
    }
    record(0);
  }

  @Override
  public void smp_mb(Site site) {
    WeakMemory wm = weak;
    ordering(site, "smp_mb()");
    if (wm != null && wm.fullFenceIsStep() && ordered(site)) {
      fenceStep(OP_MB, site, "smp_mb()");
      return;
    }
    traceFence(site, fenceText("smp_mb()", site));
  }

  @Override
  public void smp_rmb(Site site) {
    WeakMemory wm = weak;
    ordering(site, "smp_rmb()");
    if (wm != null && ordered(site) && localFenceActs()) {
      wm.rmb(ws, cpu);
    }
    traceFence(site, fenceText("smp_rmb()", site));
  }

  @Override
  public void smp_wmb(Site site) {
    WeakMemory wm = weak;
    ordering(site, "smp_wmb()");
    if (wm != null && ordered(site) && localFenceActs()) {
      wm.wmb(ws, cpu);
    }
    traceFence(site, fenceText("smp_wmb()", site));
  }

  @Override
  public void smp_mb__before_atomic(Site site) {
    atomicFence(OP_MB_BEFORE, site, "smp_mb__before_atomic()");
  }

  @Override
  public void smp_mb__after_atomic(Site site) {
    atomicFence(OP_MB_AFTER_ATOMIC, site, "smp_mb__after_atomic()");
  }

  @Override
  public void wait_for_propagation(Site site) {
    WeakMemory wm = weak;
    if (wm == null) {
      return; // under SC every store is visible at once
    }
    if (replaying()) {
      replay(OP_PROPAGATE, null, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(OP_PROPAGATE, null, site);
    raisesEveryView(wm);
    if (!wm.allVisible(ws, cpu) || !wm.canPublish(ws, cpu)) {
      throw Blocked.INSTANCE;
    }
    wm.publish(ws, cpu); // what this CPU knew before the wait, not what it learns now
    wm.seeAll(ws, cpu);
    endFenceStep(
        site,
        "every store so far is now visible to CPU"
            + cpu
            + ", and what CPU"
            + cpu
            + " had seen to every CPU ("
            + site.what()
            + ")");
  }

  @Override
  public void rcu_report_qs(int other, Guard outside, Site site) {
    WeakMemory wm = weak;
    if (wm == null) {
      // under SC every store is visible at once, and the report has no other effect: the
      // caller's own choice of this CPU already tested the guard
      return;
    }
    Loc l = outside.loc();
    if (replaying()) {
      replay(OP_QS_REPORT, l, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(OP_QS_REPORT, l, site);
    int v = l == null ? 0 : load(l);
    raisesEveryView(wm);
    if (!outside.test(v) || !wm.canPublish(ws, cpu)) {
      throw Blocked.INSTANCE;
    }
    wm.publishTo(ws, cpu, other);
    endFenceStep(
        site,
        "CPU"
            + other
            + " reports a quiescent state: what CPU"
            + cpu
            + " had seen is now visible to it ("
            + site.what()
            + ")");
  }

  @Override
  public boolean test_bit(int nr, Loc addr, Site site) {
    if (replaying()) {
      return replay(OP_TEST_BIT, addr, site) != 0;
    }
    if (dryRun()) {
      return false;
    }
    begin(OP_TEST_BIT, addr, site);
    boolean b = (plainLoad(addr, false) & (1 << nr)) != 0;
    if (trace != null) {
      trace(site, "test_bit(" + nr + ", " + addr + ") = " + (b ? 1 : 0) + weakSuffix());
    }
    return record(b ? 1 : 0) != 0;
  }

  @Override
  public void set_bit(int nr, Loc addr, Site site) {
    rmwPrimitive(OP_SET_BIT, RmwOp.OR, Ordering.RELAXED, addr, 1 << nr, 0, site);
  }

  @Override
  public void clear_bit(int nr, Loc addr, Site site) {
    rmwPrimitive(OP_CLEAR_BIT, RmwOp.ANDNOT, Ordering.RELAXED, addr, 1 << nr, 0, site);
  }

  @Override
  public boolean test_and_set_bit(int nr, Loc addr, Site site) {
    return rmwPrimitive(OP_TAS_BIT, RmwOp.OR, Ordering.FULL, addr, 1 << nr, 0, site) != 0;
  }

  @Override
  public boolean test_and_clear_bit(int nr, Loc addr, Site site) {
    WeakMemory wm = weak;
    boolean lkmm = wm != null && wm.fullFenceAfterRmw() && weakIndex(addr) >= 0;
    if (lkmm && !testAndClearFailureOrdered && ordered(site)) {
      // 2021 asm-generic: "if (!(READ_ONCE(*p) & mask)) return 0;" before the ordered RMW.
      int set;
      if (replaying()) {
        set = replay(OP_TAC_TEST, addr, site);
      } else if (dryRun()) {
        return false;
      } else {
        begin(OP_TAC_TEST, addr, site);
        set = (plainLoad(addr, false) & (1 << nr)) != 0 ? 1 : 0;
        if (trace != null) {
          trace(
              site,
              "test_and_clear_bit("
                  + nr
                  + ", "
                  + addr
                  + "): READ_ONCE sees the bit "
                  + (set != 0 ? "set" : "clear, returns 0 (unordered)")
                  + weakSuffix());
        }
        record(set);
      }
      if (set == 0) {
        return false;
      }
    }
    return rmwPrimitive(OP_TAC_BIT, RmwOp.ANDNOT, Ordering.FULL, addr, 1 << nr, 0, site) != 0;
  }

  @Override
  public int atomic_read(Loc v, Site site) {
    if (replaying()) {
      return replay(OP_ATOMIC_READ, v, site);
    }
    if (dryRun()) {
      return 0;
    }
    begin(OP_ATOMIC_READ, v, site);
    int x = plainLoad(v, false);
    if (trace != null) {
      trace(site, "atomic_read(" + v + ") = " + hex(x) + weakSuffix());
    }
    return record(x);
  }

  @Override
  public void atomic_set(Loc v, int i, Site site) {
    if (replaying()) {
      replay(OP_ATOMIC_SET, v, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(OP_ATOMIC_SET, v, site);
    plainStore(v, i, false, site);
    if (trace != null) {
      trace(site, "atomic_set(" + v + ", " + hex(i) + ")" + weakSuffix());
    }
    record(0);
  }

  @Override
  public void atomic_or(int i, Loc v, Site site) {
    rmwPrimitive(OP_OR, RmwOp.OR, Ordering.RELAXED, v, i, 0, site);
  }

  @Override
  public void atomic_andnot(int i, Loc v, Site site) {
    rmwPrimitive(OP_ANDNOT, RmwOp.ANDNOT, Ordering.RELAXED, v, i, 0, site);
  }

  @Override
  public int atomic_add_return(int i, Loc v, Site site) {
    return rmwPrimitive(OP_ADD_RETURN, RmwOp.ADD, Ordering.FULL, v, i, 0, site);
  }

  @Override
  public int atomic_fetch_or(int i, Loc v, Site site) {
    return rmwPrimitive(OP_FETCH_OR, RmwOp.OR, Ordering.FULL, v, i, 0, site);
  }

  @Override
  public int atomic_fetch_andnot(int i, Loc v, Site site) {
    return rmwPrimitive(OP_FETCH_ANDNOT, RmwOp.ANDNOT, Ordering.FULL, v, i, 0, site);
  }

  @Override
  public int atomic_cmpxchg(Loc v, int old, int neu, Site site) {
    return rmwPrimitive(OP_CMPXCHG, RmwOp.CMPXCHG, Ordering.FULL, v, neu, old, site);
  }

  /** A stable code for the replay checksum: the enums' declaration order is part of it. */
  @SuppressWarnings("EnumOrdinal")
  private static int rmwCode(RmwOp op, Ordering ordering) {
    return op.ordinal() * 4 + ordering.ordinal();
  }

  @Override
  public int atomic_rmw(RmwOp op, Ordering ordering, Loc v, int operand, int expected, Site site) {
    return rmwPrimitive(OP_RMW + rmwCode(op, ordering), op, ordering, v, operand, expected, site);
  }

  @Override
  public void spin_lock(Loc lock, Site site) {
    if (replaying()) {
      replay(OP_LOCK, lock, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    WeakMemory wm = weak;
    if (wm != null && ordered(site)) {
      wm.locking(ws, cpu);
    }
    rmwExec(OP_LOCK, RmwOp.XCHG, Ordering.ACQUIRE, lock, 1, 0, 0, site);
    if (trace != null) {
      trace(site, fenceText("spin_lock(" + lock + ")", site) + weakSuffix());
    }
    record(0);
  }

  @Override
  public void spin_unlock(Loc lock, Site site) {
    if (replaying()) {
      replay(OP_UNLOCK, lock, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(OP_UNLOCK, lock, site);
    executing(site, "spin_unlock() (release)");
    plainStore(lock, 0, ordered(site), site);
    WeakMemory wm = weak;
    if (wm != null && ordered(site)) {
      wm.unlocked(ws, cpu);
    }
    if (trace != null) {
      trace(site, fenceText("spin_unlock(" + lock + ")", site) + weakSuffix());
    }
    record(0);
  }

  @Override
  public void await(Guard guard, Site site) {
    Loc l = guard.loc();
    if (replaying()) {
      replay(OP_AWAIT, l, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(OP_AWAIT, l, site);
    int v = 0;
    if (l != null) {
      v = load(l);
    }
    if (!guard.test(v)) {
      throw Blocked.INSTANCE;
    }
    if (trace != null) {
      trace(site, "wait until " + guard + (l == null ? "" : " (" + l + " = " + v + ")"));
    }
    record(0);
  }

  @Override
  public int select(Site site, Guard... alternatives) {
    if (replaying()) {
      return replay(OP_SELECT, null, site);
    }
    if (dryRun()) {
      return 0;
    }
    begin(OP_SELECT, null, site);
    int mask = 0;
    for (int i = 0; i < alternatives.length; i++) {
      Guard g = alternatives[i];
      Loc l = g.loc();
      int v = l == null ? 0 : load(l);
      if (g.test(v)) {
        mask |= 1 << i;
      }
    }
    if (mask == 0) {
      throw Blocked.INSTANCE;
    }
    int c = choice >= 0 ? choice : Integer.numberOfTrailingZeros(mask);
    if (c >= 32 || (mask & (1 << c)) == 0) {
      throw NoSuchChoice.INSTANCE;
    }
    selectMask = mask;
    chosen = c;
    if (trace != null) {
      trace(site, "choose alternative " + c + " of " + alternatives.length);
    }
    return record(c);
  }

  @Override
  public int reg(int index) {
    return scratch[index];
  }

  @Override
  public void setReg(int index, int value) {
    scratch[index] = value;
  }

  @Override
  public int ghost(Loc x) {
    // Recorded even while replaying: a value read before the step's primitive may be used
    // after it, so the read belongs to this step (and reads the value current at this step).
    if (!dry) {
      if (!x.readableBy(cpu)) {
        throw new ModelError(
            programs[cpu].name()
                + " read "
                + x.name()
                + " (bookkeeping), which the layout does not let CPU"
                + cpu
                + " read");
      }
      footprint.add(x, false);
    }
    return mem[x.index()];
  }

  @Override
  public void setGhost(Loc x, int v) {
    if (x.kind() == Loc.Kind.SHARED) {
      throw new ModelError("ghost write of shared location " + x);
    }
    if (executed && !dry) {
      if (!x.writableBy(cpu)) {
        throw new ModelError(
            programs[cpu].name()
                + " wrote "
                + x.name()
                + " (bookkeeping), which the layout does not let CPU"
                + cpu
                + " write");
      }
      footprint.add(x, true);
      mem[x.index()] = v;
    }
  }

  @Override
  public void violate(Loc flags, int bit, String why) {
    if (executed && !dry) {
      mem[flags.index()] |= bit;
      List<TraceEvent> t = trace;
      if (t != null) {
        t.add(new TraceEvent(traceStep, cpu, "", why, TraceEvent.Kind.VIOLATION));
      }
    }
  }

  @Override
  public void ghostAdd(Loc counter, int delta) {
    if (executed && !dry) {
      footprint.add(counter, true);
      mem[counter.index()] += delta;
    }
  }

  @Override
  public void note(String text) {
    List<TraceEvent> t = trace;
    if (t != null && executed && !dry) {
      t.add(new TraceEvent(traceStep, cpu, "", text, TraceEvent.Kind.NOTE));
    }
  }

  @Override
  public boolean tracing() {
    return trace != null && executed && !dry;
  }

  private static String hex(int v) {
    return v >= 0 && v < 10 ? Integer.toString(v) : "0x" + Integer.toHexString(v);
  }
}
