package dev.klpct.checker.internal.explore;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.program.StateView;
import dev.klpct.checker.trace.Step;
import dev.klpct.checker.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Re-runs a schedule on a model and records every primitive, fence, note and violation.
 * Deterministic: the same model and steps give the same events.
 */
public final class Tracer {
  private Tracer() {}

  /**
   * The result of a replay.
   *
   * @param events what each step did
   * @param finalState the state after the last step replayed
   * @param completed whether every step could be replayed
   * @param failure why not, or empty
   */
  public record Replay(
      ImmutableList<TraceEvent> events, StateView finalState, boolean completed, String failure) {}

  /** Replays {@code steps} on {@code model}. */
  public static Replay replay(ModelInstance model, List<Step> steps) {
    ReplayingKernel k = model.newKernel();
    Frame[] frames = model.newFrames();
    int[] values = new int[model.layout.length];
    model.initial(k, values, new MemoryState(), frames); // a failing setup shows in the steps
    Expander.View view = new Expander.View();
    view.show(values, frames);
    List<TraceEvent> events = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (s.cpu() >= model.cpus) {
        return new Replay(
            ImmutableList.copyOf(events),
            view,
            false,
            "step " + (i + 1) + " names CPU" + s.cpu() + " but the machine has " + model.cpus);
      }
      k.traceInto(events, i);
      StepResult r =
          s.choice() == Step.FLUSH
              ? k.runFlush(values, frames[s.cpu()], s.cpu())
              : k.runStep(values, frames[s.cpu()], s.cpu(), s.choice());
      k.traceInto(null, i);
      if (r.outcome() == StepResult.Outcome.ERROR) {
        return new Replay(ImmutableList.copyOf(events), view, true, String.valueOf(r.error()));
      }
      String failure = misfit(s, i, r);
      if (failure != null) {
        return new Replay(ImmutableList.copyOf(events), view, false, failure);
      }
    }
    return new Replay(ImmutableList.copyOf(events), view, true, "");
  }

  /** Why step {@code i}, {@code s}, did not go as the schedule says, or null if it did. */
  private static @Nullable String misfit(Step s, int i, StepResult r) {
    String at = "step " + (i + 1) + ": CPU" + s.cpu();
    return switch (r.outcome()) {
      case STEPPED ->
          s.choice() >= 0 && r.chosen() != s.choice() && !(r.chosen() < 0 && s.choice() == 0)
              ? at + " has no choice " + s.choice()
              : null;
      case NO_SUCH_CHOICE -> at + " has no choice " + s.choice();
      case BLOCKED, FINISHED, ERROR ->
          at
              + " cannot move ("
              + r.outcome().name().toLowerCase(Locale.ROOT)
              + "); the trace does not fit this configuration";
    };
  }
}
