package dev.klpct.checker.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a trace as the CPU-column diagram kernel developers draw in their mails: one column per
 * CPU, time flowing down, one primitive per line under the kernel function it belongs to, and at
 * the end the contract broken and why. Pure function of its input.
 */
public final class TraceRenderer {
  private static final int MAX_COLUMN = 62;
  private static final int MIN_COLUMN = 28;

  private TraceRenderer() {}

  /**
   * Renders a trace as CPU columns.
   *
   * @param events the trace
   * @param cpuNames column headers, one per CPU
   * @param verdictLine last line, e.g. {@code consistency VIOLATED: ...}; empty for none
   */
  public static String render(List<TraceEvent> events, List<String> cpuNames, String verdictLine) {
    int cpus = cpuNames.size();
    int width = MIN_COLUMN;
    for (String n : cpuNames) {
      width = Math.max(width, n.length() + 2);
    }
    for (TraceEvent e : events) {
      width = Math.max(width, Math.min(MAX_COLUMN, lineText(e).length() + 4));
    }
    StringBuilder out = new StringBuilder();
    StringBuilder header = new StringBuilder("      ");
    StringBuilder rule = new StringBuilder("      ");
    for (int c = 0; c < cpus; c++) {
      header.append(pad(cpuNames.get(c), width));
      rule.append(pad("-".repeat(Math.min(width - 2, cpuNames.get(c).length())), width));
    }
    out.append(header.toString().stripTrailing()).append('\n');
    out.append(rule.toString().stripTrailing()).append('\n');
    String[] lastFunction = new String[cpus];
    int lastStep = -1;
    for (TraceEvent e : events) {
      int c = e.cpu();
      if (c < 0 || c >= cpus) {
        continue;
      }
      String stepLabel = e.step() != lastStep ? String.format("%4d  ", e.step() + 1) : "      ";
      lastStep = e.step();
      List<String> lines = new ArrayList<>();
      if (e.kind() == TraceEvent.Kind.PRIMITIVE || e.kind() == TraceEvent.Kind.FENCE) {
        if (!e.function().equals(lastFunction[c])) {
          lines.add(e.function() + "()");
          lastFunction[c] = e.function();
        }
        lines.addAll(wrap("  " + e.text(), width - 2, "    "));
      } else {
        lastFunction[c] = null;
        lines.addAll(wrap(lineText(e), width - 2, "    "));
      }
      for (String l : lines) {
        out.append(stepLabel).append(" ".repeat(width * c)).append(l).append('\n');
        stepLabel = "      ";
      }
    }
    if (!verdictLine.isEmpty()) {
      out.append('\n');
      for (String l : wrap(verdictLine, Math.max(72, width * cpus), "    ")) {
        out.append("  ").append(l).append('\n');
      }
    }
    return out.toString();
  }

  private static String lineText(TraceEvent e) {
    return switch (e.kind()) {
      case PRIMITIVE, FENCE -> "  " + e.text();
      case NOTE -> "# " + e.text();
      case VIOLATION -> "!! " + e.text();
      case ERROR -> "!! ERROR: " + e.text();
    };
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
  }

  private static List<String> wrap(String text, int width, String indent) {
    List<String> out = new ArrayList<>();
    String rest = text;
    String prefix = "";
    while ((prefix + rest).length() > width && width > indent.length() + 8) {
      String line = prefix + rest;
      int cut = line.lastIndexOf(' ', width);
      if (cut <= prefix.length() + 4) {
        cut = width;
      }
      out.add(line.substring(0, cut).stripTrailing());
      rest = line.substring(cut).stripLeading();
      prefix = indent;
    }
    out.add(prefix + rest);
    return out;
  }
}
