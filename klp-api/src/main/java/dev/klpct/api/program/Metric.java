package dev.klpct.api.program;

/** A quantity the checker reports over terminal states, as its minimum and maximum. */
public interface Metric {
  /** Stable identifier, e.g. {@code disturbances}. */
  String id();

  /** The value in a terminal state. */
  int value(StateView state);
}
