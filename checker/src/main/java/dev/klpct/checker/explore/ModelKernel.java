package dev.klpct.checker.explore;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.WriteObserver;
import dev.klpct.checker.trace.TraceEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The model backend's {@link Kernel}: executes exactly one scheduling step of one CPU under
 * sequential consistency.
 *
 * <h2>How a step runs</h2>
 *
 * A CPU's current routine is re-run from its start. The first {@code nres} primitives are
 * <em>replayed</em>: they return the results recorded in the CPU's {@link Frame} and touch no
 * memory, and a checksum of which primitives they were is compared with the recorded one, so a
 * routine that behaves differently on replay is caught. The next primitive is <em>executed</em>
 * on memory and its result recorded. Execution then continues through local code (registers,
 * fences, ghost bookkeeping) until the following primitive, where the run is cut by throwing
 * {@link Stop}, or until the routine returns, in which case its registers are committed and the
 * CPU's next routine is started in the same step.
 *
 * <p>Ghost updates, violations and notes take effect only after the step's primitive has
 * executed (or during the initial setup), so replays never apply them twice. Fences are not
 * scheduling points under sequential consistency; they appear in traces as part of the step.
 *
 * <p>Not thread-safe: one instance per exploring thread.
 */
final class ModelKernel implements Kernel {

  /** Cuts a routine at the primitive after the executed one. */
  static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Stop INSTANCE = new Stop();

