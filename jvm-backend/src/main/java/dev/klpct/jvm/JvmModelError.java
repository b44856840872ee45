package dev.klpct.jvm;

/**
 * A defect of the model or of strategy code found while running it on real threads (an access
 * outside the layout's masks, an over-long routine): reported as {@code model-sound}, never as a
 * contract verdict.
 */
final class JvmModelError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  JvmModelError(String message) {
    super(message);
  }
}
