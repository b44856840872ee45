package dev.klpct.checker.internal.explore;

import static java.util.Objects.requireNonNull;

import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import org.jspecify.annotations.Nullable;

/**
 * The kernel primitives the model backend executes, one row each: how the {@link ReplayingKernel}
 * runs it ({@link Shape}), what it does to memory ({@link #rmwOp}, {@link #ordering}), what it
 * returns ({@link Result}) and how a trace prints it ({@link Format}). Besides the {@code Kernel}
 * methods the table has the parts of a primitive that a memory model may make a step of its own
 * ({@link #MB_AFTER_RMW}, {@link #TAC_EARLY_READ}).
 *
 * <p>Adding a primitive: a row here, a one-line method in {@link ReplayingKernel} that passes the
 * row and its operands to the row's shape, and the method of the JVM backend. A row whose memory
 * effect or trace line is new adds a {@link RmwOp} or a {@link Format} constant.
 */
enum Primitive {
  READ_ONCE("READ_ONCE", Shape.LOAD, null, Ordering.RELAXED, Result.VALUE, Format.LOAD),
  WRITE_ONCE("WRITE_ONCE", Shape.STORE, null, Ordering.RELAXED, Result.NONE, Format.STORE),
  SMP_LOAD_ACQUIRE(
      "smp_load_acquire", Shape.LOAD, null, Ordering.ACQUIRE, Result.VALUE, Format.LOAD, true),
  SMP_STORE_RELEASE(
      "smp_store_release", Shape.STORE, null, Ordering.RELEASE, Result.NONE, Format.STORE, true),
  TEST_BIT("test_bit", Shape.LOAD, null, Ordering.RELAXED, Result.BIT, Format.BIT),
  SET_BIT("set_bit", Shape.RMW, RmwOp.OR, Ordering.RELAXED, Result.NONE, Format.BIT_UPDATE),
  CLEAR_BIT("clear_bit", Shape.RMW, RmwOp.ANDNOT, Ordering.RELAXED, Result.NONE, Format.BIT_UPDATE),
  TEST_AND_SET_BIT("test_and_set_bit", Shape.RMW, RmwOp.OR, Ordering.FULL, Result.BIT, Format.BIT),
  TEST_AND_CLEAR_BIT(
      "test_and_clear_bit", Shape.RMW, RmwOp.ANDNOT, Ordering.FULL, Result.BIT, Format.BIT),
  ATOMIC_READ("atomic_read", Shape.LOAD, null, Ordering.RELAXED, Result.VALUE, Format.LOAD_HEX),
  ATOMIC_SET("atomic_set", Shape.STORE, null, Ordering.RELAXED, Result.NONE, Format.STORE_HEX),
  ATOMIC_OR("atomic_or", Shape.RMW, RmwOp.OR, Ordering.RELAXED, Result.NONE, Format.UPDATE),
  ATOMIC_ANDNOT(
      "atomic_andnot", Shape.RMW, RmwOp.ANDNOT, Ordering.RELAXED, Result.NONE, Format.UPDATE),
  ATOMIC_ADD_RETURN(
      "atomic_add_return", Shape.RMW, RmwOp.ADD, Ordering.FULL, Result.NEW, Format.RETURN),
  ATOMIC_FETCH_OR("atomic_fetch_or", Shape.RMW, RmwOp.OR, Ordering.FULL, Result.OLD, Format.FETCH),
  ATOMIC_FETCH_ANDNOT(
      "atomic_fetch_andnot", Shape.RMW, RmwOp.ANDNOT, Ordering.FULL, Result.OLD, Format.FETCH),
  ATOMIC_CMPXCHG(
      "atomic_cmpxchg", Shape.RMW, RmwOp.CMPXCHG, Ordering.FULL, Result.OLD, Format.CMPXCHG),
  /** {@code atomic_rmw}: the operation and ordering come with the call. */
  ATOMIC_RMW("atomic_rmw", Shape.RMW, null, Ordering.FULL, Result.OLD, Format.RMW, true),
  /** {@code atomic_op}: {@code atomic_add()}, {@code atomic_inc()}, ...: relaxed, no result. */
  ATOMIC_OP("atomic_op", Shape.RMW, null, Ordering.RELAXED, Result.NONE, Format.OP, true),
  /** An acquire {@code xchg} that must find 0 ({@link #mustFind}). */
  SPIN_LOCK("spin_lock", Shape.RMW, RmwOp.XCHG, Ordering.ACQUIRE, Result.NONE, Format.LOCK, true),
  SPIN_UNLOCK("spin_unlock", Shape.STORE, null, Ordering.RELEASE, Result.NONE, Format.LOCK, true),
  AWAIT("await", Shape.AWAIT, null, Ordering.RELAXED, Result.NONE, Format.NONE),
  SELECT("select", Shape.SELECT, null, Ordering.RELAXED, Result.VALUE, Format.NONE),
  SMP_MB("smp_mb", Shape.FENCE, null, Ordering.FULL, Result.NONE, Format.FENCE, true),
  SMP_RMB("smp_rmb", Shape.FENCE, null, Ordering.RELAXED, Result.NONE, Format.FENCE, true),
  SMP_WMB("smp_wmb", Shape.FENCE, null, Ordering.RELAXED, Result.NONE, Format.FENCE, true),
  SMP_MB_BEFORE_ATOMIC(
      "smp_mb__before_atomic", Shape.FENCE, null, Ordering.FULL, Result.NONE, Format.FENCE, true),
  SMP_MB_AFTER_ATOMIC(
      "smp_mb__after_atomic", Shape.FENCE, null, Ordering.FULL, Result.NONE, Format.FENCE, true),
  /** The full fence after a fully ordered RMW that wrote, where the memory model splits it off. */
  MB_AFTER_RMW("smp_mb", Shape.FENCE, null, Ordering.FULL, Result.NONE, Format.AFTER_RMW),
  /** 2021 {@code test_and_clear_bit()}: "if (!(READ_ONCE(*p) & mask)) return 0;" before the RMW. */
  TAC_EARLY_READ(
      "test_and_clear_bit", Shape.LOAD, null, Ordering.RELAXED, Result.BIT, Format.EARLY_READ),
  WAIT_FOR_PROPAGATION(
      "wait_for_propagation", Shape.MODEL_TIME, null, Ordering.FULL, Result.NONE, Format.NONE),
  RCU_REPORT_QS("rcu_report_qs", Shape.MODEL_TIME, null, Ordering.FULL, Result.NONE, Format.NONE);

