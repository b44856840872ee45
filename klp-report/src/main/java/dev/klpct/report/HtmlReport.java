package dev.klpct.report;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MetricRange;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.core.KlpMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/*
 * How the page is built
 *
 * Everything a reader must be able to trust is static HTML written here: the verdict matrix
 * (one row per strategy and memory model, the cell texts exactly those of the text report),
 * the ablation and benchmark tables, and every counterexample as a <details> holding the
 * CPU-column diagram in a <pre>. A VIOLATED cell is a link to its <details>; the page script
 * opens it, and without script the anchor still scrolls to it.
 *
 * The charts are drawn by Chart.js (MIT licence), read from the WebJar on the class path and
 * inlined, with the page script (report.js) and style (report.css) from this package. The
 * chart data goes into a <script type="application/json"> written by Gson, whose default
 * HTML-safe escaping keeps "</script>" out of it. The script marks each chart container
 * data-rendered="true" once Chart.js has drawn it on a canvas of non-zero size, writes any
 * script error into #js-errors, and sets data-ready="true" on <body> when it is done, which is
 * what the headless-browser test looks at.
 *
 * The output is a pure function of the report: no clock, no random ids, so two runs of the
 * same comparison give the same bytes.
 */
public final class HtmlReport {
  private static final Escaper ESC = HtmlEscapers.htmlEscaper();
  private static final Pattern UNSAFE_ID = Pattern.compile("[^A-Za-z0-9._-]");
  private static final Pattern SCRIPT_END = Pattern.compile("</(script)", Pattern.CASE_INSENSITIVE);

  private static final String CHARTJS_PROPERTIES =
      "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

  private static final Supplier<String> CHART_JS = Suppliers.memoize(HtmlReport::loadChartJs);

  private final Comparison report;
  private final StringBuilder out = new StringBuilder(1 << 16);

  /** Counterexample anchor per (strategy, model, contract), assigned in matrix order. */
  private final Map<String, String> anchors = new LinkedHashMap<>();

  private HtmlReport(Comparison report) {
    this.report = report;
  }

  /** Whether {@code report} has an HTML form: the comparison and the litmus report have one. */
  public static boolean supports(Report report) {
    return report instanceof Comparison || report instanceof LitmusReport;
  }

  /**
   * The HTML page of {@code report}: HTML5, UTF-8, with Chart.js and every script and style
   * inlined, so that it opens from disk with no network.
   *
   * @throws IllegalArgumentException for a report without an HTML form (see {@link #supports})
   */
  public static String print(Report report) {
    if (report instanceof LitmusReport l) {
      return litmus(l);
    }
    if (!(report instanceof Comparison c)) {
      throw new IllegalArgumentException(
          "no HTML form for " + report.getClass().getSimpleName() + " (text or json)");
    }
    HtmlReport p = new HtmlReport(c);
    p.assignAnchors();
    p.page();
    return p.out.toString();
  }

  // ---------------------------------------------------------------------------------------
  // Page frame

  private void page() {
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(ESC.escape(report.title()))
        .append("</title>\n");
    // First, so that an error while Chart.js loads is caught too.
    script(resource("errors.js"));
    out.append("<style>\n").append(resource("report.css")).append("</style>\n");
    script(CHART_JS.get());
    out.append("</head>\n<body data-ready=\"false\">\n");
    out.append("<header>\n<h1>").append(ESC.escape(report.title())).append("</h1>\n");
    if (!report.options().isEmpty()) {
      out.append("<p class=\"scenario\">Scenario: <code>")
          .append(ESC.escape(report.options()))
          .append("</code>")
          .append(
              report.options().contains("--sync ")
                  ? ""
                  : " (sync: each strategy's default unless --sync)")
          .append("</p>\n");
    }
    out.append("<div id=\"js-errors\" hidden></div>\n");
    nav();
    out.append("</header>\n<main>\n");
    matrix();
    charts();
    if (!report.ablation().isEmpty()) {
      ablation();
    }
    if (!report.benchmarks().isEmpty()) {
      benchmarks();
    }
    counterexamples();
    out.append("</main>\n<footer><p>Made by klpct. Charts drawn with Chart.js ")
        .append(ESC.escape(chartJsVersion()))
        .append(" (MIT licence, &copy; Chart.js Contributors), inlined.</p></footer>\n");
    out.append("<script type=\"application/json\" id=\"klpct-data\">")
        .append(new Gson().toJson(chartData()))
        .append("</script>\n");
    script(resource("report.js"));
    out.append("</body>\n</html>\n");
  }

