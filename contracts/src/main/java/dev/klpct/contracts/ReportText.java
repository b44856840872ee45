package dev.klpct.contracts;

import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Stats;
import dev.klpct.checker.Verdict;
import java.util.Locale;

/** Renders a report for failure messages: the verdict table and the reasons of violations. */
final class ReportText {
  private ReportText() {}

  /** One line per verdict, then the exploration figures. */
  static String table(CheckReport report) {
    int width = 0;
    for (PropertyVerdict v : report.verdicts()) {
      width = Math.max(width, v.property().length());
    }
    StringBuilder sb = new StringBuilder();
    sb.append("verdicts for ")
        .append(report.machine())
        .append(" under ")
        .append(report.memoryModel().id())
        .append('\n');
    for (PropertyVerdict v : report.verdicts()) {
      sb.append(String.format(Locale.ROOT, "  %-" + width + "s  ", v.property()));
      if (v.counterexample().isPresent()) {
        sb.append(String.format(Locale.ROOT, "%-12s ", v.verdict()))
            .append(length(v.counterexample().get()));
      } else {
        sb.append(v.verdict());
      }
      sb.append('\n');
    }
    Stats s = report.stats();
    sb.append(
        String.format(
            Locale.ROOT,
            "  exploration: %d states, %d transitions, depth %d, %s",
            s.states(),
            s.transitions(),
            s.depth(),
            s.exhaustive() ? "exhaustive" : "cut short (" + s.stopReason() + ")"));
    return sb.toString();
  }

  /** A verdict with its counterexample's reason, e.g. for a contract expected to hold. */
  static String verdict(PropertyVerdict v) {
    StringBuilder sb = new StringBuilder();
    sb.append("  ").append(v.property()).append(": ").append(v.verdict());
    if (v.verdict() == Verdict.INCONCLUSIVE) {
      sb.append(" (a budget ran out before the exploration was exhaustive)");
    }
    v.counterexample()
        .ifPresent(
            cx -> sb.append(" (").append(length(cx)).append(")\n    why: ").append(cx.why()));
    return sb.toString();
  }

  private static String length(Counterexample cx) {
    return cx.length() + " steps" + (cx.shortest() ? ", shortest" : "");
  }
}
