package dev.klpct.report;

/**
 * A result of klpct, as one command reports it. Each {@link ReportFormat} prints the kinds it
 * supports; every kind has a text and a JSON form.
 */
public sealed interface Report
    permits CheckResult,
        Comparison,
        AblationReport,
        StressResult,
        ReplayResult,
        RepairReport,
        LitmusReport {

  /**
   * The exit code of the {@code klpct} command that reports this ({@link ExitCode}); the JSON form
   * carries it as {@code exitCode}, except the litmus report's, whose shape is older.
   */
  int exitCode();
}
