package dev.klpct.checker.internal.explore;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.klpct.api.Site;
import dev.klpct.checker.trace.Step;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/*
 * Explicit-state exploration of a Machine: the engine behind Checker.
 *
 * 1. Search order
 *    Breadth-first, level by level. BFS gives the reduced search a natural parallel split (each
 *    level's states are expanded by all threads, then each thread inserts the successors of its
 *    own segments of the StateStore, in the order one thread would: the result does not depend on
 *    the threads) and, run without reduction, yields shortest counterexamples [1].
 *
 * 2. State caching
 *    Every state is stored once, as its StateCodec encoding, with a parent pointer (StateGraph);
 *    a state is expanded once. Each CPU's frame, and under lkmm each part of the views (S, each
 *    CPU's views, each location's messages), are stored apart, once per distinct one, and a
 *    state holds their ids (collapse compression, recursive indexing; StateCodec). The
 *    programs are finite (every routine progresses), so the state graph is a finite DAG and the
 *    search terminates.
 *
 * 3. Partial-order reduction (persistent sets [2]; PersistentSets)
 *    A CPU's next step, executed, yields its actual footprint (the locations it read and wrote,
 *    ghost bookkeeping included). A CPU's future is over-approximated by the layout: the
 *    locations it may read or write (Loc.readers/writers, enforced on every access). Starting
 *    from one enabled CPU, the set P is closed under "the step of a CPU in P conflicts with the
 *    future of CPU q" and, for a blocked CPU in P, "q may write what it waits on". The enabled
 *    steps of the smallest such P form a persistent set: no sequence of steps of CPUs outside P
 *    can conflict with them or enable a blocked CPU of P. The closures need the footprints of
 *    their own CPUs only, so a step is executed when a closure first reaches its CPU; seeds are
 *    tried in CPU order until a set of one enabled CPU is found. The choice is the one made with
 *    every step executed, and where CPU0's step is independent of the others' futures, theirs
 *    are not executed at that state.
 *    In a finite acyclic graph, persistent sets preserve every terminal state [2, Thm 4.3].
 *    Terminal properties are judged on terminal states; monotone properties (sticky ghost
 *    flags) persist from the violating state to some terminal state, so they are preserved too.
 *    No cycle proviso is needed because there are no cycles.
 *
 * 4. Soundness checks (Judge)
 *    A step that breaks the layout's access masks, diverges on replay, throws, or makes a
 *    violated monotone property hold again is reported as a model-sound violation with its
 *    trace; reduction never silently relies on a broken assumption. A step the choice did not
 *    need at a state is checked where it is first executed: until then every step explored is
 *    one of a persistent set without its CPU, independent of everything that CPU may ever do, so
 *    its frame and every value it may read stay as they were and it is the same step; and it
 *    is executed at the latest at the terminal state every explored path reaches, where the
 *    choice asks for every live CPU's step. (A state that violates a monotone property executes
 *    every step, for the last check.) So an exhaustive search checks every step an unreduced
 *    choice would, some on longer traces.
 *
 * The parts: Search drives the levels, threads and budgets; an Expander per thread runs the
 * steps (a ReplayingKernel on a MemorySystem) and encodes successors; PersistentSets chooses
 * which to keep; the Judge judges what the expanders see; the StateGraph keeps every state.
 *
 * [1] Holzmann, The SPIN Model Checker, ch. 8 (breadth-first search and shortest error trails).
 * [2] Godefroid, Partial-Order Methods for the Verification of Concurrent Systems, LNCS 1032.
 */

/**
 * Explores every reachable state of a {@link ModelInstance} within the options' budgets and
 * records, for each property, the first violating state found. The engine behind {@code Checker}.
 *
 * <p>Determinism: the exploration order, every state's parent and the first violation found per
 * property are a function of the machine alone, the same with any number of threads, also for a
 * search cut short by its state budget (checked between rounds, {@link #checkStateBudget}); a
 * search cut short by its time limit or a stop condition stops where the timing makes it. The state
 * ids are too with one thread. With several, the ids of the states' interned parts (CPU frames, and
 * under lkmm the weak-memory state; {@link StateCodec}), which the states' encodings hold, follow
 * the order in which the threads met the parts: states then land in other segments of the store
 * under other ids, but the states, their parents and their order are the same.
 */
