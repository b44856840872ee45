package dev.klpct.checker.litmus;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * What {@link ExactLitmusRunner} found for one test under the Linux-kernel memory model, in the
 * terms of herd7's {@code Observation} line.
 *
 * @param test the test
 * @param outcome Never, Sometimes or Always: whether no, some or every allowed execution's final
 *     state satisfies the body of the final clause (with no allowed execution: Never)
 * @param positive allowed executions whose final state satisfies the body
 * @param negative allowed executions whose final state does not
 * @param candidates candidate executions checked against the model: well-formed (every read's value
 *     and every branch taken agree with its reads-from) and coherent per location, which the
 *     enumeration ensures before it calls the model
 * @param flags the flags (herd7's {@code Flag} lines) raised by some allowed execution, by their
 *     names in the model, sorted
 * @param states the distinct final states of the allowed executions, restricted to the locations
 *     the final clause and the {@code locations} clause name, sorted
 */
public record ExactResult(
    LitmusTest test,
    Outcome outcome,
    long positive,
    long negative,
    long candidates,
    ImmutableList<String> flags,
    ImmutableList<String> states) {

  public ExactResult {
    requireNonNull(test);
    requireNonNull(outcome);
    requireNonNull(flags);
    requireNonNull(states);
  }

  /** Allowed executions ({@code positive + negative}). */
  public long allowed() {
    return positive + negative;
  }

  /** Whether the test's condition is validated, as herd7 decides it. */
  public boolean validated() {
    return test.clause().validated(outcome);
  }

  /** Whether the outcome agrees with the test's {@code Result:} line, if it has one. */
  public Optional<Boolean> agrees() {
    return test.expected().map(e -> e == outcome);
  }
}
