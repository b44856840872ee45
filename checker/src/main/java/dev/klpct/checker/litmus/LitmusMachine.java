package dev.klpct.checker.litmus;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.api.program.Metric;
import dev.klpct.api.program.Property;
import dev.klpct.api.program.StateView;
import dev.klpct.checker.litmus.FlatProgram.Assign;
import dev.klpct.checker.litmus.FlatProgram.Instr;
import dev.klpct.checker.litmus.FlatProgram.Jump;
import dev.klpct.checker.litmus.FlatProgram.JumpIfZero;
import dev.klpct.checker.litmus.FlatProgram.Prim;
import dev.klpct.checker.litmus.LitmusTest.And;
import dev.klpct.checker.litmus.LitmusTest.Atom;
import dev.klpct.checker.litmus.LitmusTest.Bool;
import dev.klpct.checker.litmus.LitmusTest.Cond;
import dev.klpct.checker.litmus.LitmusTest.Not;
import dev.klpct.checker.litmus.LitmusTest.Or;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LitmusTest} as a {@link Machine}: one CPU per process, one SHARED location per shared
 * variable (every CPU may read and write it).
 *
 * <p>The processes are lowered by {@link FlatProgram}, which covers the part of the dialect the
 * kernel model's primitives do (the constructor fails with a {@link LitmusException} naming the
 * first construct outside it). CPU register 0 is the index of the next statement; register i + 1
 * holds litmus register i. Each routine runs one flattened statement, so a primitive statement is
 * one scheduling step and register statements and jumps are local. Every primitive is called with
 * {@code Site.of("Pn", statement text)}.
 *
 * <p>The properties and metrics are those {@link LitmusRunner} needs; they judge only final states
 * where every process finished (a state with a process blocked for ever, e.g. in {@code spin_lock},
 * is not an execution of the test, as in herd7, and is reported by the checker's own {@code
 * deadlock-free} property).
 */
public final class LitmusMachine implements Machine {
  /** Property id: violated iff some final state satisfies the clause's body. */
  public static final String BODY_NEVER = "body-never";

  /** Property id: violated iff some final state does not satisfy the clause's body. */
  public static final String BODY_ALWAYS = "body-always";

  private final LitmusTest test;
  private final MemoryLayout layout;
  private final ImmutableMap<String, Loc> locs;
  private final ImmutableList<CpuProgram> programs;
  private final ImmutableList<Property> properties;
  private final ImmutableList<Metric> metrics;

  /**
   * Builds the machine for {@code test}, with extra metrics over final states.
   *
   * @throws LitmusException if the test uses something the operational engine does not run
   */
  public LitmusMachine(LitmusTest test, ImmutableList<Metric> metrics) throws LitmusException {
    this.test = test;
    MemoryLayout.Builder b = MemoryLayout.builder(test.processes().size());
    Map<String, Loc> m = new LinkedHashMap<>();
    for (LitmusTest.Location l : test.locations()) {
      if (!(l.initial() instanceof LitmusTest.Value.Int i)) {
        throw new LitmusException(
            test.file(),
            1,
            1,
            "unsupported by the operational engine:"
                + " a pointer as the initial value of "
                + l.name()
                + " (the exact lkmm engine runs"
                + " it)");
      }
      m.put(l.name(), b.shared(l.name(), b.allCpus(), b.allCpus(), i.value()));
    }
    this.layout = b.build();
    this.locs = ImmutableMap.copyOf(m);
    ImmutableList.Builder<CpuProgram> ps = ImmutableList.builder();
    for (LitmusTest.Process p : test.processes()) {
      ps.add(new Program(p, FlatProgram.lower(test, p)));
    }
    this.programs = ps.build();
    String body = test.clause().text();
    this.properties =
        ImmutableList.of(
            property(BODY_NEVER, "No final state satisfies the body of: " + body, false),
            property(BODY_ALWAYS, "Every final state satisfies the body of: " + body, true));
    this.metrics = metrics;
  }

  public LitmusMachine(LitmusTest test) throws LitmusException {
    this(test, ImmutableList.of());
  }

  public LitmusTest test() {
    return test;
  }

  /** The location of a shared variable. */
  public Loc loc(String var) {
    Loc l = locs.get(var);
    if (l == null) {
      throw new IllegalArgumentException("no shared variable " + var);
    }
    return l;
  }

  @Override
  public String description() {
    return "litmus " + test.name();
  }

  @Override
  public MemoryLayout layout() {
    return layout;
  }

  @Override
  public CpuProgram program(int cpu) {
    return programs.get(cpu);
  }

  @Override
  public ImmutableList<Property> properties() {
    return properties;
  }

  @Override
  public ImmutableList<Metric> metrics() {
    return metrics;
  }

  /** Whether every process has finished: only such states are final states of the test. */
  public boolean complete(StateView s) {
    for (int c = 0; c < programs.size(); c++) {
      if (!s.finished(c)) {
        return false;
      }
    }
    return true;
  }

  /** The value of an observed location ({@code proc < 0}: shared variable) in a state. */
  public int value(StateView s, LitmusTest.Observed at) {
    if (at.proc() < 0) {
      return s.value(loc(at.name()));
    }
    return s.register(at.proc(), test.processes().get(at.proc()).register(at.name()) + 1);
  }

