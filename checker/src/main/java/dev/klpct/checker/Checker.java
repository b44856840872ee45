package dev.klpct.checker;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Site;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.Property;
import dev.klpct.checker.explore.Explorer;
import dev.klpct.checker.explore.Tracer;
import dev.klpct.checker.trace.TraceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@link Machine} exhaustively under the options' memory model.
 *
 * <p>Two phases. First, the whole state graph is explored (with partial-order reduction unless
 * disabled, on the configured threads) and every property gets its verdict. Then, for the violated
 * ones, a single-threaded breadth-first search of the <em>unreduced</em> graph finds the shortest
 * counterexample of each; if it exceeds {@link CheckOptions#shortestBudget()} or the time limit,
 * the first phase's counterexample is used and marked as not proven shortest. The time limit bounds
 * the two phases together. Counterexamples are replayed to record every primitive.
 *
 * <p>A verdict is HOLDS only when the first phase explored every reachable state. Thread-safe: each
 * call works on its own state.
 */
public final class Checker {
  private final CheckOptions options;

  public Checker(CheckOptions options) {
    this.options = options;
  }

  public CheckOptions options() {
    return options;
  }

  public CheckReport check(Machine machine) {
    return check(machine, null);
  }

  /**
   * {@link #check(Machine)}, also putting into {@code orderingSites} every ordering site the
   * exploration executed, with what orders there (for {@link Ablation}).
   */
  CheckReport check(Machine machine, @Nullable Map<Site, String> orderingSites) {
    long start = options.ticker().read();
    Explorer explorer = new Explorer(machine, options, options.reduction(), null);
    if (orderingSites != null) {
      explorer.collectOrderingSites();
    }
    Explorer.Result r = explorer.run();
    if (orderingSites != null) {
      orderingSites.putAll(explorer.orderingSites());
    }
    long peak = Explorer.peakHeapBytes();
    List<String> ids = r.propertyIds();
    List<String> violated = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (r.found().get(i) != null) {
        violated.add(ids.get(i));
      }
    }
    Explorer.Result shortest = null;
    // The time limit is the whole check's: the shortest search gets what the first phase left,
    // and none when nothing is left (the counterexamples are then not proven shortest).
    Optional<Duration> left =
        options.timeLimit().map(d -> d.minusNanos(options.ticker().read() - start));
    if (!violated.isEmpty() && left.map(d -> !d.isNegative() && !d.isZero()).orElse(true)) {
      CheckOptions so =
          options
              .withThreads(1)
              .withMaxStates(options.shortestBudget())
              .withTimeLimit(left)
              .withProgress(Optional.empty());
      shortest = new Explorer(machine, so, false, ImmutableList.copyOf(violated)).run();
    }
    ImmutableList.Builder<PropertyVerdict> vs = ImmutableList.builder();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      String statement = statementOf(machine, id);
      Explorer.Found f1 = r.found().get(i);
      Explorer.Found f2 = shortest == null ? null : shortest.found().get(i);
      if (f1 == null && f2 == null) {
        vs.add(
            new PropertyVerdict(
                id,
                statement,
                r.exhaustive() ? Verdict.HOLDS : Verdict.INCONCLUSIVE,
                Optional.empty()));
        continue;
      }
      Explorer.Found f = f2 != null ? f2 : f1;
      Explorer source = f2 != null ? requireNonNull(shortest).explorer() : explorer;
      ImmutableList<Step> path = source.pathTo(f.state());
      if (f.extra() != null) {
        path = ImmutableList.<Step>builder().addAll(path).add(f.extra()).build();
      }
      Counterexample cx = counterexample(machine, id, path, f.message(), f2 != null);
      vs.add(new PropertyVerdict(id, statement, Verdict.VIOLATED, Optional.of(cx)));
    }
    Stats stats =
        new Stats(
            r.states(),
            r.transitions(),
            r.terminalStates(),
            r.depth(),
            r.wallSeconds(),
            peak,
            r.storeBytes(),
            options.threads(),
            options.reduction(),
            r.exhaustive(),
            r.stopReason());
    return new CheckReport(
        machine.description(), options.memoryModel(), vs.build(), r.metrics(), stats);
  }

  private Counterexample counterexample(
      Machine machine, String id, ImmutableList<Step> path, String message, boolean shortest) {
    Tracer.Replay rep = Tracer.replay(machine, path, options);
    String why = whyIn(rep.events(), id).orElse(message);
    if (!rep.completed()) {
      why = message + " (replay of the counterexample failed: " + rep.failure() + ")";
    }
    return new Counterexample(id, path, rep.events(), why, shortest);
  }

  /**
   * Re-runs a schedule, e.g. one loaded from a trace file, and judges every property at its end.
   */
  public Replayed replay(Machine machine, List<Step> steps) {
    Tracer.Replay rep = Tracer.replay(machine, steps, options);
    ImmutableList.Builder<String> broken = ImmutableList.builder();
    for (Property p : machine.properties()) {
      if (p.kind() == Property.Kind.MONOTONE && !p.holds(rep.finalState())) {
        String why = whyIn(rep.events(), p.id()).orElse(p.explain(rep.finalState()));
        broken.add(why.startsWith(p.id() + ":") ? why : p.id() + ": " + why);
      }
    }
    for (TraceEvent e : rep.events()) {
      if (e.kind() == TraceEvent.Kind.ERROR) {
        broken.add(Explorer.MODEL_SOUND + ": " + e.text());
      }
    }
    return new Replayed(rep.events(), broken.build(), rep.completed(), rep.failure());
  }

  /**
   * The first event of a trace that says why {@code property} broke: a violation event the model
   * prefixed with the property's id, or for {@code model-sound} the first error.
   */
  private static Optional<String> whyIn(List<TraceEvent> events, String property) {
    for (TraceEvent e : events) {
      if ((e.kind() == TraceEvent.Kind.VIOLATION && e.text().startsWith(property + ":"))
          || (e.kind() == TraceEvent.Kind.ERROR && property.equals(Explorer.MODEL_SOUND))) {
        return Optional.of(e.text());
      }
    }
    return Optional.empty();
  }

  /** What a replay showed. */
  public record Replayed(
      ImmutableList<TraceEvent> events,
      ImmutableList<String> violations,
      boolean completed,
      String failure) {}

  private static String statementOf(Machine machine, String id) {
    for (Property p : machine.properties()) {
      if (p.id().equals(id)) {
        return p.statement();
      }
    }
    return switch (id) {
      case Explorer.DEADLOCK_FREE -> "No reachable state leaves a CPU blocked forever.";
      case Explorer.MODEL_SOUND ->
          "Model and strategy code are deterministic, stay within their declared memory and"
              + " throw no exception.";
      default -> id;
    };
  }
}
