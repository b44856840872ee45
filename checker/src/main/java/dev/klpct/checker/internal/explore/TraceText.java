package dev.klpct.checker.internal.explore;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import dev.klpct.api.Site;
import dev.klpct.checker.trace.TraceEvent;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the replaying kernel writes a trace while one is being recorded, and the lines it writes
 * besides the primitives' own ({@link Primitive.Format}). Strings are built only while recording.
 */
final class TraceText {
  private @Nullable List<TraceEvent> sink;
  private int step;

  /** Records the events of step {@code step} into {@code sink}; null: record nothing. */
  void into(@Nullable List<TraceEvent> sink, int step) {
    this.sink = sink;
    this.step = step;
  }

  /** Whether a trace is being recorded. */
  boolean on() {
    return sink != null;
  }

  void add(int cpu, String function, String text, TraceEvent.Kind kind) {
    List<TraceEvent> t = sink;
    if (t != null) {
      t.add(new TraceEvent(step, cpu, function, text, kind));
    }
  }

  /** An event with what it did to memory. */
  void add(
      int cpu,
      String function,
      String text,
      TraceEvent.Kind kind,
      Optional<TraceEvent.Access> access) {
    List<TraceEvent> t = sink;
    if (t != null) {
      t.add(new TraceEvent(step, cpu, function, text, kind, access));
    }
  }

  /**
   * The access record of a fence at {@code at} (none for the fence a fully ordered RMW implies).
   */
  static Optional<TraceEvent.Access> fenceAccess(Primitive p, boolean ordered, Site at) {
    if (p == Primitive.MB_AFTER_RMW || p.shape != Primitive.Shape.FENCE) {
      return Optional.empty();
    }
    return Optional.of(
        new TraceEvent.Access(
            p.kernelName,
            TraceEvent.Op.FENCE,
            null,
            p.ordering,
            ordered,
            "",
            0,
            0,
            0,
            0,
            at.what(),
            false,
            caller()));
  }

  /** The access record of an executed load, store or RMW. */
  static Optional<TraceEvent.Access> access(
      Primitive p,
      @Nullable RmwOp op,
      Ordering ordering,
      boolean ordered,
      Loc x,
      int operand,
      int expected,
      int found,
      Site at) {
    TraceEvent.Op shape =
        switch (p.shape) {
          case LOAD -> TraceEvent.Op.LOAD;
          case STORE -> TraceEvent.Op.STORE;
          default -> TraceEvent.Op.RMW;
        };
    return Optional.of(
        new TraceEvent.Access(
            p.kernelName,
            shape,
            shape == TraceEvent.Op.RMW ? op : null,
            ordering,
            ordered,
            x.name(),
            x.initial(),
            operand,
            expected,
            found,
            at.what(),
            p.result != Primitive.Result.NONE,
            caller()));
  }

  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  /**
   * The Java line that called the primitive being traced: the first frame outside the checker and
   * outside every {@link Kernel} (a kernel that delegates, such as one that omits barriers, is not
   * where the call is written). Only while a trace is recorded, so the search never pays for it.
   */
  private static Optional<StackTraceElement> caller() {
    return WALKER.walk(
        frames ->
            frames
                .filter(
                    f ->
                        !f.getClassName().startsWith("dev.klpct.checker.")
                            && !Kernel.class.isAssignableFrom(f.getDeclaringClass()))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement));
  }

  /**
   * The line of an executed access: the primitive's own ({@link Primitive.Format}), then the memory
   * model's remark in brackets.
   *
   * @param ordered whether the site's ordering is in force (else ablation removed it)
   * @param unordered whether this is a {@code test_and_clear_bit()} that returned without ordering
   *     within its step (under sequential consistency, where only the trace can tell)
   */
  static String access(
      Primitive p,
      @Nullable RmwOp op,
      Ordering ordering,
      boolean ordered,
      Loc x,
      int operand,
      int expected,
      int found,
      boolean unordered,
      @Nullable String remark) {
    String text =
        new Primitive.Call(
                p,
                op,
                ordering,
                x,
                operand,
                expected,
                found,
                ablation(p, ordered),
                unordered ? " (unordered: bit was clear)" : "")
            .line();
    return remark == null ? text : text + " [" + remark + "]";
  }

  /** The line of a fence, in its own step or as part of another. */
  static String fence(Primitive p, boolean ordered) {
    return new Primitive.Call(p, null, p.ordering, null, 0, 0, 0, ablation(p, ordered), "").line();
  }

  private static String ablation(Primitive p, boolean ordered) {
    return p.marksAblation && !ordered ? " (removed: ablation)" : "";
  }

  /** {@code await}: {@code wait until flag == 1 (flag = 1)} */
  static String waited(Guard guard, @Nullable Loc loc, int value) {
    return "wait until " + guard + (loc == null ? "" : " (" + loc + " = " + value + ")");
  }

  /** {@code select}: {@code choose alternative 1 of 2} */
  static String chose(int alternative, int of) {
    return "choose alternative " + alternative + " of " + of;
  }

  /** {@code wait_for_propagation}, as a step of its own. */
  static String propagated(int cpu, Site site) {
    return "every store so far is now visible to CPU"
        + cpu
        + ", and what CPU"
        + cpu
        + " had seen to every CPU ("
        + site.what()
        + ")";
  }

  /** {@code rcu_report_qs}, as a step of its own. */
  static String reported(int other, int cpu, Site site) {
    return "CPU"
        + other
        + " reports a quiescent state: what CPU"
        + cpu
        + " had seen is now visible to it ("
        + site.what()
        + ")";
  }

  /** A store of another CPU that a write observer sees entering coherence order. */
  static String coherence(Loc loc, int neu, int byCpu, Site site, int old) {
    return "coherence: "
        + loc
        + " = "
        + neu
        + " stored by CPU"
        + byCpu
        + " in "
        + site.function()
        + " now follows "
        + loc
        + " = "
        + old;
  }
}
