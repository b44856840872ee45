package dev.klpct.api.program;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import java.util.function.Predicate;

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

  /**
   * A {@link Kind#MONOTONE} property from functions.
   *
   * @param explain why the property fails in a state where it does
   */
  static Property monotone(
      String id,
      String statement,
      Predicate<StateView> holds,
      Function<StateView, String> explain) {
    return of(id, statement, Kind.MONOTONE, holds, explain);
  }

  /**
   * A {@link Kind#TERMINAL} property from functions.
   *
   * @param explain why the property fails in a state where it does
   */
  static Property terminal(
      String id,
      String statement,
      Predicate<StateView> holds,
      Function<StateView, String> explain) {
    return of(id, statement, Kind.TERMINAL, holds, explain);
  }

  /**
   * A property of {@code kind} from functions.
   *
   * @param explain why the property fails in a state where it does
   */
  static Property of(
      String id,
      String statement,
      Kind kind,
      Predicate<StateView> holds,
      Function<StateView, String> explain) {
    requireNonNull(id);
    requireNonNull(statement);
    requireNonNull(holds);
    requireNonNull(explain);
    return new Property() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String statement() {
        return statement;
      }

      @Override
      public Kind kind() {
        return kind;
      }

      @Override
      public boolean holds(StateView state) {
        return holds.test(state);
      }

      @Override
      public String explain(StateView state) {
        return explain.apply(state);
      }

      @Override
      public String toString() {
        return id;
      }
    };
  }
}
