package dev.klpct.checker.litmus;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Optional;

/**
 * A parsed litmus test.
 *
 * @param file the file name used in messages
 * @param name the name on the {@code C} line
 * @param expected the {@code Result:} line of the leading comment, if any: the outcome under the
 *     LKMM (or, in klpct's own {@code -sc} tests, under sequential consistency)
 * @param expectedTso the {@code x86-TSO:} line of the leading comment, if any
 * @param shared the shared variables with their initial values, in order of first mention
 * @param processes {@code P0}, {@code P1}, ... in order
 * @param clause the final clause
 */
public record LitmusTest(
    String file,
    String name,
    Optional<Outcome> expected,
    Optional<Outcome> expectedTso,
    ImmutableMap<String, Integer> shared,
    ImmutableList<Process> processes,
    FinalClause clause) {

  public LitmusTest {
    requireNonNull(file);
    requireNonNull(name);
    requireNonNull(expected);
    requireNonNull(expectedTso);
    requireNonNull(shared);
    requireNonNull(processes);
    requireNonNull(clause);
  }

  /**
   * One process.
   *
   * @param index n of {@code Pn}
   * @param registers the names of its registers; register i lives in CPU register i + 1
   * @param code the flattened statements (forward jumps only)
   */
  @SuppressWarnings("JavaLangClash") // herd7's word for P0, P1, ...; never used beside java.lang's
  public record Process(int index, ImmutableList<String> registers, ImmutableList<Instr> code) {
    public String name() {
      return "P" + index;
    }

    /** Index of a register by name, or -1. */
    public int register(String reg) {
      return registers.indexOf(reg);
    }
  }

  /** A flattened statement. */
  public sealed interface Instr {}

  /** {@code reg = expr} (reg is a litmus register index). */
  public record Assign(int reg, Expr value) implements Instr {}

  /** Continue at {@code target} when {@code cond} is 0. */
  public record JumpIfZero(Expr cond, int target) implements Instr {}

  /** Continue at {@code target}. */
  public record Jump(int target) implements Instr {}

  /** The kernel primitives a statement may call. */
  public enum Op {
    READ_ONCE(true),
    WRITE_ONCE(false),
    LOAD_ACQUIRE(true),
    STORE_RELEASE(false),
    SMP_MB(false),
    SMP_RMB(false),
    SMP_WMB(false),
    MB_BEFORE_ATOMIC(false),
    MB_AFTER_ATOMIC(false),
    ATOMIC_READ(true),
    ATOMIC_SET(false),
    SPIN_LOCK(false),
    SPIN_UNLOCK(false),
    /** Any other RMW: the {@link Prim#rmw()} says which and how ordered. */
    RMW(true);

    private final boolean returns;

    Op(boolean returns) {
      this.returns = returns;
    }

    /** Whether the primitive returns a value. */
    public boolean returns() {
      return returns;
    }
  }

  /**
   * A primitive call.
   *
   * @param op the primitive
   * @param var the shared variable, or "" for fences
   * @param a the first value operand (the value written, or an RMW's operand), or null
   * @param b the expected value of a cmpxchg, or null
   * @param dest the litmus register receiving the result, or -1
   * @param text the statement as written, for traces
   * @param rmw which RMW an {@link Op#RMW} is, or null
   */
  public record Prim(
      Op op,
      String var,
      @org.jspecify.annotations.Nullable Expr a,
      @org.jspecify.annotations.Nullable Expr b,
      int dest,
      String text,
      @org.jspecify.annotations.Nullable Rmw rmw)
      implements Instr {
    public Prim(
        Op op,
        String var,
        @org.jspecify.annotations.Nullable Expr a,
        @org.jspecify.annotations.Nullable Expr b,
        int dest,
        String text) {
      this(op, var, a, b, dest, text, null);
    }
  }

  /**
   * An RMW of the {@link Op#RMW} kind: {@code a} is the operand, {@code b} the expected value of a
   * cmpxchg.
   *
   * @param op the operation
   * @param ordering its ordering variant
   * @param returnsNew whether the statement's value is the new value ({@code *_return}) rather than
   *     the old one
   */
  public record Rmw(dev.klpct.api.RmwOp op, dev.klpct.api.Ordering ordering, boolean returnsNew) {}

  /** An expression over registers and constants, with C semantics on int. */
  public sealed interface Expr {
    /** Evaluates with litmus register i at {@code regs[i + offset]}. */
    int eval(int[] regs, int offset);
  }

  /** An integer constant. */
  public record Const(int value) implements Expr {
    @Override
    public int eval(int[] regs, int offset) {
      return value;
    }
  }

  /** A register of the enclosing process. */
  public record Reg(int index, String name) implements Expr {
    @Override
    public int eval(int[] regs, int offset) {
      return regs[index + offset];
    }
  }

  /** {@code !e}, {@code -e} or {@code ~e}. */
  public record Unary(char op, Expr e) implements Expr {
    @Override
    public int eval(int[] regs, int offset) {
      int v = e.eval(regs, offset);
      return switch (op) {
        case '!' -> v == 0 ? 1 : 0;
        case '-' -> -v;
        case '~' -> ~v;
        default -> throw new IllegalStateException("unary " + op);
      };
    }
  }

  /** A binary operator of C (no division: it could trap). */
  public record Binary(String op, Expr l, Expr r) implements Expr {
    @Override
    public int eval(int[] regs, int offset) {
      int x = l.eval(regs, offset);
      if (op.equals("&&")) {
        return x != 0 && r.eval(regs, offset) != 0 ? 1 : 0;
      }
      if (op.equals("||")) {
        return x != 0 || r.eval(regs, offset) != 0 ? 1 : 0;
      }
      int y = r.eval(regs, offset);
      return switch (op) {
        case "+" -> x + y;
        case "-" -> x - y;
        case "*" -> x * y;
        case "&" -> x & y;
        case "|" -> x | y;
        case "^" -> x ^ y;
        case "==" -> x == y ? 1 : 0;
        case "!=" -> x != y ? 1 : 0;
        case "<" -> x < y ? 1 : 0;
        case "<=" -> x <= y ? 1 : 0;
        case ">" -> x > y ? 1 : 0;
        case ">=" -> x >= y ? 1 : 0;
        default -> throw new IllegalStateException("binary " + op);
      };
    }
  }

  /** The quantifier of the final clause. */
  public enum Quantifier {
    EXISTS("exists"),
    NOT_EXISTS("~exists"),
    FORALL("forall");

    private final String text;

    Quantifier(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /**
   * The final clause.
   *
   * @param quantifier exists, ~exists or forall
   * @param body the proposition
   * @param text the clause as written, whitespace collapsed
   */
  public record FinalClause(Quantifier quantifier, Cond body, String text) {
    /**
     * Whether the test's condition is validated, as herd7 decides, given the outcome of the body.
     */
    public boolean validated(Outcome bodyOutcome) {
      return switch (quantifier) {
        case EXISTS -> bodyOutcome != Outcome.NEVER;
        case NOT_EXISTS -> bodyOutcome == Outcome.NEVER;
        case FORALL -> bodyOutcome == Outcome.ALWAYS;
      };
    }
  }

  /** A proposition on a final state. */
  public sealed interface Cond {}

  /** {@code a /\ b}. */
  public record And(Cond l, Cond r) implements Cond {}

  /** {@code a \/ b}. */
  public record Or(Cond l, Cond r) implements Cond {}

  /** {@code ~a}. */
  public record Not(Cond c) implements Cond {}

  /** {@code true} or {@code false}. */
  public record Bool(boolean value) implements Cond {}

  /**
   * {@code n:r=v} (process {@code proc}, register index {@code reg}) or, with {@code proc == -1},
   * {@code x=v} (shared variable {@code name}).
   */
  public record Atom(int proc, int reg, String name, int value) implements Cond {
    /** The observed location, as herd7 prints it: {@code 0:r0} or {@code x}. */
    public String location() {
      return proc < 0 ? name : proc + ":" + name;
    }
  }
}