  /** How the replaying kernel runs a primitive. */
  enum Shape {
    /** One step: a load of one location. */
    LOAD,
    /** One step: a store to one location. */
    STORE,
    /** One step: a read-modify-write; then {@link #MB_AFTER_RMW} if fully ordered and it wrote. */
    RMW,
    /** Part of the step it follows, or a step of its own: the memory model decides. */
    FENCE,
    /** One step that blocks while its guard is false. */
    AWAIT,
    /** One step per enabled alternative. */
    SELECT,
    /** Not a kernel function: a step where memory models let time pass, nothing under SC. */
    MODEL_TIME
  }

  /** What a primitive returns, given the value it found. */
  enum Result {
    NONE,
    /** The value found. */
    VALUE,
    /** The value found, for an RMW. */
    OLD,
    /** The value written. */
    NEW,
    /** 1 if the bit (the operand) was set in the value found, else 0. */
    BIT;

    /**
     * @param operand the primitive's operand (the bit, for {@link #BIT})
     * @param written the value an RMW wrote (for {@link #NEW})
     */
    int of(int found, int operand, int written) {
      return switch (this) {
        case NONE -> 0;
        case VALUE, OLD -> found;
        case NEW -> written;
        case BIT -> (found & operand) != 0 ? 1 : 0;
      };
    }
  }

