package dev.klpct.api;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A condition on one memory word, used by {@link Kernel#select} and {@link Kernel#await}: a
 * constant ({@link Always}, {@link Never}) or a test of some bits of a location ({@link Bits}).
 *
 * <p>Guards let a program wait (a CPU spinning on a flag, {@code klp_synchronize_transition}
 * waiting for a CPU) without busy loops, which keeps the explored state space acyclic.
 */
public sealed interface Guard permits Guard.Always, Guard.Never, Guard.Bits {

  /** A guard that always holds. */
  static Guard always() {
    return Always.INSTANCE;
  }

  /** A guard that never holds (a disabled alternative). */
  static Guard never() {
    return Never.INSTANCE;
  }

  /** {@code always()} if {@code b}, else {@code never()}. */
  static Guard when(boolean b) {
    return b ? always() : never();
  }

  /** Holds when {@code (loc & mask) == expected}. */
  static Guard bits(Loc loc, int mask, int expected) {
    return new Bits(loc, mask, expected, false);
  }

  /** Holds when {@code loc == value}. */
  static Guard equal(Loc loc, int value) {
    return new Bits(loc, -1, value, false);
  }

  /** Holds when {@code loc != value}. */
  static Guard notEqual(Loc loc, int value) {
    return new Bits(loc, -1, value, true);
  }

  /** The location the guard reads, or null for a constant guard. */
  default @Nullable Loc loc() {
    return null;
  }

  /** Whether the guard reads memory. */
  default boolean readsMemory() {
    return loc() != null;
  }

  /** Evaluates the guard against a value of {@link #loc()} (ignored for constants). */
  boolean test(int value);

  /** The guard that always holds. */
  record Always() implements Guard {
    private static final Always INSTANCE = new Always();

    @Override
    public boolean test(int value) {
      return true;
    }

    @Override
    public String toString() {
      return "true";
    }
  }

  /** The guard that never holds. */
  record Never() implements Guard {
    private static final Never INSTANCE = new Never();

    @Override
    public boolean test(int value) {
      return false;
    }

    @Override
    public String toString() {
      return "false";
    }
  }

  /**
   * Holds when {@code ((value & mask) == expected) != negated} for the value of {@code loc}.
   *
   * @param loc the location read
   * @param mask the bits compared ({@code -1}: the whole word)
   * @param expected the value the masked bits are compared with
   * @param negated whether the guard holds when they differ
   */
  record Bits(Loc loc, int mask, int expected, boolean negated) implements Guard {
    public Bits {
      requireNonNull(loc);
    }

    @Override
    public boolean test(int value) {
      return ((value & mask) == expected) != negated;
    }

    @Override
    public String toString() {
      String op = negated ? " != " : " == ";
      return mask == -1 ? loc + op + expected : "(" + loc + " & " + mask + ")" + op + expected;
    }
  }
}