public final class Search {
  private final ModelInstance model;
  private final SearchOptions opts;
  private final StateGraph graph = new StateGraph();
  private final Judge judge;
  private final Map<Site, String> orderingSites = new ConcurrentHashMap<>();
  private final Set<String> unorderedPairs = ConcurrentHashMap.newKeySet();
  private boolean collectOrdering;
  private long stepCacheHits;

  /** States per window of a level ({@link #expandLevel}). */
  private static final int WINDOW = 8192;

  /** Levels smaller than this are expanded by the coordinating thread alone. */
  private static final int ALONE_BELOW = 256;

  /** States a thread takes from the window at a time. */
  private static final int CHUNK = 64;

  private int window = WINDOW; // smaller in tests: windows()

  private @Nullable Consumer<long[]> levels; // for tests: observeLevels()

  // Per window parity, then per exploring thread (made by the thread itself): its pending
  // successors in a window, by the slot that inserts them (a store segment's successors are
  // inserted by slot segment % the level's threads). Two windows are in flight: one being
  // expanded, the one before it being inserted.
  private @Nullable PendingWindow[][] pending = new PendingWindow[2][0];

  // Per window parity, the window's chunks: who expanded each, where its successors lie.
  private final WindowChunks[] chunks = {new WindowChunks(), new WindowChunks()};

  // Per window parity, the window's insertions in the order one thread makes them: the new state's
  // id, or -1 where the successor was already in the store. Each entry is written by the thread
  // owning its segment.
  private final long[][] inserted = {new long[0], new long[0]};

  private final AtomicLong transitions = new AtomicLong();
  private final AtomicLong terminals = new AtomicLong();
  private final AtomicLong newStates = new AtomicLong();
  private volatile boolean stop;
  private volatile String stopReason = "";
  private final AtomicLong lastProgress = new AtomicLong();
  private long startNanos;

  /**
   * The outcome of a search.
   *
   * @param propertyIds the machine's property ids followed by the built-in ones
   * @param found per property (in {@code propertyIds} order), the first violation found, or null
   * @param states distinct states
   * @param transitions successor edges generated
   * @param terminalStates states where no CPU could move
   * @param depth BFS levels explored
   * @param wallSeconds wall time
   * @param exhaustive whether every reachable state was explored
   * @param stopReason which budget stopped the search, or empty
   * @param metrics each metric's range over terminal states
   * @param graph the states, for turning a found state into a schedule
   * @param unorderedPairs the executed read-then-write pairs of one CPU that the memory system
   *     orders although the memory model need not ({@link MemorySystem#collectUnorderedPairs}),
   *     sorted
   */
  public record Result(
      ImmutableList<String> propertyIds,
      List<@Nullable Found> found,
      long states,
      long transitions,
      long terminalStates,
      int depth,
      double wallSeconds,
      boolean exhaustive,
      String stopReason,
      ImmutableList<MetricBounds> metrics,
      StateGraph graph,
      ImmutableSortedSet<String> unorderedPairs) {}

  /**
   * The first violation found of a property.
   *
   * @param state the violating state, or the state whose step failed
   * @param depth its BFS depth
   * @param extra the failing step from {@code state} (model-sound violations found on a step)
   * @param message why, in one sentence
   */
  public record Found(long state, int depth, @Nullable Step extra, String message) {}

  /** A metric's range over terminal states. */
  public record MetricBounds(String id, int min, int max) {}

  public Search(ModelInstance model, SearchOptions opts) {
    this.model = model;
    this.opts = opts;
    this.judge =
        new Judge(
            model,
            opts.stopAfter().isEmpty() ? null : opts.stopAfter(),
            () -> {
              stopReason = "done";
              stop = true;
            });
  }

