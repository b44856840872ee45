package dev.klpct.checker.explore;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Loc;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.StateView;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.Step;
import dev.klpct.checker.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-runs a schedule on a machine and records every primitive, fence, note and violation.
 * Deterministic: the same machine and steps give the same events.
 */
public final class Tracer {
  private Tracer() {}

  /** The result of a replay: the events and the final state. */
  public record Replay(
      ImmutableList<TraceEvent> events, StateView finalState, boolean completed, String failure) {}

  /**
   * Replays {@code steps} under the memory model, test_and_clear_bit ordering and weakened sites of
   * {@code options}.
   */
  public static Replay replay(Machine machine, List<Step> steps, CheckOptions options) {
    Loc[] layout = machine.layout().locations().toArray(new Loc[0]);
    int cpus = machine.cpus();
    CpuProgram[] programs = new CpuProgram[cpus];
    Frame[] frames = new Frame[cpus];
    for (int c = 0; c < cpus; c++) {
      programs[c] = machine.program(c);
      frames[c] = new Frame(programs[c].registers());
    }
    int[] mem = new int[layout.length];
    for (Loc l : layout) {
      mem[l.index()] = l.initial();
    }
    SiteTable sites = new SiteTable();
    WeakMemory weak = WeakMemory.create(options.memoryModel(), layout, cpus, sites);
    WeakMemory.State ws = new WeakMemory.State();
    if (weak != null) {
      weak.init(ws, mem);
    }
    ModelKernel k =
        new ModelKernel(
            layout,
            programs,
            Explorer.observersOf(machine, layout),
            options.testAndClearFailureOrdered(),
            weak,
            sites,
            options.weakened(),
            ModelKernel.fenceOrderLoc(layout, cpus));
    k.weakState(ws);
    List<TraceEvent> events = new ArrayList<>();
    k.traceInto(null, 0);
    for (int c = 0; c < cpus; c++) {
      k.setup(mem, frames[c], c);
    }
    Explorer.View view = new Explorer.View();
    view.mem = mem;
    view.frames = frames;
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (s.cpu() >= cpus) {
        return new Replay(
            ImmutableList.copyOf(events),
            view,
            false,
            "step " + (i + 1) + " names CPU" + s.cpu() + " but the machine has " + cpus);
      }
      k.traceInto(events, i);
      ModelKernel.Outcome o =
          s.choice() == Step.FLUSH
              ? k.runFlush(mem, frames[s.cpu()], s.cpu())
              : k.runStep(mem, frames[s.cpu()], s.cpu(), s.choice());
      k.traceInto(null, i);
      if (o == ModelKernel.Outcome.NO_SUCH_CHOICE) {
        return new Replay(
            ImmutableList.copyOf(events),
            view,
            false,
            "step " + (i + 1) + ": CPU" + s.cpu() + " has no choice " + s.choice());
      }
      if (o == ModelKernel.Outcome.ERROR) {
        return new Replay(ImmutableList.copyOf(events), view, true, String.valueOf(k.error));
      }
      if (o != ModelKernel.Outcome.STEPPED) {
        return new Replay(
            ImmutableList.copyOf(events),
            view,
            false,
            "step "
                + (i + 1)
                + ": CPU"
                + s.cpu()
                + " cannot move ("
                + o.name().toLowerCase(java.util.Locale.ROOT)
                + "); the trace does not fit this"
                + " configuration");
      }
      if (s.choice() >= 0 && k.chosen != s.choice() && !(k.chosen < 0 && s.choice() == 0)) {
        return new Replay(
            ImmutableList.copyOf(events),
            view,
            false,
            "step " + (i + 1) + ": CPU" + s.cpu() + " has no choice " + s.choice());
      }
    }
    return new Replay(ImmutableList.copyOf(events), view, true, "");
  }
}
