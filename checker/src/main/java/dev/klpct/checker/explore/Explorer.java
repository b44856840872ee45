package dev.klpct.checker.explore;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Loc;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.Metric;
import dev.klpct.api.program.Property;
import dev.klpct.api.program.StateView;
import dev.klpct.api.program.WriteObserver;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MetricRange;
import dev.klpct.checker.Step;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/*
 * Explicit-state exploration of a Machine: the engine behind Checker.
 *
 * 1. Search order
 *    Breadth-first, level by level. BFS gives the reduced search a natural parallel split (each
 *    level's states are expanded by all threads, successors deduplicated in the lock-striped
 *    StateStore) and, run without reduction, yields shortest counterexamples [1].
 *
 * 2. State caching
 *    Every state is stored once, as its StateCodec encoding, with a parent pointer; a state is
 *    expanded once. The programs are finite (every routine progresses), so the state graph is a
 *    finite DAG and the search terminates.
 *
 * 3. Partial-order reduction (persistent sets [2])
 *    At a state, the next step of every CPU is executed, which yields its actual footprint (the
 *    locations it read and wrote, ghost bookkeeping included). A CPU's future is
 *    over-approximated by the layout: the locations it may read or write (Loc.readers/writers,
 *    enforced on every access). Starting from one enabled CPU, the set P is closed under "the
 *    step of a CPU in P conflicts with the future of CPU q" and, for a blocked CPU in P, "q may
 *    write what it waits on". The enabled steps of the smallest such P form a persistent set:
 *    no sequence of steps of CPUs outside P can conflict with them or enable a blocked CPU of P.
 *    In a finite acyclic graph, persistent sets preserve every terminal state [2, Thm 4.3].
 *    Terminal properties are judged on terminal states; monotone properties (sticky ghost
 *    flags) persist from the violating state to some terminal state, so they are preserved too.
 *    No cycle proviso is needed because there are no cycles.
 *
 * 4. Soundness checks
 *    A step that breaks the layout's access masks, diverges on replay, throws, or makes a
 *    violated monotone property hold again is reported as a model-sound violation with its
 *    trace; reduction never silently relies on a broken assumption.
 *
 * [1] Holzmann, The SPIN Model Checker, ch. 8 (breadth-first search and shortest error trails).
 * [2] Godefroid, Partial-Order Methods for the Verification of Concurrent Systems, LNCS 1032.
 */

/**
 * Explores every reachable state of a {@link Machine} within the options' budgets and records, for
 * each property, the first violating state found. Used by {@code Checker}; an engine class, public
 * only so the facade in another package can reach it.
 *
 * <p>Determinism: with one thread the exploration order, the state ids and the first violation
 * found per property are a function of the machine alone. With more threads the set of states and
 * the verdicts are the same; which of several equally deep violations is recorded may differ.
 */
public final class Explorer {
  /** Id of the built-in property "no terminal state has a CPU blocked forever". */
  public static final String DEADLOCK_FREE = "deadlock-free";

  /** Id of the built-in property "model and strategy code behave as the checker requires". */
  public static final String MODEL_SOUND = "model-sound";

  private final CheckOptions opts;
  private final boolean reduction;
  private final Loc[] layout;
  private final CpuProgram[] programs;
  private final int cpus;
  private final int[] regCounts;
  private final Property[] props;
  private final @Nullable WriteObserver[] observers;
  private final Metric[] metrics;
  private final int[] metricMin;
  private final int[] metricMax;
  private final boolean[] propMonotone;
  private final int deadlockIdx;
  private final int soundIdx;
  private final ImmutableList<String> propertyIds;

  /** Indices of the properties after whose violation the search stops, or null. */
  private final int @Nullable [] stopAfter;

  /** Choice byte of a store-buffer flush step in the state store. */
  static final int CHOICE_FLUSH = 0xFE;

  private final StateStore store = new StateStore();
  private final SiteTable sites = new SiteTable();
  private final java.util.concurrent.ConcurrentHashMap<dev.klpct.api.Site, String> orderingSites =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean collectOrdering;

  /** The layout plus the pseudo-location of the strong-fence order, for footprints. */
  private final Loc[] porLayout;

