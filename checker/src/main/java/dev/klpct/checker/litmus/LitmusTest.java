package dev.klpct.checker.litmus;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A parsed litmus test in the Linux kernel's C dialect (herd7's {@code C} tests with the primitives
 * of {@code tools/memory-model/linux-kernel.def}), as a syntax tree.
 *
 * <p>Two engines run it: {@link ExactLitmusRunner} enumerates its candidate executions as herd7
 * does and checks them against the Linux-kernel memory model; {@link LitmusRunner} runs the subset
 * the kernel model's primitives cover on the model checker ({@link LitmusMachine}).
 *
 * @param file the file name used in messages
 * @param name the name on the {@code C} line
 * @param expected the {@code Result:} line of the leading comment, if any: the outcome under the
 *     LKMM (or, in klpct's own {@code -sc} tests, under sequential consistency)
 * @param expectedTso the {@code x86-TSO:} line of the leading comment, if any
 * @param locations the shared locations, in order of first mention (initial state, then parameters)
 * @param registerInits initial values of registers ({@code 0:r0=1;} in the initial state)
 * @param processes {@code P0}, {@code P1}, ... in order
 * @param observed the {@code locations [...]} clause: what herd7 prints of each final state besides
 *     what the final clause names
 * @param filter the {@code filter} clause: executions whose final state falsifies it are not
 *     executions of the test
 * @param clause the final clause
 */
public record LitmusTest(
    String file,
    String name,
    Optional<Outcome> expected,
    Optional<Outcome> expectedTso,
    ImmutableList<Location> locations,
    ImmutableList<RegisterInit> registerInits,
    ImmutableList<Process> processes,
    ImmutableList<Observed> observed,
    Optional<Cond> filter,
    FinalClause clause) {

  public LitmusTest {
    requireNonNull(file);
    requireNonNull(name);
    requireNonNull(expected);
    requireNonNull(expectedTso);
    requireNonNull(locations);
    requireNonNull(registerInits);
    requireNonNull(processes);
    requireNonNull(observed);
    requireNonNull(filter);
    requireNonNull(clause);
  }

  /** The location named {@code name}, if the test has one. */
  public Optional<Location> location(String name) {
    return locations.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /** A position in the source, 1-based, for messages about a construct. */
  public record Pos(int line, int column) {
    @Override
    public String toString() {
      return line + ":" + column;
    }
  }

  /**
   * A value of the C dialect: a 32-bit integer (herd7's C integers are {@code int32} and wrap) or
   * the address of a shared location.
   */
  public sealed interface Value {
    /** An integer. */
    record Int(int value) implements Value {
      @Override
      public String toString() {
        return Integer.toString(value);
      }
    }

    /** The address of the shared location {@code location}. */
    record Address(String location) implements Value {
      public Address {
        requireNonNull(location);
      }

      @Override
      public String toString() {
        return location;
      }
    }
  }

  /** The type of a shared location, as far as the model cares. */
  public enum LocationKind {
    /** Memory: {@code int}, {@code atomic_t}, pointers. */
    MEMORY,
    /** A {@code spinlock_t}: accessed by {@code spin_*} only. */
    SPINLOCK,
    /** A {@code struct srcu_struct}: accessed by {@code srcu_*} only. */
    SRCU
  }

  /**
   * A shared location.
   *
   * @param type the C type as written (e.g. {@code int}, {@code int *}, {@code atomic_t}, {@code
   *     spinlock_t}); {@code int} when none is written
   * @param kind memory, spinlock or srcu_struct: from the type, or from how the processes use the
   *     location
   * @param initial the initial value ({@code 0} when none is given)
   */
  public record Location(String name, String type, LocationKind kind, Value initial) {
    public Location {
      requireNonNull(name);
      requireNonNull(type);
      requireNonNull(kind);
      requireNonNull(initial);
    }
  }

  /** {@code proc:reg=value} in the initial state. */
  public record RegisterInit(int proc, String register, Value value) {
    public RegisterInit {
      requireNonNull(register);
      requireNonNull(value);
    }
  }

  /**
   * A parameter {@code type *name} of a process: the address of the shared location of the same
   * name.
   */
  public record Param(String type, String name) {
    public Param {
      requireNonNull(type);
      requireNonNull(name);
    }
  }

  /**
   * One process.
   *
   * @param index n of {@code Pn}
   * @param params its parameters, each the address of the shared location of the same name
   * @param registers the names of its registers, in order of first mention (declared or not: herd7
   *     accepts undeclared registers)
   * @param body its statements
   */
  @SuppressWarnings("JavaLangClash") // herd7's word for P0, P1, ...; never used beside java.lang's
  public record Process(
      int index,
      ImmutableList<Param> params,
      ImmutableList<String> registers,
      ImmutableList<Stmt> body) {
    public Process {
      requireNonNull(params);
      requireNonNull(registers);
      requireNonNull(body);
    }

    public String name() {
      return "P" + index;
    }

    /** Index of a register by name, or -1. */
    public int register(String reg) {
      return registers.indexOf(reg);
    }

    /** Whether {@code name} is one of its parameters. */
    public boolean hasParam(String name) {
      return params.stream().anyMatch(p -> p.name().equals(name));
    }
  }

  /** A statement. Every statement knows where it is and its own text, for messages. */
  public sealed interface Stmt {
    Pos pos();

    /** The statement as written, whitespace collapsed (an {@code if}: its first line). */
    String text();
  }

  /** {@code reg = value;} or {@code int reg = value;}. */
  public record SetReg(String register, Expr value, Pos pos, String text) implements Stmt {
    public SetReg {
      requireNonNull(register);
      requireNonNull(value);
      requireNonNull(pos);
      requireNonNull(text);
    }
  }

  /** {@code *address = value;}: a plain (unmarked) store. */
  public record Store(Expr address, Expr value, Pos pos, String text) implements Stmt {
    public Store {
      requireNonNull(address);
      requireNonNull(value);
      requireNonNull(pos);
      requireNonNull(text);
    }
  }

  /**
   * An expression evaluated for its effects: a primitive that returns nothing ({@code
   * WRITE_ONCE(*x, 1);}, {@code smp_mb();}) or {@code (void)expr;}.
   */
  public record Eval(Expr expr, Pos pos, String text) implements Stmt {
    public Eval {
      requireNonNull(expr);
      requireNonNull(pos);
      requireNonNull(text);
    }
  }

  /** {@code if (cond) then else otherwise}; {@code otherwise} is empty without {@code else}. */
  public record If(
      Expr cond, ImmutableList<Stmt> then, ImmutableList<Stmt> otherwise, Pos pos, String text)
      implements Stmt {
    public If {
      requireNonNull(cond);
      requireNonNull(then);
      requireNonNull(otherwise);
      requireNonNull(pos);
      requireNonNull(text);
    }
  }

  /** An expression. */
  public sealed interface Expr {}

  /** An integer constant. */
  public record Const(int value) implements Expr {}

  /** A register of the enclosing process. */
  public record Reg(String name) implements Expr {
    public Reg {
      requireNonNull(name);
    }
  }

  /** A parameter: the address of the shared location {@code name}. */
  public record LocAddr(String name) implements Expr {
    public LocAddr {
      requireNonNull(name);
    }
  }

  /**
   * A binary operator of herd7's C: {@code * / + - < <= > >= == != & ^ |}. Arithmetic is on 32-bit
   * integers and wraps, as in herd7.
   */
  public record Binary(String op, Expr left, Expr right, Pos pos) implements Expr {
    public Binary {
      requireNonNull(op);
      requireNonNull(left);
      requireNonNull(right);
      requireNonNull(pos);
    }
  }

  /** {@code *address}: a plain (unmarked) load. */
  public record Deref(Expr address, Pos pos) implements Expr {
    public Deref {
      requireNonNull(address);
      requireNonNull(pos);
    }
  }

  /**
   * A call of a kernel primitive. For the primitives that access memory, the location argument is
   * normalised to a pointer: {@code READ_ONCE(*x)} and {@code smp_load_acquire(x)} both have {@code
   * x} as {@code args().get(0)}; the other arguments follow in the order of {@link
   * Primitive#shape()}.
   */
  public record Call(Primitive primitive, ImmutableList<Expr> args, Pos pos) implements Expr {
    public Call {
      requireNonNull(primitive);
      requireNonNull(args);
      requireNonNull(pos);
      checkArgument(
          args.size() == primitive.arity(),
          "%s takes %s arguments",
          primitive.cName(),
          primitive.arity());
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
   * What a final state is observed at: {@code n:r} (process {@code proc}, register {@code name})
   * or, with {@code proc == -1}, the shared location {@code name}.
   */
  public record Observed(int proc, String name) {
    public Observed {
      requireNonNull(name);
    }

    /** As herd7 prints it: {@code 0:r0} or {@code x}. */
    public String location() {
      return proc < 0 ? name : proc + ":" + name;
    }

    // equals and hashCode written out: a record's generated ones bootstrap
    // java.lang.runtime.ObjectMethods on first use (about 20 ms of method-handle spinning), and
    // this is the record a litmus run hashes (the parser's map of observed locations), so `klpct
    // litmus` started 17 ms sooner without it (docs/performance.md, "Start-up, ninth session").
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Observed other && proc == other.proc && name.equals(other.name);
    }

    @Override
    public int hashCode() {
      return 31 * proc + name.hashCode();
    }
  }

  /** {@code n:r=v}, {@code x=v} or {@code [x]=v}. */
  public record Atom(Observed at, Value value) implements Cond {
    public Atom {
      requireNonNull(at);
      requireNonNull(value);
    }
  }
}
