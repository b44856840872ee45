package dev.klpct.ct;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.api.program.Property;
import dev.klpct.api.program.StateView;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.Checker;
import dev.klpct.checker.trace.Step;
import dev.klpct.checker.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every execution of small pieces of kernel code, one per CPU, under sequential consistency: the
 * model checker's replaying kernel runs them ({@link Checker#replay}), and a depth-first walk over
 * schedules enumerates every interleaving of their primitives. Each CPU's code is one routine, so
 * it may call at most {@value CpuProgram#MAX_PRIMITIVES_PER_ROUTINE} primitives.
 */
final class Executions {
  private Executions() {}

  /** What happened: a primitive (its trace line) or a note, in global order. */
  record Event(int cpu, boolean primitive, String text) {
    @Override
    public String toString() {
      return "CPU" + cpu + " " + text;
    }
  }

  /** One complete execution: the events in global order and the final state. */
  record Execution(List<Event> events, StateView state) {}

  /** Enumerates every complete execution; fails if there are more than {@code limit}. */
  static List<Execution> explore(MemoryLayout layout, List<Consumer<Kernel>> cpus, int limit) {
    List<Execution> out = new ArrayList<>();
    walk(Run.start(layout, cpus), out, limit);
    return out;
  }

  private static void walk(Run r, List<Execution> out, int limit) {
    boolean any = false;
    for (int c = 0; c < r.cpus(); c++) {
      if (!r.finished(c)) {
        any = true;
        walk(r.then(c), out, limit);
      }
    }
    if (!any) {
      if (out.size() >= limit) {
        throw new AssertionError("more than " + limit + " executions");
      }
      out.add(new Execution(r.events, r.state));
    }
  }

  /** One execution in progress: a schedule, replayed from the start after every step. */
  static final class Run {
    private static final Checker CHECKER = new Checker(CheckOptions.defaults().withThreads(1));

    private final Machine machine;
    private final List<Step> steps;
    List<Event> events = List.of();
    private StateView state;

    private Run(Machine machine, List<Step> steps) {
      this.machine = machine;
      this.steps = steps;
      this.state = replay();
    }

    /**
     * Every CPU past the code before its first primitive, in CPU order (as a CPU's setup runs in
     * the model checker, where a trace would not show its notes).
     */
    static Run start(MemoryLayout layout, List<Consumer<Kernel>> code) {
      if (code.size() != layout.cpus()) {
        throw new IllegalArgumentException("one piece of code per CPU");
      }
      Machine m = new CodeMachine(layout, code);
      List<Step> first = new ArrayList<>();
      for (int c = 0; c < code.size(); c++) {
        first.add(new Step(c, -1));
      }
      return new Run(m, first);
    }

    int cpus() {
      return machine.cpus();
    }

    boolean finished(int cpu) {
      return state.finished(cpu);
    }

    /** This run and then one step of {@code cpu}, as a new run. */
    Run then(int cpu) {
      List<Step> s = new ArrayList<>(steps);
      s.add(new Step(cpu, -1));
      return new Run(machine, s);
    }

    /** Runs one step of {@code cpu}. */
    void step(int cpu) {
      if (finished(cpu)) {
        throw new IllegalStateException("CPU" + cpu + " has finished");
      }
      steps.add(new Step(cpu, -1));
      state = replay();
    }

    /** Steps {@code cpu} until it has noted {@code text} (or finished). */
    Run runUntilNote(int cpu, String text) {
      while (!finished(cpu)
          && events.stream()
              .noneMatch(e -> e.cpu() == cpu && !e.primitive() && e.text().equals(text))) {
        step(cpu);
      }
      return this;
    }

    /** Steps {@code cpu} until it finishes. */
    Run runToEnd(int cpu) {
      while (!finished(cpu)) {
        step(cpu);
      }
      return this;
    }

    private StateView replay() {
      Checker.Replayed r = CHECKER.replay(machine, steps);
      if (!r.completed()) {
        throw new AssertionError("replay failed: " + r.failure());
      }
      List<Event> out = new ArrayList<>();
      for (TraceEvent e : r.events()) {
        switch (e.kind()) {
          case PRIMITIVE -> {
            if (!e.function().equals(CodeMachine.START)) {
              out.add(new Event(e.cpu(), true, e.text()));
            }
          }
          case NOTE -> out.add(new Event(e.cpu(), false, e.text()));
          case VIOLATION -> out.add(new Event(e.cpu(), false, "violation: " + e.text()));
          case FENCE -> {}
          case ERROR -> throw new AssertionError("CPU" + e.cpu() + ": " + e.text());
        }
      }
      events = List.copyOf(out);
      return r.finalState();
    }
  }

  /**
   * The layout plus a private start marker per CPU, and per CPU one routine: a read of its marker
   * (so that the notes before the code's first primitive belong to a step), then the code.
   */
  private static final class CodeMachine implements Machine {
    static final String START = "(start of the code)";
    private static final Site MARKER = Site.of(START, "READ_ONCE(start)");

    private final MemoryLayout layout;
    private final ImmutableList<CpuProgram> programs;

    CodeMachine(MemoryLayout original, List<Consumer<Kernel>> code) {
      MemoryLayout.Builder b = MemoryLayout.builder(original.cpus());
      for (Loc l : original.locations()) {
        b.add(l.name(), l.kind(), l.readers(), l.writers(), l.initial());
      }
      ImmutableList.Builder<CpuProgram> ps = ImmutableList.builder();
      for (int c = 0; c < code.size(); c++) {
        long me = MemoryLayout.Builder.mask(c);
        Loc start = b.shared("start[" + c + "]", me, me, 0);
        Consumer<Kernel> body = code.get(c);
        String name = "CPU" + c;
        ps.add(
            new CpuProgram() {
              @Override
              public String name() {
                return name;
              }

              @Override
              public int registers() {
                return 1;
              }

              @Override
              public boolean step(Kernel k) {
                if (k.reg(0) != 0) {
                  return false;
                }
                k.READ_ONCE(start, MARKER);
                body.accept(k);
                k.setReg(0, 1);
                return true;
              }
            });
      }
      this.layout = b.build();
      this.programs = ps.build();
    }

    @Override
    public String description() {
      return "context-tracking code";
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
      return ImmutableList.of();
    }
  }
}