  /**
   * Makes {@link #run} note every ordering site executed (fences, acquire/release accesses, ordered
   * RMWs), for barrier ablation; see {@link #orderingSites()}.
   */
  public Search collectOrderingSites() {
    collectOrdering = true;
    return this;
  }

  /** Steps the last {@link #run} took from its expanders' caches rather than ran: for tests. */
  long stepCacheHits() {
    return stepCacheHits;
  }

  /**
   * Splits the levels into windows of {@code states} states instead of {@value #WINDOW}: for tests,
   * whose levels are smaller than one window.
   */
  Search windows(int states) {
    if (states < 1) {
      throw new IllegalArgumentException("a window holds at least one state: " + states);
    }
    window = states;
    return this;
  }

  /**
   * Makes {@link #run} show {@code levels} each BFS level's state ids, in the order it expands
   * them, before expanding it (the array is the search's: not to be changed): for tests of that
   * order.
   */
  Search observeLevels(Consumer<long[]> levels) {
    this.levels = levels;
    return this;
  }

  /** The ordering sites executed by the last {@link #run}, with what orders there. */
  public Map<Site, String> orderingSites() {
    return Collections.unmodifiableMap(orderingSites);
  }

  StateGraph graph() {
    return graph;
  }

  public Result run() {
    startNanos = opts.ticker().read();
    int threads = opts.threads();
    // The other threads' expanders are made by the threads themselves, on their first level (an
    // expander and everything it writes per state then sits in its own thread's allocation buffer,
    // not in cache lines next to another thread's).
    Expander[] expanders = new Expander[threads];
    pending = new PendingWindow[2][threads];
    Expander e0 = newExpander();
    expanders[0] = e0;
    long[] level = {e0.initial()};
    int depth = 0;
    lastProgress.set(startNanos);
    try (Crew crew = threads > 1 ? new Crew(threads, "klpct-explorer") : null) {
      while (level.length > 0 && !stop) {
        if (levels != null) {
          levels.accept(level);
        }
        level = expandLevel(crew, expanders, level, depth);
        depth++;
        for (Expander e : expanders) {
          if (e == null) {
            continue;
          }
          transitions.addAndGet(e.localTransitions);
          terminals.addAndGet(e.localTerminals);
          e.localTransitions = 0;
          e.localTerminals = 0;
        }
        if (level.length > 0) { // a budget matters only if there is more to explore
          checkStateBudget();
          checkLimits(graph.size()); // reports progress too
        } else {
          reportProgress(graph.size());
        }
      }
    }
    for (Expander e : expanders) {
      if (e != null) {
        stepCacheHits += e.stepCacheHits();
      }
    }
    double wall = (opts.ticker().read() - startNanos) / 1e9;
    boolean stoppedForBudget = stop && !stopReason.equals("done");
    return new Result(
        model.propertyIds,
        judge.found(),
        graph.size(),
        transitions.get(),
        terminals.get(),
        depth,
        wall,
        !stoppedForBudget,
        stoppedForBudget ? stopReason : "",
        judge.ranges(),
        graph,
        ImmutableSortedSet.copyOf(unorderedPairs));
  }

  private Expander newExpander() {
    Expander e = new Expander(this, model, judge, opts.reduction(), opts.stepCache());
    e.collectUnorderedPairs(unorderedPairs);
    if (collectOrdering) {
      e.collectOrderingSites(orderingSites);
    }
    return e;
  }

