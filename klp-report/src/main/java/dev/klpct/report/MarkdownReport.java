package dev.klpct.report;

import dev.klpct.checker.MemoryModel;
import java.util.List;

/**
 * The Markdown form of the reports that are tables ({@link Comparison}, {@link AblationReport},
 * {@link LitmusReport}) and of a repair, to paste into a review or an issue. The cells are those of
 * {@link TextReport}.
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  /** Whether {@code report} has a Markdown form. */
  public static boolean supports(Report report) {
    return report instanceof Comparison
        || report instanceof AblationReport
        || report instanceof RepairReport
        || report instanceof LitmusReport;
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
    } else if (report instanceof RepairReport r) {
      return TextReport.repair(r, true);
    } else if (report instanceof LitmusReport l) {
      return litmus(l);
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

  /** A heading, one table row per file (final states left to the text form), and the tally. */
  static String litmus(LitmusReport r) {
    StringBuilder b = new StringBuilder();
    b.append("## klpct litmus: ")
        .append(r.memoryModel().id())
        .append(", ")
        .append(r.engine().cliName())
        .append(" engine\n\n");
    b.append(
        Tables.table(
            TextReport.LITMUS_COLUMNS,
            r.tests().stream().<List<String>>map(TextReport::litmusRow).toList(),
            true,
            ""));
    b.append('\n').append(TextReport.litmusTally(r)).append('\n');
    return b.toString();
  }
}
