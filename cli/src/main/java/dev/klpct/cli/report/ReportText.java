package dev.klpct.cli.report;

import dev.klpct.checker.CheckReport;
import dev.klpct.checker.PropertyVerdict;

/** How every klpct report writes a verdict cell and a metric range: one spelling for all. */
public final class ReportText {
  private ReportText() {}

  /** HOLDS, INCONCLUSIVE or VIOLATED (n), n the counterexample's length. */
  public static String cell(PropertyVerdict v) {
    return switch (v.verdict()) {
      case HOLDS -> "HOLDS";
      case INCONCLUSIVE -> "INCONCLUSIVE";
      case VIOLATED -> "VIOLATED (" + v.counterexample().orElseThrow().length() + ")";
    };
  }

  /** min..max of a metric over every execution explored ("-" when there is no such metric). */
  public static String range(CheckReport r, String metric) {
    return r.metric(metric)
        .map(x -> x.min() == x.max() ? Integer.toString(x.min()) : x.min() + ".." + x.max())
        .orElse("-");
  }
}
