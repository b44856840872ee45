package dev.klpct.cli;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.report.AblationTable;
import dev.klpct.report.Comparison;
import dev.klpct.report.HtmlReport;
import dev.klpct.report.JmhResult;
import dev.klpct.report.JsonReport;
import dev.klpct.report.MarkdownReport;
import dev.klpct.report.OutputFile;
import dev.klpct.report.StrategyResult;
import dev.klpct.report.TextReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
      OutputFile.checkWritable(report, "--report");
    }
    if (ablation != null && report == null) {
      throw new IllegalArgumentException("--ablation needs --report FILE.html");
    }
    List<JmhResult> benchmarks = jmh == null ? List.of() : JmhResult.read(jmh);
    List<AblationTable> ablationTables = new ArrayList<>();
    if (ablation != null) {
      for (Path f : ablation) {
        ablationTables.add(AblationTable.readJson(f));
      }
    }
    KlpConfig config = scenario.toConfig();
    List<MemoryModel> models = explore.memoryModels();
    CheckOptions base =
        explore.toCheckOptions(config.testAndClear() == KlpConfig.TestAndClear.Y2022);
    List<String> names =
        strategies == null ? new ArrayList<>(klpct.registry().names()) : strategies;
    Comparison.Builder c = Comparison.builder().options(config.toOptions()).stats(stats);
    for (MemoryModel mm : models) {
      List<StrategyResult> rows = new ArrayList<>();
      for (String n : names) {
        KlpMachine m = klpct.machine(n, config);
        rows.add(StrategyResult.of(m, Klpct.check(m, base.withMemoryModel(mm), System.err)));
      }
      c.addRun(mm.id(), rows);
    }
    ablationTables.forEach(c::addAblation);
    c.addBenchmarks(benchmarks);
    Comparison comparison = c.build();
    out.print(
        switch (format) {
          case "json" -> JsonReport.print(comparison);
          case "markdown" -> MarkdownReport.print(comparison);
          default -> TextReport.print(comparison);
        });
    if (report != null) {
      OutputFile.write(report, HtmlReport.print(comparison), "--report");
      spec.commandLine().getErr().println("klpct: wrote " + report);
    }
    out.flush();
    return comparison.exitCode();
  }
}
