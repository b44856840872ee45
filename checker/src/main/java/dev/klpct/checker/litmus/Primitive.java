package dev.klpct.checker.litmus;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.klpct.lkmm.Event.FenceKind;
import dev.klpct.lkmm.Event.Mode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The kernel primitives of the litmus dialect: exactly those of {@code
 * tools/memory-model/linux-kernel.def} (the macros herd7 expands), each with the events it
 * generates.
 *
 * <p>Every primitive that accesses memory takes the location first in a {@link LitmusTest.Call}'s
 * arguments, whatever its C signature ({@code atomic_add(v, x)} has {@code x} first); the other
 * arguments follow in written order. {@link #shape()} is the written signature.
 */
public sealed interface Primitive {

  /** The name in C. */
  String cName();

  /**
   * The written arguments: {@code "*X"} an lvalue ({@code READ_ONCE(*x)}), {@code "X"} a pointer,
   * {@code "V"} a value.
   */
  ImmutableList<String> shape();

  /** Whether a call yields a value (and so may not be a statement of its own). */
  boolean returns();

  /** The number of arguments. */
  default int arity() {
    return shape().size();
  }

  /** A load: {@code READ_ONCE}, {@code smp_load_acquire}, {@code rcu_dereference}, ... */
  record Load(String cName, ImmutableList<String> shape, Mode mode) implements Primitive {
    @Override
    public boolean returns() {
      return true;
    }
  }

  /**
   * A store: {@code WRITE_ONCE}, {@code smp_store_release}, ...; {@code smp_store_mb} is a store
   * followed by {@code smp_mb()} ({@code fenceAfter}).
   */
  record Store(String cName, ImmutableList<String> shape, Mode mode, boolean fenceAfter)
      implements Primitive {
    @Override
    public boolean returns() {
      return false;
    }
  }

  /** A fence, including RCU's read-side markers and grace periods. */
  record Fence(String cName, FenceKind kind) implements Primitive {
    @Override
    public ImmutableList<String> shape() {
      return ImmutableList.of();
    }

    @Override
    public boolean returns() {
      return false;
    }
  }

  /** The arithmetic of an RMW. */
  enum RmwOp {
    ADD,
    SUB,
    AND,
    OR,
    XOR,
    ANDNOT,
    XCHG,
    CMPXCHG,
    /** {@code atomic_add_unless(x, a, u)}: add {@code a} unless the value is {@code u}. */
    ADD_UNLESS;

    /** The value written, from the value read and the operand. */
    public int apply(int old, int operand) {
      return switch (this) {
        case ADD, ADD_UNLESS -> old + operand;
        case SUB -> old - operand;
        case AND -> old & operand;
        case OR -> old | operand;
        case XOR -> old ^ operand;
        case ANDNOT -> old & ~operand;
        case XCHG, CMPXCHG -> operand;
      };
    }
  }

  /** What an RMW returns. */
  enum RmwResult {
    /** Nothing ({@code atomic_add}). */
    NONE,
    /** The value read ({@code xchg}, {@code cmpxchg}, {@code atomic_fetch_*}). */
    OLD,
    /** The value written ({@code atomic_*_return}). */
    NEW,
    /** Whether the value written is 0 ({@code atomic_*_and_test}). */
    NEW_IS_ZERO,
    /** Whether the value written is negative ({@code atomic_add_negative}). */
    NEW_IS_NEGATIVE,
    /** Whether it wrote ({@code atomic_add_unless}). */
    WROTE
  }

  /**
   * A read-modify-write.
   *
   * @param constant the operand of {@code inc} and {@code dec} forms (which take none), else empty
   */
  record Rmw(
      String cName,
      ImmutableList<String> shape,
      RmwOp op,
      Mode mode,
      RmwResult result,
      Optional<Integer> constant)
      implements Primitive {
    public Rmw {
      requireNonNull(op);
      requireNonNull(mode);
      requireNonNull(result);
      requireNonNull(constant);
    }

    @Override
    public boolean returns() {
      return result != RmwResult.NONE;
    }
  }

  /** The spinlock operations of {@code lock.cat}. */
  enum LockOp {
    LOCK,
    UNLOCK,
    TRYLOCK,
    IS_LOCKED
  }

  /** {@code spin_lock}, {@code spin_unlock}, {@code spin_trylock}, {@code spin_is_locked}. */
  record Lock(String cName, LockOp op) implements Primitive {
    @Override
    public ImmutableList<String> shape() {
      return ImmutableList.of("X");
    }

    @Override
    public boolean returns() {
      return op == LockOp.TRYLOCK || op == LockOp.IS_LOCKED;
    }
  }

  /** The SRCU operations. */
  enum SrcuOp {
    LOCK,
    UNLOCK,
    SYNC
  }

  /** {@code srcu_read_lock}, {@code srcu_read_unlock}, {@code synchronize_srcu}, ... */
  record Srcu(String cName, SrcuOp op) implements Primitive {
    @Override
    public ImmutableList<String> shape() {
      return op == SrcuOp.UNLOCK ? ImmutableList.of("X", "V") : ImmutableList.of("X");
    }

    @Override
    public boolean returns() {
      return op == SrcuOp.LOCK;
    }
  }

  /** The primitive called {@code name}, if the dialect has one. */
  static Optional<Primitive> named(String name) {
    return Optional.ofNullable(Table.ALL.get(name));
  }

  /** Every primitive, by name. */
  static ImmutableMap<String, Primitive> all() {
    return Table.ALL;
  }

  /** The table of {@code linux-kernel.def}. */
  final class Table {
    private Table() {}

    static final ImmutableMap<String, Primitive> ALL;

    static {
      Map<String, Primitive> m = new LinkedHashMap<>();
      load(m, "READ_ONCE", "*X", Mode.ONCE);
      load(m, "rcu_dereference", "*X", Mode.ONCE);
      load(m, "smp_load_acquire", "X", Mode.ACQUIRE);
      load(m, "atomic_read", "X", Mode.ONCE);
      load(m, "atomic_read_acquire", "X", Mode.ACQUIRE);
      store(m, "WRITE_ONCE", "*X", Mode.ONCE, false);
      store(m, "rcu_assign_pointer", "*X", Mode.RELEASE, false);
      store(m, "smp_store_release", "X", Mode.RELEASE, false);
      store(m, "smp_store_mb", "*X", Mode.ONCE, true);
      store(m, "atomic_set", "X", Mode.ONCE, false);
      store(m, "atomic_set_release", "X", Mode.RELEASE, false);
      fence(m, "smp_mb", FenceKind.MB);
      fence(m, "smp_rmb", FenceKind.RMB);
      fence(m, "smp_wmb", FenceKind.WMB);
      fence(m, "smp_mb__before_atomic", FenceKind.BEFORE_ATOMIC);
      fence(m, "smp_mb__after_atomic", FenceKind.AFTER_ATOMIC);
      fence(m, "smp_mb__after_spinlock", FenceKind.AFTER_SPINLOCK);
      fence(m, "smp_mb__after_unlock_lock", FenceKind.AFTER_UNLOCK_LOCK);
      fence(m, "smp_mb__after_srcu_read_unlock", FenceKind.AFTER_SRCU_READ_UNLOCK);
      fence(m, "barrier", FenceKind.BARRIER);
      fence(m, "rcu_read_lock", FenceKind.RCU_LOCK);
      fence(m, "rcu_read_unlock", FenceKind.RCU_UNLOCK);
      fence(m, "synchronize_rcu", FenceKind.SYNC_RCU);
      fence(m, "synchronize_rcu_expedited", FenceKind.SYNC_RCU);
      m.put("spin_lock", new Lock("spin_lock", LockOp.LOCK));
      m.put("spin_unlock", new Lock("spin_unlock", LockOp.UNLOCK));
      m.put("spin_trylock", new Lock("spin_trylock", LockOp.TRYLOCK));
      m.put("spin_is_locked", new Lock("spin_is_locked", LockOp.IS_LOCKED));
      m.put("srcu_read_lock", new Srcu("srcu_read_lock", SrcuOp.LOCK));
      m.put("srcu_down_read", new Srcu("srcu_down_read", SrcuOp.LOCK));
      m.put("srcu_read_unlock", new Srcu("srcu_read_unlock", SrcuOp.UNLOCK));
      m.put("srcu_up_read", new Srcu("srcu_up_read", SrcuOp.UNLOCK));
      m.put("synchronize_srcu", new Srcu("synchronize_srcu", SrcuOp.SYNC));
      m.put("synchronize_srcu_expedited", new Srcu("synchronize_srcu_expedited", SrcuOp.SYNC));

      String[] orderings = {"", "_relaxed", "_acquire", "_release"};
      for (String prefix : new String[] {"", "atomic_"}) {
        for (String o : orderings) {
          rmw(m, prefix + "xchg" + o, "X,V", RmwOp.XCHG, mode(o), RmwResult.OLD, null);
          rmw(m, prefix + "cmpxchg" + o, "X,V,V", RmwOp.CMPXCHG, mode(o), RmwResult.OLD, null);
        }
      }
      String[][] binary = {
        {"add", "ADD"},
        {"sub", "SUB"},
        {"and", "AND"},
        {"or", "OR"},
        {"xor", "XOR"},
        {"andnot", "ANDNOT"}
      };
      for (String[] b : binary) {
        rmw(m, "atomic_" + b[0], "V,X", RmwOp.valueOf(b[1]), Mode.NORETURN, RmwResult.NONE, null);
      }
      rmw(m, "atomic_inc", "X", RmwOp.ADD, Mode.NORETURN, RmwResult.NONE, 1);
      rmw(m, "atomic_dec", "X", RmwOp.SUB, Mode.NORETURN, RmwResult.NONE, 1);
      for (String o : orderings) {
        rmw(m, "atomic_add_return" + o, "V,X", RmwOp.ADD, mode(o), RmwResult.NEW, null);
        rmw(m, "atomic_sub_return" + o, "V,X", RmwOp.SUB, mode(o), RmwResult.NEW, null);
        rmw(m, "atomic_inc_return" + o, "X", RmwOp.ADD, mode(o), RmwResult.NEW, 1);
        rmw(m, "atomic_dec_return" + o, "X", RmwOp.SUB, mode(o), RmwResult.NEW, 1);
        for (String[] b : binary) {
          rmw(
              m,
              "atomic_fetch_" + b[0] + o,
              "V,X",
              RmwOp.valueOf(b[1]),
              mode(o),
              RmwResult.OLD,
              null);
        }
        rmw(m, "atomic_fetch_inc" + o, "X", RmwOp.ADD, mode(o), RmwResult.OLD, 1);
        rmw(m, "atomic_fetch_dec" + o, "X", RmwOp.SUB, mode(o), RmwResult.OLD, 1);
        rmw(
            m,
            "atomic_add_negative" + o,
            "V,X",
            RmwOp.ADD,
            mode(o),
            RmwResult.NEW_IS_NEGATIVE,
            null);
      }
      rmw(m, "atomic_sub_and_test", "V,X", RmwOp.SUB, Mode.MB, RmwResult.NEW_IS_ZERO, null);
      rmw(m, "atomic_dec_and_test", "X", RmwOp.SUB, Mode.MB, RmwResult.NEW_IS_ZERO, 1);
      rmw(m, "atomic_inc_and_test", "X", RmwOp.ADD, Mode.MB, RmwResult.NEW_IS_ZERO, 1);
      rmw(m, "atomic_add_unless", "X,V,V", RmwOp.ADD_UNLESS, Mode.MB, RmwResult.WROTE, null);
      ALL = ImmutableMap.copyOf(m);
    }

    private static Mode mode(String ordering) {
      return switch (ordering) {
        case "_relaxed" -> Mode.ONCE;
        case "_acquire" -> Mode.ACQUIRE;
        case "_release" -> Mode.RELEASE;
        default -> Mode.MB;
      };
    }

    private static ImmutableList<String> shape(String s) {
      return ImmutableList.copyOf(s.split(","));
    }

    private static void load(Map<String, Primitive> m, String name, String shape, Mode mode) {
      m.put(name, new Load(name, shape(shape), mode));
    }

    private static void store(
        Map<String, Primitive> m, String name, String lvalue, Mode mode, boolean fenceAfter) {
      m.put(name, new Store(name, shape(lvalue + ",V"), mode, fenceAfter));
    }

    private static void fence(Map<String, Primitive> m, String name, FenceKind kind) {
      m.put(name, new Fence(name, kind));
    }

    private static void rmw(
        Map<String, Primitive> m,
        String name,
        String shape,
        RmwOp op,
        Mode mode,
        RmwResult result,
        @Nullable Integer constant) {
      m.put(name, new Rmw(name, shape(shape), op, mode, result, Optional.ofNullable(constant)));
    }
  }
}
