package dev.klpct.cli;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.cli.report.AblationRow;
import dev.klpct.cli.report.ComparisonReport;
import dev.klpct.cli.report.JmhResult;
import dev.klpct.cli.report.StrategyResult;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code klpct compare}: the strategy × contract matrix. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Check every strategy in one scenario and print the strategy x contract"
            + " matrix, with NOHZ_FULL disturbances and failed attempts (min..max over all"
            + " executions). Exit 0 when every check was exhaustive, 3 if one was cut short."
            + " With --report, also write it as one self-contained HTML page with charts.")
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Mixin ExploreOptions explore = new ExploreOptions();

  @Option(
      names = "--strategies",
      split = ",",
      paramLabel = "NAME",
      description = "Strategies to compare (default: all registered).")
  List<String> strategies;

  @Option(
      names = "--format",
      paramLabel = "text|markdown|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "text";

  @Option(names = "--stats", description = "Print exploration figures per strategy.")
  boolean stats;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description =
          "Also write the comparison as one self-contained HTML page: the verdict"
              + " matrix with every counterexample one click away, and charts.")
  Path report;

  @Option(
      names = "--jmh",
      paramLabel = "FILE",
      description = "JMH JSON result file (-rf json) whose scores the --report page charts.")
  Path jmh;

  @Option(
      names = "--ablation",
      paramLabel = "FILE",
      split = ",",
      description =
          "Output of klpct ablate --format json (one file per strategy) whose table"
              + " the --report page shows.")
  List<Path> ablation;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!List.of("text", "markdown", "json").contains(format)) {
      throw new IllegalArgumentException(
          "--format must be text, markdown or json, got '" + format + "'");
    }
    if (jmh != null && report == null) {
      throw new IllegalArgumentException("--jmh needs --report FILE.html");
    }
    if (report != null) {
      checkWritable(report);
    }
    if (ablation != null && report == null) {
      throw new IllegalArgumentException("--ablation needs --report FILE.html");
    }
    List<JmhResult> benchmarks = jmh == null ? List.of() : JmhResult.read(jmh);
    List<AblationRow> ablationRows = new ArrayList<>();
    if (ablation != null) {
      for (Path f : ablation) {
        ablationRows.addAll(AblateCommand.readReportRows(f));
      }
    }
    KlpConfig config = scenario.toConfig();
    List<MemoryModel> models = explore.memoryModels();
    CheckOptions base = explore.toCheckOptions();
    List<String> names =
        strategies == null ? new ArrayList<>(klpct.registry().names()) : strategies;
    Map<MemoryModel, List<Reports.Row>> runs = new LinkedHashMap<>();
    for (MemoryModel mm : models) {
      List<Reports.Row> rows = new ArrayList<>();
      for (String n : names) {
        KlpMachine m = klpct.machine(n, config);
        CheckReport r = Klpct.check(m, base.withMemoryModel(mm), System.err);
        rows.add(new Reports.Row(m, r));
      }
      runs.put(mm, rows);
    }
    ImmutableList<String> contracts = Contracts.ids();
    boolean inconclusive = false;
    for (List<Reports.Row> rows : runs.values()) {
      for (Reports.Row row : rows) {
        for (PropertyVerdict v : row.report().verdicts()) {
          inconclusive |= v.verdict() == Verdict.INCONCLUSIVE;
        }
      }
    }
    List<Reports.Row> first = runs.values().iterator().next();
    String opts =
        config
            .toOptions(
                first.isEmpty() ? dev.klpct.api.klp.SyncMode.RCU : first.get(0).machine().sync())
            .replaceAll(" --sync \\S+", "");
    switch (format) {
      case "json" -> {
        if (runs.size() == 1) {
          out.print(Reports.compareJson(first, opts));
        } else {
          out.print(Reports.compareJson(runs, opts));
        }
      }
      case "markdown" -> {
        out.println("Scenario: `" + opts + "` (sync: each strategy's default unless --sync)");
        for (Map.Entry<MemoryModel, List<Reports.Row>> e : runs.entrySet()) {
          out.println();
          if (runs.size() > 1 || e.getKey() != MemoryModel.SC) {
            out.println("Memory model: " + e.getKey());
            out.println();
          }
          out.print(Reports.compareText(e.getValue(), contracts, true));
        }
        out.println();
        out.println(
            "VIOLATED (n): shortest counterexample has n steps. Disturbances and failed"
                + " attempts: min..max over every execution.");
      }
      default -> {
        out.println("klpct compare " + opts + " (sync: each strategy's default unless --sync)");
        for (Map.Entry<MemoryModel, List<Reports.Row>> e : runs.entrySet()) {
          out.println();
          if (runs.size() > 1 || e.getKey() != MemoryModel.SC) {
            out.println("memory model: " + e.getKey());
          }
          out.print(Reports.compareText(e.getValue(), contracts, false));
        }
        out.println();
        out.println(
            "VIOLATED (n): shortest counterexample has n steps (klpct check --strategy"
                + " NAME shows it). disturbances: IPIs, fake signals and work items sent to"
                + " NOHZ_FULL CPUs; failed attempts: failed klp_try_complete_transition() rounds"
                + " (transition length in retries); both min..max over every execution.");
      }
    }
    if (report != null) {
      writeReport(runs, opts, benchmarks, ablationRows);
    }
    if (stats && !format.equals("json")) {
      for (Map.Entry<MemoryModel, List<Reports.Row>> e : runs.entrySet()) {
        out.println();
        for (Reports.Row row : e.getValue()) {
          out.println(
              String.format(
                  Locale.ROOT,
                  "%-9s %s",
                  row.machine().strategy().name() + (runs.size() > 1 ? " " + e.getKey() : ""),
                  Reports.statsLine(row.report())));
        }
      }
    }
    out.flush();
    return inconclusive ? Exit.INCONCLUSIVE : Exit.HOLDS;
  }

  /** Fails before the checking starts, rather than after it, when the page cannot be written. */
  private static void checkWritable(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file) || dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "cannot write --report "
              + file
              + ": "
              + (Files.isDirectory(file) ? "it is a folder" : "its folder does not exist"));
    }
  }

  /** The HTML page of the comparison: one run per memory model. */
  private void writeReport(
      Map<MemoryModel, List<Reports.Row>> runs,
      String opts,
      List<JmhResult> benchmarks,
      List<AblationRow> ablationRows) {
    ComparisonReport.Builder page =
        ComparisonReport.builder()
            .scenario(opts + " (sync: each strategy's default unless --sync)");
    for (Map.Entry<MemoryModel, List<Reports.Row>> e : runs.entrySet()) {
      List<StrategyResult> results = new ArrayList<>();
      for (Reports.Row row : e.getValue()) {
        results.add(StrategyResult.of(row.machine(), row.report()));
      }
      page.addRun(e.getKey().id(), results);
    }
    page.addBenchmarks(benchmarks);
    if (!ablationRows.isEmpty()) {
      page.addAblationRows(ablationRows);
    }
    try {
      page.build().writeHtml(report);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "cannot write --report " + report + ": its folder does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write --report " + report + ": " + e);
    }
    spec.commandLine().getErr().println("klpct: wrote " + report);
  }
}
