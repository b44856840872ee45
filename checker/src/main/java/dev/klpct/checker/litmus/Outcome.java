package dev.klpct.checker.litmus;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How often the body of a final clause holds in the final states, as herd7 reports it in its {@code
 * Observation} line.
 */
public enum Outcome {
  /** In no final state. */
  NEVER,
  /** In some final states but not all. */
  SOMETIMES,
  /** In every final state. */
  ALWAYS;

  /**
   * {@code Never}, {@code Sometimes} or {@code Always}, as herd7 and the kernel's tests spell it.
   */
  public String display() {
    String s = name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Parses {@link #display()} (case-insensitive); null if it is none of the three. */
  public static @Nullable Outcome parse(String s) {
    for (Outcome o : values()) {
      if (o.name().equalsIgnoreCase(s)) {
        return o;
      }
    }
    return null;
  }
}