  private void nav() {
    out.append("<nav><a href=\"#matrix\">Verdicts</a> <a href=\"#charts\">Charts</a>");
    if (!report.ablation().isEmpty()) {
      out.append(" <a href=\"#ablation\">Ablation</a>");
    }
    if (!report.benchmarks().isEmpty()) {
      out.append(" <a href=\"#benchmarks\">Benchmarks</a>");
    }
    if (!anchors.isEmpty()) {
      out.append(" <a href=\"#counterexamples\">Counterexamples</a>");
    }
    out.append("</nav>\n");
  }

  private void script(String js) {
    out.append("<script>\n")
        .append(SCRIPT_END.matcher(js).replaceAll("<\\\\/$1"))
        .append("\n</script>\n");
  }

  // ---------------------------------------------------------------------------------------
  // Verdict matrix

  private void assignAnchors() {
    Map<String, Integer> used = new HashMap<>();
    for (String s : report.strategies()) {
      for (ModelRun run : report.runs()) {
        Optional<StrategyResult> r = report.result(s, run.memoryModel());
        if (r.isEmpty()) {
          continue;
        }
        for (PropertyVerdict v : r.get().report().verdicts()) {
          if (v.verdict() == Verdict.VIOLATED) {
            String base = "cx-" + id(s) + "--" + id(run.memoryModel()) + "--" + id(v.property());
            int n = used.merge(base, 1, Integer::sum);
            anchors.put(key(s, run.memoryModel(), v.property()), n == 1 ? base : base + "-" + n);
          }
        }
      }
    }
  }

  private static String key(String strategy, String model, String contract) {
    return strategy + '\0' + model + '\0' + contract;
  }

  private static String id(String s) {
    return UNSAFE_ID.matcher(s).replaceAll("_");
  }

