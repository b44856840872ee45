package dev.klpct.checker.internal.explore;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link Search} runs.
 *
 * @param reduction partial-order reduction on
 * @param maxStates stop after this many distinct states
 * @param timeLimit stop after this long
 * @param threads exploring threads
 * @param ticker time source
 * @param progress receives progress reports, if present
 * @param stopAfter stop as soon as every property listed has been found violated (the
 *     shortest-counterexample search); empty: explore everything
 */
public record SearchOptions(
    boolean reduction,
    long maxStates,
    Optional<Duration> timeLimit,
    int threads,
    Ticker ticker,
    Optional<Progress> progress,
    ImmutableList<String> stopAfter) {

  public SearchOptions {
    requireNonNull(timeLimit);
    requireNonNull(ticker);
    requireNonNull(progress);
    requireNonNull(stopAfter);
  }

  /** Receives progress while exploring (called from the coordinating thread). */
  @FunctionalInterface
  public interface Progress {
    void progress(long states, long transitions, double elapsedSeconds);
  }
}
