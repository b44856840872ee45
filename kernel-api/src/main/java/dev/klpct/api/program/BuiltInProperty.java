package dev.klpct.api.program;

import java.util.Optional;

/**
 * The properties every backend judges besides a {@link Machine}'s own: they are about the machine
 * as a program, not about what it models. Their ids follow the machine's property ids in every
 * report, so a machine must not reuse them.
 */
public enum BuiltInProperty {
  /** No CPU that is not {@linkplain CpuProgram#quiescent quiescent} is blocked forever. */
  DEADLOCK_FREE("deadlock-free", "No reachable state leaves a CPU blocked forever."),

  /**
   * The model and strategy code behave as the backends require: deterministic (the model checker
   * re-runs routines), within the layout's access masks and the routine size, throwing nothing.
   */
  MODEL_SOUND(
      "model-sound",
      "Model and strategy code are deterministic, stay within their declared memory and throw no"
          + " exception.");

  private final String id;
  private final String statement;

  BuiltInProperty(String id, String statement) {
    this.id = id;
    this.statement = statement;
  }

  /** The stable id reports and trace files use, e.g. {@code deadlock-free}. */
  public String id() {
    return id;
  }

  /** One-line statement, as the model checker judges it (on every reachable state). */
  public String statement() {
    return statement;
  }

  /** The built-in property with id {@code id}, if any. */
  public static Optional<BuiltInProperty> byId(String id) {
    for (BuiltInProperty p : values()) {
      if (p.id.equals(id)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return id;
  }
}
