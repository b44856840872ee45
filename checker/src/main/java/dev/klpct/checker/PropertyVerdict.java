package dev.klpct.checker;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The verdict on one contract.
 *
 * @param property contract id
 * @param statement one-line statement of the contract
 * @param verdict the verdict
 * @param counterexample present iff {@code verdict == VIOLATED}
 */
public record PropertyVerdict(
    String property, String statement, Verdict verdict, Optional<Counterexample> counterexample) {
  public PropertyVerdict {
    requireNonNull(property);
    requireNonNull(statement);
    requireNonNull(verdict);
    requireNonNull(counterexample);
    if ((verdict == Verdict.VIOLATED) != counterexample.isPresent()) {
      throw new IllegalArgumentException("a counterexample comes with VIOLATED and only then");
    }
  }
}
