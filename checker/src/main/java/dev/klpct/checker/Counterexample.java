package dev.klpct.checker;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.trace.Step;
import dev.klpct.checker.trace.TraceEvent;

/**
 * An execution that breaks a contract.
 *
 * @param property the id of the contract broken
 * @param steps the schedule, replayable with {@link Checker#replay}
 * @param events what each step did, one primitive per event
 * @param why the contract broken and why, in one sentence
 * @param shortest whether the schedule is proven shortest for the contract and configuration (found
 *     by breadth-first search of the unreduced state graph)
 */
public record Counterexample(
    String property,
    ImmutableList<Step> steps,
    ImmutableList<TraceEvent> events,
    String why,
    boolean shortest) {
  public Counterexample {
    requireNonNull(property);
    requireNonNull(steps);
    requireNonNull(events);
    requireNonNull(why);
  }

  /** Number of scheduling steps. */
  public int length() {
    return steps.size();
  }
}
