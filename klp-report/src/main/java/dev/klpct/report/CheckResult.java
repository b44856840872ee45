package dev.klpct.report;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.litmus.LitmusExport;
import dev.klpct.core.KlpMachine;
import java.util.Collection;
import java.util.Optional;

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
 * @param options the command-line options beyond the scenario and the memory model that the check
 *     was run with, each with its value quoted for a POSIX shell (e.g. {@code --weaken
 *     'klp_update_patch_state: smp_rmb() [Z1]'}): what a command line that reproduces it needs
 * @param litmus the first shown counterexample as a litmus test ({@code --export-litmus}), when
 *     there is one
 */
public record CheckResult(
    StrategyResult result,
    ImmutableList<PropertyVerdict> shown,
    boolean stats,
    int exitCode,
    ImmutableList<String> options,
    Optional<LitmusExport.Exported> litmus)
    implements Report {
  public CheckResult {
    requireNonNull(result);
    requireNonNull(shown);
    requireNonNull(options);
    requireNonNull(litmus);
  }

  /** Every verdict of {@code report}, without figures, with the exit code of its verdicts. */
  public static CheckResult of(KlpMachine machine, CheckReport report) {
    return of(StrategyResult.of(machine, report));
  }

  /** Every verdict of {@code result}, without figures, with the exit code of its verdicts. */
  public static CheckResult of(StrategyResult result) {
    ImmutableList<PropertyVerdict> all = result.report().verdicts();
    return new CheckResult(
        result,
        all,
        false,
        ExitCode.of(CheckReport.overall(all)),
        ImmutableList.of(),
        Optional.empty());
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
    return new CheckResult(result, s, stats, ExitCode.of(CheckReport.overall(s)), options, litmus);
  }

  /** With or without the exploration figures in the text form. */
  public CheckResult withStats(boolean on) {
    return new CheckResult(result, shown, on, exitCode, options, litmus);
  }

  /** With another exit code, e.g. {@link ExitCode#USAGE} when the trace could not be saved. */
  public CheckResult withExitCode(int code) {
    return new CheckResult(result, shown, stats, code, options, litmus);
  }

  /**
   * With these options in the command line that reproduces it, e.g. {@code --weaken 'SITE'} or
   * {@code --classpath DIR}, each with its value quoted for a POSIX shell.
   */
  public CheckResult withOptions(Collection<String> more) {
    return new CheckResult(result, shown, stats, exitCode, ImmutableList.copyOf(more), litmus);
  }

  /** With the first shown counterexample's litmus test. */
  public CheckResult withLitmus(Optional<LitmusExport.Exported> test) {
    return new CheckResult(result, shown, stats, exitCode, options, test);
  }

  /** The first shown counterexample, if a shown contract is violated. */
  public Optional<PropertyVerdict> firstViolated() {
    return shown.stream().filter(v -> v.counterexample().isPresent()).findFirst();
  }

  /**
   * The {@code klpct check} command line that reproduces this check: the strategy, the scenario,
   * the memory model, {@link #options()}, and {@code --contract} with the first violated contract
   * (or the contracts shown, when only some are).
   */
  public String command() {
    StringBuilder b = new StringBuilder("klpct check --strategy ");
    b.append(result.strategy()).append(' ').append(result.options());
    MemoryModel model = result.report().memoryModel();
    b.append(" --memory-model ").append(model.id());
    for (String o : options) {
      b.append(' ').append(o);
    }
    Optional<PropertyVerdict> first = firstViolated();
    if (first.isPresent()) {
      b.append(" --contract ").append(first.get().property());
    } else if (shown.size() < result.report().verdicts().size()) {
      b.append(" --contract ")
          .append(String.join(",", shown.stream().map(PropertyVerdict::property).toList()));
    }
    return b.toString();
  }
}
