package dev.klpct.cli;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import dev.klpct.strategies.StrategyRegistry;
import java.io.PrintWriter;

/**
 * What one run of {@code klpct} works with: the strategies it knows, the writers every message goes
 * through (reports to {@code out}; errors, notices and progress to {@code err}), whether {@code
 * err} is a terminal (progress is then redrawn in place, else printed as a line every few seconds),
 * the interrupt that stops its searches, and the clock progress and time limits read.
 *
 * @param registry the strategies every command finds by name
 * @param out standard output
 * @param err standard error
 * @param terminal whether {@code err} is an interactive terminal
 * @param interrupt stops the command's searches when triggered
 * @param ticker the clock of progress, time limits and stress runs
 * @param startNanos when the command started, on {@code ticker}: {@code --time-limit} counts from
 *     here
 */
record Session(
    StrategyRegistry registry,
    PrintWriter out,
    PrintWriter err,
    boolean terminal,
    Interrupt interrupt,
    Ticker ticker,
    long startNanos) {
  Session {
    requireNonNull(registry);
    requireNonNull(out);
    requireNonNull(err);
    requireNonNull(interrupt);
    requireNonNull(ticker);
  }

  /** A session for an embedding tool or a test: not a terminal, never interrupted from outside. */
  static Session of(StrategyRegistry registry, PrintWriter out, PrintWriter err) {
    Ticker t = Ticker.systemTicker();
    return new Session(registry, out, err, false, new Interrupt(), t, t.read());
  }
}