  private final Found[] found;
  private final AtomicLong transitions = new AtomicLong();
  private final AtomicLong terminals = new AtomicLong();
  private final AtomicLong newStates = new AtomicLong();
  private volatile boolean stop;
  private volatile String stopReason = "";
  private final AtomicLong lastProgress = new AtomicLong();
  private long startNanos;

  /** The first violation recorded for a property. */
  public record Found(long state, int depth, @Nullable Step extra, String message) {}

  /** Outcome of {@link #run}. */
  public record Result(
      ImmutableList<String> propertyIds,
      List<@Nullable Found> found,
      long states,
      long transitions,
      long terminalStates,
      int depth,
      double wallSeconds,
      long storeBytes,
      boolean exhaustive,
      String stopReason,
      ImmutableList<MetricRange> metrics,
      Explorer explorer) {}

  /**
   * @param stopAfter if non-null, stop as soon as every listed property has been found violated
   *     (used by the shortest-counterexample search)
   */
  public Explorer(
      Machine machine,
      CheckOptions opts,
      boolean reduction,
      @Nullable ImmutableList<String> stopAfter) {
    this.opts = opts;
    this.reduction = reduction;
    this.layout = machine.layout().locations().toArray(new Loc[0]);
    this.cpus = machine.cpus();
    this.programs = new CpuProgram[cpus];
    this.regCounts = new int[cpus];
    for (int c = 0; c < cpus; c++) {
      programs[c] = machine.program(c);
      regCounts[c] = programs[c].registers();
    }
    this.observers = observersOf(machine, layout);
    this.porLayout = Arrays.copyOf(layout, layout.length + 1);
    this.porLayout[layout.length] = ModelKernel.fenceOrderLoc(layout, cpus);
    this.metrics = machine.metrics().toArray(new Metric[0]);
    this.metricMin = new int[metrics.length];
    this.metricMax = new int[metrics.length];
    Arrays.fill(metricMin, Integer.MAX_VALUE);
    Arrays.fill(metricMax, Integer.MIN_VALUE);
    List<Property> ps = machine.properties();
    this.props = ps.toArray(new Property[0]);
    this.propMonotone = new boolean[props.length];
    for (int i = 0; i < props.length; i++) {
      propMonotone[i] = props[i].kind() == Property.Kind.MONOTONE;
    }
    this.deadlockIdx = props.length;
    this.soundIdx = props.length + 1;
    this.found = new Found[props.length + 2];
    ImmutableList.Builder<String> ids = ImmutableList.builder();
    for (Property p : props) {
      ids.add(p.id());
    }
    this.propertyIds = ids.add(DEADLOCK_FREE).add(MODEL_SOUND).build();
    this.stopAfter =
        stopAfter == null
            ? null
            : stopAfter.stream().mapToInt(propertyIds::indexOf).filter(i -> i >= 0).toArray();
  }

  /**
   * Makes {@link #run} note every ordering site executed (fences, acquire/release accesses, ordered
   * RMWs), for barrier ablation; see {@link #orderingSites()}.
   */
  public Explorer collectOrderingSites() {
    collectOrdering = true;
    return this;
  }

  /** The ordering sites executed by the last {@link #run}, with what orders there. */
  public java.util.Map<dev.klpct.api.Site, String> orderingSites() {
    return java.util.Collections.unmodifiableMap(orderingSites);
  }

  /** Ids of the machine's properties followed by the two built-in ones. */
  public ImmutableList<String> propertyIds() {
    return propertyIds;
  }

  /** The path of steps from the initial state to {@code state}. */
  public ImmutableList<Step> pathTo(long state) {
    ArrayList<Step> rev = new ArrayList<>();
    long id = state;
    while (true) {
      long parent = store.parent(id);
      if (parent == StateStore.NO_PARENT) {
        break;
      }
      int choice = store.choice(id);
      rev.add(
          new Step(
              store.cpu(id), choice == 0xFF ? -1 : choice == CHOICE_FLUSH ? Step.FLUSH : choice));
      id = parent;
    }
    java.util.Collections.reverse(rev);
    return ImmutableList.copyOf(rev);
  }

