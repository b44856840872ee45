package dev.klpct.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tables as text columns or as Markdown: the one layout of every klpct table. */
final class Tables {
  private Tables() {}

  /**
   * A table as Markdown, or as text columns padded to their widest cell with each line prefixed by
   * {@code indent}.
   */
  static String table(
      List<String> header, List<List<String>> rows, boolean markdown, String indent) {
    StringBuilder b = new StringBuilder();
    if (markdown) {
      b.append("| ").append(markdownCells(header)).append(" |\n");
      b.append("|").append("---|".repeat(header.size())).append('\n');
      for (List<String> line : rows) {
        b.append("| ").append(markdownCells(line)).append(" |\n");
      }
      return b.toString();
    }
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> line : rows) {
        w[i] = Math.max(w[i], line.get(i).length());
      }
    }
    appendRow(b, indent, header, w);
    for (List<String> line : rows) {
      appendRow(b, indent, line, w);
    }
    return b.toString();
  }

  /** Cells joined as a Markdown row; a {@code |} inside a cell (a C bitwise or) is escaped. */
  private static String markdownCells(List<String> cells) {
    List<String> escaped = new ArrayList<>();
    for (String c : cells) {
      escaped.add(c.replace("|", "\\|"));
    }
    return String.join(" | ", escaped);
  }

  private static void appendRow(StringBuilder b, String indent, List<String> cells, int[] w) {
    StringBuilder line = new StringBuilder(indent);
    for (int i = 0; i < cells.size(); i++) {
      line.append(String.format(Locale.ROOT, "%-" + w[i] + "s  ", cells.get(i)));
    }
    b.append(line.toString().stripTrailing()).append('\n');
  }
}
