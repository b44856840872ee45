package dev.klpct.report;

import dev.klpct.checker.Verdict;

/**
 * The exit codes of {@code klpct} (design.md §8), which the JSON reports carry as {@code exitCode}.
 */
public final class ExitCode {
  private ExitCode() {}

  /** Every contract checked holds (exhaustively within the bounds). */
  public static final int HOLDS = 0;

  /** Some contract is violated. */
  public static final int VIOLATED = 1;

  /** Usage or input error: bad option, unreadable input, unwritable output. */
  public static final int USAGE = 2;

  /** Nothing violated, but a budget, the time limit or an interrupt cut a search short. */
  public static final int INCONCLUSIVE = 3;

  /** An internal error of klpct (a bug: please report it with the command line). */
  public static final int INTERNAL = 4;

  /** The exit code of an overall verdict. */
  public static int of(Verdict overall) {
    return switch (overall) {
      case HOLDS -> HOLDS;
      case VIOLATED -> VIOLATED;
      case INCONCLUSIVE -> INCONCLUSIVE;
    };
  }
}
