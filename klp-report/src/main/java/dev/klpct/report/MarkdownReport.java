package dev.klpct.report;

import dev.klpct.checker.MemoryModel;

/**
 * The Markdown form of the reports that are tables ({@link Comparison}, {@link AblationReport}), to
 * paste into a review or an issue. The cells are those of {@link TextReport}.
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  /** Whether {@code report} has a Markdown form. */
  public static boolean supports(Report report) {
    return report instanceof Comparison || report instanceof AblationReport;
  }

  /**
   * The Markdown form of {@code report}.
   *
   * @throws IllegalArgumentException for a report without one (see {@link #supports})
   */
  public static String print(Report report) {
    if (report instanceof Comparison c) {
      return compare(c);
    } else if (report instanceof AblationReport a) {
      return TextReport.ablationTable(a, true)
          + TextReport.alreadyViolated(a)
          + TextReport.undecided(a);
    }
    throw new IllegalArgumentException(
        "no Markdown form for " + report.getClass().getSimpleName() + " (text or json)");
  }

  static String compare(Comparison c) {
    StringBuilder b = new StringBuilder();
    b.append("Scenario: `")
        .append(c.options())
        .append('`')
        .append(
            c.options().contains("--sync ") ? "" : " (sync: each strategy's default unless --sync)")
        .append('\n');
    for (ModelRun run : c.runs()) {
      b.append('\n');
      if (c.runs().size() > 1 || !run.memoryModel().equals(MemoryModel.SC.id())) {
        b.append("Memory model: ").append(run.memoryModel()).append("\n\n");
      }
      b.append(TextReport.matrix(c, run, true));
    }
    b.append('\n');
    b.append(TextReport.violatedLegend(c))
        .append(". Disturbances and failed attempts: min..max over every execution.\n");
    b.append(TextReport.cutShort(c));
    b.append(TextReport.compareStats(c));
    return b.toString();
  }
}
