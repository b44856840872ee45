package dev.klpct.checker.litmus;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.Stats;
import java.util.Optional;

/**
 * What {@link LitmusRunner} found for one test on the model checker, under its operational memory
 * model.
 *
 * @param test the test
 * @param model the memory model it was computed under
 * @param outcome how often the clause's body holds in the final states; empty when a budget cut the
 *     exploration short before that was settled
 * @param states the observed final states, restricted to the locations the clause names, in herd7's
 *     notation ({@code 0:r0=1; x=2;}), sorted
 * @param statesComplete whether {@code states} lists every observed final state (false when the
 *     exploration was cut short, when a location took a value outside the candidates tried, or when
 *     there were too many candidate states to try)
 * @param satisfying an execution whose final state satisfies the body, if any
 * @param falsifying an execution whose final state does not satisfy the body, if any
 * @param problems the checker's own findings: blocked processes (such states are not final states
 *     of the test and are left out), model errors
 * @param stats the exploration figures
 */
public record LitmusResult(
    LitmusTest test,
    MemoryModel model,
    Optional<Outcome> outcome,
    ImmutableList<String> states,
    boolean statesComplete,
    Optional<Counterexample> satisfying,
    Optional<Counterexample> falsifying,
    ImmutableList<String> problems,
    Stats stats) {

  public LitmusResult {
    requireNonNull(test);
    requireNonNull(model);
    requireNonNull(outcome);
    requireNonNull(states);
    requireNonNull(satisfying);
    requireNonNull(falsifying);
    requireNonNull(problems);
    requireNonNull(stats);
  }

  /** Whether the test's condition is validated as herd7 decides it, once the outcome is known. */
  public Optional<Boolean> validated() {
    return outcome.map(o -> test.clause().validated(o));
  }

  /**
   * The outcome the test documents for this result's memory model: its {@code x86-TSO:} line under
   * TSO, its {@code Result:} line otherwise.
   */
  public Optional<Outcome> expected() {
    return model == MemoryModel.TSO ? test.expectedTso() : test.expected();
  }

  /** Where {@link #expected()} comes from: {@code "x86-TSO"} or {@code "Result"}. */
  public String expectedSource() {
    return model == MemoryModel.TSO ? "x86-TSO" : "Result";
  }

  /** Whether the outcome agrees with {@link #expected()}, when both are known. */
  public Optional<Boolean> agrees() {
    if (expected().isEmpty() || outcome.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(expected().get() == outcome.get());
  }
}
