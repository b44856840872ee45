package dev.klpct.checker.internal.explore;

/** A defect of the model or of strategy code found while exploring (not a contract verdict). */
final class ModelError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ModelError(String message) {
    super(message);
  }
}