  private void matrix() {
    ImmutableList<String> contracts = report.contracts();
    out.append("<section id=\"matrix\">\n<h2>Verdicts</h2>\n")
        .append(
            "<p>Strategy &times; contract &times; memory model. A VIOLATED cell links to its"
                + " counterexample; <i>n</i> is the length of the shortest counterexample in"
                + " scheduling steps")
        .append(
            report.allShortest()
                ? ""
                : ", and VIOLATED (&lt;=<i>n</i>) a counterexample of <i>n</i> steps not proven"
                    + " shortest (the search for the shortest one was cut short)")
        .append(
            ". Disturbances and failed attempts: min..max over every execution"
                + " explored.</p>\n");
    out.append(
        "<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th scope=\"col\">"
            + "strategy</th><th scope=\"col\">model</th>");
    Map<String, String> statements = statements();
    for (String c : contracts) {
      out.append("<th scope=\"col\" data-contract=\"")
          .append(ESC.escape(c))
          .append("\" title=\"")
          .append(ESC.escape(statements.getOrDefault(c, "")))
          .append("\">")
          // a line may break after each hyphen, so that the matrix fits a laptop's width
          .append(ESC.escape(c).replace("-", "-<wbr>"))
          .append("</th>");
    }
    out.append(
        "<th scope=\"col\">disturbances</th><th scope=\"col\">failed attempts</th>"
            + "<th scope=\"col\">states</th></tr></thead>\n");
    for (String s : report.strategies()) {
      List<ModelRun> present = new ArrayList<>();
      for (ModelRun run : report.runs()) {
        if (report.result(s, run.memoryModel()).isPresent()) {
          present.add(run);
        }
      }
      out.append("<tbody data-strategy=\"").append(ESC.escape(s)).append("\">\n");
      boolean first = true;
      for (ModelRun run : present) {
        StrategyResult r = report.result(s, run.memoryModel()).orElseThrow();
        out.append("<tr data-strategy=\"")
            .append(ESC.escape(s))
            .append("\" data-model=\"")
            .append(ESC.escape(run.memoryModel()))
            .append("\">");
        if (first) {
          out.append("<th scope=\"rowgroup\" rowspan=\"")
              .append(present.size())
              .append("\">")
              .append(ESC.escape(s))
              .append("</th>");
          first = false;
        }
        out.append("<td class=\"model\">").append(ESC.escape(run.memoryModel())).append("</td>");
        for (String c : contracts) {
          verdictCell(s, run.memoryModel(), c, r.report().verdict(c));
        }
        out.append("<td class=\"num\">")
            .append(TextReport.range(r.report(), KlpMachine.DISTURBANCES))
            .append("</td><td class=\"num\">")
            .append(TextReport.range(r.report(), KlpMachine.FAILED_ATTEMPTS))
            .append("</td><td class=\"num\">")
            .append(String.format(Locale.ROOT, "%,d", r.report().stats().states()))
            .append(r.report().stats().exhaustive() ? "" : " (cut short)")
            .append("</td></tr>\n");
      }
      out.append("</tbody>\n");
    }
    out.append("</table></div>\n");
    out.append(
        "<p class=\"legend\"><span class=\"verdict holds\">HOLDS</span> in every state"
            + " of an exhaustive exploration within the scenario's bounds &middot; <span"
            + " class=\"verdict violated\">VIOLATED</span> with a counterexample &middot; <span"
            + " class=\"verdict inconclusive\">INCONCLUSIVE</span> a budget cut the exploration"
            + " short and nothing was violated in the part explored.</p>\n");
    out.append("</section>\n");
  }

  private Map<String, String> statements() {
    Map<String, String> m = new HashMap<>();
    for (ModelRun run : report.runs()) {
      for (StrategyResult r : run.results()) {
        for (PropertyVerdict v : r.report().verdicts()) {
          m.putIfAbsent(v.property(), v.statement());
        }
      }
    }
    return m;
  }

  private void verdictCell(
      String strategy, String model, String contract, Optional<PropertyVerdict> v) {
    out.append("<td class=\"verdict ");
    if (v.isEmpty()) {
      out.append("missing\" data-contract=\"")
          .append(ESC.escape(contract))
          .append("\" data-verdict=\"\">?</td>");
      return;
    }
    Verdict verdict = v.get().verdict();
    out.append(verdict.name().toLowerCase(Locale.ROOT))
        .append("\" data-contract=\"")
        .append(ESC.escape(contract))
        .append("\" data-verdict=\"")
        .append(verdict.name())
        .append("\">");
    if (verdict == Verdict.VIOLATED) {
      out.append("<a class=\"cx-link\" href=\"#")
          .append(anchors.get(key(strategy, model, contract)))
          .append("\">")
          .append(ESC.escape(TextReport.cell(v.get())))
          .append("</a>");
    } else {
      out.append(ESC.escape(TextReport.cell(v.get())));
    }
    out.append("</td>");
  }

  // ---------------------------------------------------------------------------------------
  // Charts

