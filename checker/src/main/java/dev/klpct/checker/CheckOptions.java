package dev.klpct.checker;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Site;
import java.time.Duration;
import java.util.Optional;

/**
 * How to explore.
 *
 * @param reduction partial-order reduction on (state caching is always on)
 * @param maxStates stop, INCONCLUSIVE, after this many distinct states
 * @param timeLimit stop, INCONCLUSIVE, after this long: a {@link Checker#check} as a whole, the
 *     search for shortest counterexamples included
 * @param threads exploring threads (1 = deterministic single-threaded BFS)
 * @param shortestBudget states the shortest-counterexample search may visit before falling back to
 *     the counterexample of the reduced search
 * @param testAndClearFailureOrdered whether {@code test_and_clear_bit} is ordered when it fails
 *     (2022+); affects only weak memory models and trace annotations
 * @param memoryModel the memory model explored
 * @param weakened call sites whose ordering is dropped (barrier ablation): a fence there does
 *     nothing, an acquire or release access is relaxed, an ordered RMW is relaxed
 * @param ticker time source (injected for determinism in tests)
 * @param progress receives progress reports, if present
 * @param stop asked while exploring whether to stop early, e.g. on a deadline over several checks
 *     or an interrupt; a stopped search is INCONCLUSIVE, never HOLDS
 */
public record CheckOptions(
    boolean reduction,
    long maxStates,
    Optional<Duration> timeLimit,
    int threads,
    long shortestBudget,
    boolean testAndClearFailureOrdered,
    MemoryModel memoryModel,
    ImmutableSet<Site> weakened,
    Ticker ticker,
    Optional<ProgressListener> progress,
    StopCondition stop) {

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
    requireNonNull(ticker);
    requireNonNull(progress);
    requireNonNull(stop);
    timeLimit.ifPresent(
        d -> checkArgument(!d.isNegative() && !d.isZero(), "time limit must be positive: %s", d));
  }

  /** Defaults: reduction on, 50 million states, no time limit, all processors. */
  public static CheckOptions defaults() {
    return new CheckOptions(
        true,
        50_000_000L,
        Optional.empty(),
        Runtime.getRuntime().availableProcessors(),
        5_000_000L,
        false,
        MemoryModel.SC,
        ImmutableSet.of(),
        Ticker.systemTicker(),
        Optional.empty(),
        StopCondition.NEVER);
  }

  public CheckOptions withReduction(boolean r) {
    return new CheckOptions(
        r,
        maxStates,
        timeLimit,
        threads,
        shortestBudget,
        testAndClearFailureOrdered,
        memoryModel,
        weakened,
        ticker,
        progress,
        stop);
  }

  public CheckOptions withMaxStates(long n) {
    return new CheckOptions(
        reduction,
        n,
        timeLimit,
        threads,
        shortestBudget,
        testAndClearFailureOrdered,
        memoryModel,
        weakened,
        ticker,
        progress,
        stop);
  }

  public CheckOptions withTimeLimit(Optional<Duration> d) {
    return new CheckOptions(
        reduction,
        maxStates,
        d,
        threads,
        shortestBudget,
        testAndClearFailureOrdered,
        memoryModel,
        weakened,
        ticker,
        progress,
        stop);
  }

  public CheckOptions withThreads(int n) {
    return new CheckOptions(
        reduction,
        maxStates,
        timeLimit,
        n,
        shortestBudget,
        testAndClearFailureOrdered,
        memoryModel,
        weakened,
        ticker,
        progress,
        stop);
  }

  public CheckOptions withShortestBudget(long n) {
    return new CheckOptions(
        reduction,
        maxStates,
        timeLimit,
        threads,
        n,
        testAndClearFailureOrdered,
        memoryModel,
        weakened,
        ticker,
        progress,
        stop);
  }

  public CheckOptions withTestAndClearFailureOrdered(boolean b) {
    return new CheckOptions(
        reduction,
        maxStates,
        timeLimit,
        threads,
        shortestBudget,
        b,
        memoryModel,
        weakened,
        ticker,
        progress,
        stop);
  }

  public CheckOptions withMemoryModel(MemoryModel m) {
    return new CheckOptions(
        reduction,
        maxStates,
        timeLimit,
        threads,
        shortestBudget,
        testAndClearFailureOrdered,
        m,
        weakened,
        ticker,
        progress,
        stop);
  }

  public CheckOptions withWeakened(ImmutableSet<Site> sites) {
    return new CheckOptions(
        reduction,
        maxStates,
        timeLimit,
        threads,
        shortestBudget,
        testAndClearFailureOrdered,
        memoryModel,
        sites,
        ticker,
        progress,
        stop);
  }

  public CheckOptions withTicker(Ticker t) {
    return new CheckOptions(
        reduction,
        maxStates,
        timeLimit,
        threads,
        shortestBudget,
        testAndClearFailureOrdered,
        memoryModel,
        weakened,
        t,
        progress,
        stop);
  }

  public CheckOptions withProgress(Optional<ProgressListener> p) {
    return new CheckOptions(
        reduction,
        maxStates,
        timeLimit,
        threads,
        shortestBudget,
        testAndClearFailureOrdered,
        memoryModel,
        weakened,
        ticker,
        p,
        stop);
  }

  public CheckOptions withStop(StopCondition s) {
    return new CheckOptions(
        reduction,
        maxStates,
        timeLimit,
        threads,
        shortestBudget,
        testAndClearFailureOrdered,
        memoryModel,
        weakened,
        ticker,
        progress,
        s);
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
}