  /** Whether the proposition holds in a state. */
  public boolean holds(Cond c, StateView s) {
    if (c instanceof And a) {
      return holds(a.l(), s) && holds(a.r(), s);
    } else if (c instanceof Or o) {
      return holds(o.l(), s) || holds(o.r(), s);
    } else if (c instanceof Not n) {
      return !holds(n.c(), s);
    } else if (c instanceof Bool b) {
      return b.value();
    }
    Atom a = (Atom) c;
    return a.value() instanceof LitmusTest.Value.Int i && value(s, a.at()) == i.value();
  }

  private Property property(String id, String statement, boolean wanted) {
    Cond body = test.clause().body();
    return Property.terminal(
        id,
        statement,
        state -> !complete(state) || holds(body, state) == wanted,
        state ->
            id
                + ": final state "
                + (wanted ? "does not satisfy" : "satisfies")
                + " "
                + test.clause().text());
  }

  /** Interprets one process, one flattened statement per routine. */
  private final class Program implements CpuProgram {
    private final LitmusTest.Process proc;
    private final ImmutableList<Instr> code;
    private final Site[] sites;

    Program(LitmusTest.Process proc, ImmutableList<Instr> code) {
      this.proc = proc;
      this.code = code;
      this.sites = new Site[code.size()];
      for (int i = 0; i < sites.length; i++) {
        if (code.get(i) instanceof Prim p) {
          sites[i] = Site.of(proc.name(), p.text());
        }
      }
    }

    @Override
    public String name() {
      return proc.name();
    }

    @Override
    public int registers() {
      return 1 + proc.registers().size();
    }

    @Override
    public boolean step(Kernel k) {
      int pc = k.reg(0);
      if (pc >= code.size()) {
        return false;
      }
      int n = registers();
      int[] regs = new int[n];
      for (int i = 0; i < n; i++) {
        regs[i] = k.reg(i);
      }
      int next = pc + 1;
      Instr in = code.get(pc);
      if (in instanceof Assign a) {
        k.setReg(a.reg() + 1, a.value().eval(regs, 1));
      } else if (in instanceof Jump j) {
        next = j.target();
      } else if (in instanceof JumpIfZero j) {
        if (j.cond().eval(regs, 1) == 0) {
          next = j.target();
        }
      } else {
        Prim p = (Prim) in;
        int v = primitive(k, p, sites[pc], regs);
        if (p.dest() >= 0) {
          k.setReg(p.dest() + 1, v);
        }
      }
      k.setReg(0, next);
      return true;
    }

    @SuppressWarnings("StatementSwitchToExpressionSwitch") // one return per primitive reads best
    private int primitive(Kernel k, Prim p, @Nullable Site siteOrNull, int[] regs) {
      Site site = Objects.requireNonNull(siteOrNull);
      Loc x = p.var().isEmpty() ? null : loc(p.var());
      int a = p.a() == null ? 0 : p.a().eval(regs, 1);
      int b = p.b() == null ? 0 : p.b().eval(regs, 1);
      switch (p.op()) {
        case READ_ONCE:
          return k.READ_ONCE(nn(x), site);
        case WRITE_ONCE:
          k.WRITE_ONCE(nn(x), a, site);
          return 0;
        case LOAD_ACQUIRE:
          return k.smp_load_acquire(nn(x), site);
        case STORE_RELEASE:
          k.smp_store_release(nn(x), a, site);
          return 0;
        case SMP_MB:
          k.smp_mb(site);
          return 0;
        case SMP_RMB:
          k.smp_rmb(site);
          return 0;
        case SMP_WMB:
          k.smp_wmb(site);
          return 0;
        case MB_BEFORE_ATOMIC:
          k.smp_mb__before_atomic(site);
          return 0;
        case MB_AFTER_ATOMIC:
          k.smp_mb__after_atomic(site);
          return 0;
        case ATOMIC_READ:
          return k.atomic_read(nn(x), site);
        case ATOMIC_SET:
          k.atomic_set(nn(x), a, site);
          return 0;
        case SPIN_LOCK:
          k.spin_lock(nn(x), site);
          return 0;
        case RMW:
          {
            FlatProgram.Rmw r = Objects.requireNonNull(p.rmw());
            if (!r.returns()) {
              k.atomic_op(r.op(), nn(x), a, site);
              return 0;
            }
            int old = k.atomic_rmw(r.op(), r.ordering(), nn(x), a, b, site);
            return r.returnsNew() ? r.op().apply(old, a) : old;
          }
        case SPIN_UNLOCK:
          k.spin_unlock(nn(x), site);
          return 0;
      }
      throw new IllegalStateException("unknown op " + p.op());
    }

    @Override
    public String describe(int[] registers) {
      int pc = registers[0];
      if (pc >= code.size()) {
        return proc.name() + " (finished)";
      }
      Instr i = code.get(pc);
      return proc.name() + (i instanceof Prim p ? " at " + p.text() : " at statement " + pc);
    }
  }

  private static Loc nn(@Nullable Loc x) {
    return Objects.requireNonNull(x);
  }
}