  private void charts() {
    boolean partial = false;
    for (ModelRun run : report.runs()) {
      for (StrategyResult r : run.results()) {
        partial |= !r.report().stats().exhaustive();
      }
    }
    out.append("<section id=\"charts\">\n<h2>Disturbances and transition length</h2>\n");
    out.append(
        "<p>Each bar spans the minimum to the maximum over every execution of the"
            + " scenario the checker explored, per strategy and memory model; a thin bar at 0"
            + " means 0 in every execution.");
    if (partial) {
      out.append(
          " <strong>Some explorations were cut short: their ranges cover only the"
              + " executions explored.</strong>");
    }
    out.append("</p>\n<div class=\"charts\">\n");
    chartBox(
        "chart-disturbances",
        "NOHZ_FULL disturbances per run of the scenario",
        "IPIs, fake signals and work items sent to NOHZ_FULL CPUs during the scenario's"
            + " transitions (metric "
            + KlpMachine.DISTURBANCES
            + ").",
        320);
    chartBox(
        "chart-failed-attempts",
        "Transition length: failed attempts per run",
        "Failed klp_try_complete_transition() rounds, summed over the scenario's transitions"
            + " (metric "
            + KlpMachine.FAILED_ATTEMPTS
            + "); 0 means every transition"
            + " completed on its first try.",
        320);
    out.append("</div>\n</section>\n");
  }

  private void chartBox(String id, String title, String caption, int height) {
    out.append("<figure class=\"chart-figure\"><figcaption><b>")
        .append(ESC.escape(title))
        .append("</b><br>")
        .append(ESC.escape(caption))
        .append("</figcaption>")
        .append("<div class=\"chart\" id=\"")
        .append(id)
        .append("\" data-rendered=\"false\"" + " style=\"height:")
        .append(height)
        .append("px\"><canvas></canvas></div></figure>\n");
  }

  private JsonObject chartData() {
    JsonArray charts = new JsonArray();
    charts.add(rangeChart("chart-disturbances", KlpMachine.DISTURBANCES, "disturbances"));
    charts.add(rangeChart("chart-failed-attempts", KlpMachine.FAILED_ATTEMPTS, "failed attempts"));
    int i = 0;
    for (List<JmhResult> group : benchmarkGroups().values()) {
      charts.add(scoreChart("chart-jmh-" + ++i, group));
    }
    JsonObject o = new JsonObject();
    o.add("charts", charts);
    return o;
  }

  private JsonObject rangeChart(String id, String metric, String axis) {
    JsonObject c = new JsonObject();
    c.addProperty("id", id);
    c.addProperty("kind", "range");
    c.addProperty("axis", axis);
    JsonArray labels = new JsonArray();
    report.strategies().forEach(labels::add);
    c.add("labels", labels);
    JsonArray datasets = new JsonArray();
    for (ModelRun run : report.runs()) {
      JsonObject ds = new JsonObject();
      ds.addProperty("label", run.memoryModel());
      JsonArray data = new JsonArray();
      for (String s : report.strategies()) {
        Optional<MetricRange> m =
            report.result(s, run.memoryModel()).flatMap(r -> r.report().metric(metric));
        if (m.isPresent()) {
          JsonArray pair = new JsonArray();
          pair.add(m.get().min());
          pair.add(m.get().max());
          data.add(pair);
        } else {
          data.add(JsonNull.INSTANCE);
        }
      }
      ds.add("data", data);
      datasets.add(ds);
    }
    c.add("datasets", datasets);
    return c;
  }

  // ---------------------------------------------------------------------------------------
  // Ablation

