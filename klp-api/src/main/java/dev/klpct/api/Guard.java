package dev.klpct.api;

import static java.util.Objects.requireNonNull;

/**
 * A condition on one memory word, used by {@link Kernel#select} and {@link Kernel#await}: {@code
 * ((value & mask) == expected) != negated}, or a constant.
 *
 * <p>Guards let a program wait (a CPU spinning on a flag, {@code klp_synchronize_transition}
 * waiting for a CPU) without busy loops, which keeps the explored state space acyclic.
 */
public record Guard(Loc loc, int mask, int expected, boolean negated, Constant constant) {

  enum Constant {
    NONE,
    TRUE,
    FALSE
  }

  private static final Guard ALWAYS = new Guard(null, 0, 0, false, Constant.TRUE);
  private static final Guard NEVER = new Guard(null, 0, 0, false, Constant.FALSE);

  public Guard {
    requireNonNull(constant);
    if (constant == Constant.NONE) {
      requireNonNull(loc);
    }
  }

  /** A guard that always holds. */
  public static Guard always() {
    return ALWAYS;
  }

  /** A guard that never holds (a disabled alternative). */
  public static Guard never() {
    return NEVER;
  }

  /** {@code always()} if {@code b}, else {@code never()}. */
  public static Guard when(boolean b) {
    return b ? ALWAYS : NEVER;
  }

  /** Holds when {@code (loc & mask) == expected}. */
  public static Guard bits(Loc loc, int mask, int expected) {
    return new Guard(loc, mask, expected, false, Constant.NONE);
  }

  /** Holds when {@code loc == value}. */
  public static Guard equal(Loc loc, int value) {
    return new Guard(loc, -1, value, false, Constant.NONE);
  }

  /** Holds when {@code loc != value}. */
  public static Guard notEqual(Loc loc, int value) {
    return new Guard(loc, -1, value, true, Constant.NONE);
  }

  /** Whether the guard reads memory. */
  public boolean readsMemory() {
    return constant == Constant.NONE;
  }

  /** Evaluates the guard against a value of {@link #loc()} (ignored for constants). */
  public boolean test(int value) {
    return switch (constant) {
      case TRUE -> true;
      case FALSE -> false;
      case NONE -> ((value & mask) == expected) != negated;
    };
  }

  @Override
  public String toString() {
    return switch (constant) {
      case TRUE -> "true";
      case FALSE -> "false";
      case NONE ->
          mask == -1
              ? loc + (negated ? " != " : " == ") + expected
              : "(" + loc + " & " + mask + ")" + (negated ? " != " : " == ") + expected;
    };
  }
}
