package dev.klpct.report;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.core.KlpMachine;
import dev.klpct.jvm.StressReport;
import java.time.Duration;
import java.util.Collection;

/**
 * What {@code klpct stress} reports: one strategy run on real threads for a while, with the
 * contracts judged online ({@code JvmRunner}). What it observed; never that a contract holds.
 *
 * @param strategy the strategy's registry name
 * @param description the strategy's one-line description
 * @param options the scenario as {@code klpct} options, with the sync in effect
 * @param cpus simulated CPUs, one thread each
 * @param report what the runner observed
 * @param shown the contracts shown, in the report's order
 * @param duration how long the run was asked to take
 * @param jitter the spin-wait jitter of the run
 * @param arch the machine's architecture ({@code os.arch})
 * @param interrupted why the run ended before its duration, or empty
 * @param exitCode 1 if a shown contract was observed violated, else 3 if an execution was abandoned
 *     or the run was interrupted, else 0
 */
public record StressResult(
    String strategy,
    String description,
    String options,
    int cpus,
    StressReport report,
    ImmutableList<StressReport.Outcome> shown,
    Duration duration,
    int jitter,
    String arch,
    String interrupted,
    int exitCode)
    implements Report {
  public StressResult {
    requireNonNull(strategy);
    requireNonNull(description);
    requireNonNull(options);
    requireNonNull(report);
    requireNonNull(shown);
    requireNonNull(duration);
    requireNonNull(arch);
    requireNonNull(interrupted);
  }

  /** Every contract of {@code report}, a run of {@code machine} on this JVM's architecture. */
  public static StressResult of(
      KlpMachine machine, StressReport report, Duration duration, int jitter) {
    return new StressResult(
            machine.strategy().name(),
            machine.strategy().description(),
            machine.config().toOptions(machine.sync()),
            machine.cpus(),
            report,
            report.outcomes(),
            duration,
            jitter,
            String.valueOf(System.getProperty("os.arch")),
            "",
            0)
        .withExitCodeOfShown();
  }

  /** Only the contracts of {@code contracts} (all if empty), and the exit code of those. */
  public StressResult withContracts(Collection<String> contracts) {
    ImmutableList<StressReport.Outcome> s =
        report.outcomes().stream()
            .filter(o -> contracts.isEmpty() || contracts.contains(o.property()))
            .collect(ImmutableList.toImmutableList());
    return new StressResult(
            strategy,
            description,
            options,
            cpus,
            report,
            s,
            duration,
            jitter,
            arch,
            interrupted,
            exitCode)
        .withExitCodeOfShown();
  }

  /** The run ended early for {@code reason} (e.g. an interrupt): it is inconclusive at best. */
  public StressResult withInterrupted(String reason) {
    return new StressResult(
            strategy,
            description,
            options,
            cpus,
            report,
            shown,
            duration,
            jitter,
            arch,
            reason,
            exitCode)
        .withExitCodeOfShown();
  }

  private StressResult withExitCodeOfShown() {
    int code =
        shown.stream().anyMatch(StressReport.Outcome::violated)
            ? ExitCode.VIOLATED
            : report.stuck() > 0 || !interrupted.isEmpty() ? ExitCode.INCONCLUSIVE : ExitCode.HOLDS;
    return new StressResult(
        strategy,
        description,
        options,
        cpus,
        report,
        shown,
        duration,
        jitter,
        arch,
        interrupted,
        code);
  }

  /**
   * What a stress run cannot say, said on every run: sampling cannot prove absence, and {@code
   * klpct check} decides.
   */
  public String notice() {
    String check =
        "klpct check --strategy "
            + strategy
            + " decides exhaustively, under sc, tso or lkmm (--memory-model).";
    return exitCode == ExitCode.VIOLATED
        ? "What was not observed is not shown absent: stress testing cannot prove absence; " + check
        : "Stress testing cannot prove absence: " + check;
  }

  /** The violations of the contracts shown, in the order first observed. */
  public ImmutableList<StressReport.Violation> shownViolations() {
    return report.violations().stream()
        .filter(v -> shown.stream().anyMatch(o -> o.property().equals(v.property())))
        .collect(ImmutableList.toImmutableList());
  }

  /** The command line that reproduces the run (the threads' timing aside). */
  public String command() {
    return "klpct stress --strategy "
        + strategy
        + ' '
        + options
        + " --duration "
        + durationText(duration)
        + " --seed "
        + report.seed();
  }

  /** A duration as klpct writes it: {@code 10s}, or {@code 500ms} when not whole seconds. */
  public static String durationText(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
