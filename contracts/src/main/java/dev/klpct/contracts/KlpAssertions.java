package dev.klpct.contracts;

import dev.klpct.checker.CheckReport;
import dev.klpct.core.KlpMachine;

/**
 * Entry point of the AssertJ assertions for klpct's types.
 *
 * <pre>{@code
 * import static dev.klpct.contracts.KlpAssertions.assertThat;
 *
 * assertThat(new Checker(options).check(machine))
 *     .isExhaustive()
 *     .holds("consistency", "no-stale-write")
 *     .violates("nohz-undisturbed");
 * }</pre>
 */
public final class KlpAssertions {
  private KlpAssertions() {}

  /** Assertions on a checker report. */
  public static CheckReportAssert assertThat(CheckReport actual) {
    return new CheckReportAssert(actual, null);
  }

  /**
   * Assertions on the report of checking {@code machine}: their failure messages also draw each
   * counterexample involved as CPU columns, as {@code klpct check} prints it.
   */
  public static CheckReportAssert assertThat(CheckReport actual, KlpMachine machine) {
    return new CheckReportAssert(actual, machine);
  }
}
