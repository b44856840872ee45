package dev.klpct.checker;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Site;
import java.time.Duration;
import java.util.Optional;

/**
 * How to explore. The kernel being modelled is not an option: the {@link
 * dev.klpct.api.program.Machine} says which it is ({@link
 * dev.klpct.api.program.Machine#kernelVariant()}).
 *
 * @param reduction partial-order reduction on (state caching is always on)
 * @param stepCache under sequential consistency, a step run before from the same frame, at a state
 *     holding the same values where it read, is taken from a cache rather than run again: the same
 *     states, transitions and verdicts, faster (off: every step runs its routine; for cross-checks)
 * @param maxStates stop, INCONCLUSIVE, once this many distinct states are stored: checked after
 *     each window of a level (up to 8,192 states), so up to one window's successors more, the same
 *     on any number of threads
 * @param timeLimit stop, INCONCLUSIVE, after this long: a {@link Checker#check} as a whole, the
 *     search for shortest counterexamples included
 * @param threads exploring threads (1 = deterministic single-threaded BFS)
 * @param shortestBudget states the shortest-counterexample search may visit before falling back to
 *     the counterexample of the reduced search
 * @param memoryModel the memory model explored
 * @param weakened call sites whose ordering is dropped (barrier ablation): a fence there does
 *     nothing, an acquire or release access is relaxed, an ordered RMW is relaxed
 * @param edits repair edits applied in the model ({@link Edit}): fences inserted after primitives,
 *     primitives given an ordering
 * @param ticker time source (injected for determinism in tests)
 * @param progress receives progress reports, if present
 * @param stop asked while exploring whether to stop early, e.g. on a deadline over several checks
 *     or an interrupt; a stopped search is INCONCLUSIVE, never HOLDS
 */
