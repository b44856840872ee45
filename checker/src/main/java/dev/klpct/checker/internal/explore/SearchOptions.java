package dev.klpct.checker.internal.explore;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a {@link Search} runs.
 *
 * @param reduction partial-order reduction on
 * @param stepCache under sequential consistency, steps run before are taken from a {@link
 *     StepCache} rather than run again (off: for cross-checks of the cache)
 * @param maxStates stop once this many distinct states are stored, checked between rounds (up to
 *     one window's successors more; the same states on any number of threads)
 * @param timeLimit stop after this long
 * @param threads exploring threads
 * @param ticker time source
 * @param progress receives progress reports, if present
 * @param stopAfter stop as soon as every property listed has been found violated (the
 *     shortest-counterexample search); empty: explore everything
 * @param stopReason asked often, from any exploring thread, whether to stop: a reason stops the
 *     search, which is then not exhaustive; must be cheap and thread-safe
 */
public record SearchOptions(
    boolean reduction,
    boolean stepCache,
    long maxStates,
    Optional<Duration> timeLimit,
    int threads,
    Ticker ticker,
    Optional<Progress> progress,
    ImmutableList<String> stopAfter,
    Supplier<Optional<String>> stopReason) {

  public SearchOptions {
    requireNonNull(timeLimit);
    requireNonNull(ticker);
    requireNonNull(progress);
    requireNonNull(stopAfter);
    requireNonNull(stopReason);
  }

  /**
   * Receives progress while exploring: about every half second, from the coordinating thread
   * between levels or from an exploring thread within one, so it must be thread-safe.
   */
  @FunctionalInterface
  public interface Progress {
    void progress(long states, long transitions, double elapsedSeconds);
  }
}