  private void ablation() {
    out.append(
        "<section id=\"ablation\">\n<h2>Ablation</h2>\n<p>Each ordering site removed"
            + " on its own and the scenario re-checked under each memory model. <i>not needed</i>:"
            + " no contract breaks without it under any model checked, within the scenario's"
            + " bounds; <i>no new violation</i>: likewise, but some contract is violated even"
            + " with every site in place.</p>\n");
    for (AblationTable t : report.ablation()) {
      out.append("<h3 class=\"ablation-of\" data-strategy=\"")
          .append(ESC.escape(t.strategy()))
          .append("\">")
          .append(ESC.escape(t.strategy()))
          .append("</h3>\n<p class=\"ablation-scenario\">Scenario: ")
          .append(
              t.options().isEmpty()
                  ? "not recorded in the ablation file"
                  : "<code>" + ESC.escape(t.options()) + "</code>")
          .append("; memory models: ")
          .append(
              t.memoryModels().isEmpty()
                  ? "not recorded in the ablation file"
                  : ESC.escape(String.join(", ", t.memoryModels())))
          .append(".</p>\n");
      out.append(
          "<div class=\"scroll\"><table class=\"ablation\" data-strategy=\""
              + ESC.escape(t.strategy())
              + "\">\n<thead><tr><th scope=\"col\">site</th>"
              + "<th scope=\"col\">kernel function</th><th scope=\"col\">ordering</th>"
              + "<th scope=\"col\">without it</th><th scope=\"col\">memory model</th>"
              + "<th scope=\"col\">counterexample</th></tr></thead>\n<tbody>\n");
      for (AblationRow r : t.rows()) {
        out.append("<tr data-strategy=\"")
            .append(ESC.escape(t.strategy()))
            .append("\" data-site=\"")
            .append(ESC.escape(r.site()))
            .append("\" data-outcome=\"")
            .append(r.outcome().name())
            .append("\"><td><code>")
            .append(ESC.escape(r.site()))
            .append("</code></td><td><code>")
            .append(ESC.escape(r.function()))
            .append("()</code></td><td><code>")
            .append(ESC.escape(r.ordering()))
            .append("</code></td><td class=\"")
            .append(r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .append("\">")
            .append(ESC.escape(r.verdict()))
            .append("</td><td>")
            .append(ESC.escape(r.memoryModel().orElse("")))
            .append("</td><td class=\"num\">")
            .append(r.counterexampleLength().map(n -> n + " steps").orElse(""))
            .append("</td></tr>\n");
      }
      out.append("</tbody></table></div>\n");
    }
    out.append("</section>\n");
  }

  // ---------------------------------------------------------------------------------------
  // Benchmarks

  /** Results that share a chart axis: same mode and unit, in file order. */
  private Map<String, List<JmhResult>> benchmarkGroups() {
    Map<String, List<JmhResult>> g = new LinkedHashMap<>();
    for (JmhResult r : report.benchmarks()) {
      g.computeIfAbsent(r.mode() + ", " + r.primary().unit(), k -> new ArrayList<>()).add(r);
    }
    return g;
  }

  private void benchmarks() {
    out.append(
        "<section id=\"benchmarks\">\n<h2>Benchmarks (JMH)</h2>\n<p>Primary score per"
            + " benchmark and parameters; the error bar is JMH's score error, the half-width of its"
            + " 99.9% confidence interval (none drawn when JMH had too few iterations to give"
            + " one). One chart per mode and unit.</p>\n<div class=\"charts\">\n");
    int i = 0;
    for (Map.Entry<String, List<JmhResult>> e : benchmarkGroups().entrySet()) {
      JmhResult first = e.getValue().get(0);
      chartBox(
          "chart-jmh-" + ++i,
          "JMH " + first.mode() + ", " + first.primary().unitText(),
          modeName(first.mode()) + " in " + first.primary().unitText() + ", score ± error.",
          Math.max(160, 90 + 34 * e.getValue().size()));
    }
    out.append(
        "</div>\n<div class=\"scroll\"><table class=\"jmh\">\n<thead><tr>"
            + "<th scope=\"col\">benchmark</th><th scope=\"col\">mode</th>"
            + "<th scope=\"col\">params</th><th scope=\"col\">score ± error</th>"
            + "<th scope=\"col\">secondary metrics</th></tr></thead>\n<tbody>\n");
    for (JmhResult r : report.benchmarks()) {
      out.append("<tr><td title=\"")
          .append(ESC.escape(r.benchmark()))
          .append("\">")
          .append(ESC.escape(r.shortName()))
          .append("</td><td>")
          .append(ESC.escape(r.mode()))
          .append("</td><td>");
      String sep = "";
      for (Map.Entry<String, String> p : r.params().entrySet()) {
        out.append(sep).append(ESC.escape(p.getKey())).append('=').append(ESC.escape(p.getValue()));
        sep = ", ";
      }
      out.append("</td><td class=\"num\">")
          .append(ESC.escape(r.primary().format()))
          .append("</td><td>");
      sep = "";
      for (Map.Entry<String, JmhResult.Metric> m : r.secondary().entrySet()) {
        out.append(sep)
            .append(ESC.escape(m.getKey()))
            .append(": ")
            .append(ESC.escape(m.getValue().format()));
        sep = "<br>";
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody></table></div>\n</section>\n");
  }

  private static String modeName(String mode) {
    return switch (mode) {
      case "thrpt" -> "Throughput";
      case "avgt" -> "Average time";
      case "sample" -> "Sampled time";
      case "ss" -> "Single-shot time";
      default -> mode;
    };
  }

  private static JsonObject scoreChart(String id, List<JmhResult> group) {
    JsonObject c = new JsonObject();
    c.addProperty("id", id);
    c.addProperty("kind", "score");
    c.addProperty("axis", group.get(0).primary().unitText());
    JsonArray labels = new JsonArray();
    JsonArray data = new JsonArray();
    JsonArray errors = new JsonArray();
    JmhResult.chartLabels(group).forEach(labels::add);
    for (JmhResult r : group) {
      data.add(finite(r.primary().score()));
      errors.add(finite(r.primary().error()));
    }
    c.add("labels", labels);
    JsonObject ds = new JsonObject();
    ds.addProperty("label", "score");
    ds.add("data", data);
    ds.add("errors", errors);
    JsonArray datasets = new JsonArray();
    datasets.add(ds);
    c.add("datasets", datasets);
    return c;
  }

  /** JSON has no NaN or infinity: those become null, which the chart leaves out. */
  private static JsonElement finite(double d) {
    return Double.isFinite(d) ? new JsonPrimitive(d) : JsonNull.INSTANCE;
  }

  // ---------------------------------------------------------------------------------------
  // Counterexamples

  private void counterexamples() {
    if (anchors.isEmpty()) {
      return;
    }
    out.append(
        "<section id=\"counterexamples\">\n<h2>Counterexamples</h2>\n<p>One per"
            + " VIOLATED cell: the schedule as CPU columns, time flowing down, one primitive per line"
            + " under the kernel function it belongs to, exactly as <code>klpct check</code> prints"
            + " it.</p>\n");
    for (String s : report.strategies()) {
      for (ModelRun run : report.runs()) {
        Optional<StrategyResult> r = report.result(s, run.memoryModel());
        if (r.isEmpty()) {
          continue;
        }
        for (PropertyVerdict v : r.get().report().verdicts()) {
          if (v.verdict() != Verdict.VIOLATED) {
            continue;
          }
          Counterexample cx = v.counterexample().orElseThrow();
          out.append("<details class=\"cx\" id=\"")
              .append(anchors.get(key(s, run.memoryModel(), v.property())))
              .append("\" data-strategy=\"")
              .append(ESC.escape(s))
              .append("\" data-model=\"")
              .append(ESC.escape(run.memoryModel()))
              .append("\" data-contract=\"")
              .append(ESC.escape(v.property()))
              .append("\"><summary><b>")
              .append(ESC.escape(s))
              .append("</b> under <b>")
              .append(ESC.escape(run.memoryModel()))
              .append("</b>: <b>")
              .append(ESC.escape(v.property()))
              .append("</b> VIOLATED in ")
              .append(cx.length())
              .append(" steps (")
              .append(cx.shortest() ? "shortest" : "not proven shortest")
              .append(")</summary>\n<p class=\"why\">")
              .append(ESC.escape(cx.why()))
              .append("</p>\n<pre class=\"trace\">")
              .append(ESC.escape(r.get().diagram(cx)))
              .append("</pre>\n<p><a href=\"#matrix\">back to the verdicts</a></p></details>\n");
        }
      }
    }
    out.append("</section>\n");
  }

  // ---------------------------------------------------------------------------------------
  // Litmus tests

  /**
   * A litmus report as a page of its own, static HTML with the report's style and no script: the
   * table of {@link TextReport#litmusRow} (agreement and disagreement coloured as verdicts are),
   * each answered test's final states in a {@code <details>} below its row's cells, and the tally.
   */
  static String litmus(LitmusReport r) {
    String title =
        "klpct litmus: " + r.memoryModel().id() + ", " + r.engine().cliName() + " engine";
    StringBuilder b = new StringBuilder(1 << 14);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(ESC.escape(title))
        .append("</title>\n<style>\n")
        .append(resource("report.css"))
        .append("</style>\n</head>\n<body>\n<header>\n<h1>")
        .append(ESC.escape(title))
        .append("</h1>\n</header>\n<main>\n<section id=\"litmus\">\n<div class=\"scroll\">\n")
        .append("<table class=\"litmus\">\n<thead><tr>");
    for (String c : TextReport.LITMUS_COLUMNS) {
      b.append("<th>").append(ESC.escape(c)).append("</th>");
    }
    b.append("<th>final states</th></tr></thead>\n<tbody>\n");
    for (LitmusReport.Test t : r.tests()) {
      ImmutableList<String> cells = TextReport.litmusRow(t);
      String agreement =
          t instanceof LitmusReport.Answered a
              ? a.agrees().map(x -> x ? " holds" : " violated").orElse("")
              : "";
      b.append("<tr>");
      for (int i = 0; i < cells.size(); i++) {
        String column = TextReport.LITMUS_COLUMNS.get(i);
        String cls =
            switch (column) {
              case "expected" -> cells.get(i).isEmpty() ? "" : "verdict" + agreement;
              case "outcome" -> t instanceof LitmusReport.Unreadable ? "verdict violated" : "";
              case "time" -> "num";
              default -> "";
            };
        b.append(cls.isEmpty() ? "<td>" : "<td class=\"" + cls + "\">");
        String text = ESC.escape(cells.get(i));
        b.append(column.equals("file") ? "<code>" + text + "</code>" : text).append("</td>");
      }
      List<String> states = litmusStates(t);
      b.append("<td>");
      if (!states.isEmpty()) {
        b.append("<details><summary>")
            .append(states.size())
            .append(states.size() == 1 ? " state" : " states")
            .append("</summary><pre>");
        states.forEach(s -> b.append(ESC.escape(s)).append('\n'));
        b.append("</pre></details>");
      }
      b.append("</td></tr>\n");
    }
    b.append("</tbody>\n</table>\n</div>\n<p class=\"tally\">")
        .append(ESC.escape(TextReport.litmusTally(r)))
        .append("</p>\n</section>\n</main>\n<footer><p>Made by klpct.</p></footer>\n")
        .append("</body>\n</html>\n");
    return b.toString();
  }

  private static List<String> litmusStates(LitmusReport.Test t) {
    if (t instanceof LitmusReport.Exact e) {
      return e.result().states();
    } else if (t instanceof LitmusReport.Operational o) {
      return o.result().states();
    }
    return List.of();
  }

  // ---------------------------------------------------------------------------------------
  // Resources

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " missing from the klpct jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String classpath(String path) {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            path
                + " missing from the class path (the Chart.js"
                + " WebJar org.webjars.npm:chart.js)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String chartJsVersion() {
    Properties p = new Properties();
    try {
      p.load(new StringReader(classpath(CHARTJS_PROPERTIES)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String v = p.getProperty("version");
    if (v == null) {
      throw new IllegalStateException(CHARTJS_PROPERTIES + " has no version");
    }
    return v;
  }

  private static String loadChartJs() {
    return classpath(
        "META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.min.js");
  }
}
