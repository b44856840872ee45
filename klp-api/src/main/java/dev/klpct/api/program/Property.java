package dev.klpct.api.program;

/**
 * A contract the model checker judges on every reachable state.
 *
 * <p>A property is either {@link Kind#MONOTONE}: judged on every state, and once violated it must
 * stay violated in every successor (typically a sticky ghost flag set by the model); or {@link
 * Kind#TERMINAL}: judged only on states where no CPU can move. Monotone properties are what make
 * partial-order reduction sound for them: reduction preserves every terminal state, and a monotone
 * violation persists until one. The checker verifies monotonicity as it goes and reports a model
 * error if a property breaks it.
 */
public interface Property {

  /** When a property is judged. */
  enum Kind {
    MONOTONE,
    TERMINAL
  }

  /** Stable identifier, e.g. {@code consistency}. */
  String id();

  /** One-line statement. */
  String statement();

  Kind kind();

  /** Whether the property holds in {@code state}. */
  boolean holds(StateView state);

  /** Why the property fails in {@code state} (called only when it does). */
  String explain(StateView state);
}
