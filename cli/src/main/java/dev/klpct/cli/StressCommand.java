package dev.klpct.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.jvm.JvmOptions;
import dev.klpct.jvm.JvmRunner;
import dev.klpct.jvm.StressReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code klpct stress}: one strategy on real threads, one per simulated CPU, over and over for a
 * while, with the contracts judged online (the JVM backend, {@link JvmRunner}).
 *
 * <p>Output, in this order: the command line that reproduces the run; the strategy; one line {@code
 * N executions in S s (R executions/s, each U us from start line to end on average), T threads (one
 * per CPU), seed X, jitter J, ARCH}; a table with one row per contract, {@code not observed} or
 * {@code VIOLATED in K of N executions}; if any, the violations, each distinct one once as {@code
 * CONTRACT execution E, CPUc step s (K executions): DESCRIPTION} (or {@code at its end} instead of
 * the CPU and step when the end state showed it); the metrics over the executions that terminated;
 * and a closing sentence. With {@code --format json}, the same as one JSON object ({@link #json}).
 * Exit 1 if a shown contract was observed violated, else 3 if an execution had to be abandoned
 * (stuck), else 0 — which means only that nothing was observed.
 */
@Command(
    name = "stress",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Run one strategy on real threads (one per CPU) repeatedly for a while and"
            + " check the contracts online. Exit 0 nothing observed (which proves nothing),"
            + " 1 a contract observed violated, 2 usage error, 3 an execution got stuck.")
final class StressCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Option(
      names = "--strategy",
      required = true,
      paramLabel = "NAME",
      description = "Strategy to run (see klpct list).")
  String strategy;

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Option(
      names = "--duration",
      paramLabel = "D",
      description = "How long to run, e.g. 500ms, 10s, 2m (default: ${DEFAULT-VALUE}).")
  String duration = "10s";

  @Option(
      names = "--contract",
      split = ",",
      paramLabel = "ID",
      description = "Report only these contracts (default: all).")
  List<String> contracts;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the CPUs' choices and jitter (default: ${DEFAULT-VALUE}).")
  long seed = JvmOptions.DEFAULT_SEED;

  @Option(
      names = "--jitter",
      paramLabel = "N",
      description =
          "Up to N spin-wait iterations before each choice, to vary the timing"
              + " (default: ${DEFAULT-VALUE}; 0 = none).")
  int jitter = JvmOptions.DEFAULT_JITTER;

  @Option(
      names = "--format",
      paramLabel = "text|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "text";

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be text or json, got '" + format + "'");
    }
    Duration d = ExploreOptions.parseDuration("--duration", duration).orElseThrow();
    if (jitter < 0) {
      throw new IllegalArgumentException("--jitter must be >= 0, got " + jitter);
    }
    KlpConfig config = scenario.toConfig();
    KlpMachine m = klpct.machine(strategy, config);
    List<String> wanted = Contracts.validate(contracts);
    JvmOptions o = JvmOptions.defaults().withSeed(seed).withJitter(jitter);
    StressReport r;
    try (JvmRunner runner = new JvmRunner(m, o)) {
      r = runner.runFor(d);
    }
    List<StressReport.Outcome> shown = new ArrayList<>();
    for (StressReport.Outcome oc : r.outcomes()) {
      if (wanted.isEmpty() || wanted.contains(oc.property())) {
        shown.add(oc);
      }
    }
    int exit =
        shown.stream().anyMatch(StressReport.Outcome::violated)
            ? Exit.VIOLATED
            : r.stuck() > 0 ? Exit.INCONCLUSIVE : Exit.HOLDS;
    out.print(
        format.equals("json")
            ? json(m, r, shown, d, jitter, exit)
            : text(m, r, shown, d, jitter, exit));
    out.flush();
    return exit;
  }

  /** The command line that reproduces the run (the choices of the threads' timing aside). */
  private static String commandLine(KlpMachine m, StressReport r, Duration d) {
    return "klpct stress --strategy "
        + m.strategy().name()
        + ' '
        + m.config().toOptions(m.sync())
        + " --duration "
        + format(d)
        + " --seed "
        + r.seed();
  }

  /**
   * The report as JSON: {@code command}, {@code strategy}, {@code options}, {@code seed}, {@code
   * jitter}, {@code arch}, {@code threads}, {@code executions}, {@code wallSeconds}, {@code
   * executionsPerSecond}, {@code meanExecutionMicros}, {@code terminated}, {@code stuck}, {@code
   * contracts} (the shown ones: {@code id}, {@code statement}, {@code observed} ({@code "VIOLATED"}
   * or {@code "not observed"}), {@code violatingExecutions}), {@code violations} of the shown
   * contracts ({@code contract}, {@code execution}, {@code cpu} and {@code step}, -1 when seen on
   * the end state, {@code executions}, {@code description}), {@code omittedViolations}, {@code
   * metrics} ({@code id}, {@code min}, {@code max}, {@code mean}, {@code executions}) and {@code
   * exitCode}.
   */
  static String json(
      KlpMachine m,
      StressReport r,
      List<StressReport.Outcome> shown,
      Duration d,
      int jitter,
      int exit) {
    JsonObject o = new JsonObject();
    o.addProperty("command", commandLine(m, r, d));
    o.addProperty("strategy", m.strategy().name());
    o.addProperty("options", m.config().toOptions(m.sync()));
    o.addProperty("seed", r.seed());
    o.addProperty("jitter", jitter);
    o.addProperty("arch", System.getProperty("os.arch"));
    o.addProperty("threads", m.cpus());
    o.addProperty("executions", r.executions());
    o.addProperty("wallSeconds", r.wallSeconds());
    o.addProperty("executionsPerSecond", r.executionsPerSecond());
    o.addProperty("meanExecutionMicros", r.meanExecutionMicros());
    o.addProperty("terminated", r.terminated());
    o.addProperty("stuck", r.stuck());
    JsonArray contracts = new JsonArray();
    for (StressReport.Outcome oc : shown) {
      JsonObject c = new JsonObject();
      c.addProperty("id", oc.property());
      c.addProperty("statement", oc.statement());
      c.addProperty("observed", oc.violated() ? "VIOLATED" : "not observed");
      c.addProperty("violatingExecutions", oc.violatingExecutions());
      contracts.add(c);
    }
    o.add("contracts", contracts);
    JsonArray violations = new JsonArray();
    for (StressReport.Violation v : shownViolations(r, shown)) {
      JsonObject x = new JsonObject();
      x.addProperty("contract", v.property());
      x.addProperty("execution", v.execution());
      x.addProperty("cpu", v.cpu());
      x.addProperty("step", v.step());
      x.addProperty("executions", v.executions());
      x.addProperty("description", v.description());
      violations.add(x);
    }
    o.add("violations", violations);
    o.addProperty("omittedViolations", r.omittedViolations());
    JsonArray metrics = new JsonArray();
    for (StressReport.MetricSummary ms : r.metrics()) {
      JsonObject x = new JsonObject();
      x.addProperty("id", ms.id());
      x.addProperty("min", ms.min());
      x.addProperty("max", ms.max());
      x.addProperty("mean", ms.mean());
      x.addProperty("executions", ms.executions());
      metrics.add(x);
    }
    o.add("metrics", metrics);
    o.addProperty("exitCode", exit);
    return Reports.gson(o);
  }

  /** The violations of the contracts shown, in the order first observed. */
  private static List<StressReport.Violation> shownViolations(
      StressReport r, List<StressReport.Outcome> shown) {
    List<StressReport.Violation> vs = new ArrayList<>();
    for (StressReport.Violation v : r.violations()) {
      if (shown.stream().anyMatch(oc -> oc.property().equals(v.property()))) {
        vs.add(v);
      }
    }
    return vs;
  }

  static String text(
      KlpMachine m,
      StressReport r,
      List<StressReport.Outcome> shown,
      Duration d,
      int jitter,
      int exit) {
    StringBuilder b = new StringBuilder();
    b.append(commandLine(m, r, d)).append('\n');
    b.append(m.strategy().name()).append(": ").append(m.strategy().description()).append("\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%,d executions in %.2f s (%,.0f executions/s, each %.1f us from start line to end on"
                + " average), %d threads (one per CPU), seed %d, jitter %d, %s%n%n",
            r.executions(),
            r.wallSeconds(),
            r.executionsPerSecond(),
            r.meanExecutionMicros(),
            m.cpus(),
            r.seed(),
            jitter,
            System.getProperty("os.arch")));
    int w = 10;
    int cw = 12;
    List<String> cells = new ArrayList<>();
    for (StressReport.Outcome oc : shown) {
      w = Math.max(w, oc.property().length());
      String cell =
          oc.violated()
              ? String.format(
                  Locale.ROOT,
                  "VIOLATED in %,d of %,d executions",
                  oc.violatingExecutions(),
                  r.executions())
              : "not observed";
      cells.add(cell);
      cw = Math.max(cw, cell.length());
    }
    String row = "  %-" + w + "s  %-" + cw + "s  %s%n";
    b.append(String.format(Locale.ROOT, row, "contract", "observed", "statement"));
    for (int i = 0; i < shown.size(); i++) {
      b.append(
          String.format(
              Locale.ROOT, row, shown.get(i).property(), cells.get(i), shown.get(i).statement()));
    }
    List<StressReport.Violation> vs = shownViolations(r, shown);
    if (!vs.isEmpty()) {
      b.append(
          "\nViolations observed (each distinct one once, with the first execution that"
              + " showed it):\n");
      for (StressReport.Violation v : vs) {
        String where = v.cpu() < 0 ? "at its end" : "CPU" + v.cpu() + " step " + v.step();
        b.append(
            String.format(
                Locale.ROOT,
                "  %-" + w + "s  execution %,d, %s (%,d execution%s):" + " %s%n",
                v.property(),
                v.execution(),
                where,
                v.executions(),
                v.executions() == 1 ? "" : "s",
                v.description()));
      }
      if (r.omittedViolations() > 0) {
        b.append(
            String.format(
                Locale.ROOT, "  ... and %,d more distinct violations%n", r.omittedViolations()));
      }
    }
    if (!r.metrics().isEmpty()) {
      b.append("\nmetrics over the executions that ended:");
      String sep = " ";
      for (StressReport.MetricSummary ms : r.metrics()) {
        b.append(
            String.format(
                Locale.ROOT,
                "%s%s %d..%d (mean %.2f)",
                sep,
                ms.id(),
                ms.min(),
                ms.max(),
                ms.mean()));
        sep = "; ";
      }
      b.append('\n');
    }
    b.append('\n');
    if (r.stuck() > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "%,d execution%s did not end within %s and %s"
                  + " abandoned (starvation or a livelock; not judged).%n",
              r.stuck(),
              r.stuck() == 1 ? "" : "s",
              format(JvmOptions.defaults().executionTimeout()),
              r.stuck() == 1 ? "was" : "were"));
    }
    switch (exit) {
      case Exit.VIOLATED -> b.append("Contracts observed violated on real threads.\n");
      default ->
          b.append(
              String.format(
                  Locale.ROOT,
                  "No violation observed in %,d executions."
                      + " Stress testing cannot prove absence: klpct check --strategy %s decides"
                      + " exhaustively, under sc, tso or lkmm (--memory-model).%n",
                  r.executions(),
                  m.strategy().name()));
    }
    return b.toString();
  }

  private static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
