package dev.klpct.checker.internal.explore;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.Metric;
import dev.klpct.api.program.Property;
import dev.klpct.api.program.StateView;
import dev.klpct.checker.trace.Step;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Judges the states a search reaches, apart from how they are reached: the machine's monotone
 * properties on every state, its terminal properties and the built-in {@code deadlock-free} on
 * terminal states, {@code model-sound} on steps that failed or made a violated monotone property
 * hold again; and the metrics' ranges over terminal states. Keeps, per property, the first
 * violation in the search's order: the shallowest, then the one of the state first in its BFS level
 * (its rank), then the first judged from that state. That is the violation one thread meets first,
 * whichever thread judges it and when. Thread-safe.
 */
final class Judge {

  private final Property[] props;
  private final boolean[] monotone;
  private final CpuProgram[] programs;
  private final Metric[] metrics;
  private final int[] metricMin;
  private final int[] metricMax;
  private final int deadlock;
  private final int sound;
  private final Search.@Nullable Found[] found;

  /** The rank in its level of the state of each {@link #found}, guarded by this. */
  private final int[] foundRank;

  /** Indices of the properties after whose violation the search may stop, or null. */
  private final int @Nullable [] stopAfter;

  private final Runnable allFound;

  /**
   * @param stopAfter ids of properties after whose violation the search stops, or null
   * @param allFound called once every property in {@code stopAfter} has been found violated
   */
  Judge(ModelInstance model, @Nullable List<String> stopAfter, Runnable allFound) {
    this.props = model.properties.toArray(new Property[0]);
    this.monotone = new boolean[props.length];
    for (int i = 0; i < props.length; i++) {
      monotone[i] = props[i].kind() == Property.Kind.MONOTONE;
    }
    this.programs = model.programs;
    this.metrics = model.machine.metrics().toArray(new Metric[0]);
    this.metricMin = new int[metrics.length];
    this.metricMax = new int[metrics.length];
    Arrays.fill(metricMin, Integer.MAX_VALUE);
    Arrays.fill(metricMax, Integer.MIN_VALUE);
    this.deadlock = model.propertyIds.indexOf(BuiltInProperty.DEADLOCK_FREE.id());
    this.sound = model.propertyIds.indexOf(BuiltInProperty.MODEL_SOUND.id());
    this.found = new Search.Found[model.propertyIds.size()];
    this.foundRank = new int[found.length];
    this.stopAfter =
        stopAfter == null
            ? null
            : stopAfter.stream().mapToInt(model.propertyIds::indexOf).filter(i -> i >= 0).toArray();
    this.allFound = allFound;
  }

  /** The number of the machine's own properties. */
  int properties() {
    return props.length;
  }

  /**
   * Judges the monotone properties on state {@code id}, the {@code rank}-th of BFS level {@code
   * depth}, noting in {@code violated} which fail there; returns whether any does.
   */
  boolean monotone(StateView state, long id, int depth, int rank, boolean[] violated) {
    boolean any = false;
    for (int i = 0; i < props.length; i++) {
      violated[i] = false;
      if (monotone[i] && !props[i].holds(state)) {
        violated[i] = true;
        any = true;
        if (!beaten(i, depth)) {
          Property p = props[i];
          record(i, id, depth, rank, null, () -> p.explain(state));
        }
      }
    }
    return any;
  }

  /**
   * Checks that no property {@code violated} at the parent holds again in {@code successor}, the
   * state {@code step} leads to: reduction relies on monotone properties staying violated.
   */
  void stillViolated(
      StateView successor, boolean[] violated, long parent, int depth, int rank, Step step) {
    for (int i = 0; i < props.length; i++) {
      if (violated[i] && props[i].holds(successor)) {
        String id = props[i].id();
        record(
            sound,
            parent,
            depth,
            rank,
            step,
            () ->
                "property "
                    + id
                    + " is declared monotone but holds again after a"
                    + " violation; reduction would be unsound");
      }
    }
  }

  /** Judges terminal state {@code id}: the metrics, the terminal properties and deadlock. */
  void terminal(StateView state, Frame[] frames, long id, int depth, int rank, boolean anyError) {
    metrics(state);
    for (int i = 0; i < props.length; i++) {
      if (!monotone[i] && !beaten(i, depth) && !props[i].holds(state)) {
        Property p = props[i];
        record(i, id, depth, rank, null, () -> p.explain(state));
      }
    }
    if (anyError) {
      return; // a CPU that failed is not waiting
    }
    StringBuilder blocked = null;
    for (int c = 0; c < frames.length; c++) {
      if (!frames[c].finished && !programs[c].quiescent(frames[c].regs)) {
        if (blocked == null) {
          blocked = new StringBuilder();
        } else {
          blocked.append("; ");
        }
        blocked.append(programs[c].describe(frames[c].regs)).append(" waits forever");
      }
    }
    if (blocked != null && !beaten(deadlock, depth)) {
      String why = "deadlock: " + blocked;
      record(deadlock, id, depth, rank, null, () -> why);
    }
  }

  /** The step {@code step} from state {@code id} failed: model or strategy code misbehaved. */
  void failed(long id, int depth, int rank, Step step, String message) {
    record(sound, id, depth, rank, step, () -> message);
  }

  private synchronized void metrics(StateView v) {
    for (int i = 0; i < metrics.length; i++) {
      int x = metrics[i].value(v);
      metricMin[i] = Math.min(metricMin[i], x);
      metricMax[i] = Math.max(metricMax[i], x);
    }
  }

  /**
   * Whether a violation of {@code prop} at a smaller depth is recorded: a violation judged at
   * {@code depth} cannot come first. Read without the lock (so that the states after a violation,
   * which violate a monotone property too, do not all take it): a recorded violation is only ever
   * replaced by an earlier one, so a stale read at worst sends the caller to {@link #record}.
   */
  private boolean beaten(int prop, int depth) {
    Search.Found f = found[prop];
    return f != null && f.depth() < depth;
  }

  /**
   * Records a violation of property {@code prop} judged from the {@code rank}-th state of level
   * {@code depth} if it comes before the one recorded; {@code message} is asked for only then (it
   * reads the state view, which shows the state during this call).
   */
  private synchronized void record(
      int prop, long state, int depth, int rank, @Nullable Step extra, Supplier<String> message) {
    Search.Found f = found[prop];
    if (f != null && (f.depth() < depth || (f.depth() == depth && foundRank[prop] <= rank))) {
      return; // an equal rank is the same state: its first violation stays
    }
    found[prop] = new Search.Found(state, depth, extra, message.get());
    foundRank[prop] = rank;
    int[] stop = stopAfter;
    if (stop != null) {
      boolean all = true;
      for (int i : stop) {
        all &= found[i] != null;
      }
      if (all) {
        allFound.run();
      }
    }
  }

  /** The first violation of each property (in {@link ModelInstance#propertyIds} order), or null. */
  synchronized List<Search.@Nullable Found> found() {
    return Arrays.asList(found.clone());
  }

  /** The range of each metric seen on a terminal state. */
  synchronized ImmutableList<Search.MetricBounds> ranges() {
    ImmutableList.Builder<Search.MetricBounds> b = ImmutableList.builder();
    for (int i = 0; i < metrics.length; i++) {
      if (metricMin[i] <= metricMax[i]) {
        b.add(new Search.MetricBounds(metrics[i].id(), metricMin[i], metricMax[i]));
      }
    }
    return b.build();
  }
}
