package dev.klpct.checker.internal.explore;

import static java.util.Objects.requireNonNull;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import dev.klpct.api.Site;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.KernelVariant;
import dev.klpct.checker.trace.TraceEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The model backend's {@link Kernel}: executes exactly one scheduling step of one CPU on a {@link
 * MemorySystem}.
 *
 * <p>A step re-runs the CPU's routine with a {@link RoutineReplayer}: the primitives before the
 * step's own are replayed, the step's own is executed, and the rest runs on dry. Every primitive
 * goes through the path of its {@link Primitive.Shape}: replayed or run dry, or else begun, checked
 * against the layout's access masks, executed on the memory system, traced and recorded. The memory
 * system decides what a load reads and where a store goes (several outcomes become the step's
 * alternatives: the schedule picks one), and which fences are scheduling points of their own; under
 * sequential consistency none is, and fences appear in traces as part of the step. What ordering a
 * site has once ablation and repair edits are applied, {@link SiteOrderings} says.
 *
 * <p>Ghost updates, violations and notes take effect only while the replayer is {@linkplain
 * RoutineReplayer#acting() acting}, so replays never apply them twice.
 *
 * <p>Not thread-safe: one instance per exploring thread.
 */
final class ReplayingKernel implements Kernel {
  private final CpuProgram[] programs;
  private final MemorySystem memory;
  private final @Nullable StoreBuffers storeBuffers;
  private final KernelVariant variant;

  /** The sites' orderings after ablation and repair edits. */
  private final SiteOrderings orderings;

  private final RoutineReplayer replayer = new RoutineReplayer();
  private final WriteObservers writes;
  private final TraceText trace = new TraceText();
  private final OrderingSites orderingSites = new OrderingSites();
  private final StepContext step;
  private MemoryState state = new MemoryState();

  /** The value of the last primitive {@link #executes} replayed or ran dry. */
  private int replayed;

  private final ModelInstance model;

  /** The frame and values of the step being run. */
  private Frame frame = new Frame(0);

  private int[] values = new int[0];

  /** Per position of the current routine, the location and site of the primitive replayed there. */
  private final @Nullable Loc[] posLoc = new Loc[Frame.MAX_RESULTS];

  private final @Nullable Site[] posSite = new Site[Frame.MAX_RESULTS];

  /** The kernel that re-runs routines with another value for a read ({@link #dependsOn}). */
  private @Nullable ReplayingKernel prober;

  /**
   * This kernel is a prober: it captures the primitive at the frame's end instead of running it.
   */
  private boolean probing;

  private boolean captured;
  private int capturedCode;
  private @Nullable Loc capturedLoc;
  private @Nullable Site capturedSite;
  private long capturedValue;

  /** The operands of the store or RMW about to begin, for the prober's capture. */
  private long operands;

  ReplayingKernel(ModelInstance model, MemorySystem memory) {
    this.model = model;
    this.programs = model.programs;
    this.memory = memory;
    this.storeBuffers = memory.storeBuffers();
    this.variant = model.variant;
    this.orderings = model.orderings;
    this.writes = new WriteObservers(model.observers);
    this.step = new StepContext(model.fenceOrder(), model.sites, writes, trace);
    this.step.dependencies = this::dependsOn;
  }

  // ---- measuring dependencies (the view machine's load-buffering guard) -------------------------

  /**
   * Whether the store or RMW being executed depends on the current routine's latest earlier read of
   * {@code x} at site {@code readSiteId}: the routine, re-run with another value for that read (0,
   * 1, -1, the value plus one, the value with its low byte flipped), does not reach the same
   * primitive at the same position, with the same location, site and operands, or throws. Java code
   * hides its dependencies; this measures the ones the values show (a semantic dependency implies
   * the kernel code's syntactic one). A read in an earlier routine is not measured: false.
   */
  private boolean dependsOn(Loc x, int readSiteId) {
    Frame f = frame;
    int n = f.nres;
    Site readSite = model.sites.site(readSiteId);
    int p = n - 1;
    while (p >= 0 && !(x.equals(posLoc[p]) && readSite.equals(posSite[p]))) {
      p--;
    }
    if (p < 0) {
      return false;
    }
    ReplayingKernel pk = prober;
    if (pk == null) {
      pk = new ReplayingKernel(model, memory);
      pk.probing = true;
      prober = pk;
    }
    int cpu = step.cpu;
    int v = f.results[p];
    ProbeOutcome recorded = pk.probe(values, f, n, cpu, p, v);
    if (!recorded.reached()) {
      return true; // cannot even replay: treat as dependent on nothing measurable
    }
    for (int other : new int[] {0, 1, -1, v + 1, v ^ 0xFF}) {
      if (other != v && !pk.probe(values, f, n, cpu, p, other).reachesTheSame(recorded)) {
        return true;
      }
    }
    return false;
  }

  private @Nullable Frame probeFrame;

  /**
   * Re-runs CPU {@code cpu}'s routine of frame {@code f} up to its primitive at position {@code n},
   * with {@code v} as the result of position {@code p}, and captures that primitive; not {@link
   * ProbeOutcome#reached} if the routine does not get there (it diverged, ended or threw).
   */
  private ProbeOutcome probe(int[] vals, Frame f, int n, int cpu, int p, int v) {
    ProbeKey key = probeKey.set(f, n, cpu, p, v);
    ProbeOutcome known = probes.get(key);
    if (known == null) {
      ProbeOutcome o = replayProbe(vals, f, n, cpu, p, v);
      if (!o.readLiveState()) {
        if (probes.size() >= MAX_PROBES) {
          probes.clear();
        }
        probes.put(key.copy(), o);
      }
      known = o;
    } else {
      assert known.equals(replayProbe(vals, f, n, cpu, p, v))
          : "a remembered probe of " + key + " replays otherwise";
    }
    return known;
  }

  /** The key {@link #probe} looks up with, refilled for every probe: only a new entry copies it. */
  private final ProbeKey probeKey = new ProbeKey();

  /** {@link #probe}, replayed. */
  private ProbeOutcome replayProbe(int[] vals, Frame f, int n, int cpu, int p, int v) {
    Frame pf = probeFrame;
    if (pf == null || pf.regs.length != f.regs.length) {
      pf = new Frame(f.regs.length);
      probeFrame = pf;
    }
    pf.copyFrom(f);
    pf.nres = n;
    pf.results[p] = v;
    pf.finished = false;
    captured = false;
    capturedCode = 0;
    capturedLoc = null;
    capturedSite = null;
    capturedValue = 0;
    readLiveState = false;
    step.start(
        vals, cpu, programs[cpu], -1); // nothing acts before the capture: vals stay as they are
    StepResult.Outcome o = replayer.run(programs[cpu], this, pf, false);
    return new ProbeOutcome(
        o == StepResult.Outcome.STEPPED && captured,
        capturedCode,
        capturedLoc,
        capturedSite,
        capturedValue,
        readLiveState);
  }

  /**
   * Probes remembered, by frame and substituted value: a probe's outcome is a function of the
   * routine's registers and results alone unless it read a ghost value or what the CPU has seen
   * ({@link #readLiveState}), and such probes are not remembered. The dependency probes were a
   * third of a warm lkmm profile, and the same frames recur in states that differ in memory.
   */
  private final Map<ProbeKey, ProbeOutcome> probes = new HashMap<>();

  private static final int MAX_PROBES = 1 << 16;

  /** Set while probing when the routine read a ghost value or what its CPU has seen. */
  private boolean readLiveState;

  /**
   * A probe's input: the CPU, the frame's registers and results, and the value substituted; the
   * first {@code length} ints of {@code key}. Mutable only as {@link #probeKey}, the lookup key.
   */
  private static final class ProbeKey {
    private int[] key;
    private int length;
    private int hash;

    ProbeKey() {
      this.key = new int[16];
    }

    private ProbeKey(int[] key, int hash) {
      this.key = key;
      this.length = key.length;
      this.hash = hash;
    }

    /** Fills this key with a probe's input; returns it. */
    ProbeKey set(Frame f, int n, int cpu, int p, int v) {
      int len = 5 + f.regs.length + n;
      if (key.length < len) {
        key = new int[Math.max(len, 2 * key.length)];
      }
      int[] k = key;
      k[0] = cpu;
      k[1] = n;
      k[2] = p;
      k[3] = v;
      k[4] = f.checksum;
      System.arraycopy(f.regs, 0, k, 5, f.regs.length);
      System.arraycopy(f.results, 0, k, 5 + f.regs.length, n);
      k[5 + f.regs.length + p] = v;
      int h = 1;
      for (int i = 0; i < len; i++) {
        h = 31 * h + k[i];
      }
      length = len;
      hash = h;
      return this;
    }

    /** An immutable copy, to be kept in the memo. */
    ProbeKey copy() {
      return new ProbeKey(Arrays.copyOf(key, length), hash);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof ProbeKey other
          && hash == other.hash
          && Arrays.equals(key, 0, length, other.key, 0, other.length);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return Arrays.toString(Arrays.copyOf(key, length));
    }
  }

  /** What a probe found: whether it reached a primitive, and which. */
  private record ProbeOutcome(
      boolean reached,
      int code,
      @Nullable Loc loc,
      @Nullable Site site,
      long value,
      boolean readLiveState) {

    /** Whether this probe reached the primitive {@code o} reached, with the same operands. */
    boolean reachesTheSame(ProbeOutcome o) {
      return reached
          && code == o.code
          && Objects.equals(loc, o.loc)
          && Objects.equals(site, o.site)
          && value == o.value;
    }
  }

  // ---- running steps ----------------------------------------------------------------------------

  /** Sets the memory state the next steps work on (mutated in place). */
  void bind(MemoryState s) {
    state = s;
    memory.bind(s);
  }

  MemorySystem memory() {
    return memory;
  }

  /** Records the events of the next steps as step {@code index} into {@code sink}, or nothing. */
  void traceInto(@Nullable List<TraceEvent> sink, int index) {
    trace.into(sink, index);
  }

  /** Puts every ordering site executed from now on into {@code sink}. */
  void collectOrderingSites(Map<Site, String> sink) {
    orderingSites.collectInto(sink);
  }

  /** The locations the last step read and wrote; valid until the next step. */
  Footprint footprint() {
    return step.footprint;
  }

  /** Runs CPU {@code c}'s program up to its first primitive, applying local effects (setup). */
  StepResult setup(int[] values, Frame f, int c) {
    return run(values, f, c, -1, true);
  }

  /**
   * Runs one step of CPU {@code c} on {@code values} and {@code f} (both mutated).
   *
   * @param forcedChoice the alternative to take if the step has several, or -1 for the first
   */
  StepResult runStep(int[] values, Frame f, int c, int forcedChoice) {
    return run(values, f, c, forcedChoice, false);
  }

  /** {@link #runStep}, logging the step's reads and writes into {@code log}. */
  StepResult runStep(int[] values, Frame f, int c, int forcedChoice, StepLog log) {
    log.start(values.length);
    step.log = log;
    try {
      return run(values, f, c, forcedChoice, false);
    } finally {
      step.log = null;
    }
  }

  private StepResult run(int[] values, Frame f, int c, int forcedChoice, boolean setup) {
    this.frame = f;
    this.values = values;
    step.start(values, c, programs[c], forcedChoice);
    return switch (replayer.run(programs[c], this, f, setup)) {
      case STEPPED -> step.stepped();
      case BLOCKED -> StepResult.BLOCKED;
      case FINISHED -> StepResult.FINISHED;
      case NO_SUCH_CHOICE -> StepResult.NO_SUCH_CHOICE;
      case ERROR -> failed(requireNonNull(replayer.error()));
    };
  }

  /**
   * Makes the oldest store in CPU {@code c}'s store buffer visible: an internal action of the
   * memory system, explored like a step of that CPU. Blocked where there is nothing to flush.
   */
  StepResult runFlush(int[] values, Frame f, int c) {
    step.start(values, c, programs[c], -1);
    replayer.runInternal(f);
    StoreBuffers b = storeBuffers;
    if (b == null || !b.canFlush(state, c)) {
      return StepResult.BLOCKED;
    }
    step.footprint.add(b.flushLoc(c), true);
    if (trace.on()) {
      trace.add(c, "store buffer", b.describeFlush(c), TraceEvent.Kind.PRIMITIVE);
    }
    try {
      b.flush(step);
      writes.run(this, c);
    } catch (RuntimeException e) {
      return failed("store-buffer flush of CPU" + c + ": " + e.getMessage());
    }
    return StepResult.STEPPED;
  }

  private StepResult failed(String error) {
    trace.add(step.cpu, "", error, TraceEvent.Kind.ERROR);
    return StepResult.error(error);
  }

  // ---- Kernel: one line per primitive, through the path of its shape ---------------------------

  @Override
  public int cpu() {
    return step.cpu;
  }

  @Override
  public int READ_ONCE(Loc x, Site site) {
    return load(Primitive.READ_ONCE, x, 0, site);
  }

  @Override
  public void WRITE_ONCE(Loc x, int v, Site site) {
    store(Primitive.WRITE_ONCE, x, v, site);
  }

  @Override
  public int smp_load_acquire(Loc x, Site site) {
    return load(Primitive.SMP_LOAD_ACQUIRE, x, 0, site);
  }

  @Override
  public void smp_store_release(Loc x, int v, Site site) {
    store(Primitive.SMP_STORE_RELEASE, x, v, site);
  }

  @Override
  public void smp_mb(Site site) {
    fence(Primitive.SMP_MB, site);
  }

  @Override
  public void smp_rmb(Site site) {
    fence(Primitive.SMP_RMB, site);
  }

  @Override
  public void smp_wmb(Site site) {
    fence(Primitive.SMP_WMB, site);
  }

  @Override
  public void smp_mb__before_atomic(Site site) {
    fence(Primitive.SMP_MB_BEFORE_ATOMIC, site);
  }

  @Override
  public void smp_mb__after_atomic(Site site) {
    fence(Primitive.SMP_MB_AFTER_ATOMIC, site);
  }

  @Override
  public void wait_for_propagation(Site site) {
    if (modelTime(Primitive.WAIT_FOR_PROPAGATION, null, site)) {
      boolean ready = memory.propagate(step);
      endStep(ready, trace.on() ? TraceText.propagated(step.cpu, site) : "");
    }
  }

  @Override
  public void rcu_report_qs(int other, Guard outside, Site site) {
    Loc l = outside.loc();
    if (modelTime(Primitive.RCU_REPORT_QS, l, site)) {
      boolean out = outside.test(l == null ? 0 : guardLoad(l, outside));
      boolean reported = memory.reportQuiescentState(step, other, out);
      endStep(reported, trace.on() ? TraceText.reported(other, step.cpu, site) : "");
    }
  }

  @Override
  public boolean test_bit(int nr, Loc addr, Site site) {
    return load(Primitive.TEST_BIT, addr, 1 << nr, site) != 0;
  }

  @Override
  public void set_bit(int nr, Loc addr, Site site) {
    rmw(Primitive.SET_BIT, addr, 1 << nr, 0, site);
  }

  @Override
  public void clear_bit(int nr, Loc addr, Site site) {
    rmw(Primitive.CLEAR_BIT, addr, 1 << nr, 0, site);
  }

  @Override
  public boolean test_and_set_bit(int nr, Loc addr, Site site) {
    return rmw(Primitive.TEST_AND_SET_BIT, addr, 1 << nr, 0, site) != 0;
  }

  @Override
  public boolean test_and_clear_bit(int nr, Loc addr, Site site) {
    return !(returnsEarly(addr, site) && load(Primitive.TAC_EARLY_READ, addr, 1 << nr, site) == 0)
        && rmw(Primitive.TEST_AND_CLEAR_BIT, addr, 1 << nr, 0, site) != 0;
  }

  @Override
  public int atomic_read(Loc v, Site site) {
    return load(Primitive.ATOMIC_READ, v, 0, site);
  }

  @Override
  public void atomic_set(Loc v, int i, Site site) {
    store(Primitive.ATOMIC_SET, v, i, site);
  }

  @Override
  public void atomic_or(int i, Loc v, Site site) {
    rmw(Primitive.ATOMIC_OR, v, i, 0, site);
  }

  @Override
  public void atomic_andnot(int i, Loc v, Site site) {
    rmw(Primitive.ATOMIC_ANDNOT, v, i, 0, site);
  }

  @Override
  public int atomic_add_return(int i, Loc v, Site site) {
    return rmw(Primitive.ATOMIC_ADD_RETURN, v, i, 0, site);
  }

  @Override
  public int atomic_fetch_or(int i, Loc v, Site site) {
    return rmw(Primitive.ATOMIC_FETCH_OR, v, i, 0, site);
  }

  @Override
  public int atomic_fetch_andnot(int i, Loc v, Site site) {
    return rmw(Primitive.ATOMIC_FETCH_ANDNOT, v, i, 0, site);
  }

  @Override
  public int atomic_cmpxchg(Loc v, int old, int neu, Site site) {
    return rmw(Primitive.ATOMIC_CMPXCHG, v, neu, old, site);
  }

  @Override
  public int atomic_rmw(RmwOp op, Ordering ordering, Loc v, int operand, int expected, Site site) {
    return rmw(Primitive.ATOMIC_RMW, op, ordering, v, operand, expected, site);
  }

  @Override
  public void atomic_op(RmwOp op, Loc v, int operand, Site site) {
    rmw(Primitive.ATOMIC_OP, op, Ordering.RELAXED, v, operand, 0, site);
  }

  @Override
  public void spin_lock(Loc lock, Site site) {
    checkLockWord("spin_lock", lock);
    rmw(Primitive.SPIN_LOCK, lock, 1, 0, site);
  }

  @Override
  public void spin_unlock(Loc lock, Site site) {
    checkLockWord("spin_unlock", lock);
    store(Primitive.SPIN_UNLOCK, lock, 0, site);
  }

  /**
   * A lock the machine denies would take over from stores of 0 whose writers the lkmm search has
   * forgotten (the load-buffering guard's caveat names the unlock): refused rather than
   * misreported.
   */
  private void checkLockWord(String primitive, Loc lock) {
    if (!model.lockWords[lock.index()]) {
      throw new ModelError(
          primitive
              + "("
              + lock
              + "): the machine does not name it a lock word (Machine.lockWord)");
    }
  }

  /**
   * Part of the step it follows, like an in-step fence, and not traced: a lock no other CPU takes
   * never waits, so all it does is order (po-unlock-lock-po, {@link MemorySystem#locking}).
   */
  @Override
  public void mutex_lock(Site site) {
    if (replayer.acting()) {
      memory.locking(step);
    }
  }

  @Override
  public void mutex_unlock(Site site) {
    if (replayer.acting()) {
      memory.unlocked(step);
    }
  }

  @Override
  public void await(Guard guard, Site site) {
    Loc l = guard.loc();
    if (executes(Primitive.AWAIT.code(0), l, site)) {
      int v = l == null ? 0 : guardLoad(l, guard);
      if (!guard.test(v)) {
        replayer.block();
        return;
      }
      if (trace.on()) {
        traceStep(TraceText.waited(guard, l, v), TraceEvent.Kind.PRIMITIVE);
      }
      record(0);
    }
  }

  @Override
  public int select(Site site, Guard... alternatives) {
    if (!executes(Primitive.SELECT.code(0), null, site)) {
      return replayed;
    }
    for (Guard g : alternatives) {
      Loc l = g.loc();
      if (l != null) {
        memory.guardRead(step, l, g); // before any guard's load raises what the CPU has seen
      }
    }
    int mask = 0;
    for (int i = 0; i < alternatives.length; i++) {
      Loc l = alternatives[i].loc();
      if (alternatives[i].test(l == null ? 0 : guardLoad(l))) {
        mask |= 1 << i;
      }
    }
    if (mask == 0) {
      replayer.block();
      return 0;
    }
    int c = step.select(mask);
    if (trace.on()) {
      traceStep(TraceText.chose(c, alternatives.length), TraceEvent.Kind.PRIMITIVE);
    }
    return record(c);
  }

  // ---- the paths of the shapes ------------------------------------------------------------------

  /**
   * Replays the primitive at the current position or runs it dry, leaving its value in {@link
   * #replayed} (false); or begins executing it (true).
   */
  private boolean executes(int code, @Nullable Loc x, Site at) {
    if (replayer.replaying()) {
      int p = replayer.position();
      posLoc[p] = x;
      posSite[p] = at;
      replayed = replayer.replay(code, x, at);
      return false;
    }
    if (replayer.dryRun()) {
      replayed = 0;
      return false;
    }
    if (probing) {
      captured = true;
      capturedCode = code;
      capturedLoc = x;
      capturedSite = at;
      capturedValue = operands;
      operands = 0;
      throw RoutineReplayer.Stop.INSTANCE;
    }
    operands = 0;
    replayer.begin(code, x, at);
    step.begin(at);
    return true;
  }

  private int record(int v) {
    replayer.record(v);
    if (writes.pending()) {
      writes.run(this, step.cpu);
    }
    return v;
  }

  /** A load; {@code mask}: the bit a bit test tests. */
  private int load(Primitive p, Loc x, int mask, Site at) {
    int v = load0(p, x, mask, at);
    if (p != Primitive.TAC_EARLY_READ) {
      insertAfter(p, x, at);
    }
    return v;
  }

  private int load0(Primitive p, Loc x, int mask, Site at) {
    if (!executes(p.code(0), x, at)) {
      return replayed;
    }
    orderingSites.note(at, p, p.ordering);
    step.checkRead(x, "");
    boolean ordered = ordered(at);
    Ordering ordering = orderings.of(p, x, at, p.ordering);
    int v = memory.load(step, x, ordered && ordering == Ordering.ACQUIRE);
    if (trace.on()) {
      traceAccess(p, null, ordering, ordered, x, mask, 0, v);
    }
    return record(p.result.of(v, mask, 0));
  }

  private void store(Primitive p, Loc x, int v, Site at) {
    operands = v;
    if (executes(p.code(0), x, at)) {
      orderingSites.note(at, p, p.ordering);
      step.checkWrite(x, "");
      boolean ordered = ordered(at);
      Ordering ordering = orderings.of(p, x, at, p.ordering);
      memory.store(step, x, v, ordered && ordering == Ordering.RELEASE);
      if (p == Primitive.SPIN_UNLOCK && ordered) {
        memory.unlocked(step); // the next spin_lock of this CPU is po-unlock-lock-po after it
      }
      if (trace.on()) {
        traceAccess(p, null, ordering, ordered, x, v, 0, v);
      }
      record(0);
    }
    insertAfter(p, x, at);
  }

  /** Runs the fence a repair edit inserts after {@code p} at {@code at} on {@code x}, if any. */
  private void insertAfter(Primitive p, Loc x, Site at) {
    Primitive f = orderings.fenceAfter(p, x, at);
    if (f != null) {
      fence(f, at);
    }
  }

  /** A named RMW: its operation and ordering are the table's. */
  private int rmw(Primitive p, Loc x, int operand, int expected, Site at) {
    return rmw(p, requireNonNull(p.rmwOp), p.ordering, x, operand, expected, at);
  }

  /** An RMW, then the full fence after it if it is fully ordered and wrote. */
  private int rmw(
      Primitive p, RmwOp op, Ordering declared, Loc x, int operand, int expected, Site at) {
    Ordering ordering = orderings.of(p, x, at, declared);
    int r = rmw0(p, op, ordering, x, operand, expected, at);
    insertAfter(p, x, at);
    return r;
  }

  private int rmw0(
      Primitive p, RmwOp op, Ordering ordering, Loc x, int operand, int expected, Site at) {
    boolean ordered = ordered(at);
    int result;
    boolean general = p == Primitive.ATOMIC_RMW || p == Primitive.ATOMIC_OP;
    operands = ((long) operand << 32) ^ (expected & 0xFFFFFFFFL);
    if (executes(p.code(general ? rmwCode(op, ordering) : 0), x, at)) {
      if (p == Primitive.SPIN_LOCK && ordered) {
        memory.locking(step); // po-unlock-lock-po after this CPU's last spin_unlock
      }
      orderingSites.note(at, p, ordering);
      step.checkRead(x, "");
      step.checkWrite(x, "");
      Ordering inForce = ordered ? ordering : Ordering.RELAXED;
      int old =
          memory.rmw(
              step,
              x,
              op,
              inForce,
              operand,
              expected,
              p.mustFind(),
              p.result != Primitive.Result.NONE);
      if (trace.on()) {
        traceAccess(p, op, ordering, ordered, x, operand, expected, old);
      }
      result = record(p.result.of(old, operand, op.apply(old, operand)));
    } else if (replayer.dry()) {
      return 0;
    } else {
      result = replayed;
    }
    boolean wrote = op != RmwOp.CMPXCHG || result == expected;
    if (ordered && ordering == Ordering.FULL && wrote) {
      fenceStepIfAny(Primitive.MB_AFTER_RMW, at);
    }
    return result;
  }

  /** A fence: a step of its own where the memory system says so, else part of this step. */
  private void fence(Primitive p, Site at) {
    boolean acting = replayer.acting();
    if (acting) {
      orderingSites.note(at, p, p.ordering);
    }
    boolean ordered = ordered(at);
    if (ordered && fenceStepIfAny(p, at)) {
      return;
    }
    if (ordered && acting) {
      memory.fence(step, p);
    }
    if (acting && trace.on()) {
      trace.add(
          step.cpu,
          at.function(),
          TraceText.fence(p, ordered),
          TraceEvent.Kind.FENCE,
          TraceText.fenceAccess(p, ordered, at));
    }
  }

  /** Runs {@code p} as a fence step if the memory system makes it one; returns whether it does. */
  private boolean fenceStepIfAny(Primitive p, Site at) {
    if (!memory.isStep(p, null)) {
      return false;
    }
    if (executes(p.code(0), null, at)) {
      step.touchFenceOrder();
      memory.fence(step, p);
      if (trace.on()) {
        trace.add(
            step.cpu,
            step.site.function(),
            TraceText.fence(p, true),
            TraceEvent.Kind.FENCE,
            TraceText.fenceAccess(p, true, at));
      }
      record(0);
    }
    return true;
  }

  /** Whether model time {@code p} is a step here, and one the current position executes. */
  private boolean modelTime(Primitive p, @Nullable Loc x, Site at) {
    return memory.isStep(p, null) && executes(p.code(0), x, at);
  }

  /** Ends a step that acted as a fence: its trace line (before any observer's), its record. */
  private void endStep(boolean ready, String text) {
    if (!ready) {
      replayer.block(); // the callers return next
      return;
    }
    if (trace.on()) {
      traceStep(text, TraceEvent.Kind.FENCE);
    }
    record(0);
  }

  /**
   * Whether {@code test_and_clear_bit()} first reads the bit as its own step and returns early when
   * it is clear: the 2021 generic bitops, where the memory model makes that read a step.
   */
  private boolean returnsEarly(Loc x, Site at) {
    return !variant.testAndClearBitOrderedOnFailure()
        && ordered(at)
        && memory.isStep(Primitive.TAC_EARLY_READ, x);
  }

  /** Whether the ordering of {@code at} is in force (not removed by ablation). */
  private boolean ordered(Site at) {
    return orderings.ordered(at);
  }

  /** A stable code for the replay checksum of an {@code atomic_rmw}. */
  @SuppressWarnings("EnumOrdinal")
  private static int rmwCode(RmwOp op, Ordering ordering) {
    return op.ordinal() * 4 + ordering.ordinal();
  }

  /**
   * A guard's load: the latest value this CPU can see (what a spin loop ends on), after {@link
   * MemorySystem#guardRead} has looked at the older ones.
   */
  private int guardLoad(Loc x, Guard guard) {
    memory.guardRead(step, x, guard);
    return guardLoad(x);
  }

  /** A guard's load whose {@link MemorySystem#guardRead} has been called. */
  private int guardLoad(Loc x) {
    step.checkRead(x, "");
    return memory.loadLatest(step, x);
  }

  /** Traces an executed access (call only while recording). */
  private void traceAccess(
      Primitive p,
      @Nullable RmwOp op,
      Ordering ordering,
      boolean ordered,
      Loc x,
      int operand,
      int expected,
      int found) {
    // Under sequential consistency the 2021 early return is part of the RMW's step (order is moot
    // there): only the trace says that it returned unordered. TSO's bitops are LOCK-prefixed, and
    // the LKMM makes the early read a step of its own.
    boolean unordered =
        p == Primitive.TEST_AND_CLEAR_BIT
            && (found & operand) == 0
            && !variant.testAndClearBitOrderedOnFailure()
            && memory instanceof ScMemory;
    String text =
        TraceText.access(
            p, op, ordering, ordered, x, operand, expected, found, unordered, step.remark);
    trace.add(
        step.cpu,
        step.site.function(),
        text,
        TraceEvent.Kind.PRIMITIVE,
        TraceText.access(p, op, ordering, ordered, x, operand, expected, found, step.site));
  }

  /** A line of the step being executed, at its site. */
  private void traceStep(String text, TraceEvent.Kind kind) {
    trace.add(step.cpu, step.site.function(), text, kind);
  }

  // ---- registers and bookkeeping ----------------------------------------------------------------

  @Override
  public int reg(int index) {
    return replayer.reg(index);
  }

  @Override
  public void setReg(int index, int value) {
    replayer.setReg(index, value);
  }

  @Override
  public int ghost(Loc x) {
    readLiveState |= probing;
    // Recorded even while replaying: a value read before the step's primitive may be used
    // after it, so the read belongs to this step (and reads the value current at this step).
    if (!replayer.dry()) {
      step.checkRead(x, " (bookkeeping)");
    }
    return step.value(x);
  }

  @Override
  public int ghostSeen(Loc x) {
    readLiveState |= probing;
    if (!replayer.dry()) {
      step.checkRead(x, " (bookkeeping)");
    }
    return memory.seen(step, x);
  }

  @Override
  public void setGhost(Loc x, int v) {
    if (x.kind() == Loc.Kind.SHARED) {
      throw new ModelError("ghost write of shared location " + x);
    }
    if (replayer.acting()) {
      step.checkWrite(x, " (bookkeeping)");
      step.write(x, v);
    }
  }

  @Override
  public void violate(Loc flags, int bit, String why) {
    violate(flags, bit, () -> why);
  }

  @Override
  public void violate(Loc flags, int bit, Supplier<String> why) {
    if (replayer.acting()) {
      step.write(flags, step.value(flags) | bit);
      if (trace.on()) {
        trace.add(step.cpu, "", why.get(), TraceEvent.Kind.VIOLATION);
      }
    }
  }

  @Override
  public void ghostAdd(Loc counter, int delta) {
    if (replayer.acting()) {
      step.footprint.add(counter, true);
      step.write(counter, step.value(counter) + delta);
    }
  }

  @Override
  public void note(String text) {
    if (replayer.acting()) {
      trace.add(step.cpu, "", text, TraceEvent.Kind.NOTE);
    }
  }

  @Override
  public boolean tracing() {
    return trace.on() && replayer.acting();
  }
}
