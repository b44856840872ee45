package dev.klpct.checker.litmus;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import dev.klpct.checker.litmus.LitmusTest.Binary;
import dev.klpct.checker.litmus.LitmusTest.Call;
import dev.klpct.checker.litmus.LitmusTest.Const;
import dev.klpct.checker.litmus.LitmusTest.Eval;
import dev.klpct.checker.litmus.LitmusTest.If;
import dev.klpct.checker.litmus.LitmusTest.LocAddr;
import dev.klpct.checker.litmus.LitmusTest.Pos;
import dev.klpct.checker.litmus.LitmusTest.SetReg;
import dev.klpct.checker.litmus.LitmusTest.Stmt;
import dev.klpct.checker.litmus.LitmusTest.Store;
import dev.klpct.lkmm.Event.FenceKind;
import dev.klpct.lkmm.Event.Mode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A process lowered to the instructions of the operational engine ({@link LitmusMachine}): one
 * {@link dev.klpct.api.Kernel} primitive per statement, register arithmetic and forward jumps.
 *
 * <p>Only the part of the dialect the kernel model's primitives cover lowers: marked accesses to
 * parameters, the fences and RMWs the {@link dev.klpct.api.Kernel} interface has, {@code
 * spin_lock}/{@code spin_unlock}, {@code if}. {@link #lower} throws a {@link LitmusException}
 * naming the first construct that does not (plain accesses, pointers, RCU, SRCU, {@code
 * spin_trylock}, ...): the exact engine runs those.
 */
final class FlatProgram {
  private FlatProgram() {}

  /** A flattened statement. */
  sealed interface Instr {}

  /** {@code reg = expr} (reg is a register index). */
  record Assign(int reg, FlatExpr value) implements Instr {}

  /** Continue at {@code target} when {@code cond} is 0. */
  record JumpIfZero(FlatExpr cond, int target) implements Instr {}

  /** Continue at {@code target}. */
  record Jump(int target) implements Instr {}

  /** The kernel primitives a statement may call. */
  enum Op {
    READ_ONCE,
    WRITE_ONCE,
    LOAD_ACQUIRE,
    STORE_RELEASE,
    SMP_MB,
    SMP_RMB,
    SMP_WMB,
    MB_BEFORE_ATOMIC,
    MB_AFTER_ATOMIC,
    ATOMIC_READ,
    ATOMIC_SET,
    SPIN_LOCK,
    SPIN_UNLOCK,
    /** Any RMW: {@link Prim#rmw()} says which and how ordered. */
    RMW
  }

  /**
   * A primitive call.
   *
   * @param var the shared location, or "" for fences
   * @param a the first value operand (the value written, or an RMW's operand), or null
   * @param b the expected value of a cmpxchg, or null
   * @param dest the register receiving the result, or -1
   * @param text the statement as written, for traces
   * @param rmw which RMW an {@link Op#RMW} is, or null
   */
  record Prim(
      Op op,
      String var,
      @Nullable FlatExpr a,
      @Nullable FlatExpr b,
      int dest,
      String text,
      @Nullable Rmw rmw)
      implements Instr {}

  /**
   * An RMW of the {@link Op#RMW} kind, as the kernel API runs it.
   *
   * @param returnsNew whether the statement's value is the new value ({@code *_return})
   * @param returns false for the RMWs that return nothing ({@code atomic_add()}, ...: the LKMM's
   *     {@code Noreturn}); they run as {@code Kernel.atomic_op}
   */
  record Rmw(RmwOp op, Ordering ordering, boolean returnsNew, boolean returns) {}

  /** An expression over registers and constants, with herd7's C semantics on int. */
  sealed interface FlatExpr {
    int eval(int[] regs, int offset);
  }

  record FConst(int value) implements FlatExpr {
    @Override
    public int eval(int[] regs, int offset) {
      return value;
    }
  }

  record FReg(int index) implements FlatExpr {
    @Override
    public int eval(int[] regs, int offset) {
      return regs[index + offset];
    }
  }

  record FBinary(String op, FlatExpr l, FlatExpr r) implements FlatExpr {
    @Override
    public int eval(int[] regs, int offset) {
      int x = l.eval(regs, offset);
      int y = r.eval(regs, offset);
      return switch (op) {
        case "+" -> x + y;
        case "-" -> x - y;
        case "*" -> x * y;
        case "/" -> y == 0 ? 0 : x / y;
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

  /** The flat code of process {@code p}: register inits first, then its body. */
  static ImmutableList<Instr> lower(LitmusTest test, LitmusTest.Process p) throws LitmusException {
    Lowering l = new Lowering(test, p);
    for (LitmusTest.RegisterInit r : test.registerInits()) {
      if (r.proc() == p.index()) {
        if (!(r.value() instanceof LitmusTest.Value.Int i)) {
          throw l.unsupported(new Pos(1, 1), "a pointer in register " + r.register());
        }
        l.code.add(new Assign(p.register(r.register()), new FConst(i.value())));
      }
    }
    l.block(p.body());
    return ImmutableList.copyOf(l.code);
  }

  private static final class Lowering {
    final LitmusTest test;
    final LitmusTest.Process p;
    final List<Instr> code = new ArrayList<>();

    Lowering(LitmusTest test, LitmusTest.Process p) {
      this.test = test;
      this.p = p;
    }

    LitmusException unsupported(Pos pos, String what) {
      return new LitmusException(
          test.file(),
          pos.line(),
          pos.column(),
          "unsupported by the operational engine: " + what + " (the exact lkmm engine runs it)");
    }

    void block(List<Stmt> stmts) throws LitmusException {
      for (Stmt s : stmts) {
        statement(s);
      }
    }

    void statement(Stmt s) throws LitmusException {
      if (s instanceof SetReg a) {
        int reg = p.register(a.register());
        if (a.value() instanceof Call c) {
          call(c, reg, a.text(), a.pos());
        } else {
          code.add(new Assign(reg, expr(a.value(), a.pos())));
        }
      } else if (s instanceof Eval e) {
        if (!(e.expr() instanceof Call c)) {
          throw unsupported(e.pos(), "an expression statement that is not a call");
        }
        call(c, -1, e.text(), e.pos());
      } else if (s instanceof Store st) {
        throw unsupported(st.pos(), "plain accesses");
      } else {
        If i = (If) s;
        FlatExpr cond = expr(i.cond(), i.pos());
        int jz = code.size();
        code.add(new JumpIfZero(cond, -1));
        block(i.then());
        if (!i.otherwise().isEmpty()) {
          int jmp = code.size();
          code.add(new Jump(-1));
          code.set(jz, new JumpIfZero(cond, code.size()));
          block(i.otherwise());
          code.set(jmp, new Jump(code.size()));
        } else {
          code.set(jz, new JumpIfZero(cond, code.size()));
        }
      }
    }

    FlatExpr expr(LitmusTest.Expr e, Pos pos) throws LitmusException {
      if (e instanceof Const c) {
        return new FConst(c.value());
      }
      if (e instanceof LitmusTest.Reg r) {
        return new FReg(p.register(r.name()));
      }
      if (e instanceof Binary b) {
        return new FBinary(b.op(), expr(b.left(), pos), expr(b.right(), pos));
      }
      if (e instanceof LocAddr) {
        throw unsupported(pos, "pointer values");
      }
      if (e instanceof LitmusTest.Deref) {
        throw unsupported(pos, "plain accesses");
      }
      throw unsupported(pos, ((Call) e).primitive().cName() + " inside an expression");
    }

    String var(LitmusTest.Expr address, Pos pos) throws LitmusException {
      if (address instanceof LocAddr l) {
        return l.name();
      }
      throw unsupported(pos, "an address computed at run time");
    }

    void call(Call c, int dest, String text, Pos pos) throws LitmusException {
      Primitive prim = c.primitive();
      String name = prim.cName();
      if (prim instanceof Primitive.Load l) {
        Op op =
            switch (name) {
              case "READ_ONCE" -> Op.READ_ONCE;
              case "smp_load_acquire", "atomic_read_acquire" -> Op.LOAD_ACQUIRE;
              case "atomic_read" -> Op.ATOMIC_READ;
              default -> throw unsupported(pos, name);
            };
        assert l.mode() != Mode.PLAIN;
        code.add(new Prim(op, var(c.args().get(0), pos), null, null, dest, text, null));
      } else if (prim instanceof Primitive.Store st) {
        Op op =
            switch (name) {
              case "WRITE_ONCE", "smp_store_mb" -> Op.WRITE_ONCE;
              case "smp_store_release", "atomic_set_release" -> Op.STORE_RELEASE;
              case "atomic_set" -> Op.ATOMIC_SET;
              default -> throw unsupported(pos, name);
            };
        code.add(
            new Prim(
                op, var(c.args().get(0), pos), expr(c.args().get(1), pos), null, -1, text, null));
        if (st.fenceAfter()) {
          code.add(new Prim(Op.SMP_MB, "", null, null, -1, text, null));
        }
      } else if (prim instanceof Primitive.Fence f) {
        Op op =
            switch (f.kind()) {
              case MB -> Op.SMP_MB;
              case RMB -> Op.SMP_RMB;
              case WMB -> Op.SMP_WMB;
              case BEFORE_ATOMIC -> Op.MB_BEFORE_ATOMIC;
              case AFTER_ATOMIC -> Op.MB_AFTER_ATOMIC;
              case BARRIER -> null;
              default -> throw unsupported(pos, name);
            };
        if (op != null) {
          code.add(new Prim(op, "", null, null, -1, text, null));
        }
        assert f.kind() != FenceKind.SYNC_RCU;
      } else if (prim instanceof Primitive.Lock l) {
        Op op =
            switch (l.op()) {
              case LOCK -> Op.SPIN_LOCK;
              case UNLOCK -> Op.SPIN_UNLOCK;
              default -> throw unsupported(pos, name);
            };
        code.add(new Prim(op, var(c.args().get(0), pos), null, null, -1, text, null));
      } else if (prim instanceof Primitive.Rmw r) {
        rmw(r, c, dest, text, pos);
      } else {
        throw unsupported(pos, name);
      }
    }

    void rmw(Primitive.Rmw r, Call c, int dest, String text, Pos pos) throws LitmusException {
      Ordering ordering =
          switch (r.mode()) {
            case MB -> Ordering.FULL;
            case ACQUIRE -> Ordering.ACQUIRE;
            case RELEASE -> Ordering.RELEASE;
            default -> Ordering.RELAXED;
          };
      boolean returnsNew =
          switch (r.result()) {
            case NONE, OLD -> false;
            case NEW -> true;
            default -> throw unsupported(pos, r.cName());
          };
      String var = var(c.args().get(0), pos);
      FlatExpr a;
      @Nullable FlatExpr b = null;
      RmwOp op;
      switch (r.op()) {
        case XCHG -> {
          op = RmwOp.XCHG;
          a = expr(c.args().get(1), pos);
        }
        case CMPXCHG -> {
          op = RmwOp.CMPXCHG;
          b = expr(c.args().get(1), pos);
          a = expr(c.args().get(2), pos);
        }
        case ADD, SUB, AND, OR, XOR, ANDNOT -> {
          FlatExpr v =
              r.constant().isPresent()
                  ? new FConst(r.constant().get())
                  : expr(c.args().get(1), pos);
          op =
              switch (r.op()) {
                case ADD, SUB -> RmwOp.ADD;
                case AND -> RmwOp.AND;
                case OR -> RmwOp.OR;
                case XOR -> RmwOp.XOR;
                default -> RmwOp.ANDNOT;
              };
          a = r.op() == Primitive.RmwOp.SUB ? new FBinary("-", new FConst(0), v) : v;
        }
        default -> throw unsupported(pos, r.cName());
      }
      code.add(
          new Prim(Op.RMW, var, a, b, dest, text, new Rmw(op, ordering, returnsNew, r.returns())));
    }
  }
}