    private Stop() {
      super(null, null, false, false);
    }
  }

  /** The step's primitive cannot run now (an await or select with no true guard). */
  static final class Blocked extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Blocked INSTANCE = new Blocked();

    private Blocked() {
      super(null, null, false, false);
    }
  }

  /** A replayed schedule asks for a choice alternative that is not enabled. */
  static final class NoSuchChoice extends RuntimeException {
    private static final long serialVersionUID = 1L;
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

  private final Loc[] layout;
  private final CpuProgram[] programs;
  private final @Nullable WriteObserver[] observers;
  private final boolean testAndClearFailureOrdered;

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
  /** The alternative taken by the step's select, or -1. */
  int chosen;
  @Nullable String error;

  // tracing
  private @Nullable List<TraceEvent> trace;
  private int traceStep;

  ModelKernel(Loc[] layout, CpuProgram[] programs, @Nullable WriteObserver[] observers,
      boolean testAndClearFailureOrdered) {
    this.observers = observers;
    this.layout = layout;
    this.programs = programs;
    this.testAndClearFailureOrdered = testAndClearFailureOrdered;
  }

  void traceInto(@Nullable List<TraceEvent> sink, int step) {
    this.trace = sink;
    this.traceStep = step;
  }

  /**
   * Runs the setup of CPU {@code c}: its program up to the first primitive, applying local
   * effects. Used once for the initial state.
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
              p.name() + ": routine returned after " + pos + " primitives on replay, but "
                  + f.nres + " were recorded: strategy or model code is not deterministic");
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
      throw new ModelError(p.name() + ": more than " + MAX_LOCAL_ROUTINES
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
      error = e.getMessage();
      traceError(error);
      return Outcome.ERROR;
    } catch (RuntimeException | StackOverflowError e) {
      if (dry) {
        return Outcome.STEPPED; // dry values may make code fail; nothing of it is kept
      }
      error = p.name() + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + " thrown at " + firstFrame(e);
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

  private int replay(int op, Loc loc, Site site) {
    Frame f = frame();
    runningChecksum = mix(runningChecksum, op, loc == null ? -1 : loc.index(), site);
    int v = f.results[pos++];
    if (pos == f.nres && (runningChecksum & 0xFF) != f.checksum) {
      throw new ModelError(programs[cpu].name()
          + ": routine called different primitives on replay (first " + f.nres
          + " primitives differ; now at " + site + "): strategy or model code is not deterministic");
    }
    return v;
  }

  /** Starts executing the primitive at the current position; cuts the run if one already ran. */
  /**
   * Whether the primitive at the current position comes after the step's own: it must then
   * not execute, and returns a neutral value. The routine runs on "dry" to its end (cheaper
   * than unwinding an exception through strategy code); a routine that keeps calling
   * primitives is cut with {@link Stop}.
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

  private void begin(int op, @Nullable Loc loc, Site site) {
    Frame f = frame();
    if (f.nres >= Frame.MAX_RESULTS) {
      throw new ModelError(programs[cpu].name() + ": routine has more than "
          + Frame.MAX_RESULTS + " primitives; split it (at " + site + ")");
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
    Site s = currentSite;
    if (pendingObserver != null && s != null) {
      runObserver(s);
    }
    return v;
  }

  private static int mix(int h, int op, int loc, Site site) {
    int x = h * 31 + op;
    x = x * 31 + loc;
    x = x * 31 + site.hashCode();
    return x ^ (x >>> 15);
  }

  private int load(Loc x) {
    if (!x.readableBy(cpu)) {
      throw new ModelError(programs[cpu].name() + " read " + x.name()
          + ", which the layout does not let CPU" + cpu + " read");
    }
    footprint.add(x, false);
    return mem[x.index()];
  }

  private @Nullable Site currentSite;

  private void store(Loc x, int v) {
    if (!x.writableBy(cpu)) {
      throw new ModelError(programs[cpu].name() + " wrote " + x.name()
          + ", which the layout does not let CPU" + cpu + " write");
    }
    footprint.add(x, true);
    int old = mem[x.index()];
    mem[x.index()] = v;
    WriteObserver o = observers[x.index()];
    if (o != null) {
      pendingObserver = o;
      pendingLoc = x;
      pendingOld = old;
      pendingNew = v;
    }
  }

  // Observers run after the primitive has been recorded (so they see a consistent step).
  private @Nullable WriteObserver pendingObserver;
  private @Nullable Loc pendingLoc;
  private int pendingOld;
  private int pendingNew;

  private void runObserver(Site site) {
    WriteObserver o = pendingObserver;
    Loc l = pendingLoc;
    if (o != null && l != null) {
      pendingObserver = null;
      pendingLoc = null;
      o.onWrite(this, l, pendingOld, pendingNew, site);
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
    int v = load(x);
    if (trace != null) {
      trace(site, "READ_ONCE(" + x + ") = " + v);
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
    store(x, v);
    if (trace != null) {
      trace(site, "WRITE_ONCE(" + x + ", " + v + ")");
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
    int v = load(x);
    if (trace != null) {
      trace(site, "smp_load_acquire(" + x + ") = " + v);
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
    store(x, v);
    if (trace != null) {
      trace(site, "smp_store_release(" + x + ", " + v + ")");
    }
    record(0);
  }

  @Override
  public void smp_mb(Site site) {
    traceFence(site, "smp_mb()");
  }

  @Override
  public void smp_rmb(Site site) {
    traceFence(site, "smp_rmb()");
  }

  @Override
  public void smp_wmb(Site site) {
    traceFence(site, "smp_wmb()");
  }

  @Override
  public void smp_mb__before_atomic(Site site) {
    traceFence(site, "smp_mb__before_atomic()");
  }

  @Override
  public void smp_mb__after_atomic(Site site) {
    traceFence(site, "smp_mb__after_atomic()");
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
    boolean b = (load(addr) & (1 << nr)) != 0;
    if (trace != null) {
      trace(site, "test_bit(" + nr + ", " + addr + ") = " + (b ? 1 : 0));
    }
    return record(b ? 1 : 0) != 0;
  }

  @Override
  public void set_bit(int nr, Loc addr, Site site) {
    if (replaying()) {
      replay(OP_SET_BIT, addr, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(OP_SET_BIT, addr, site);
    int old = load(addr);
    store(addr, old | (1 << nr));
    if (trace != null) {
      trace(site, "set_bit(" + nr + ", " + addr + "): " + old + " -> " + (old | (1 << nr)));
    }
    record(0);
  }

  @Override
  public void clear_bit(int nr, Loc addr, Site site) {
    if (replaying()) {
      replay(OP_CLEAR_BIT, addr, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(OP_CLEAR_BIT, addr, site);
    int old = load(addr);
    store(addr, old & ~(1 << nr));
    if (trace != null) {
      trace(site, "clear_bit(" + nr + ", " + addr + "): " + old + " -> " + (old & ~(1 << nr)));
    }
    record(0);
  }

  @Override
  public boolean test_and_set_bit(int nr, Loc addr, Site site) {
    if (replaying()) {
      return replay(OP_TAS_BIT, addr, site) != 0;
    }
    if (dryRun()) {
      return false;
    }
    begin(OP_TAS_BIT, addr, site);
    int old = load(addr);
    store(addr, old | (1 << nr));
    boolean b = (old & (1 << nr)) != 0;
    if (trace != null) {
      trace(site, "test_and_set_bit(" + nr + ", " + addr + ") = " + (b ? 1 : 0));
    }
    return record(b ? 1 : 0) != 0;
  }

  @Override
  public boolean test_and_clear_bit(int nr, Loc addr, Site site) {
    if (replaying()) {
      return replay(OP_TAC_BIT, addr, site) != 0;
    }
    if (dryRun()) {
      return false;
    }
    begin(OP_TAC_BIT, addr, site);
    int old = load(addr);
    boolean b = (old & (1 << nr)) != 0;
    if (b) {
      store(addr, old & ~(1 << nr));
    }
    if (trace != null) {
      trace(site, "test_and_clear_bit(" + nr + ", " + addr + ") = " + (b ? 1 : 0)
        + (b || testAndClearFailureOrdered ? "" : " (unordered: bit was clear)"));
    }
    return record(b ? 1 : 0) != 0;
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
    int x = load(v);
    if (trace != null) {
      trace(site, "atomic_read(" + v + ") = " + hex(x));
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
    store(v, i);
    if (trace != null) {
      trace(site, "atomic_set(" + v + ", " + hex(i) + ")");
    }
    record(0);
  }

  @Override
  public void atomic_or(int i, Loc v, Site site) {
    if (replaying()) {
      replay(OP_OR, v, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(OP_OR, v, site);
    int old = load(v);
    store(v, old | i);
    if (trace != null) {
      trace(site, "atomic_or(" + hex(i) + ", " + v + "): " + hex(old) + " -> " + hex(old | i));
    }
    record(0);
  }

  @Override
  public void atomic_andnot(int i, Loc v, Site site) {
    if (replaying()) {
      replay(OP_ANDNOT, v, site);
      return;
    }
    if (dryRun()) {
      return;
    }
    begin(OP_ANDNOT, v, site);
    int old = load(v);
    store(v, old & ~i);
    if (trace != null) {
      trace(site, "atomic_andnot(" + hex(i) + ", " + v + "): " + hex(old) + " -> " + hex(old & ~i));
    }
    record(0);
  }

  @Override
  public int atomic_add_return(int i, Loc v, Site site) {
    if (replaying()) {
      return replay(OP_ADD_RETURN, v, site);
    }
    if (dryRun()) {
      return 0;
    }
    begin(OP_ADD_RETURN, v, site);
    int n = load(v) + i;
    store(v, n);
    if (trace != null) {
      trace(site, "atomic_add_return(" + i + ", " + v + ") = " + hex(n));
    }
    return record(n);
  }

  @Override
  public int atomic_fetch_or(int i, Loc v, Site site) {
    if (replaying()) {
      return replay(OP_FETCH_OR, v, site);
    }
    if (dryRun()) {
      return 0;
    }
    begin(OP_FETCH_OR, v, site);
    int old = load(v);
    store(v, old | i);
    if (trace != null) {
      trace(site, "atomic_fetch_or(" + hex(i) + ", " + v + ") = " + hex(old));
    }
    return record(old);
  }

  @Override
  public int atomic_fetch_andnot(int i, Loc v, Site site) {
    if (replaying()) {
      return replay(OP_FETCH_ANDNOT, v, site);
    }
    if (dryRun()) {
      return 0;
    }
    begin(OP_FETCH_ANDNOT, v, site);
    int old = load(v);
    store(v, old & ~i);
    if (trace != null) {
      trace(site, "atomic_fetch_andnot(" + hex(i) + ", " + v + ") = " + hex(old));
    }
    return record(old);
  }

  @Override
  public int atomic_cmpxchg(Loc v, int old, int neu, Site site) {
    if (replaying()) {
      return replay(OP_CMPXCHG, v, site);
    }
    if (dryRun()) {
      return 0;
    }
    begin(OP_CMPXCHG, v, site);
    int cur = load(v);
    if (cur == old) {
      store(v, neu);
    }
    if (trace != null) {
      trace(site, "atomic_cmpxchg(" + v + ", " + hex(old) + ", " + hex(neu) + ") = " + hex(cur)
        + (cur == old ? " (success)" : " (failure)"));
    }
    return record(cur);
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
    begin(OP_LOCK, lock, site);
    if (load(lock) != 0) {
      throw Blocked.INSTANCE;
    }
    store(lock, 1);
    if (trace != null) {
      trace(site, "spin_lock(" + lock + ")");
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
    store(lock, 0);
    if (trace != null) {
      trace(site, "spin_unlock(" + lock + ")");
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
        throw new ModelError(programs[cpu].name() + " read " + x.name()
            + " (bookkeeping), which the layout does not let CPU" + cpu + " read");
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
        throw new ModelError(programs[cpu].name() + " wrote " + x.name()
            + " (bookkeeping), which the layout does not let CPU" + cpu + " write");
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