  /** The trace line of an executed primitive, without the memory model's note. */
  enum Format {
    /** {@code READ_ONCE(x) = 1} */
    LOAD {
      @Override
      String line(Call c) {
        return c.name() + "(" + c.loc + ") = " + c.found + c.ablation;
      }
    },
    /** {@code atomic_read(x) = 0x10} */
    LOAD_HEX {
      @Override
      String line(Call c) {
        return c.name() + "(" + c.loc + ") = " + hex(c.found) + c.ablation;
      }
    },
    /** {@code WRITE_ONCE(x, 1)} */
    STORE {
      @Override
      String line(Call c) {
        return c.name() + "(" + c.loc + ", " + c.operand + ")" + c.ablation;
      }
    },
    /** {@code atomic_set(x, 0x10)} */
    STORE_HEX {
      @Override
      String line(Call c) {
        return c.name() + "(" + c.loc + ", " + hex(c.operand) + ")" + c.ablation;
      }
    },
    /** {@code test_bit(3, flags) = 1}; test_and_clear_bit says when it returned unordered. */
    BIT {
      @Override
      String line(Call c) {
        int bit = (c.found & c.operand) != 0 ? 1 : 0;
        return c.name() + "(" + c.bitNumber() + ", " + c.loc + ") = " + bit + c.unordered;
      }
    },
    /** {@code set_bit(3, flags): 0 -> 8} */
    BIT_UPDATE {
      @Override
      String line(Call c) {
        int neu = c.rmw().apply(c.found, c.operand);
        return c.name() + "(" + c.bitNumber() + ", " + c.loc + "): " + c.found + " -> " + neu;
      }
    },
    /** {@code atomic_or(0x10, v): 0x1 -> 0x11} */
    UPDATE {
      @Override
      String line(Call c) {
        int neu = c.rmw().apply(c.found, c.operand);
        return c.name()
            + "("
            + hex(c.operand)
            + ", "
            + c.loc
            + "): "
            + hex(c.found)
            + " -> "
            + hex(neu);
      }
    },
    /** {@code atomic_add_return(1, v) = 0x11} */
    RETURN {
      @Override
      String line(Call c) {
        int neu = c.rmw().apply(c.found, c.operand);
        return c.name() + "(" + c.operand + ", " + c.loc + ") = " + hex(neu);
      }
    },
    /** {@code atomic_fetch_or(0x10, v) = 0x1} */
    FETCH {
      @Override
      String line(Call c) {
        return c.name() + "(" + hex(c.operand) + ", " + c.loc + ") = " + hex(c.found);
      }
    },
    /** {@code atomic_cmpxchg(v, 0, 0x1) = 0 (success)} */
    CMPXCHG {
      @Override
      String line(Call c) {
        return c.name()
            + "("
            + c.loc
            + ", "
            + hex(c.expected)
            + ", "
            + hex(c.operand)
            + ") = "
            + hex(c.found)
            + c.success();
      }
    },
    /** {@code atomic_fetch_add_relaxed(0x1, v) = 0}, {@code xchg(v, 0x1) = 0}, ... */
    RMW {
      @Override
      String line(Call c) {
        String name =
            c.rmw() == RmwOp.XCHG || c.rmw() == RmwOp.CMPXCHG
                ? c.rmw().kernelName() + c.ordering.suffix()
                : "atomic_fetch_" + c.rmw().kernelName() + c.ordering.suffix();
        String args =
            c.rmw() == RmwOp.CMPXCHG
                ? c.loc + ", " + hex(c.expected) + ", " + hex(c.operand)
                : c.rmw() == RmwOp.XCHG
                    ? c.loc + ", " + hex(c.operand)
                    : hex(c.operand) + ", " + c.loc;
        return name
            + "("
            + args
            + ") = "
            + hex(c.found)
            + c.ablation
            + (c.rmw() == RmwOp.CMPXCHG ? c.success() : "");
      }
    },
    /** {@code atomic_add(0x1, v): 0 -> 0x1} */
    OP {
      @Override
      String line(Call c) {
        int neu = c.rmw().apply(c.found, c.operand);
        return "atomic_"
            + c.rmw().kernelName()
            + "("
            + hex(c.operand)
            + ", "
            + c.loc
            + "): "
            + hex(c.found)
            + " -> "
            + hex(neu)
            + c.ablation;
      }
    },
    /** {@code spin_lock(l)} */
    LOCK {
      @Override
      String line(Call c) {
        return c.name() + "(" + c.loc + ")" + c.ablation;
      }
    },
    /** {@code test_and_clear_bit(0, flags): READ_ONCE sees the bit set} */
    EARLY_READ {
      @Override
      String line(Call c) {
        return c.name()
            + "("
            + c.bitNumber()
            + ", "
            + c.loc
            + "): READ_ONCE sees the bit "
            + ((c.found & c.operand) != 0 ? "set" : "clear, returns 0 (unordered)");
      }
    },
    /** {@code smp_mb()}, as part of a step or a step of its own */
    FENCE {
      @Override
      String line(Call c) {
        return c.name() + "()" + c.ablation;
      }
    },
    /** the fence step after a fully ordered RMW */
    AFTER_RMW {
      @Override
      String line(Call c) {
        return "smp_mb() (the RMW's full ordering, after it)";
      }
    },
    /** lines the kernel writes itself (waits, choices, model time) */
    NONE {
      @Override
      String line(Call c) {
        throw new IllegalStateException(c.primitive + " has no trace format");
      }
    };