  public Result run() {
    startNanos = opts.ticker().read();
    Worker w0 = new Worker();
    long initial = w0.initial();
    long[] level = {initial};
    int depth = 0;
    int threads = opts.threads();
    ExecutorService pool =
        threads > 1
            ? Executors.newFixedThreadPool(
                threads,
                r -> {
                  Thread t = new Thread(r, "klpct-explorer");
                  t.setDaemon(true);
                  return t;
                })
            : null;
    Worker[] workers = new Worker[threads];
    workers[0] = w0;
    for (int i = 1; i < threads; i++) {
      workers[i] = new Worker();
    }
    lastProgress.set(startNanos);
    try {
      while (level.length > 0 && !stop) {
        final long[] cur = level;
        final int d = depth;
        if (pool == null || cur.length < 256) {
          w0.out.clear();
          for (long id : cur) {
            if (stop) {
              break;
            }
            w0.expand(id, d);
          }
          level = w0.out.toArray();
        } else {
          AtomicInteger cursor = new AtomicInteger();
          List<Future<?>> fs = new ArrayList<>();
          for (Worker w : workers) {
            w.out.clear();
            fs.add(
                pool.submit(
                    () -> {
                      int i;
                      while (!stop && (i = cursor.getAndAdd(64)) < cur.length) {
                        int end = Math.min(cur.length, i + 64);
                        for (int j = i; j < end; j++) {
                          w.expand(cur[j], d);
                        }
                      }
                    }));
          }
          for (Future<?> f : fs) {
            try {
              f.get();
            } catch (java.util.concurrent.ExecutionException e) {
              throw new IllegalStateException("explorer thread failed", e.getCause());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted", e);
            }
          }
          int total = 0;
          for (Worker w : workers) {
            total += w.out.size;
          }
          long[] next = new long[total];
          int o = 0;
          for (Worker w : workers) {
            System.arraycopy(w.out.data, 0, next, o, w.out.size);
            o += w.out.size;
          }
          Arrays.sort(next); // deterministic expansion order within a level
          level = next;
        }
        depth++;
        for (Worker w : workers) {
          transitions.addAndGet(w.localTransitions);
          w.localTransitions = 0;
        }
        reportProgress(store.size());
        if (level.length > 0) {
          checkBudgets(store.size()); // a budget matters only if there is more to explore
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
        try {
          pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    double wall = (opts.ticker().read() - startNanos) / 1e9;
    boolean stoppedForBudget = stop && !stopReason.equals("done");
    return new Result(
        propertyIds(),
        Arrays.asList(found.clone()),
        store.size(),
        transitions.get(),
        terminals.get(),
        depth,
        wall,
        store.bytes(),
        !stoppedForBudget,
        stoppedForBudget ? stopReason : "",
        metricRanges(),
        this);
  }

  private synchronized ImmutableList<MetricRange> metricRanges() {
    ImmutableList.Builder<MetricRange> b = ImmutableList.builder();
    for (int i = 0; i < metrics.length; i++) {
      if (metricMin[i] <= metricMax[i]) {
        b.add(new MetricRange(metrics[i].id(), metricMin[i], metricMax[i]));
      }
    }
    return b.build();
  }

  /**
   * Reports progress if half a second passed since the last report: from the coordinator at the end
   * of a level and from the workers within one, so that a long level is not silent.
   */
  private void reportProgress(long states) {
    if (opts.progress().isEmpty()) {
      return;
    }
    long now = opts.ticker().read();
    long last = lastProgress.get();
    if (now - last > 500_000_000L && lastProgress.compareAndSet(last, now)) {
      opts.progress().get().progress(states, transitions.get(), (now - startNanos) / 1e9);
    }
  }

  /** Stops the search if {@code states} reached --max-states or the time limit has passed. */
  private void checkBudgets(long states) {
    reportProgress(states);
    if (states >= opts.maxStates()) {
      stopReason = "--max-states " + opts.maxStates() + " reached";
      stop = true;
    } else if (opts.timeLimit().isPresent()
        && opts.ticker().read() - startNanos > opts.timeLimit().get().toNanos()) {
      stopReason = "--time-limit " + opts.timeLimit().get() + " reached";
      stop = true;
    } else {
      Optional<String> r = opts.stop().reason();
      if (r.isPresent()) {
        stopReason = r.get();
        stop = true;
      }
    }
  }

  private synchronized void record(
      int prop, long state, int depth, @Nullable Step extra, String message) {
    Found f = found[prop];
    if (f == null || depth < f.depth() || (depth == f.depth() && state < f.state())) {
      found[prop] = new Found(state, depth, extra, message);
    }
    if (stopAfter != null) {
      boolean all = true;
      for (int i : stopAfter) {
        all &= found[i] != null;
      }
      if (all) {
        stopReason = "done";
        stop = true;
      }
    }
  }

  /** Peak heap use of the JVM so far (sum of the heap pools' peaks). */
  public static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  static @Nullable WriteObserver[] observersOf(Machine machine, Loc[] layout) {
    @Nullable WriteObserver[] obs = new WriteObserver[layout.length];
    for (Loc l : layout) {
      obs[l.index()] = machine.observer(l);
    }
    return obs;
  }

  private synchronized void metric(StateView v) {
    for (int i = 0; i < metrics.length; i++) {
      int x = metrics[i].value(v);
      metricMin[i] = Math.min(metricMin[i], x);
      metricMax[i] = Math.max(metricMax[i], x);
    }
  }

  Loc[] layout() {
    return layout;
  }

  CpuProgram[] programs() {
    return programs;
  }

  /** Growable list of longs. */
  static final class LongList {
    long[] data = new long[1024];
    int size;

    void add(long v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    void clear() {
      size = 0;
    }

    long[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  /** A read-only view of decoded state arrays. */
  static final class View implements StateView {
    int[] mem = new int[0];
    Frame[] frames = new Frame[0];

    @Override
    public int value(Loc loc) {
      return mem[loc.index()];
    }

    @Override
    public int register(int cpu, int index) {
      return frames[cpu].regs[index];
    }

    @Override
    public boolean finished(int cpu) {
      return frames[cpu].finished;
    }
  }

  /** Per-thread expansion machinery. */
  private final class Worker {
    final @Nullable WeakMemory weak = WeakMemory.create(opts.memoryModel(), layout, cpus, sites);
    final ModelKernel k =
        new ModelKernel(
            layout,
            programs,
            observers,
            opts.testAndClearFailureOrdered(),
            weak,
            sites,
            opts.weakened(),
            porLayout[layout.length]);
    final WeakMemory.State baseWeak = new WeakMemory.State();
    final WeakMemory.State workWeak = new WeakMemory.State();
    final boolean[] finishedScratch = new boolean[cpus];
    final StateCodec codec = new StateCodec(layout.length, regCounts);
    final int[] baseMem = new int[layout.length];
    final int[] workMem = new int[layout.length];
    final Frame[] base = new Frame[cpus];
    final Frame[] work = new Frame[cpus];
    final View view = new View();
    final ModelKernel.Outcome[] outcome = new ModelKernel.Outcome[cpus];
    final Footprint[] fps = new Footprint[cpus];
    final List<List<byte[]>> succ = new ArrayList<>();
    final int[][] succChoice = new int[cpus][32];
    final LongList out = new LongList();
    long localTransitions;
    long localNew;
    long flushedNew;
    long expanded;

    /** Publishes this worker's new-state count and stops the search when a budget is spent. */
    void flushCounts() {
      long total = newStates.addAndGet(localNew - flushedNew);
      flushedNew = localNew;
      checkBudgets(total + 1); // + the initial state
    }

    final boolean[] inP = new boolean[cpus];
    final boolean[] bestP = new boolean[cpus];
    final int[] queue = new int[cpus];
    final boolean[] violatedAtBase;

    Worker() {
      for (int c = 0; c < cpus; c++) {
        base[c] = new Frame(regCounts[c]);
        work[c] = new Frame(regCounts[c]);
        fps[c] = new Footprint();
        succ.add(new ArrayList<>());
      }
      violatedAtBase = new boolean[props.length];
      k.weakState(workWeak);
      if (collectOrdering) {
        k.collectOrderingSites(orderingSites);
      }
    }

    long initial() {
      for (Loc l : layout) {
        workMem[l.index()] = l.initial();
      }
      if (weak != null) {
        weak.init(workWeak, workMem);
      }
      k.weakState(workWeak);
      for (int c = 0; c < cpus; c++) {
        ModelKernel.Outcome o = k.setup(workMem, work[c], c);
        if (o == ModelKernel.Outcome.ERROR) {
          throw new IllegalStateException("CPU" + c + " fails before its first step: " + k.error);
        }
      }
      int len = encodeWork();
      long id = store.insert(codec.buffer(), len, StateStore.NO_PARENT, 0, 0xFF);
      return id < 0 ? -1 - id : id;
    }

    /** Resets the working state to the base state; a step changes only its own CPU's frame. */
    void restore(int c) {
      System.arraycopy(baseMem, 0, workMem, 0, baseMem.length);
      if (weak != null) {
        workWeak.copyFrom(baseWeak);
      }
      if (dirty >= 0) {
        work[dirty].copyFrom(base[dirty]);
      }
      dirty = c;
    }

    private int dirty = -1;

    void expand(long id, int depth) {
      if ((++expanded & 63) == 0) {
        flushCounts(); // budgets and progress also where expansions find few new states
      }
      byte[] chunk = store.chunk(id);
      codec.decode(
          chunk,
          StateStore.offsetInChunk(chunk, id),
          baseMem,
          base,
          weak == null ? null : baseWeak);
      for (int c = 0; c < cpus; c++) {
        work[c].copyFrom(base[c]);
      }
      dirty = -1;
      view.mem = baseMem;
      view.frames = base;
      boolean anyViolated = false;
      for (int i = 0; i < props.length; i++) {
        violatedAtBase[i] = false;
        if (propMonotone[i] && !props[i].holds(view)) {
          violatedAtBase[i] = true;
          anyViolated = true;
          if (found[i] == null) {
            record(i, id, depth, null, props[i].explain(view));
          }
        }
      }
      int enabled = 0;
      boolean anyError = false;
      for (int c = 0; c < cpus; c++) {
        List<byte[]> s = succ.get(c);
        s.clear();
        fps[c].clear();
        outcome[c] = ModelKernel.Outcome.FINISHED;
        if (!base[c].finished) {
          restore(c);
          ModelKernel.Outcome o = k.runStep(workMem, work[c], c, -1);
          outcome[c] = o;
          if (o == ModelKernel.Outcome.ERROR) {
            anyError = true;
            record(soundIdx, id, depth, new Step(c, -1), String.valueOf(k.error));
            continue;
          }
          fps[c].addAll(k.footprint);
          if (o == ModelKernel.Outcome.STEPPED) {
            int mask = k.selectMask;
            int first = k.chosen;
            int alts = k.altCount;
            addSuccessor(c, first, anyViolated, id, depth);
            int n = mask != 0 ? 32 : alts;
            for (int alt = 0; alt < n; alt++) {
              if (alt == first
                  || (mask != 0 && (mask & (1 << alt)) == 0)
                  || (mask == 0 && alt == 0)) {
                continue;
              }
              restore(c);
              ModelKernel.Outcome o2 = k.runStep(workMem, work[c], c, alt);
              if (o2 == ModelKernel.Outcome.ERROR) {
                anyError = true;
                record(soundIdx, id, depth, new Step(c, alt), String.valueOf(k.error));
                continue;
              }
              fps[c].addAll(k.footprint);
              if (o2 == ModelKernel.Outcome.STEPPED) {
                addSuccessor(c, alt, anyViolated, id, depth);
              }
            }
          }
        }
        if (weak != null && weak.canFlush(baseWeak, c)) {
          restore(c);
          ModelKernel.Outcome o3 = k.runFlush(workMem, work[c], c);
          if (o3 == ModelKernel.Outcome.ERROR) {
            anyError = true;
            record(soundIdx, id, depth, new Step(c, Step.FLUSH), String.valueOf(k.error));
            continue;
          }
          fps[c].addAll(k.footprint);
          addSuccessor(c, Step.FLUSH, anyViolated, id, depth);
          outcome[c] = ModelKernel.Outcome.STEPPED;
        }
        if (outcome[c] == ModelKernel.Outcome.STEPPED) {
          enabled++;
        }
      }
      if (enabled == 0) {
        terminals.incrementAndGet();
        metric(view);
        for (int i = 0; i < props.length; i++) {
          if (!propMonotone[i] && found[i] == null && !props[i].holds(view)) {
            record(i, id, depth, null, props[i].explain(view));
          }
        }
        if (!anyError) {
          StringBuilder blocked = null;
          for (int c = 0; c < cpus; c++) {
            if (!base[c].finished && !programs[c].quiescent(base[c].regs)) {
              if (blocked == null) {
                blocked = new StringBuilder();
              } else {
                blocked.append("; ");
              }
              blocked.append(programs[c].describe(base[c].regs)).append(" waits forever");
            }
          }
          if (blocked != null && found[deadlockIdx] == null) {
            record(deadlockIdx, id, depth, null, "deadlock: " + blocked);
          }
        }
        return;
      }
      boolean[] chosen = choose(anyError);
      for (int c = 0; c < cpus; c++) {
        if (!chosen[c] || outcome[c] != ModelKernel.Outcome.STEPPED) {
          continue;
        }
        List<byte[]> s = succ.get(c);
        for (int j = 0; j < s.size(); j++) {
          byte[] b = s.get(j);
          localTransitions++;
          long nid = store.insert(b, b.length, id, c, succChoice[c][j] & 0xFF);
          if (nid >= 0) {
            out.add(nid);
            if ((++localNew & 127) == 0) {
              flushCounts();
            }
          }
        }
      }
    }

    private void addSuccessor(int c, int alt, boolean anyViolated, long parent, int depth) {
      if (anyViolated) {
        view.mem = workMem;
        view.frames = work;
        for (int i = 0; i < props.length; i++) {
          if (violatedAtBase[i] && props[i].holds(view)) {
            record(
                soundIdx,
                parent,
                depth,
                new Step(c, alt),
                "property "
                    + props[i].id()
                    + " is declared monotone but holds again after a"
                    + " violation; reduction would be unsound");
          }
        }
        view.mem = baseMem;
        view.frames = base;
      }
      int len = encodeWork();
      List<byte[]> s = succ.get(c);
      int j = s.size();
      if (j >= succChoice[c].length) {
        succChoice[c] = Arrays.copyOf(succChoice[c], j * 2);
      }
      if (alt >= CHOICE_FLUSH) {
        throw new IllegalStateException("more than " + CHOICE_FLUSH + " alternatives in a step");
      }
      succChoice[c][j] = alt == Step.FLUSH ? CHOICE_FLUSH : alt < 0 ? 0xFF : alt;
      s.add(Arrays.copyOf(codec.buffer(), len));
    }

    /** Encodes the working state (weak part in canonical form) into the codec's buffer. */
    private int encodeWork() {
      if (weak == null) {
        return codec.encode(workMem, work, null);
      }
      for (int c = 0; c < cpus; c++) {
        finishedScratch[c] = work[c].finished;
      }
      weak.canonicalize(workWeak, finishedScratch);
      return codec.encode(workMem, work, workWeak);
    }

    /** Chooses the CPUs whose steps are explored: a persistent set, or all. */
    private boolean[] choose(boolean anyError) {
      if (!reduction || anyError) {
        Arrays.fill(bestP, true);
        return bestP;
      }
      int bestCount = Integer.MAX_VALUE;
      for (int seed = 0; seed < cpus && bestCount > 1; seed++) {
        if (outcome[seed] != ModelKernel.Outcome.STEPPED) {
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
          if (outcome[a] == ModelKernel.Outcome.STEPPED) {
            count++;
          }
          for (int b = 0; b < cpus; b++) {
            if (inP[b] || (base[b].finished && !(weak != null && weak.canFlush(baseWeak, b)))) {
              continue;
            }
            boolean dep =
                outcome[a] == ModelKernel.Outcome.STEPPED
                    ? fps[a].conflictsWithFutureOf(b, porLayout)
                    : fps[a].mayBeEnabledBy(b, porLayout);
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
          System.arraycopy(inP, 0, bestP, 0, cpus);
        }
      }
      return bestP;
    }
  }
}
