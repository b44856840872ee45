package dev.klpct.cli;

import com.google.common.collect.ImmutableList;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MetricRange;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Stats;
import dev.klpct.checker.Verdict;
import dev.klpct.checker.trace.Step;
import dev.klpct.checker.trace.TraceEvent;
import dev.klpct.checker.trace.TraceRenderer;
import dev.klpct.cli.report.ReportText;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text, Markdown and JSON renderings of check and compare results. Pure functions. */
final class Reports {
  private Reports() {}

  static List<String> cpuNames(KlpMachine m) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < m.cpus(); c++) {
      names.add(m.program(c).name());
    }
    return names;
  }

  static String diagram(KlpMachine m, Counterexample cx) {
    return TraceRenderer.render(cx.events(), cpuNames(m), cx.property() + " VIOLATED: " + cx.why());
  }

  static String text(KlpMachine m, CheckReport r, List<PropertyVerdict> shown, boolean stats) {
    StringBuilder b = new StringBuilder();
    b.append("klpct check --strategy ")
        .append(m.strategy().name())
        .append(' ')
        .append(m.config().toOptions(m.sync()))
        .append(
            r.memoryModel() == dev.klpct.checker.MemoryModel.SC
                ? ""
                : " --memory-model " + r.memoryModel().id())
        .append('\n');
    b.append(m.strategy().name()).append(": ").append(m.strategy().description()).append("\n\n");
    int w = 10;
    for (PropertyVerdict v : shown) {
      w = Math.max(w, v.property().length());
    }
    b.append(
        String.format(
            Locale.ROOT, "  %-" + w + "s  %-16s %s%n", "contract", "verdict", "statement"));
    for (PropertyVerdict v : shown) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-" + w + "s  %-16s %s%n",
              v.property(),
              ReportText.cell(v),
              v.statement()));
    }
    if (!r.unorderedPairs().isEmpty()) {
      b.append(
          "\n  lkmm: no contract HOLDS, because the view machine orders these reads before the"
              + " later stores (no load buffering) where the LKMM need not; contracts not violated"
              + " are INCONCLUSIVE (docs/memory-models.md, the load-buffering guard):\n");
      for (String p : r.unorderedPairs()) {
        b.append("    ").append(p).append('\n');
      }
    }
    if (!r.stats().exhaustive()) {
      b.append("\n  exploration cut short: ")
          .append(r.stats().stopReason())
          .append(
              String.format(
                  Locale.ROOT,
                  " after %,d states; contracts not violated so far" + " are INCONCLUSIVE%n",
                  r.stats().states()));
    }
    for (PropertyVerdict v : shown) {
      if (v.verdict() != Verdict.VIOLATED) {
        continue;
      }
      Counterexample cx = v.counterexample().get();
      b.append(
          String.format(
              Locale.ROOT,
              "%nCounterexample for %s (%d steps, %s):%n%n",
              v.property(),
              cx.length(),
              cx.shortest() ? "shortest" : "not proven shortest"));
      b.append(diagram(m, cx));
    }
    if (stats) {
      b.append('\n').append(statsLine(r)).append('\n');
    }
    return b.toString();
  }

  static String statsLine(CheckReport r) {
    Stats s = r.stats();
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "stats: %,d states, %,d transitions, %,d terminal, depth %d, %.3f s, %,.0f states/s,"
                    + " %.1f bytes/state, peak heap %,d MiB, %d thread%s, reduction %s, %s",
                s.states(),
                s.transitions(),
                s.terminalStates(),
                s.depth(),
                s.wallSeconds(),
                s.statesPerSecond(),
                s.bytesPerState(),
                s.peakHeapBytes() >> 20,
                s.threads(),
                s.threads() == 1 ? "" : "s",
                s.reduction() ? "on" : "off",
                s.exhaustive() ? "exhaustive" : "cut short: " + s.stopReason()));
    for (MetricRange mr : r.metrics()) {
      b.append(String.format(Locale.ROOT, "; %s %d..%d", mr.id(), mr.min(), mr.max()));
    }
    return b.toString();
  }

  static JsonObject config(KlpMachine m, CheckReport r) {
    KlpConfig c = m.config();
    JsonObject o = new JsonObject();
    o.addProperty("nohzCpus", c.nohzCpus());
    o.addProperty("sleepingTasks", c.sleepingTasks());
    o.addProperty("episodes", c.episodes());
    o.addProperty("retries", c.retries());
    o.addProperty("signalAfter", c.signalAfter());
    o.addProperty("transitions", c.transitions());
    o.addProperty("reverse", c.reverse());
    o.addProperty("nmi", c.nmi());
    o.addProperty("sync", m.sync().cliName());
    o.addProperty("testAndClear", c.testAndClear().cliName());
    o.addProperty("reverseOrder", c.reverseOrder().cliName());
    o.addProperty("memoryModel", r.memoryModel().id());
    o.addProperty("options", c.toOptions(m.sync()));
    return o;
  }

  static JsonObject stats(CheckReport r) {
    Stats s = r.stats();
    JsonObject o = new JsonObject();
    o.addProperty("states", s.states());
    o.addProperty("transitions", s.transitions());
    o.addProperty("terminalStates", s.terminalStates());
    o.addProperty("depth", s.depth());
    o.addProperty("wallSeconds", s.wallSeconds());
    o.addProperty("statesPerSecond", s.statesPerSecond());
    o.addProperty("peakHeapBytes", s.peakHeapBytes());
    o.addProperty("storeBytes", s.storeBytes());
    o.addProperty("bytesPerState", s.bytesPerState());
    o.addProperty("threads", s.threads());
    o.addProperty("reduction", s.reduction());
    o.addProperty("exhaustive", s.exhaustive());
    if (!s.exhaustive()) {
      o.addProperty("stopReason", s.stopReason());
    }
    return o;
  }

  static JsonObject metrics(CheckReport r) {
    JsonObject o = new JsonObject();
    for (MetricRange mr : r.metrics()) {
      JsonObject x = new JsonObject();
      x.addProperty("min", mr.min());
      x.addProperty("max", mr.max());
      o.add(mr.id(), x);
    }
    return o;
  }

  static JsonObject verdict(PropertyVerdict v) {
    JsonObject o = new JsonObject();
    o.addProperty("contract", v.property());
    o.addProperty("verdict", v.verdict().name());
    o.addProperty("statement", v.statement());
    v.counterexample().ifPresent(cx -> o.add("counterexample", counterexample(cx)));
    return o;
  }

  static JsonObject counterexample(Counterexample cx) {
    JsonObject o = new JsonObject();
    o.addProperty("length", cx.length());
    o.addProperty("shortest", cx.shortest());
    o.addProperty("why", cx.why());
    JsonArray sched = new JsonArray();
    for (Step s : cx.steps()) {
      JsonObject x = new JsonObject();
      x.addProperty("cpu", s.cpu());
      if (s.choice() >= 0) {
        x.addProperty("choice", s.choice());
      }
      sched.add(x);
    }
    o.add("schedule", sched);
    o.add("steps", events(cx.events()));
    return o;
  }

  /** One JSON object per trace event: step (1-based), cpu, function, text, kind. */
  static JsonArray events(List<TraceEvent> events) {
    JsonArray steps = new JsonArray();
    for (TraceEvent e : events) {
      JsonObject x = new JsonObject();
      x.addProperty("step", e.step() + 1);
      x.addProperty("cpu", e.cpu());
      x.addProperty("function", e.function());
      x.addProperty("text", e.text());
      x.addProperty("kind", e.kind().name().toLowerCase(Locale.ROOT));
      steps.add(x);
    }
    return steps;
  }

  static String json(KlpMachine m, CheckReport r, List<PropertyVerdict> shown, int exit) {
    JsonObject o = new JsonObject();
    o.addProperty("strategy", m.strategy().name());
    o.add("config", config(m, r));
    JsonArray vs = new JsonArray();
    for (PropertyVerdict v : shown) {
      vs.add(verdict(v));
    }
    o.add("verdicts", vs);
    o.add("metrics", metrics(r));
    o.add("stats", stats(r));
    o.addProperty("exitCode", exit);
    return gson(o);
  }

  static String gson(JsonObject o) {
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
  }

  /** One row of the comparison matrix. */
  record Row(KlpMachine machine, CheckReport report) {}

  static String compareText(List<Row> rows, ImmutableList<String> contracts, boolean markdown) {
    List<String> header = new ArrayList<>();
    header.add("strategy");
    header.addAll(contracts);
    header.add("disturbances");
    header.add("failed attempts");
    header.add("states");
    List<List<String>> table = new ArrayList<>();
    for (Row row : rows) {
      List<String> line = new ArrayList<>();
      line.add(row.machine().strategy().name());
      for (String c : contracts) {
        line.add(row.report().verdict(c).map(ReportText::cell).orElse("?"));
      }
      line.add(ReportText.range(row.report(), KlpMachine.DISTURBANCES));
      line.add(ReportText.range(row.report(), KlpMachine.FAILED_ATTEMPTS));
      line.add(String.format(Locale.ROOT, "%,d", row.report().stats().states()));
      table.add(line);
    }
    return table(header, table, markdown, "");
  }

  /**
   * A table as markdown, or as text columns padded to their widest cell with each line prefixed by
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

  /** Cells joined as a markdown row; a {@code |} inside a cell (a C bitwise or) is escaped. */
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

  /** The comparison under several memory models: one {@link #compareJson} object per model. */
  static String compareJson(
      java.util.Map<dev.klpct.checker.MemoryModel, List<Row>> runs, String options) {
    JsonObject o = new JsonObject();
    o.addProperty("options", options);
    JsonArray arr = new JsonArray();
    for (java.util.Map.Entry<dev.klpct.checker.MemoryModel, List<Row>> e : runs.entrySet()) {
      arr.add(compareObject(e.getValue(), options, e.getKey().id()));
    }
    o.add("runs", arr);
    return gson(o);
  }

  static String compareJson(List<Row> rows, String options) {
    return gson(
        compareObject(
            rows, options, rows.isEmpty() ? "sc" : rows.get(0).report().memoryModel().id()));
  }

  private static JsonObject compareObject(List<Row> rows, String options, String model) {
    JsonObject o = new JsonObject();
    o.addProperty("options", options);
    o.addProperty("memoryModel", model);
    JsonArray arr = new JsonArray();
    for (Row row : rows) {
      JsonObject x = new JsonObject();
      x.addProperty("strategy", row.machine().strategy().name());
      x.add("config", config(row.machine(), row.report()));
      JsonArray vs = new JsonArray();
      for (PropertyVerdict v : row.report().verdicts()) {
        JsonObject y = new JsonObject();
        y.addProperty("contract", v.property());
        y.addProperty("verdict", v.verdict().name());
        v.counterexample()
            .ifPresent(
                cx -> {
                  y.addProperty("counterexampleLength", cx.length());
                  y.addProperty("why", cx.why());
                });
        vs.add(y);
      }
      x.add("verdicts", vs);
      x.add("metrics", metrics(row.report()));
      x.add("stats", stats(row.report()));
      arr.add(x);
    }
    o.add("strategies", arr);
    return o;
  }
}
