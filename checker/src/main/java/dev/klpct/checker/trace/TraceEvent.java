package dev.klpct.checker.trace;

import static java.util.Objects.requireNonNull;

/**
 * One line of a counterexample: a primitive, fence, note or contract violation on one CPU.
 *
 * @param step index of the scheduling step the event belongs to (0-based)
 * @param cpu the CPU that executed it
 * @param function the kernel function of the call site ({@code ""} for notes without a site)
 * @param text what happened, with the value read or written, e.g. {@code
 *     READ_ONCE(klp_target_state) = 1}
 * @param kind the kind of event
 */
public record TraceEvent(int step, int cpu, String function, String text, Kind kind) {

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
  }
}