  /**
   * Expands one level, window by window, on every thread of the crew, or on the calling thread
   * alone if there is no crew or the level is small; with the same outcome whatever the threads and
   * their timing: the same parents and next level (the ids differ with several threads: see the
   * class comment). The threads expand each window's states in chunks, keeping each successor
   * pending for the thread owning its segment of the store ({@link PendingWindow}); then each
   * thread inserts its segments' successors chunk by chunk in level order ({@link WindowChunks}).
   * Every segment thus receives its insertions in the single-threaded order, which makes the first
   * parent found the one a single thread finds first.
   *
   * <p>A window's insertions and the next window's expansion share one round of tasks: each thread
   * first inserts its segments' share of the window before, then takes chunks of this one.
   * Expanding reads only states of the level being expanded, stored before it began, so nothing it
   * reads is being inserted; and a thread whose segments took longer to fill takes fewer chunks,
   * where separate rounds had left the other thread idle at the end of every insertion round. The
   * first thread also adds the new states of the window inserted in the round before to the next
   * level, which the coordinator had done alone between rounds.
   *
   * <p>One thread expands in windows too, rather than inserting each state's successors as it finds
   * them: the insertions then come in batches, whose cache misses overlap ({@link InsertionBatch}).
   */
  private long[] expandLevel(@Nullable Crew crew, Expander[] expanders, long[] level, int depth) {
    int threads = crew == null || level.length < ALONE_BELOW ? 1 : crew.threads();
    @Nullable Crew workers = threads == 1 ? null : crew; // null: the calling thread alone
    Expander.LongList next = new Expander.LongList();
    int toInsert = -1; // the parity of the window whose successors wait to be inserted, if any
    int toCollect = -1; // the parity of the window inserted, whose new states wait to join next
    for (int start = 0; start < level.length && !stop; start += window) {
      int end = Math.min(level.length, start + window);
      int first = start;
      int parity = (start / window) & 1;
      int before = toInsert;
      int collect = toCollect; // the window two before this one: of this parity, if any
      int collectTotal = successors(collect); // read before ch.reset: ch is chunks[collect]
      WindowChunks ch = chunks[parity];
      ch.reset((end - start + CHUNK - 1) / CHUNK, threads);
      AtomicInteger cursor = new AtomicInteger(start);
      onEveryThread(
          workers,
          slot -> {
            Expander e = expanders[slot];
            if (e == null) {
              e = newExpander();
              expanders[slot] = e; // read by the coordinator after the round
            }
            insertThenCollect(e, slot, before, next, collect, collectTotal);
            PendingWindow p = pending[parity][slot];
            if (p == null) {
              p = new PendingWindow();
              pending[parity][slot] = p;
            }
            p.clear(threads);
            int i;
            while (!stop && (i = cursor.getAndAdd(CHUNK)) < end) {
              int k = (i - first) / CHUNK;
              ch.begin(k, slot, p);
              int to = Math.min(end, i + CHUNK);
              for (int j = i; j < to; j++) {
                e.expandInto(p, level[j], depth, j);
              }
              ch.end(k, p);
            }
          });
      makeRoomToInsert(parity);
      toCollect = before;
      toInsert = parity;
      checkStateBudget(); // the window's successors wait to be inserted: there is more
    }
    if (toInsert >= 0 && !stop) {
      int last = toInsert;
      int collect = toCollect;
      int collectTotal = successors(collect);
      onEveryThread(
          workers,
          slot ->
              insertThenCollect(
                  requireNonNull(expanders[slot]), slot, last, next, collect, collectTotal));
      collectInserted(next, last, successors(last));
    }
    return next.toArray();
  }

  /**
   * A round's work before its expansion, on slot {@code slot}: inserts the slot's share of the
   * window of parity {@code insert} (if not -1); then, on slot 0, adds the first {@code
   * collectTotal} insertions of the window of parity {@code collect} (if not -1), inserted in the
   * round before, to {@code next}.
   */
  private void insertThenCollect(
      Expander e, int slot, int insert, Expander.LongList next, int collect, int collectTotal) {
    if (insert >= 0) {
      insertPending(e, slot, insert);
    }
    if (slot == 0 && collect >= 0) {
      collectInserted(next, collect, collectTotal);
    }
  }

  /** The successors kept in the window of this parity, or 0 for -1 (no window). */
  private int successors(int parity) {
    return parity >= 0 ? chunks[parity].total() : 0;
  }

