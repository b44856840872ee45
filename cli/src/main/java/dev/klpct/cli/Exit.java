package dev.klpct.cli;

/** Exit codes of {@code klpct}, shared by every command. */
final class Exit {
  private Exit() {}

  /** Every contract checked holds (exhaustively within the bounds). */
  static final int HOLDS = 0;

  /** Some contract is violated. */
  static final int VIOLATED = 1;

  /** Usage or input error. */
  static final int USAGE = 2;

  /** Nothing violated, but a budget cut the exploration short. */
  static final int INCONCLUSIVE = 3;

  /** An internal error of klpct (a bug: please report it with the command line). */
  static final int INTERNAL = 4;
}