public record CheckOptions(
    boolean reduction,
    boolean stepCache,
    long maxStates,
    Optional<Duration> timeLimit,
    int threads,
    long shortestBudget,
    MemoryModel memoryModel,
    ImmutableSet<Site> weakened,
    ImmutableSet<Edit> edits,
    Ticker ticker,
    Optional<ProgressListener> progress,
    StopCondition stop) {

  /** The default state budget. */
  public static final long DEFAULT_MAX_STATES = 50_000_000L;

  /** The default budget of the shortest-counterexample search. */
  public static final long DEFAULT_SHORTEST_BUDGET = 5_000_000L;

  /** The most exploring threads. */
  public static final int MAX_THREADS = 256;

  public CheckOptions {
    checkArgument(maxStates > 0, "maxStates must be positive: %s", maxStates);
    checkArgument(
        threads >= 1 && threads <= MAX_THREADS,
        "threads must be in 1..%s: %s",
        MAX_THREADS,
        threads);
    checkArgument(shortestBudget > 0, "shortestBudget must be positive");
    requireNonNull(timeLimit);
    requireNonNull(memoryModel);
    requireNonNull(weakened);
    requireNonNull(edits);
    requireNonNull(ticker);
    requireNonNull(progress);
    requireNonNull(stop);
    timeLimit.ifPresent(
        d -> checkArgument(!d.isNegative() && !d.isZero(), "time limit must be positive: %s", d));
  }

  /**
   * Defaults: reduction and the step cache on, 50 million states, no time limit, all processors,
   * SC.
   */
  public static CheckOptions defaults() {
    return builder().build();
  }

  /** A builder holding the {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return new Builder()
        .reduction(reduction)
        .stepCache(stepCache)
        .maxStates(maxStates)
        .timeLimit(timeLimit)
        .threads(threads)
        .shortestBudget(shortestBudget)
        .memoryModel(memoryModel)
        .weakened(weakened)
        .edits(edits)
        .ticker(ticker)
        .progress(progress)
        .stop(stop);
  }

  public CheckOptions withReduction(boolean r) {
    return toBuilder().reduction(r).build();
  }

  public CheckOptions withStepCache(boolean c) {
    return toBuilder().stepCache(c).build();
  }

  public CheckOptions withMaxStates(long n) {
    return toBuilder().maxStates(n).build();
  }

  public CheckOptions withTimeLimit(Optional<Duration> d) {
    return toBuilder().timeLimit(d).build();
  }

  public CheckOptions withThreads(int n) {
    return toBuilder().threads(n).build();
  }

  public CheckOptions withShortestBudget(long n) {
    return toBuilder().shortestBudget(n).build();
  }

  public CheckOptions withMemoryModel(MemoryModel m) {
    return toBuilder().memoryModel(m).build();
  }

  public CheckOptions withWeakened(ImmutableSet<Site> sites) {
    return toBuilder().weakened(sites).build();
  }

  public CheckOptions withEdits(ImmutableSet<Edit> e) {
    return toBuilder().edits(e).build();
  }

  public CheckOptions withTicker(Ticker t) {
    return toBuilder().ticker(t).build();
  }

  public CheckOptions withProgress(Optional<ProgressListener> p) {
    return toBuilder().progress(p).build();
  }

  public CheckOptions withStop(StopCondition s) {
    return toBuilder().stop(s).build();
  }

  /**
   * Asked while exploring, often (about every hundred new states per thread) and from any exploring
   * thread, whether to stop: a reason stops the search, which is then INCONCLUSIVE with that reason
   * as its stop reason. Unlike {@link #timeLimit()}, which each search measures from its own start,
   * one condition can span several searches (a command's deadline, an interrupt). Must be cheap and
   * thread-safe.
   */
  @FunctionalInterface
  public interface StopCondition {
    /** Never stops. */
    StopCondition NEVER = Optional::empty;

    /** Why to stop now, e.g. {@code "--time-limit 30s reached"}; empty to go on. */
    Optional<String> reason();
  }

  /**
   * Receives progress while exploring: about every half second, from the coordinating thread
   * between levels or from an exploring thread within one, so it must be thread-safe.
   */
  @FunctionalInterface
  public interface ProgressListener {
    void progress(long states, long transitions, double elapsedSeconds);
  }

  /** Builds {@link CheckOptions}; starts from the {@link #defaults()}. Not thread-safe. */
  public static final class Builder {
    private boolean reduction = true;
    private boolean stepCache = true;
    private long maxStates = DEFAULT_MAX_STATES;
    private Optional<Duration> timeLimit = Optional.empty();
    private int threads = Runtime.getRuntime().availableProcessors();
    private long shortestBudget = DEFAULT_SHORTEST_BUDGET;
    private MemoryModel memoryModel = MemoryModel.SC;
    private ImmutableSet<Site> weakened = ImmutableSet.of();
    private ImmutableSet<Edit> edits = ImmutableSet.of();
    private Ticker ticker = Ticker.systemTicker();
    private Optional<ProgressListener> progress = Optional.empty();
    private StopCondition stop = StopCondition.NEVER;

    private Builder() {}

    public Builder reduction(boolean r) {
      this.reduction = r;
      return this;
    }

    public Builder stepCache(boolean c) {
      this.stepCache = c;
      return this;
    }

    public Builder maxStates(long n) {
      this.maxStates = n;
      return this;
    }

    public Builder timeLimit(Optional<Duration> d) {
      this.timeLimit = d;
      return this;
    }

    public Builder threads(int n) {
      this.threads = n;
      return this;
    }

    public Builder shortestBudget(long n) {
      this.shortestBudget = n;
      return this;
    }

    public Builder memoryModel(MemoryModel m) {
      this.memoryModel = m;
      return this;
    }

    public Builder weakened(ImmutableSet<Site> sites) {
      this.weakened = sites;
      return this;
    }

    public Builder edits(ImmutableSet<Edit> e) {
      this.edits = e;
      return this;
    }

    public Builder ticker(Ticker t) {
      this.ticker = t;
      return this;
    }

    public Builder progress(Optional<ProgressListener> p) {
      this.progress = p;
      return this;
    }

    public Builder stop(StopCondition s) {
      this.stop = s;
      return this;
    }

    /** The options; throws {@link IllegalArgumentException} on a value out of range. */
    public CheckOptions build() {
      return new CheckOptions(
          reduction,
          stepCache,
          maxStates,
          timeLimit,
          threads,
          shortestBudget,
          memoryModel,
          weakened,
          edits,
          ticker,
          progress,
          stop);
    }
  }
}
