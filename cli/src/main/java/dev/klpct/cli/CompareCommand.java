package dev.klpct.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.report.AblationTable;
import dev.klpct.report.Comparison;
import dev.klpct.report.HtmlReport;
import dev.klpct.report.JmhResult;
import dev.klpct.report.OutputFile;
import dev.klpct.report.ReportFormat;
import dev.klpct.report.StrategyResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code klpct compare}: the strategy × contract matrix. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Check every strategy in one scenario and print the strategy x contract"
            + " matrix, with NOHZ_FULL disturbances and failed attempts (min..max over all"
            + " executions). Exit 0 when every check was exhaustive, 2 usage error, 3 if one was"
            + " cut short. With --report, also write it as one self-contained HTML page with"
            + " charts.")
final class CompareCommand implements Callable<Integer>, OutputOptions.Reporting {
  @ParentCommand Klpct klpct;

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Mixin ExploreOptions explore = new ExploreOptions();

  @Option(
      names = "--strategies",
      split = ",",
      paramLabel = "NAME",
      description = "Strategies to compare (default: all registered).")
  @Nullable List<String> strategies;

  @Mixin OutputOptions output = new OutputOptions();

  @Option(names = "--stats", description = "Print exploration figures per strategy.")
  boolean stats;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description =
          "Also write the comparison as one self-contained HTML page: the verdict"
              + " matrix with every counterexample one click away, and charts.")
  @Nullable Path report;

  @Option(
      names = "--jmh",
      paramLabel = "FILE",
      description = "JMH JSON result file (-rf json) whose scores the --report page charts.")
  @Nullable Path jmh;

  @Option(
      names = "--ablation",
      paramLabel = "FILE",
      split = ",",
      description =
          "Output of klpct ablate --format json (one file per strategy) whose table"
              + " the --report page shows.")
  @Nullable List<Path> ablation;

  @Mixin ProgressOptions progress = new ProgressOptions();

  @Override
  public ImmutableSet<ReportFormat> formats() {
    return ImmutableSet.of(
        ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.JSON, ReportFormat.HTML);
  }

  @Override
  public Integer call() {
    Session session = klpct.session();
    if (jmh != null && report == null) {
      throw new IllegalArgumentException("--jmh needs --report FILE.html");
    }
    if (ablation != null && report == null) {
      throw new IllegalArgumentException("--ablation needs --report FILE.html");
    }
    KlpConfig config = scenario.toConfig();
    ImmutableList<MemoryModel> models = explore.memoryModels();
    CheckOptions base = explore.toCheckOptions(session);
    List<String> names = strategyNames();
    List<JmhResult> benchmarks = jmh == null ? List.of() : JmhResult.read(jmh);
    if (ablation != null && ablation.stream().allMatch(f -> f.toString().isBlank())) {
      throw new IllegalArgumentException("--ablation needs a file name");
    }
    List<AblationTable> tables = new ArrayList<>();
    for (Path f : ablation == null ? List.<Path>of() : ablation) {
      tables.add(AblationTable.readJson(f));
    }
    output.checkWritable();
    if (report != null) {
      OutputFile.checkWritable(report, "--report");
      output.checkDistinct(report, "--report");
    }
    Comparison.Builder c = Comparison.builder().options(config.toOptions()).stats(stats);
    Progress p = progress.start(session, "compare");
    // Every strategy under every model, models first: the rows in the order the matrix shows them.
    List<ConcurrentChecks.Check<StrategyResult>> checks = new ArrayList<>();
    for (MemoryModel mm : models) {
      for (String n : names) {
        checks.add(
            new ConcurrentChecks.Check<>(
                n + " under " + mm.id(),
                o -> {
                  KlpMachine m = klpct.machine(n, config);
                  return StrategyResult.of(m, new Checker(o.withMemoryModel(mm)).check(m));
                }));
      }
    }
    List<StrategyResult> done =
        new ConcurrentChecks(session, explore.deadline(session), p).run(base, checks);
    // After an interrupt the checks made are a prefix: whole models, then maybe the first rows
    // of one (the first check always runs, if only briefly).
    for (int k = 0; k < models.size() && k * names.size() < done.size(); k++) {
      int from = k * names.size();
      c.addRun(models.get(k).id(), done.subList(from, Math.min(from + names.size(), done.size())));
    }
    tables.forEach(c::addAblation);
    c.addBenchmarks(benchmarks);
    Comparison comparison = c.build();
    if (report != null) {
      OutputFile.write(report, HtmlReport.print(comparison), "--report");
      session.err().println("klpct: wrote " + report);
    }
    output.print(comparison, session);
    return comparison.exitCode();
  }

  /**
   * The strategies to compare, all known, each once.
   *
   * @throws IllegalArgumentException for an empty list, an unknown name or a repeated one
   */
  private List<String> strategyNames() {
    if (strategies == null) {
      return new ArrayList<>(klpct.registry().names());
    }
    Set<String> names = new LinkedHashSet<>();
    for (String s : strategies) {
      String n = s.strip();
      if (n.isEmpty()) {
        throw new IllegalArgumentException(
            "--strategies needs strategy names between the commas (known: "
                + String.join(", ", klpct.registry().names())
                + ")");
      }
      klpct.registry().get(n); // an unknown name fails here, before any checking
      if (!names.add(n)) {
        throw new IllegalArgumentException("--strategies names " + n + " twice");
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          "--strategies needs a strategy name (known: "
              + String.join(", ", klpct.registry().names())
              + ")");
    }
    return new ArrayList<>(names);
  }
}
