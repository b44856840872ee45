package dev.klpct.cli;

import dev.klpct.checker.Ablation;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.report.AblationReport;
import dev.klpct.report.JsonReport;
import dev.klpct.report.MarkdownReport;
import dev.klpct.report.TextReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code klpct ablate}: which ordering sites a strategy needs, under which memory model. */
@Command(
    name = "ablate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "For each ordering site a strategy's scenario executes (fences, acquire/"
            + "release accesses, ordered RMWs), remove that site's ordering and re-check under each"
            + " memory model (default sc,tso,lkmm). Exit 0 every re-check exhaustive, 2 usage"
            + " error, 3 some re-check inconclusive.")
final class AblateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Option(
      names = "--strategy",
      required = true,
      paramLabel = "NAME",
      description = "Strategy to ablate (see klpct list).")
  String strategy;

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Mixin ExploreOptions explore = new ExploreOptions();

  @Option(
      names = "--format",
      paramLabel = "text|markdown|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "text";

  @Option(names = "--traces", description = "Print the counterexample of each needed site.")
  boolean traces;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!List.of("text", "markdown", "json").contains(format)) {
      throw new IllegalArgumentException(
          "--format must be text, markdown or json, got '" + format + "'");
    }
    if (!spec.commandLine().getParseResult().hasMatchedOption("--memory-model")) {
      explore.memoryModels = new ArrayList<>(List.of("sc", "tso", "lkmm"));
    }
    List<MemoryModel> models = explore.memoryModels();
    KlpConfig config = scenario.toConfig();
    KlpMachine m = klpct.machine(strategy, config);
    CheckOptions options =
        explore.toCheckOptions(config.testAndClear() == KlpConfig.TestAndClear.Y2022);
    Ablation.Result r = Ablation.run(m, options, models, line -> {});
    AblationReport report = AblationReport.of(m, models, r).withTraces(traces);
    out.print(
        switch (format) {
          case "json" -> JsonReport.print(report);
          case "markdown" -> MarkdownReport.print(report);
          default -> TextReport.print(report);
        });
    out.flush();
    return report.result().rows().stream()
            .anyMatch(row -> row.outcome() == Ablation.Outcome.INCONCLUSIVE)
        ? Exit.INCONCLUSIVE
        : Exit.HOLDS;
  }
}
