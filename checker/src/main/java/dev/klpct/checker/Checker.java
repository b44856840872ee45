package dev.klpct.checker;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Site;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.Property;
import dev.klpct.api.program.StateView;
import dev.klpct.checker.internal.explore.MemoryKind;
import dev.klpct.checker.internal.explore.ModelInstance;
import dev.klpct.checker.internal.explore.OrderingEdit;
import dev.klpct.checker.internal.explore.Search;
import dev.klpct.checker.internal.explore.SearchOptions;
import dev.klpct.checker.internal.explore.StateGraph;
import dev.klpct.checker.internal.explore.Tracer;
import dev.klpct.checker.trace.Step;
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
 * ones, a breadth-first search of the <em>unreduced</em> graph, on the same threads, finds the
 * shortest counterexample of each (the same one on any number of threads, also when the search's
 * state budget cuts it); if it exceeds {@link CheckOptions#shortestBudget()} or the time limit, the
 * first phase's counterexample is used and marked as not proven shortest. The time limit bounds the
 * two phases together. Counterexamples are replayed to record every primitive.
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
    ModelInstance model = model(machine);
    Search search = new Search(model, searchOptions(options, ImmutableList.of()));
    if (orderingSites != null) {
      search.collectOrderingSites();
    }
    Search.Result r = search.run();
    if (orderingSites != null) {
      orderingSites.putAll(search.orderingSites());
    }
    List<String> ids = r.propertyIds();
    List<String> violated = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (r.found().get(i) != null) {
        violated.add(ids.get(i));
      }
    }
    Search.Result shortest = null;
    // The time limit is the whole check's: the shortest search gets what the first phase left,
    // and none when nothing is left (the counterexamples are then not proven shortest).
    Optional<Duration> left =
        options.timeLimit().map(d -> d.minusNanos(options.ticker().read() - start));
    if (!violated.isEmpty() && left.map(d -> !d.isNegative() && !d.isZero()).orElse(true)) {
      CheckOptions so =
          options.toBuilder()
              .maxStates(options.shortestBudget())
              .timeLimit(left)
              .progress(Optional.empty())
              .reduction(false)
              .build();
      shortest = new Search(model, searchOptions(so, ImmutableList.copyOf(violated))).run();
    }
    ImmutableList.Builder<PropertyVerdict> vs = ImmutableList.builder();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      String statement = statementOf(machine, id);
      Search.Found f1 = r.found().get(i);
      Search.Found f2 = shortest == null ? null : shortest.found().get(i);
      if (f1 == null && f2 == null) {
        // The load-buffering guard: a run with unordered read-then-write pairs proves nothing
        // about the LKMM's load-buffering executions (model-sound is about the model, not them).
        boolean proven =
            r.exhaustive()
                && (r.unorderedPairs().isEmpty() || id.equals(BuiltInProperty.MODEL_SOUND.id()));
        vs.add(
            new PropertyVerdict(
                id, statement, proven ? Verdict.HOLDS : Verdict.INCONCLUSIVE, Optional.empty()));
        continue;
      }
      Search.Found f = f2 != null ? f2 : f1;
      StateGraph graph = f2 != null ? requireNonNull(shortest).graph() : r.graph();
      ImmutableList<Step> path = graph.pathTo(requireNonNull(f).state());
      Step extra = f.extra();
      if (extra != null) {
        path = ImmutableList.<Step>builder().addAll(path).add(extra).build();
      }
      Counterexample cx = counterexample(model, id, path, f.message(), f2 != null);
      vs.add(new PropertyVerdict(id, statement, Verdict.VIOLATED, Optional.of(cx)));
    }
    Stats stats =
        new Stats(
            r.states(),
            r.transitions(),
            r.terminalStates(),
            r.depth(),
            r.wallSeconds(),
            r.graph().bytes(),
            options.threads(),
            options.reduction(),
            r.exhaustive(),
            r.stopReason());
    ImmutableList.Builder<MetricRange> metrics = ImmutableList.builder();
    for (Search.MetricBounds m : r.metrics()) {
      metrics.add(new MetricRange(m.id(), m.min(), m.max()));
    }
    return new CheckReport(
        machine.description(),
        options.memoryModel(),
        vs.build(),
        metrics.build(),
        stats,
        r.unorderedPairs().asList());
  }

  /** {@code machine} under the options' memory model and weakened sites. */
  private ModelInstance model(Machine machine) {
    MemoryKind memory =
        switch (options.memoryModel()) {
          case SC -> MemoryKind.SC;
          case TSO -> MemoryKind.TSO;
          case LKMM -> MemoryKind.LKMM;
        };
    ImmutableSet.Builder<OrderingEdit> edits = ImmutableSet.builder();
    for (Edit e : options.edits()) {
      edits.add(
          new OrderingEdit(
              e.site(), e.primitive(), e.location(), e.kind().fence(), e.kind().ordering()));
    }
    return ModelInstance.of(machine, memory, options.weakened(), edits.build());
  }

  private static SearchOptions searchOptions(CheckOptions o, ImmutableList<String> stopAfter) {
    return new SearchOptions(
        o.reduction(),
        o.stepCache(),
        o.maxStates(),
        o.timeLimit(),
        o.threads(),
        o.ticker(),
        o.progress().map(p -> p::progress),
        stopAfter,
        o.stop()::reason);
  }

  private static Counterexample counterexample(
      ModelInstance model, String id, ImmutableList<Step> path, String message, boolean shortest) {
    Tracer.Replay rep = Tracer.replay(model, path);
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
    Tracer.Replay rep = Tracer.replay(model(machine), steps);
    ImmutableList.Builder<String> broken = ImmutableList.builder();
    for (Property p : machine.properties()) {
      if (p.kind() == Property.Kind.MONOTONE && !p.holds(rep.finalState())) {
        String why = whyIn(rep.events(), p.id()).orElse(p.explain(rep.finalState()));
        broken.add(why.startsWith(p.id() + ":") ? why : p.id() + ": " + why);
      }
    }
    for (TraceEvent e : rep.events()) {
      if (e.kind() == TraceEvent.Kind.ERROR) {
        broken.add(BuiltInProperty.MODEL_SOUND.id() + ": " + e.text());
      }
    }
    return new Replayed(
        rep.events(), broken.build(), rep.completed(), rep.failure(), rep.finalState());
  }

  /**
   * The first event of a trace that says why {@code property} broke: a violation event the model
   * prefixed with the property's id, or for {@code model-sound} the first error.
   */
  private static Optional<String> whyIn(List<TraceEvent> events, String property) {
    for (TraceEvent e : events) {
      if ((e.kind() == TraceEvent.Kind.VIOLATION && e.text().startsWith(property + ":"))
          || (e.kind() == TraceEvent.Kind.ERROR
              && property.equals(BuiltInProperty.MODEL_SOUND.id()))) {
        return Optional.of(e.text());
      }
    }
    return Optional.empty();
  }

  /**
   * What a replay showed.
   *
   * @param events what each step did
   * @param violations the properties broken at the end, each with why
   * @param completed whether every step could be replayed
   * @param failure why not, or empty
   * @param finalState the state after the last step replayed
   */
  public record Replayed(
      ImmutableList<TraceEvent> events,
      ImmutableList<String> violations,
      boolean completed,
      String failure,
      StateView finalState) {}

  private static String statementOf(Machine machine, String id) {
    for (Property p : machine.properties()) {
      if (p.id().equals(id)) {
        return p.statement();
      }
    }
    return BuiltInProperty.byId(id).map(BuiltInProperty::statement).orElse(id);
  }
}
