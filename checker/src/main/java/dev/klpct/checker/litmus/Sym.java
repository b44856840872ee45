package dev.klpct.checker.litmus;

import static java.util.Objects.requireNonNull;

import dev.klpct.checker.litmus.LitmusTest.Pos;

/**
 * A symbolic value of the exact engine: what a register, an address or a value written holds before
 * the candidate execution fixes what each read returned.
 *
 * <p>Concrete values are {@code long}s: a 32-bit integer is itself; the address of location {@code
 * k} is {@link #ADDRESS} {@code + k}; an undetermined value (herd7's {@code S}n, read on a cycle of
 * copies that nothing fixes) is {@link #UNDETERMINED} {@code + n}.
 */
sealed interface Sym {
  long ADDRESS = 1L << 40;
  long UNDETERMINED = 1L << 48;

  /** A concrete value. */
  record K(long value) implements Sym {}

  /** The value returned by event {@code event} of thread {@code thread}. */
  record V(int thread, int event) implements Sym {}

  /** A binary operator of herd7's C on two values. */
  record B(String op, Sym left, Sym right, Pos pos) implements Sym {
    public B {
      requireNonNull(op);
      requireNonNull(left);
      requireNonNull(right);
      requireNonNull(pos);
    }
  }

  Sym ZERO = new K(0);
  Sym ONE = new K(1);

  static boolean isInt(long v) {
    return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
  }

  static boolean isAddress(long v) {
    return v >= ADDRESS && v < UNDETERMINED;
  }

  static boolean isUndetermined(long v) {
    return v >= UNDETERMINED;
  }

  /** {@code op(l, r)}, folded when both are concrete. */
  static Sym binary(String op, Sym l, Sym r, Pos pos) throws EvalException {
    if (l instanceof K a && r instanceof K b) {
      return new K(apply(op, a.value(), b.value(), pos));
    }
    return new B(op, l, r, pos);
  }

  /** Thrown when a C operation has no value in herd7's dialect (a pointer in arithmetic). */
  final class EvalException extends Exception {
    private static final long serialVersionUID = 1L;

    // the position's two ints rather than the Pos record, which is not serializable
    private final int line;
    private final int column;

    EvalException(Pos pos, String message) {
      super(message);
      this.line = pos.line();
      this.column = pos.column();
    }

    Pos pos() {
      return new Pos(line, column);
    }
  }

  /**
   * Applies a binary operator to concrete values; an undetermined operand makes the result
   * undetermined (returned as {@link #UNDETERMINED}).
   */
  @SuppressWarnings("NarrowCalculation") // herd7's integers are 32 bits and wrap
  static long apply(String op, long x, long y, Pos pos) throws EvalException {
    if (isUndetermined(x) || isUndetermined(y)) {
      return UNDETERMINED;
    }
    if (!isInt(x) || !isInt(y)) {
      return switch (op) {
        case "==" -> x == y ? 1 : 0;
        case "!=" -> x != y ? 1 : 0;
        default -> throw new EvalException(pos, "unsupported '" + op + "' on a pointer");
      };
    }
    int a = (int) x;
    int b = (int) y;
    return switch (op) {
      case "+" -> a + b;
      case "-" -> a - b;
      case "*" -> a * b;
      case "/" -> {
        if (b == 0) {
          throw new EvalException(pos, "division by zero");
        }
        yield a / b;
      }
      case "&" -> a & b;
      case "&~" -> a & ~b;
      case "|" -> a | b;
      case "^" -> a ^ b;
      case "==" -> a == b ? 1 : 0;
      case "!=" -> a != b ? 1 : 0;
      case "<" -> a < b ? 1 : 0;
      case "<=" -> a <= b ? 1 : 0;
      case ">" -> a > b ? 1 : 0;
      case ">=" -> a >= b ? 1 : 0;
      default -> throw new IllegalStateException("operator " + op);
    };
  }
}
