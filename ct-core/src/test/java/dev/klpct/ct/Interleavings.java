package dev.klpct.ct;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.MemoryLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A small sequentially consistent executor for tests of kernel code: every CPU runs one piece of
 * code; each shared-memory primitive is one atomic step, and {@link #explore} enumerates every
 * interleaving of the steps (the checker module is not on this module's class path).
 *
 * <p>As in the model checker, a CPU's code is re-run from its start for each step, replaying the
 * recorded results of its earlier primitives; notes and ghost updates take effect only after the
 * step's primitive has executed. Accesses are checked against the layout's masks. Blocking
 * primitives are not supported (context tracking never blocks).
 */
final class Interleavings {
  private Interleavings() {}

  /** What happened: a primitive (with the location and the value read or written) or a note. */
  record Event(int cpu, boolean primitive, String text, Loc loc, int value) {
    @Override
    public String toString() {
      return "CPU" + cpu + " " + text;
    }
  }

  /** One complete execution: the events in global order and the final memory. */
  @SuppressWarnings("ArrayRecordComponent") // test-local value, never compared
  record Execution(List<Event> events, int[] memory) {}

  /** Enumerates every complete execution; fails if there are more than {@code limit}. */
  static List<Execution> explore(MemoryLayout layout, List<Consumer<Kernel>> cpus, int limit) {
    List<Execution> out = new ArrayList<>();
    dfs(Run.start(layout, cpus), out, limit);
    return out;
  }

  private static void dfs(Run r, List<Execution> out, int limit) {
    boolean any = false;
    for (int c = 0; c < r.finished.length; c++) {
      if (r.finished[c]) {
        continue;
      }
      any = true;
      Run next = r.copy();
      next.step(c);
      dfs(next, out, limit);
    }
    if (!any) {
      if (out.size() >= limit) {
        throw new AssertionError("more than " + limit + " executions");
      }
      out.add(new Execution(List.copyOf(r.events), r.mem.clone()));
    }
  }

  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  /** The state of one execution in progress; {@link #step} advances one CPU by one primitive. */
  static final class Run {
    final MemoryLayout layout;
    final List<Consumer<Kernel>> code;
    final int[] mem;
    final List<List<Integer>> results = new ArrayList<>();
    final List<List<String>> ops = new ArrayList<>();
    final boolean[] finished;
    final List<Event> events;

    private Run(MemoryLayout layout, List<Consumer<Kernel>> code, int[] mem, List<Event> events) {
      this.layout = layout;
      this.code = code;
      this.mem = mem;
      this.finished = new boolean[code.size()];
      this.events = events;
    }

    static Run start(MemoryLayout layout, List<Consumer<Kernel>> code) {
      if (code.size() != layout.cpus()) {
        throw new IllegalArgumentException("one piece of code per CPU");
      }
      int[] mem = new int[layout.size()];
      for (Loc l : layout.locations()) {
        mem[l.index()] = l.initial();
      }
      Run r = new Run(layout, code, mem, new ArrayList<>());
      for (int c = 0; c < code.size(); c++) {
        r.results.add(new ArrayList<>());
        r.ops.add(new ArrayList<>());
      }
      for (int c = 0; c < code.size(); c++) {
        r.run(c, true); // setup: local code up to the first primitive
      }
      return r;
    }

    Run copy() {
      Run r = new Run(layout, code, mem.clone(), new ArrayList<>(events));
      for (int c = 0; c < code.size(); c++) {
        r.results.add(new ArrayList<>(results.get(c)));
        r.ops.add(new ArrayList<>(ops.get(c)));
        r.finished[c] = finished[c];
      }
      return r;
    }

    /** Runs one step of {@code cpu}. */
    void step(int cpu) {
      if (finished[cpu]) {
        throw new IllegalStateException("CPU" + cpu + " has finished");
      }
      run(cpu, false);
    }

    /** Steps {@code cpu} until it has noted {@code text} (or finished). */
    Run runUntilNote(int cpu, String text) {
      while (!finished[cpu]
          && events.stream()
              .noneMatch(e -> e.cpu() == cpu && !e.primitive() && e.text().equals(text))) {
        step(cpu);
      }
      return this;
    }

    /** Steps {@code cpu} until it finishes. */
    Run runToEnd(int cpu) {
      while (!finished[cpu]) {
        step(cpu);
      }
      return this;
    }

    private void run(int cpu, boolean setup) {
      StepKernel k = new StepKernel(this, cpu, setup);
      try {
        code.get(cpu).accept(k);
        if (k.pos < results.get(cpu).size()) {
          throw new AssertionError(
              "CPU"
                  + cpu
                  + " code is not deterministic: it returned after "
                  + k.pos
                  + " primitives on replay");
        }
        finished[cpu] = true;
      } catch (Stop s) {
        // cut at the primitive after the executed one
      }
    }
  }

  private static final class StepKernel implements Kernel {
    private final Run r;
    private final int cpu;
    private boolean executed;
    int pos;

    StepKernel(Run r, int cpu, boolean setup) {
      this.r = r;
      this.cpu = cpu;
      this.executed = setup;
    }

    private interface Effect {
      int apply(int[] mem);
    }

    /** Replays, or executes one primitive on {@code loc} and logs it as {@code text = result}. */
    private int prim(String op, Loc loc, boolean reads, boolean writes, Effect effect) {
      List<Integer> res = r.results.get(cpu);
      List<String> ops = r.ops.get(cpu);
      String key = op + "@" + (loc == null ? "-" : loc.name());
      if (pos < res.size()) {
        if (!ops.get(pos).equals(key)) {
          throw new AssertionError(
              "CPU"
                  + cpu
                  + " code is not deterministic: "
                  + key
                  + " on replay where "
                  + ops.get(pos)
                  + " was recorded");
        }
        return res.get(pos++);
      }
      if (executed) {
        throw new Stop();
      }
      if (loc != null && reads && !loc.readableBy(cpu)) {
        throw new AssertionError("CPU" + cpu + " reads " + loc + " outside the layout");
      }
      if (loc != null && writes && !loc.writableBy(cpu)) {
        throw new AssertionError("CPU" + cpu + " writes " + loc + " outside the layout");
      }
      if (loc != null && loc.kind() != Loc.Kind.SHARED) {
        throw new AssertionError("primitive on ghost location " + loc);
      }
      int v = effect.apply(r.mem);
      res.add(v);
      ops.add(key);
      pos++;
      executed = true;
      r.events.add(
          new Event(cpu, true, op + "(" + (loc == null ? "" : loc.name()) + ") = " + v, loc, v));
      return v;
    }

    private int rmw(String op, Loc x, java.util.function.IntUnaryOperator f, boolean returnNew) {
      return prim(
          op,
          x,
          true,
          true,
          m -> {
            int old = m[x.index()];
            int neu = f.applyAsInt(old);
            m[x.index()] = neu;
            return returnNew ? neu : old;
          });
    }

    private int load(String op, Loc x) {
      return prim(op, x, true, false, m -> m[x.index()]);
    }

    private void store(String op, Loc x, int v) {
      prim(
          op,
          x,
          false,
          true,
          m -> {
            m[x.index()] = v;
            return v;
          });
    }

    @Override
    public int cpu() {
      return cpu;
    }

    @Override
    public int READ_ONCE(Loc x, Site site) {
      return load("READ_ONCE", x);
    }

    @Override
    public void WRITE_ONCE(Loc x, int v, Site site) {
      store("WRITE_ONCE", x, v);
    }

    @Override
    public int smp_load_acquire(Loc x, Site site) {
      return load("smp_load_acquire", x);
    }

    @Override
    public void smp_store_release(Loc x, int v, Site site) {
      store("smp_store_release", x, v);
    }

    @Override
    public void smp_mb(Site site) {}

    @Override
    public void smp_rmb(Site site) {}

    @Override
    public void smp_wmb(Site site) {}

    @Override
    public void smp_mb__before_atomic(Site site) {}

    @Override
    public void smp_mb__after_atomic(Site site) {}

    @Override
    public boolean test_bit(int nr, Loc addr, Site site) {
      return (load("test_bit", addr) & (1 << nr)) != 0;
    }

    @Override
    public void set_bit(int nr, Loc addr, Site site) {
      rmw("set_bit", addr, v -> v | (1 << nr), true);
    }

    @Override
    public void clear_bit(int nr, Loc addr, Site site) {
      rmw("clear_bit", addr, v -> v & ~(1 << nr), true);
    }

    @Override
    public boolean test_and_set_bit(int nr, Loc addr, Site site) {
      return (rmw("test_and_set_bit", addr, v -> v | (1 << nr), false) & (1 << nr)) != 0;
    }

    @Override
    public boolean test_and_clear_bit(int nr, Loc addr, Site site) {
      return (rmw("test_and_clear_bit", addr, v -> v & ~(1 << nr), false) & (1 << nr)) != 0;
    }

    @Override
    public int atomic_read(Loc v, Site site) {
      return load("atomic_read", v);
    }

    @Override
    public void atomic_set(Loc v, int i, Site site) {
      store("atomic_set", v, i);
    }

    @Override
    public void atomic_or(int i, Loc v, Site site) {
      rmw("atomic_or", v, x -> x | i, true);
    }

    @Override
    public void atomic_andnot(int i, Loc v, Site site) {
      rmw("atomic_andnot", v, x -> x & ~i, true);
    }

    @Override
    public int atomic_add_return(int i, Loc v, Site site) {
      return rmw("atomic_add_return", v, x -> x + i, true);
    }

    @Override
    public int atomic_fetch_or(int i, Loc v, Site site) {
      return rmw("atomic_fetch_or", v, x -> x | i, false);
    }

    @Override
    public int atomic_fetch_andnot(int i, Loc v, Site site) {
      return rmw("atomic_fetch_andnot", v, x -> x & ~i, false);
    }

    @Override
    public int atomic_cmpxchg(Loc v, int old, int neu, Site site) {
      return rmw("atomic_cmpxchg", v, x -> x == old ? neu : x, false);
    }

    @Override
    public int atomic_rmw(
        dev.klpct.api.RmwOp op,
        dev.klpct.api.Ordering ordering,
        Loc v,
        int operand,
        int expected,
        Site site) {
      return rmw(
          op.kernelName() + ordering.suffix(),
          v,
          x -> op == dev.klpct.api.RmwOp.CMPXCHG && x != expected ? x : op.apply(x, operand),
          false);
    }

    @Override
    public void wait_for_propagation(Site site) {
      // sequentially consistent: every store is visible at once
    }

    @Override
    public void rcu_report_qs(int cpu, Guard outside, Site site) {
      // sequentially consistent: every store is visible at once
    }

    @Override
    public void spin_lock(Loc lock, Site site) {
      throw new UnsupportedOperationException("spin_lock");
    }

    @Override
    public void spin_unlock(Loc lock, Site site) {
      throw new UnsupportedOperationException("spin_unlock");
    }

    @Override
    public void await(Guard guard, Site site) {
      throw new UnsupportedOperationException("await");
    }

    @Override
    public int select(Site site, Guard... alternatives) {
      throw new UnsupportedOperationException("select");
    }

    @Override
    public int reg(int index) {
      throw new UnsupportedOperationException("registers");
    }

    @Override
    public void setReg(int index, int value) {
      throw new UnsupportedOperationException("registers");
    }

    @Override
    public int ghost(Loc x) {
      return r.mem[x.index()];
    }

    @Override
    public void setGhost(Loc x, int v) {
      if (x.kind() == Loc.Kind.SHARED) {
        throw new AssertionError("ghost write of shared " + x);
      }
      if (executed) {
        r.mem[x.index()] = v;
      }
    }

    @Override
    public void violate(Loc flags, int bit, String why) {
      if (executed) {
        r.mem[flags.index()] |= bit;
        note("violation: " + why);
      }
    }

    @Override
    public void ghostAdd(Loc counter, int delta) {
      if (executed) {
        r.mem[counter.index()] += delta;
      }
    }

    @Override
    public void note(String text) {
      if (executed) {
        r.events.add(new Event(cpu, false, text, null, 0));
      }
    }

    @Override
    public boolean tracing() {
      return executed;
    }
  }
}
