package dev.klpct.report;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.core.KlpMachine;
import java.util.Collection;

/**
 * What {@code klpct check} reports: one strategy checked, the verdicts asked for, and the exit
 * code.
 *
 * <pre>{@code
 * CheckResult r = CheckResult.of(machine, new Checker(options).check(machine));
 * System.out.print(ReportFormat.TEXT.print(r));   // the verdict table and every diagram
 * }</pre>
 *
 * @param result the strategy checked
 * @param shown the verdicts shown, in the report's order (every verdict unless some were chosen)
 * @param stats whether the text form ends with the exploration figures
 * @param exitCode the command's exit code; by default that of the shown verdicts
 */
public record CheckResult(
    StrategyResult result, ImmutableList<PropertyVerdict> shown, boolean stats, int exitCode)
    implements Report {
  public CheckResult {
    requireNonNull(result);
    requireNonNull(shown);
  }

  /** Every verdict of {@code report}, without figures, with the exit code of its verdicts. */
  public static CheckResult of(KlpMachine machine, CheckReport report) {
    return of(StrategyResult.of(machine, report));
  }

  /** Every verdict of {@code result}, without figures, with the exit code of its verdicts. */
  public static CheckResult of(StrategyResult result) {
    ImmutableList<PropertyVerdict> all = result.report().verdicts();
    return new CheckResult(result, all, false, ExitCode.of(CheckReport.overall(all)));
  }

  /**
   * Only the verdicts of {@code contracts} (all if empty), in the report's order, and the exit code
   * of those.
   *
   * @throws IllegalArgumentException if the report has no verdict for one of them
   */
  public CheckResult withContracts(Collection<String> contracts) {
    for (String c : contracts) {
      checkArgument(result.report().verdict(c).isPresent(), "no verdict for contract %s", c);
    }
    ImmutableList<PropertyVerdict> s =
        contracts.isEmpty()
            ? result.report().verdicts()
            : result.report().verdicts().stream()
                .filter(v -> contracts.contains(v.property()))
                .collect(ImmutableList.toImmutableList());
    return new CheckResult(result, s, stats, ExitCode.of(CheckReport.overall(s)));
  }

  /** With or without the exploration figures in the text form. */
  public CheckResult withStats(boolean on) {
    return new CheckResult(result, shown, on, exitCode);
  }

  /** With another exit code, e.g. {@link ExitCode#USAGE} when the trace could not be saved. */
  public CheckResult withExitCode(int code) {
    return new CheckResult(result, shown, stats, code);
  }
}
