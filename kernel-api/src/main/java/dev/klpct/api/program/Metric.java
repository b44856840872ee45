package dev.klpct.api.program;

import static java.util.Objects.requireNonNull;

import java.util.function.ToIntFunction;

/** A quantity the checker reports over terminal states, as its minimum and maximum. */
public interface Metric {
  /** Stable identifier, e.g. {@code disturbances}. */
  String id();

  /** The value in a terminal state. */
  int value(StateView state);

  /** The metric {@code id} whose value in a state is {@code value}'s. */
  static Metric of(String id, ToIntFunction<StateView> value) {
    requireNonNull(id);
    requireNonNull(value);
    return new Metric() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public int value(StateView state) {
        return value.applyAsInt(state);
      }

      @Override
      public String toString() {
        return id;
      }
    };
  }
}
