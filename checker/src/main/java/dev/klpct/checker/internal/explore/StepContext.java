package dev.klpct.checker.internal.explore;

import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.CpuProgram;
import org.jspecify.annotations.Nullable;

/**
 * The step being run by a {@link ReplayingKernel}: the CPU, the values it works on, the choice the
 * schedule asks for and the choices the step had, what it touched, and what the memory model said
 * about its primitive. This is what a {@link MemorySystem} sees of the step ({@link MemoryStep}).
 * Not thread-safe: one per kernel.
 */
final class StepContext implements MemoryStep {
  private final Loc fenceOrder;
  private final SiteTable sites;
  private final WriteObservers writes;
  private final TraceText trace;
  final Footprint footprint = new Footprint();

  int[] values = new int[0];
  int cpu;
  private @Nullable CpuProgram program;
  private int choice;
  private int selectMask;
  private int chosen;
  private int alternatives;

  /** The site of the primitive being executed. */
  Site site = Site.of("none", "no step running");

  /** What the memory model said about the primitive being executed, or null. */
  @Nullable String remark;

  /** Logs the step's reads and writes of {@link #values} for a {@link StepCache}, or null. */
  @Nullable StepLog log;

  /** Measures dependencies of the access being executed ({@link #dependsOn}). */
  interface DependencyProbe {
    boolean dependsOn(Loc x, int readSiteId);
  }

  @Nullable DependencyProbe dependencies;

  @Override
  public boolean dependsOn(Loc x, int readSiteId) {
    DependencyProbe d = dependencies;
    return d != null && d.dependsOn(x, readSiteId);
  }

  StepContext(Loc fenceOrder, SiteTable sites, WriteObservers writes, TraceText trace) {
    this.fenceOrder = fenceOrder;
    this.sites = sites;
    this.writes = writes;
    this.trace = trace;
  }

  /**
   * Starts a step of CPU {@code c} (running {@code program}) on {@code v}.
   *
   * @param forcedChoice the alternative to take if the step has several, or -1 for the first
   */
  void start(int[] v, int c, CpuProgram program, int forcedChoice) {
    this.values = v;
    this.cpu = c;
    this.program = program;
    this.choice = forcedChoice;
    footprint.clear();
    selectMask = 0;
    chosen = -1;
    alternatives = 1;
    writes.clear();
  }

  /** Starts executing the primitive at {@code at}. */
  void begin(Site at) {
    remark = null;
    site = at;
  }

  /** The result of a step that moved. */
  StepResult stepped() {
    return StepResult.stepped(selectMask, chosen, alternatives);
  }

  /**
   * A {@code select}: picks the alternative the schedule asks for (else the first) among the
   * enabled ones in {@code mask}, which is not 0 (with none enabled the caller blocks the step,
   * {@link RoutineReplayer#block}).
   */
  int select(int mask) {
    int c = choice >= 0 ? choice : Integer.numberOfTrailingZeros(mask);
    if (c >= 32 || (mask & (1 << c)) == 0) {
      throw RoutineReplayer.NoSuchChoice.INSTANCE;
    }
    selectMask = mask;
    chosen = c;
    return c;
  }

  /** Checks that the layout lets the CPU read {@code x}, which the step then touches. */
  void checkRead(Loc x, String what) {
    if (!x.readableBy(cpu)) {
      throw new ModelError(denied("read", x, what, "read"));
    }
    footprint.add(x, false);
  }

  /** Checks that the layout lets the CPU write {@code x}, which the step then touches. */
  void checkWrite(Loc x, String what) {
    if (!x.writableBy(cpu)) {
      throw new ModelError(denied("wrote", x, what, "write"));
    }
    footprint.add(x, true);
  }

  private String denied(String did, Loc x, String what, String may) {
    CpuProgram p = program;
    return (p == null ? "?" : p.name())
        + " "
        + did
        + " "
        + x.name()
        + what
        + ", which the layout does not let CPU"
        + cpu
        + " "
        + may;
  }

  // ---- MemoryStep -------------------------------------------------------------------------------

  @Override
  public int cpu() {
    return cpu;
  }

  @Override
  public int[] values() {
    return values;
  }

  @Override
  public int value(Loc x) {
    int i = x.index();
    int v = values[i];
    StepLog l = log;
    if (l != null) {
      l.read(i, v);
    }
    return v;
  }

  @Override
  public void write(Loc x, int v) {
    int i = x.index();
    StepLog l = log;
    if (l != null) {
      l.wrote(i);
    }
    values[i] = v;
  }

  @Override
  public int choose(int outcomes) {
    if (outcomes <= 0) {
      throw RoutineReplayer.Blocked.INSTANCE;
    }
    int a = choice < 0 ? 0 : choice;
    if (a >= outcomes) {
      throw RoutineReplayer.NoSuchChoice.INSTANCE;
    }
    alternatives = outcomes;
    chosen = outcomes > 1 ? a : -1;
    return a;
  }

  @Override
  public void touch(Loc x, boolean write) {
    footprint.add(x, write);
  }

  @Override
  public void touchFenceOrder() {
    footprint.add(fenceOrder, true);
  }

  @Override
  public boolean recording() {
    return trace.on();
  }

  @Override
  public void remark(@Nullable String note) {
    remark = note;
  }

  @Override
  public int siteId() {
    return sites.id(site);
  }

  @Override
  public void stored(Loc x, int old, int neu) {
    writes.stored(x, old, neu, cpu, site);
  }

  @Override
  public void stored(Loc x, int old, int neu, int byCpu, int siteId) {
    if (writes.watches(x)) {
      writes.stored(x, old, neu, byCpu, sites.site(siteId));
    }
  }
}