    abstract String line(Call c);
  }

  /**
   * One executed call, as a trace line prints it.
   *
   * @param ablation {@code " (removed: ablation)"} where the site's ordering was removed and the
   *     primitive's line says so, else {@code ""}
   * @param unordered {@code test_and_clear_bit()}'s note that it returned without ordering, or
   *     {@code ""}
   */
  record Call(
      Primitive primitive,
      @Nullable RmwOp op,
      Ordering ordering,
      @Nullable Loc loc,
      int operand,
      int expected,
      int found,
      String ablation,
      String unordered) {

    String name() {
      return primitive.kernelName;
    }

    /** The RMW of an RMW's line. */
    RmwOp rmw() {
      return requireNonNull(op, "not an RMW");
    }

    int bitNumber() {
      return Integer.numberOfTrailingZeros(operand);
    }

    String success() {
      return found == expected ? " (success)" : " (failure)";
    }

    String line() {
      return primitive.format.line(this);
    }
  }

  final String kernelName;
  final Shape shape;

  /** The RMW a named RMW primitive performs ({@code null} for other shapes and for atomic_rmw). */
  final @Nullable RmwOp rmwOp;

  /** The ordering of the primitive's access (fences: the ordering they give). */
  final Ordering ordering;

  final Result result;
  final Format format;

  /** Whether the trace line says so when ablation removed the site's ordering. */
  final boolean marksAblation;

  Primitive(
      String kernelName,
      Shape shape,
      @Nullable RmwOp rmwOp,
      Ordering ordering,
      Result result,
      Format format) {
    this(kernelName, shape, rmwOp, ordering, result, format, false);
  }

  Primitive(
      String kernelName,
      Shape shape,
      @Nullable RmwOp rmwOp,
      Ordering ordering,
      Result result,
      Format format,
      boolean marksAblation) {
    this.kernelName = kernelName;
    this.shape = shape;
    this.rmwOp = rmwOp;
    this.ordering = ordering;
    this.result = result;
    this.format = format;
    this.marksAblation = marksAblation;
  }

  /** Whether the primitive returns a value. */
  boolean returnsValue() {
    return result != Result.NONE;
  }

  /** The value {@code spin_lock} waits for; {@link #ANY} for every other RMW. */
  int mustFind() {
    return this == SPIN_LOCK ? 0 : ANY;
  }

  /** {@link #mustFind()} of an RMW that takes whatever it finds. */
  static final int ANY = Integer.MIN_VALUE;

  /**
   * The primitive's number in the replay checksum ({@code variant}: an {@code atomic_rmw}'s
   * operation and ordering). The checksum lives only as long as one exploration, so declaration
   * order may change freely.
   */
  @SuppressWarnings("EnumOrdinal")
  int code(int variant) {
    return (ordinal() << 6) | variant;
  }

  /**
   * What an ordering site executing this primitive is called in the ablation table ({@code
   * ordering}: the call's), or null if the primitive orders nothing there.
   */
  @Nullable String orderingKind(Ordering callOrdering) {
    return switch (shape) {
      case LOAD, STORE ->
          ordering == Ordering.RELAXED
              ? null
              : this == SPIN_UNLOCK ? "spin_unlock() (release)" : kernelName + "()";
      case RMW ->
          switch (callOrdering) {
            case RELAXED -> null;
            case FULL -> "fully ordered RMW";
            case ACQUIRE -> "acquire RMW";
            case RELEASE -> "release RMW";
          };
      case FENCE -> kernelName + "()";
      case AWAIT, SELECT, MODEL_TIME -> null;
    };
  }

  /** Small values in decimal, others in hex (flag words read best in hex). */
  static String hex(int v) {
    return v >= 0 && v < 10 ? Integer.toString(v) : "0x" + Integer.toHexString(v);
  }
}