  /** Makes room in {@link #inserted} for the pending successors of the window of this parity. */
  private void makeRoomToInsert(int parity) {
    int total = successors(parity);
    if (inserted[parity].length < total) {
      inserted[parity] = new long[Math.max(total, 2 * inserted[parity].length)];
    }
  }

  /**
   * Adds the new states of the window of this parity, once inserted, to the next level in insertion
   * order: the first {@code total} entries of its {@link #inserted} (the window's pending
   * successors may be gone: the window two later is being expanded).
   */
  private void collectInserted(Expander.LongList next, int parity, int total) {
    if (stop) {
      return; // the search ends with this level; its insertions may have stopped half way
    }
    long[] ids = inserted[parity];
    for (int i = 0; i < total; i++) {
      if (ids[i] >= 0) {
        next.add(ids[i]);
      }
    }
  }

  /**
   * Inserts the pending successors that belong to the segments of thread {@code slot}, in the
   * window of this parity, chunk by chunk, noting each outcome in {@link #inserted} at its position
   * in the window's order.
   */
  private void insertPending(Expander e, int slot, int parity) {
    PendingWindow[] byThread = pending[parity];
    WindowChunks ch = chunks[parity];
    long[] outcome = inserted[parity];
    InsertionBatch batch = new InsertionBatch();
    int base = 0; // the window's successors in the chunks before k
    for (int k = 0; k < ch.count() && !stop; k++) { // a budget spent: see collectInserted
      PendingSuccessors p = requireNonNull(byThread[ch.owner(k)]).forSlot(slot);
      for (int i = ch.from(k, slot), to = ch.to(k, slot); i < to; i++) {
        e.countNew(batch.add(p, i, base + p.seq(i), graph.store, outcome));
      }
      base += ch.size(k);
    }
    e.countNew(batch.insert(graph.store, outcome));
    e.flushCounts();
  }

  /**
   * Runs {@code task} for every slot {@code 0..threads-1} on the crew, or for slot 0 on the calling
   * thread if there is none; returns when all are done.
   */
  private static void onEveryThread(@Nullable Crew crew, IntConsumer task) {
    if (crew == null) {
      task.accept(0);
    } else {
      crew.run(task);
    }
  }

  /**
   * An expander found {@code n} more new states: reports progress, and stops the search when its
   * time is up or its stop condition says so. Not its state budget: see {@link #checkStateBudget}.
   */
  void newStates(long n) {
    checkLimits(newStates.addAndGet(n) + 1); // + the initial state
  }

  /**
   * Reports progress if half a second passed since the last report: from the coordinator at the end
   * of a level and from the expanders within one, so that a long level is not silent.
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

  /**
   * Stops the search if the states stored reached the state budget. Called by the coordinator
   * between rounds only: there the states stored are those of the windows inserted so far, the same
   * whatever the threads and their timing, so a search cut by its budget stops after the same
   * windows, with the same states and the same violations found, on any number of threads (the
   * shortest-counterexample search relies on it: whether it reaches a violation before its budget
   * decides which counterexample a check prints). The price: up to one window's successors beyond
   * the budget.
   */
  private void checkStateBudget() {
    if (!stop && graph.size() >= opts.maxStates()) {
      stopReason = "--max-states " + opts.maxStates() + " reached";
      stop = true;
    }
  }

  /**
   * Reports progress, and stops the search if the time limit has passed or the options' stop
   * condition gives a reason; from any thread, at any time (where such a stop falls depends on the
   * threads' timing, as it depends on the clock).
   */
  private void checkLimits(long states) {
    reportProgress(states);
    if (stop) {
      return; // the first reason stays
    }
    if (opts.timeLimit().isPresent()
        && opts.ticker().read() - startNanos > opts.timeLimit().get().toNanos()) {
      stopReason = "--time-limit " + opts.timeLimit().get() + " reached";
      stop = true;
    } else {
      Optional<String> r = opts.stopReason().get();
      if (r.isPresent()) {
        stopReason = r.get();
        stop = true;
      }
    }
  }
}
