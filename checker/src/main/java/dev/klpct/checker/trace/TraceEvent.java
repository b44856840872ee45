package dev.klpct.checker.trace;

import static java.util.Objects.requireNonNull;

import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One line of a counterexample: a primitive, fence, note or contract violation on one CPU.
 *
 * @param step index of the scheduling step the event belongs to (0-based)
 * @param cpu the CPU that executed it
 * @param function the kernel function of the call site ({@code ""} for notes without a site)
 * @param text what happened, with the value read or written, e.g. {@code
 *     READ_ONCE(klp_target_state) = 1}
 * @param kind the kind of event
 * @param access what the primitive did to memory, for a primitive or fence that a litmus test can
 *     express (empty for notes, waits, choices, store-buffer flushes and the full fence that
 *     follows a fully ordered RMW, which is part of the RMW)
 */
public record TraceEvent(
    int step, int cpu, String function, String text, Kind kind, Optional<Access> access) {

  /** An event without a memory access. */
  public TraceEvent(int step, int cpu, String function, String text, Kind kind) {
    this(step, cpu, function, text, kind, Optional.empty());
  }

  /** What an access or fence does, in terms a litmus test can express. */
  public enum Op {
    LOAD,
    STORE,
    RMW,
    FENCE
  }

  /**
   * One executed memory access or fence.
   *
   * @param primitive the kernel primitive called, e.g. {@code test_bit} or {@code smp_rmb}
   * @param op its shape
   * @param rmw the operation of an RMW, else null
   * @param ordering the ordering the call asks for (a fence: {@link Ordering#FULL} for the full
   *     ones, else {@link Ordering#RELAXED})
   * @param ordered whether that ordering is in force (false: removed by ablation)
   * @param location the location accessed ({@code ""} for a fence)
   * @param initial the location's initial value
   * @param operand the value stored, or the RMW's operand (the mask of a bit operation)
   * @param expected a cmpxchg's expected value, else 0
   * @param found the value read (loads and RMWs), else 0
   * @param site the label of the call site ({@code ""} if it has none)
   * @param returns whether the primitive returns a value to its caller: true for loads and for RMWs
   *     such as {@code test_and_set_bit}, false for stores, fences and RMWs such as {@code set_bit}
   *     (from the kernel model's table of primitives, so that a reader of the trace need not know
   *     primitives by name)
   * @param source the Java line that called the primitive (the first caller outside the checker and
   *     outside any {@code Kernel} that delegates to another), when it was recorded
   */
  public record Access(
      String primitive,
      Op op,
      @Nullable RmwOp rmw,
      Ordering ordering,
      boolean ordered,
      String location,
      int initial,
      int operand,
      int expected,
      int found,
      String site,
      boolean returns,
      Optional<StackTraceElement> source) {
    public Access {
      requireNonNull(primitive);
      requireNonNull(op);
      requireNonNull(ordering);
      requireNonNull(location);
      requireNonNull(site);
      requireNonNull(source);
    }

    /** An access without its Java line. */
    public Access(
        String primitive,
        Op op,
        @Nullable RmwOp rmw,
        Ordering ordering,
        boolean ordered,
        String location,
        int initial,
        int operand,
        int expected,
        int found,
        String site,
        boolean returns) {
      this(
          primitive,
          op,
          rmw,
          ordering,
          ordered,
          location,
          initial,
          operand,
          expected,
          found,
          site,
          returns,
          Optional.empty());
    }
  }

  /** Kinds of trace events. */
  public enum Kind {
    PRIMITIVE,
    FENCE,
    NOTE,
    VIOLATION,
    ERROR
  }

  public TraceEvent {
    requireNonNull(function);
    requireNonNull(text);
    requireNonNull(kind);
    requireNonNull(access);
  }
}
