package dev.klpct.checker.litmus;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.klpct.checker.litmus.LitmusTest.Binary;
import dev.klpct.checker.litmus.LitmusTest.Call;
import dev.klpct.checker.litmus.LitmusTest.Const;
import dev.klpct.checker.litmus.LitmusTest.Deref;
import dev.klpct.checker.litmus.LitmusTest.Eval;
import dev.klpct.checker.litmus.LitmusTest.Expr;
import dev.klpct.checker.litmus.LitmusTest.If;
import dev.klpct.checker.litmus.LitmusTest.LocAddr;
import dev.klpct.checker.litmus.LitmusTest.Pos;
import dev.klpct.checker.litmus.LitmusTest.Reg;
import dev.klpct.checker.litmus.LitmusTest.SetReg;
import dev.klpct.checker.litmus.LitmusTest.Stmt;
import dev.klpct.checker.litmus.LitmusTest.Store;
import dev.klpct.checker.litmus.Primitive.RmwOp;
import dev.klpct.lkmm.Event.FenceKind;
import dev.klpct.lkmm.Event.LockKind;
import dev.klpct.lkmm.Event.Mode;
import dev.klpct.lkmm.Event.SrcuKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The control-flow paths of one process, with the events each path generates: herd7's per-thread
 * event structures, built by running the process with every value a read returns left symbolic
 * ({@link Sym}).
 *
 * <h2>What a path is</h2>
 *
 * <p>A path fixes every choice the process makes on values it read: the branch of each {@code if}
 * whose condition depends on a read, whether each {@code cmpxchg} and {@code atomic_add_unless}
 * succeeds, whether each {@code spin_trylock} succeeds and what each {@code spin_is_locked}
 * returns. Each choice adds a {@link Constraint} on the values read (the last two constrain
 * nothing: {@code lock.cat} decides them through reads-from). A condition that is a constant takes
 * one branch and constrains nothing.
 *
 * <h2>Program order and dependencies, as herd7's C front end makes them</h2>
 *
 * <p>Established by running herd7 7.58 on probe tests ({@code -show all} shows the relations):
 *
 * <ul>
 *   <li>Statements are sequenced: every event of a statement is po-before every event of the next.
 *       Within an expression the operands of a binary operator, and the address and value of a
 *       store, are not ordered with each other; each access is po-after the events that compute its
 *       address and value. An RMW's read is po-after its address's events only; its write is
 *       po-after the read and the operands' events.
 *   <li>{@code addr}: from the reads an access's address is computed from; {@code data}: from the
 *       reads a written value is computed from. Registers carry these sources ({@link
 *       SymVal#taint()}) from assignment to use, syntactically: {@code r0 - r0} depends on {@code
 *       r0}'s read.
 *   <li>{@code ctrl}: from the reads an {@code if}'s condition is computed from to every event
 *       inside its branches (nested ones included), and to nothing after the {@code if}. A register
 *       assigned in a branch carries no dependency on the condition.
 *   <li>RMWs: the value written depends on the read for arithmetic RMWs ({@code atomic_add}, {@code
 *       atomic_fetch_add}, {@code atomic_add_unless}, ...), not for {@code xchg} and {@code
 *       cmpxchg}; on the operand for all (the new value of {@code cmpxchg}, not its expected one).
 *       What an RMW returns depends on its read, and for arithmetic RMWs also on the operand
 *       ({@code atomic_add_unless}: on the value it compares with).
 *   <li>{@code spin_trylock} and {@code spin_is_locked} return values that depend on their lock
 *       event ({@code LKR}, {@code LF}, {@code RL}, {@code RU}).
 * </ul>
 *
 * <p>Deterministic: paths come in a fixed order (the taken branch before the other one, success
 * before failure).
 */
final class ThreadPaths {
  private ThreadPaths() {}

  /** The kinds of event a process generates. */
  enum Kind {
    READ,
    WRITE,
    FENCE,
    LKR,
    LKW,
    UL,
    LF,
    RL,
    RU,
    SRCU_LOCK,
    SRCU_UNLOCK,
    SRCU_SYNC;

    boolean isLock() {
      return this == LKR || this == LKW || this == UL || this == LF || this == RL || this == RU;
    }

    LockKind lockKind() {
      return LockKind.valueOf(name());
    }
  }

  /**
   * One event of a path.
   *
   * @param address its location, symbolic when computed from a read; null for a fence
   * @param value the value written (writes, SRCU unlocks), null otherwise
   * @param preds the events of the same path po-before it, as a bit set of indices
   * @param addr the reads its address depends on
   * @param data the reads its value depends on
   * @param ctrl the reads it is control-dependent on
   * @param rmwRead for the write of an RMW, the index of its read; else -1
   * @param pos where in the source
   */
  record ProtoEvent(
      Kind kind,
      @Nullable Mode mode,
      @Nullable FenceKind fence,
      boolean rmw,
      @Nullable Sym address,
      @Nullable Sym value,
      long preds,
      long addr,
      long data,
      long ctrl,
      int rmwRead,
      Pos pos) {}

  /** The path's choice: {@code value} must be non-zero ({@code nonZero}) or zero. */
  record Constraint(Sym value, boolean nonZero, Pos pos) {}

  /**
   * One path of a process.
   *
   * @param registers the final value of each register
   */
  record Path(
      int thread,
      ImmutableList<ProtoEvent> events,
      ImmutableList<Constraint> constraints,
      ImmutableMap<String, Sym> registers) {}

  /** A value with the reads it was computed from (bit set of event indices). */
  record SymVal(Sym value, long taint) {}

  private static final int MAX_EVENTS = 64;

  /** The mutable state of one path being built; copied where the path forks. */
  private static final class State {
    final List<ProtoEvent> events;
    final List<Constraint> constraints;
    final Map<String, SymVal> regs;
    long ctrl;

    State(
        List<ProtoEvent> events,
        List<Constraint> constraints,
        Map<String, SymVal> regs,
        long ctrl) {
      this.events = events;
      this.constraints = constraints;
      this.regs = regs;
      this.ctrl = ctrl;
    }

    State copy() {
      return new State(
          new ArrayList<>(events), new ArrayList<>(constraints), new HashMap<>(regs), ctrl);
    }

    long all() {
      int n = events.size();
      return n == 64 ? -1L : (1L << n) - 1;
    }
  }

  /** An outcome of evaluating an expression on one path. */
  private record Res(State state, SymVal value, long events) {}

  /** A process's locations: name to index (and so to address). */
  interface Locations extends ToIntFunction<String> {}

  /**
   * Every path of process {@code p}.
   *
   * @param initial the initial values of its registers
   * @throws LitmusException if it generates more than 64 events on a path, or evaluates something
   *     herd7's C has no value for
   */
  static List<Path> of(
      String file, LitmusTest.Process p, Map<String, Sym> initial, Locations locations)
      throws LitmusException {
    Map<String, SymVal> regs = new HashMap<>();
    for (Map.Entry<String, Sym> e : initial.entrySet()) {
      regs.put(e.getKey(), new SymVal(e.getValue(), 0));
    }
    Builder b = new Builder(file, p.index(), locations);
    List<State> finals;
    try {
      finals = b.block(p.body(), new State(new ArrayList<>(), new ArrayList<>(), regs, 0));
    } catch (Sym.EvalException e) {
      throw new LitmusException(
          file, e.pos().line(), e.pos().column(), String.valueOf(e.getMessage()));
    }
    List<Path> out = new ArrayList<>();
    for (State s : finals) {
      ImmutableMap.Builder<String, Sym> r = ImmutableMap.builder();
      for (String reg : p.registers()) {
        SymVal v = s.regs.get(reg);
        r.put(reg, v == null ? Sym.ZERO : v.value());
      }
      out.add(
          new Path(
              p.index(),
              ImmutableList.copyOf(s.events),
              ImmutableList.copyOf(s.constraints),
              r.buildOrThrow()));
    }
    return out;
  }

  private static final class Builder {
    final String file;
    final int thread;
    final Locations locations;

    Builder(String file, int thread, Locations locations) {
      this.file = file;
      this.thread = thread;
      this.locations = locations;
    }

    List<State> block(List<Stmt> stmts, State start) throws LitmusException, Sym.EvalException {
      List<State> states = List.of(start);
      for (Stmt s : stmts) {
        List<State> next = new ArrayList<>();
        for (State st : states) {
          next.addAll(statement(s, st));
        }
        states = next;
      }
      return states;
    }

    List<State> statement(Stmt s, State st) throws LitmusException, Sym.EvalException {
      long preds = st.all();
      if (s instanceof SetReg a) {
        List<State> out = new ArrayList<>();
        for (Res r : eval(a.value(), st, preds)) {
          r.state.regs.put(a.register(), r.value);
          out.add(r.state);
        }
        return out;
      }
      if (s instanceof Store w) {
        return states(store(w.address(), w.value(), Mode.PLAIN, false, w.pos(), st, preds));
      }
      if (s instanceof Eval e) {
        return states(eval(e.expr(), st, preds));
      }
      If i = (If) s;
      List<State> out = new ArrayList<>();
      for (Res c : eval(i.cond(), st, preds)) {
        State base = c.state;
        long outer = base.ctrl;
        if (c.value.value() instanceof Sym.K k) {
          base.ctrl = outer | c.value.taint();
          for (State f : block(k.value() != 0 ? i.then() : i.otherwise(), base)) {
            f.ctrl = outer;
            out.add(f);
          }
          continue;
        }
        State taken = base.copy();
        taken.constraints.add(new Constraint(c.value.value(), true, i.pos()));
        taken.ctrl = outer | c.value.taint();
        for (State f : block(i.then(), taken)) {
          f.ctrl = outer;
          out.add(f);
        }
        State other = base;
        other.constraints.add(new Constraint(c.value.value(), false, i.pos()));
        other.ctrl = outer | c.value.taint();
        for (State f : block(i.otherwise(), other)) {
          f.ctrl = outer;
          out.add(f);
        }
      }
      return out;
    }

    private static List<State> states(List<Res> rs) {
      List<State> out = new ArrayList<>(rs.size());
      for (Res r : rs) {
        out.add(r.state);
      }
      return out;
    }

    /** Adds an event; returns its index. */
    int emit(
        State st,
        Kind kind,
        @Nullable Mode mode,
        @Nullable FenceKind fence,
        boolean rmw,
        @Nullable Sym address,
        @Nullable Sym value,
        long preds,
        long addr,
        long data,
        int rmwRead,
        Pos pos)
        throws LitmusException {
      if (st.events.size() >= MAX_EVENTS) {
        throw new LitmusException(
            file,
            pos.line(),
            pos.column(),
            "unsupported: more than " + MAX_EVENTS + " events in P" + thread);
      }
      st.events.add(
          new ProtoEvent(
              kind, mode, fence, rmw, address, value, preds, addr, data, st.ctrl, rmwRead, pos));
      return st.events.size() - 1;
    }

    /** Every outcome of evaluating {@code e}; its events come po-after {@code preds}. */
    List<Res> eval(Expr e, State st, long preds) throws LitmusException, Sym.EvalException {
      if (e instanceof Const c) {
        return List.of(new Res(st, new SymVal(new Sym.K(c.value()), 0), 0));
      }
      if (e instanceof Reg r) {
        SymVal v = st.regs.get(r.name());
        return List.of(new Res(st, v == null ? new SymVal(Sym.ZERO, 0) : v, 0));
      }
      if (e instanceof LocAddr l) {
        return List.of(
            new Res(st, new SymVal(new Sym.K(Sym.ADDRESS + locations.applyAsInt(l.name())), 0), 0));
      }
      if (e instanceof Binary b) {
        List<Res> out = new ArrayList<>();
        for (Res l : eval(b.left(), st, preds)) {
          for (Res r : eval(b.right(), l.state, preds)) {
            out.add(
                new Res(
                    r.state,
                    new SymVal(
                        Sym.binary(b.op(), l.value.value(), r.value.value(), b.pos()),
                        l.value.taint() | r.value.taint()),
                    l.events | r.events));
          }
        }
        return out;
      }
      if (e instanceof Deref d) {
        return load(d.address(), Mode.PLAIN, d.pos(), st, preds);
      }
      Call c = (Call) e;
      Primitive p = c.primitive();
      if (p instanceof Primitive.Load l) {
        return load(c.args().get(0), l.mode(), c.pos(), st, preds);
      }
      if (p instanceof Primitive.Store s) {
        return store(
            c.args().get(0), c.args().get(1), s.mode(), s.fenceAfter(), c.pos(), st, preds);
      }
      if (p instanceof Primitive.Fence f) {
        int ev = emit(st, Kind.FENCE, null, f.kind(), false, null, null, preds, 0, 0, -1, c.pos());
        return List.of(new Res(st, new SymVal(Sym.ZERO, 0), 1L << ev));
      }
      if (p instanceof Primitive.Rmw r) {
        return rmw(r, c, st, preds);
      }
      if (p instanceof Primitive.Lock l) {
        return lock(l, c, st, preds);
      }
      return srcu((Primitive.Srcu) p, c, st, preds);
    }

    List<Res> load(Expr address, Mode mode, Pos pos, State st, long preds)
        throws LitmusException, Sym.EvalException {
      List<Res> out = new ArrayList<>();
      for (Res a : eval(address, st, preds)) {
        int ev =
            emit(
                a.state,
                Kind.READ,
                mode,
                null,
                false,
                a.value.value(),
                null,
                preds | a.events,
                a.value.taint(),
                0,
                -1,
                pos);
        out.add(new Res(a.state, new SymVal(new Sym.V(thread, ev), 1L << ev), a.events | 1L << ev));
      }
      return out;
    }

    List<Res> store(
        Expr address, Expr value, Mode mode, boolean fenceAfter, Pos pos, State st, long preds)
        throws LitmusException, Sym.EvalException {
      List<Res> out = new ArrayList<>();
      for (Res a : eval(address, st, preds)) {
        for (Res v : eval(value, a.state, preds)) {
          long evs = a.events | v.events;
          int ev =
              emit(
                  v.state,
                  Kind.WRITE,
                  mode,
                  null,
                  false,
                  a.value.value(),
                  v.value.value(),
                  preds | evs,
                  a.value.taint(),
                  v.value.taint(),
                  -1,
                  pos);
          evs |= 1L << ev;
          if (fenceAfter) {
            int f =
                emit(
                    v.state,
                    Kind.FENCE,
                    null,
                    FenceKind.MB,
                    false,
                    null,
                    null,
                    preds | evs,
                    0,
                    0,
                    -1,
                    pos);
            evs |= 1L << f;
          }
          out.add(new Res(v.state, new SymVal(Sym.ZERO, 0), evs));
        }
      }
      return out;
    }

    /**
     * An RMW. Its operands are evaluated as herd7 does: those the operation needs to decide whether
     * it writes ({@code cmpxchg}'s expected value, {@code atomic_add_unless}'s limit) on every
     * path, the value to write only on the path that writes.
     */
    List<Res> rmw(Primitive.Rmw p, Call c, State st, long preds)
        throws LitmusException, Sym.EvalException {
      List<Res> out = new ArrayList<>();
      List<Expr> args = c.args();
      for (Res a : eval(args.get(0), st, preds)) {
        Sym address = a.value.value();
        long addrTaint = a.value.taint();
        switch (p.op()) {
          case CMPXCHG, ADD_UNLESS -> {
            // the operand that decides: cmpxchg's expected value, add_unless's limit
            Expr decides = p.op() == RmwOp.CMPXCHG ? args.get(1) : args.get(2);
            Expr written = p.op() == RmwOp.CMPXCHG ? args.get(2) : args.get(1);
            for (Res d : eval(decides, a.state, preds)) {
              State s = d.state;
              int rd = rmwRead(s, p, address, preds | a.events, addrTaint, c.pos());
              Sym old = new Sym.V(thread, rd);
              long rdBit = 1L << rd;
              long evs = a.events | d.events | rdBit;
              boolean cas = p.op() == RmwOp.CMPXCHG;
              Sym writes = Sym.binary(cas ? "==" : "!=", old, d.value.value(), c.pos());
              SymVal ret = cas ? new SymVal(old, rdBit) : null;
              long unlessTaint = rdBit | d.value.taint();
              State fail = s.copy();
              s.constraints.add(new Constraint(writes, true, c.pos()));
              for (Res v : eval(written, s, preds)) {
                Sym value = cas ? v.value.value() : Sym.binary("+", old, v.value.value(), c.pos());
                long data = cas ? v.value.taint() : rdBit | v.value.taint();
                int w =
                    rmwWrite(
                        v.state,
                        p,
                        address,
                        value,
                        preds | evs | v.events,
                        addrTaint,
                        data,
                        rd,
                        c.pos());
                out.add(
                    new Res(
                        v.state,
                        cas ? requireNonNull(ret) : new SymVal(Sym.ONE, unlessTaint),
                        evs | v.events | 1L << w));
              }
              fail.constraints.add(new Constraint(writes, false, c.pos()));
              out.add(
                  new Res(
                      fail, cas ? requireNonNull(ret) : new SymVal(Sym.ZERO, unlessTaint), evs));
            }
          }
          case XCHG -> {
            for (Res v : eval(args.get(1), a.state, preds)) {
              State s = v.state;
              int rd = rmwRead(s, p, address, preds | a.events, addrTaint, c.pos());
              long rdBit = 1L << rd;
              long evs = a.events | v.events | rdBit;
              int w =
                  rmwWrite(
                      s,
                      p,
                      address,
                      v.value.value(),
                      preds | evs,
                      addrTaint,
                      v.value.taint(),
                      rd,
                      c.pos());
              out.add(new Res(s, new SymVal(new Sym.V(thread, rd), rdBit), evs | 1L << w));
            }
          }
          default -> {
            List<Res> operands =
                p.constant().isPresent()
                    ? List.of(new Res(a.state, new SymVal(new Sym.K(p.constant().get()), 0), 0))
                    : eval(args.get(1), a.state, preds);
            for (Res v : operands) {
              State s = v.state;
              int rd = rmwRead(s, p, address, preds | a.events, addrTaint, c.pos());
              Sym old = new Sym.V(thread, rd);
              long rdBit = 1L << rd;
              long evs = a.events | v.events | rdBit;
              Sym written = Sym.binary(opSymbol(p.op()), old, v.value.value(), c.pos());
              long taint = rdBit | v.value.taint();
              int w = rmwWrite(s, p, address, written, preds | evs, addrTaint, taint, rd, c.pos());
              Sym ret =
                  switch (p.result()) {
                    case NONE -> Sym.ZERO;
                    case OLD -> old;
                    case NEW -> written;
                    case NEW_IS_ZERO -> Sym.binary("==", written, Sym.ZERO, c.pos());
                    case NEW_IS_NEGATIVE -> Sym.binary("<", written, Sym.ZERO, c.pos());
                    case WROTE -> throw new IllegalStateException("add_unless");
                  };
              out.add(
                  new Res(
                      s,
                      new SymVal(ret, p.result() == Primitive.RmwResult.NONE ? 0 : taint),
                      evs | 1L << w));
            }
          }
        }
      }
      return out;
    }

    /** The read half of RMW {@code p} at {@code address}: no value yet, its own event. */
    private int rmwRead(State s, Primitive.Rmw p, Sym address, long preds, long addr, Pos pos)
        throws LitmusException {
      return emit(s, Kind.READ, p.mode(), null, true, address, null, preds, addr, 0, -1, pos);
    }

    /** The write half of RMW {@code p}, paired with its read event {@code rd}. */
    private int rmwWrite(
        State s,
        Primitive.Rmw p,
        Sym address,
        Sym value,
        long preds,
        long addr,
        long data,
        int rd,
        Pos pos)
        throws LitmusException {
      return emit(s, Kind.WRITE, p.mode(), null, true, address, value, preds, addr, data, rd, pos);
    }

    /** herd7 computes {@code andnot} as {@code &~}: one operator of the symbolic language. */
    private static String opSymbol(RmwOp op) {
      return switch (op) {
        case ADD -> "+";
        case SUB -> "-";
        case AND -> "&";
        case OR -> "|";
        case XOR -> "^";
        case ANDNOT -> "&~";
        default -> throw new IllegalStateException(op.name());
      };
    }

    List<Res> lock(Primitive.Lock p, Call c, State st, long preds)
        throws LitmusException, Sym.EvalException {
      Sym address = constantAddress(c);
      List<Res> out = new ArrayList<>();
      switch (p.op()) {
        case LOCK -> {
          int r = emit(st, Kind.LKR, null, null, false, address, null, preds, 0, 0, -1, c.pos());
          int w =
              emit(
                  st,
                  Kind.LKW,
                  null,
                  null,
                  false,
                  address,
                  null,
                  preds | 1L << r,
                  0,
                  0,
                  -1,
                  c.pos());
          out.add(new Res(st, new SymVal(Sym.ZERO, 0), 1L << r | 1L << w));
        }
        case UNLOCK -> {
          int u = emit(st, Kind.UL, null, null, false, address, null, preds, 0, 0, -1, c.pos());
          out.add(new Res(st, new SymVal(Sym.ZERO, 0), 1L << u));
        }
        case TRYLOCK -> {
          State ok = st.copy();
          int r = emit(ok, Kind.LKR, null, null, false, address, null, preds, 0, 0, -1, c.pos());
          int w =
              emit(
                  ok,
                  Kind.LKW,
                  null,
                  null,
                  false,
                  address,
                  null,
                  preds | 1L << r,
                  0,
                  0,
                  -1,
                  c.pos());
          out.add(new Res(ok, new SymVal(Sym.ONE, 1L << r), 1L << r | 1L << w));
          int f = emit(st, Kind.LF, null, null, false, address, null, preds, 0, 0, -1, c.pos());
          out.add(new Res(st, new SymVal(Sym.ZERO, 1L << f), 1L << f));
        }
        case IS_LOCKED -> {
          State locked = st.copy();
          int l = emit(locked, Kind.RL, null, null, false, address, null, preds, 0, 0, -1, c.pos());
          out.add(new Res(locked, new SymVal(Sym.ONE, 1L << l), 1L << l));
          int u = emit(st, Kind.RU, null, null, false, address, null, preds, 0, 0, -1, c.pos());
          out.add(new Res(st, new SymVal(Sym.ZERO, 1L << u), 1L << u));
        }
      }
      return out;
    }

    List<Res> srcu(Primitive.Srcu p, Call c, State st, long preds)
        throws LitmusException, Sym.EvalException {
      Sym address = constantAddress(c);
      List<Res> out = new ArrayList<>();
      switch (p.op()) {
        case LOCK -> {
          int r =
              emit(st, Kind.SRCU_LOCK, null, null, false, address, null, preds, 0, 0, -1, c.pos());
          out.add(new Res(st, new SymVal(new Sym.V(thread, r), 1L << r), 1L << r));
        }
        case UNLOCK -> {
          for (Res v : eval(c.args().get(1), st, preds)) {
            int w =
                emit(
                    v.state,
                    Kind.SRCU_UNLOCK,
                    null,
                    null,
                    false,
                    address,
                    v.value.value(),
                    preds | v.events,
                    0,
                    v.value.taint(),
                    -1,
                    c.pos());
            out.add(new Res(v.state, new SymVal(Sym.ZERO, 0), v.events | 1L << w));
          }
        }
        case SYNC -> {
          int y =
              emit(st, Kind.SRCU_SYNC, null, null, false, address, null, preds, 0, 0, -1, c.pos());
          out.add(new Res(st, new SymVal(Sym.ZERO, 0), 1L << y));
        }
      }
      return out;
    }

    /** Spinlocks and srcu_structs are parameters (the parser checks it). */
    private Sym constantAddress(Call c) {
      return new Sym.K(Sym.ADDRESS + locations.applyAsInt(((LocAddr) c.args().get(0)).name()));
    }
  }

  /** The kind of an SRCU event kind. */
  static SrcuKind srcuKind(Kind k) {
    return switch (k) {
      case SRCU_LOCK -> SrcuKind.LOCK;
      case SRCU_UNLOCK -> SrcuKind.UNLOCK;
      case SRCU_SYNC -> SrcuKind.SYNC;
      default -> throw new IllegalArgumentException(k.name());
    };
  }
}
