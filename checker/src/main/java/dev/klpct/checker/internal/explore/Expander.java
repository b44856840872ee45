package dev.klpct.checker.internal.explore;

import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.StateView;
import dev.klpct.checker.trace.Step;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Expands states, one thread's share of a {@link Search}: decodes a state, runs the CPUs' next
 * steps with each of their alternatives (and the store-buffer flushes of memory systems that have
 * them) as the persistent-set choice asks for them, every CPU's in an unreduced search, has the
 * {@link Judge} judge what it sees, and keeps the successors of a persistent set for the search to
 * insert ({@link #expandInto}). Not thread-safe: one per exploring thread.
 */
final class Expander {
  private final Search search;
  private final ModelInstance model;
  private final Judge judge;
  private final StateStore store;
  private final int cpus;
  private final ReplayingKernel k;
  private final @Nullable StoreBuffers buffers;
  private final MemorySystem memory;
  private final boolean memoryState;
  private final boolean reduction;
  private final PersistentSets persistent;
  private final StateCodec codec;

  private final int[] baseMem;
  private final int[] workMem;
  private final MemoryState baseState = new MemoryState();
  private final MemoryState workState = new MemoryState();
  private final Frame[] base;
  private final Frame[] work;
  private final View view = new View();
  private final boolean[] finished;
  private final boolean[] moved;
  private final boolean[] alive;
  private final boolean[] flushes;
  private final Footprint[] footprints;
  // The successors of the state being expanded, per CPU, encoded one after the other in pool:
  // the j-th of CPU c at succAt[c][j], succLen[c][j] bytes, with the choice byte succChoice[c][j].
  // Reused from state to state: expanding allocates nothing.
  private byte[] pool = new byte[4096];
  private int poolLen;
  private final int[] succCount;
  private int[][] succAt;
  private int[][] succLen;
  private int[][] succChoice;
  private final boolean[] violatedAtBase;

  // The state being expanded: its id, BFS level and rank in the level (for the Judge), which of
  // its CPUs' steps have run, and what they found.
  private long id;
  private int depth;
  private int rank;
  private final boolean[] ran;
  private boolean anyViolated;
  private boolean anyError;
  private boolean anyMoved;
  private final PersistentSets.Steps steps =
      new PersistentSets.Steps() {
        @Override
        public boolean enabled(int c) {
          run(c);
          return moved[c];
        }

        @Override
        public Footprint footprint(int c) {
          run(c);
          return footprints[c];
        }
      };

  /** The CPU whose working frame differs from its base frame, or -1. */
  private int dirty = -1;

  /** Steps run before, under sequential consistency ({@link StepCache}); else null. */
  private @Nullable StepCache stepCache;

  private final StepLog stepLog = new StepLog();

  /** The footprint of the step {@link #step} ran last. */
  private Footprint stepFootprint = new Footprint();

  private long stepCacheHits;

  long localTransitions;
  long localTerminals;
  private long localNew;
  private long flushedNew;
  private long expanded;

  Expander(Search search, ModelInstance model, Judge judge, boolean reduction, boolean stepCache) {
    this.search = search;
    this.model = model;
    this.judge = judge;
    this.store = search.graph().store;
    this.cpus = model.cpus;
    this.k = model.newKernel();
    this.memory = k.memory();
    this.buffers = memory.storeBuffers();
    this.memoryState = memory.hasState();
    this.reduction = reduction;
    this.persistent = new PersistentSets(model.porLayout, cpus);
    StateParts weakSplit = memory.stateParts();
    this.codec =
        new StateCodec(
            model.layout.length,
            model.regCounts,
            weakSplit,
            weakSplit == null ? null : search.graph().weakParts(weakSplit.count()),
            search.graph().frameParts(cpus));
    this.baseMem = new int[model.layout.length];
    this.workMem = new int[model.layout.length];
    this.base = model.newFrames();
    this.work = model.newFrames();
    this.finished = new boolean[cpus];
    this.moved = new boolean[cpus];
    this.alive = new boolean[cpus];
    this.flushes = new boolean[cpus];
    this.ran = new boolean[cpus];
    this.footprints = new Footprint[cpus];
    this.succCount = new int[cpus];
    this.succAt = new int[cpus][8];
    this.succLen = new int[cpus][8];
    this.succChoice = new int[cpus][8];

    for (int c = 0; c < cpus; c++) {
      footprints[c] = new Footprint();
    }
    this.violatedAtBase = new boolean[judge.properties()];
    k.bind(workState);
    this.stepCache = stepCache && memory instanceof ScMemory ? new StepCache(cpus) : null;
  }

  /** Steps taken from the {@link StepCache} rather than run. */
  long stepCacheHits() {
    return stepCacheHits;
  }

  /** Puts the initial state into the graph; returns its id. */
  long initial() {
    String failure = model.initial(k, workMem, workState, work);
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    int len = encodeWork();
    long id = store.insert(codec.buffer(), len, StateStore.NO_PARENT, 0, StateGraph.NO_CHOICE);
    return id < 0 ? -1 - id : id;
  }

  /** Lets {@code sink} collect the memory system's unordered read-then-write pairs. */
  void collectUnorderedPairs(Set<String> sink) {
    memory.collectUnorderedPairs(sink);
  }

  /** Lets {@code sink} collect the ordering sites executed from now on. */
  void collectOrderingSites(Map<Site, String> sink) {
    k.collectOrderingSites(sink);
    stepCache = null; // a step taken from the cache notes no site
  }

  /**
   * Expands state {@code id}, the {@code rank}-th of BFS level {@code depth}, adding the successors
   * it keeps to {@code pending}, CPU by CPU and each CPU's in the order of its alternatives.
   *
   * <p>A reduced search runs a CPU's step only when the persistent-set choice asks for it ({@link
   * PersistentSets#choose}): where the first CPU's step is independent of everything the others may
   * ever do, theirs are not run at this state. Such a step is run unchanged at a later state on
   * every path (the search's design note, section 4), so what its run checks is checked there. A
   * state that violates a monotone property runs every step, for {@link Judge#stillViolated}.
   */
  void expandInto(PendingWindow pending, long id, int depth, int rank) {
    this.rank = rank;
    this.id = id;
    this.depth = depth;
    if ((++expanded & 63) == 0) {
      flushCounts(); // progress and the time limit also where expansions find few new states
    }
    byte[] chunk = store.chunk(id);
    codec.decode(
        chunk, StateStore.offsetInChunk(chunk, id), baseMem, base, memoryState ? baseState : null);
    for (int c = 0; c < cpus; c++) {
      work[c].copyFrom(base[c]);
    }
    dirty = -1;
    view.show(baseMem, base);
    anyViolated = judge.monotone(view, id, depth, rank, violatedAtBase);
    anyError = false;
    anyMoved = false;
    poolLen = 0;
    for (int c = 0; c < cpus; c++) {
      ran[c] = false;
      succCount[c] = 0;
      footprints[c].clear();
      moved[c] = false;
      flushes[c] = buffers != null && buffers.canFlush(baseState, c);
      alive[c] = !base[c].finished || flushes[c];
    }
    if (!reduction || anyViolated) {
      runAll();
    }
    boolean[] chosen = reduction ? persistent.choose(steps, alive) : persistent.all();
    if (anyError) { // a failed step has no footprint to reduce by: explore every CPU
      runAll();
      chosen = persistent.all();
    }
    if (!anyMoved) {
      localTerminals++;
      judge.terminal(view, base, id, depth, rank, anyError);
      return;
    }
    for (int c = 0; c < cpus; c++) {
      if (!chosen[c] || !moved[c]) {
        continue;
      }
      for (int j = 0; j < succCount[c]; j++) {
        localTransitions++;
        pending.add(pool, succAt[c][j], succLen[c][j], id, c, succChoice[c][j]);
      }
    }
  }

  /** Runs every CPU's step not run yet at the state being expanded. */
  private void runAll() {
    for (int c = 0; c < cpus; c++) {
      run(c);
    }
  }

  /**
   * Runs CPU {@code c}'s step at the state being expanded, with each of its alternatives and its
   * store-buffer flush, unless run already: records whether it moved, its footprint and its
   * successors.
   */
  private void run(int c) {
    if (ran[c]) {
      return;
    }
    ran[c] = true;
    if (!base[c].finished) {
      restore(c);
      StepResult r = step(c, -1);
      if (failed(r, c, -1)) {
        return;
      }
      footprints[c].addAll(stepFootprint);
      if (r.moved()) {
        moved[c] = true;
        alternatives(c, r);
      }
    }
    if (flushes[c]) {
      restore(c);
      StepResult r = k.runFlush(workMem, work[c], c);
      if (failed(r, c, Step.FLUSH)) {
        return;
      }
      footprints[c].addAll(k.footprint());
      addSuccessor(c, Step.FLUSH);
      moved[c] = true;
    }
    anyMoved |= moved[c];
  }

  /**
   * Whether CPU {@code c}'s step {@code choice} (a {@link Step#choice()}) failed; if so, reports it
   * to the judge and notes that the state has a failed step.
   */
  private boolean failed(StepResult r, int c, int choice) {
    if (r.outcome() != StepResult.Outcome.ERROR) {
      return false;
    }
    anyError = true;
    judge.failed(id, depth, rank, new Step(c, choice), String.valueOf(r.error()));
    return true;
  }

  /** Adds the successor of CPU {@code c}'s step {@code first} and runs its other alternatives. */
  private void alternatives(int c, StepResult first) {
    int mask = first.selectMask();
    addSuccessor(c, first.chosen());
    int n = mask != 0 ? 32 : first.alternatives();
    for (int alt = 0; alt < n; alt++) {
      if (alt == first.chosen()
          || (mask != 0 && (mask & (1 << alt)) == 0)
          || (mask == 0 && alt == 0)) {
        continue;
      }
      restore(c);
      StepResult r = step(c, alt);
      if (failed(r, c, alt)) {
        continue;
      }
      footprints[c].addAll(stepFootprint);
      if (r.moved()) {
        addSuccessor(c, alt);
      }
    }
  }

  /**
   * Runs CPU {@code c}'s step {@code choice} (a {@link Step#choice()}) on the working state, which
   * is the base state: from the {@link StepCache} where it holds the step, else by running it (and
   * keeping it there). Leaves its footprint in {@link #stepFootprint}.
   */
  private StepResult step(int c, int choice) {
    StepCache cache = stepCache;
    if (cache == null) {
      StepResult r = k.runStep(workMem, work[c], c, choice);
      stepFootprint = k.footprint();
      return r;
    }
    int frame = codec.decodedFrameId(c); // work[c] is base[c] (restore)
    StepCache.Entry e = cache.find(c, frame, choice, workMem);
    if (e != null) {
      e.apply(workMem, work[c]);
      stepFootprint = e.footprint;
      stepCacheHits++;
      return e.result;
    }
    StepResult r = k.runStep(workMem, work[c], c, choice, stepLog);
    stepFootprint = k.footprint();
    cache.add(c, frame, choice, stepLog, workMem, work[c], stepFootprint, r);
    return r;
  }

  /** Resets the working state to the base state; a step changes only its own CPU's frame. */
  private void restore(int c) {
    System.arraycopy(baseMem, 0, workMem, 0, baseMem.length);
    if (memoryState) {
      workState.copyFrom(baseState);
    }
    if (dirty >= 0) {
      work[dirty].copyFrom(base[dirty]);
    }
    dirty = c;
  }

  /** Keeps the working state, CPU {@code c}'s step {@code alt} from the state being expanded. */
  private void addSuccessor(int c, int alt) {
    if (anyViolated) {
      view.show(workMem, work);
      judge.stillViolated(view, violatedAtBase, id, depth, rank, new Step(c, alt));
      view.show(baseMem, base);
    }
    int len = encodeSuccessor(c);
    int j = succCount[c]++;
    if (j >= succAt[c].length) {
      succAt[c] = Arrays.copyOf(succAt[c], j * 2);
      succLen[c] = Arrays.copyOf(succLen[c], j * 2);
      succChoice[c] = Arrays.copyOf(succChoice[c], j * 2);
    }
    if (poolLen + len > pool.length) {
      pool = Arrays.copyOf(pool, Math.max(poolLen + len, pool.length * 2));
    }
    System.arraycopy(codec.buffer(), 0, pool, poolLen, len);
    succAt[c][j] = poolLen;
    succLen[c][j] = len;
    succChoice[c][j] = StateGraph.choiceByte(alt);
    poolLen += len;
  }

  /** Encodes the working state (memory state in canonical form) into the codec's buffer. */
  private int encodeWork() {
    return codec.encode(workMem, work, canonicalWorkState());
  }

  /**
   * Encodes the working state, a successor of the base state by a step of CPU {@code c}, into the
   * codec's buffer: the same bytes as {@link #encodeWork}, from the base state's encoding.
   */
  private int encodeSuccessor(int c) {
    return codec.encodeSuccessor(workMem, baseMem, work, c, canonicalWorkState());
  }

  /** The working memory state in canonical form, or null if the memory system keeps none. */
  private @Nullable MemoryState canonicalWorkState() {
    if (!memoryState) {
      return null;
    }
    for (int c = 0; c < cpus; c++) {
      finished[c] = work[c].finished;
    }
    memory.canonicalize(workState, finished);
    return workState;
  }

  /**
   * Counts {@code n} states new to the graph (inserted by this thread), for the search's progress.
   */
  void countNew(int n) {
    localNew += n;
    if (localNew - flushedNew >= 128) {
      flushCounts();
    }
  }

  /**
   * Publishes this expander's new-state count, for progress; the search stops if its time is up.
   */
  void flushCounts() {
    search.newStates(localNew - flushedNew);
    flushedNew = localNew;
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
    private int[] mem = new int[0];
    private Frame[] frames = new Frame[0];

    void show(int[] values, Frame[] f) {
      this.mem = values;
      this.frames = f;
    }

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
}
