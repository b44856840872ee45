package dev.klpct.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.klpct.checker.Ablation;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.report.AblationReport;
import dev.klpct.report.ReportFormat;
import java.util.List;
import java.util.Optional;
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
            + " memory model (default sc,tso,lkmm). Exit 0 every check exhaustive, 2 usage"
            + " error, 3 some check cut short (the sites it could not judge are listed).")
final class AblateCommand implements Callable<Integer>, OutputOptions.Reporting {
  /** The models ablated under when --memory-model is not given, weakest last. */
  static final ImmutableList<MemoryModel> ALL_MODELS =
      ImmutableList.of(MemoryModel.SC, MemoryModel.TSO, MemoryModel.LKMM);

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

  @Mixin OutputOptions output = new OutputOptions();

  @Option(names = "--traces", description = "Print the counterexample of each needed site.")
  boolean traces;

  @Option(
      names = "--pairwise",
      description =
          "Also re-check every pair of sites not needed alone with both removed, and say which"
              + " pairs cover for each other (a 'redundant with' column). Quadratic in the sites"
              + " not needed.")
  boolean pairwise;

  @Mixin ProgressOptions progress = new ProgressOptions();

  @Override
  public ImmutableSet<ReportFormat> formats() {
    return ImmutableSet.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.JSON);
  }

  @Override
  public Integer call() {
    Session session = klpct.session();
    List<MemoryModel> models =
        spec.commandLine().getParseResult().hasMatchedOption("--memory-model")
            ? explore.memoryModels()
            : ALL_MODELS;
    KlpConfig config = scenario.toConfig();
    KlpMachine m = klpct.machine(strategy, config);
    CheckOptions options = explore.toCheckOptions(session);
    output.checkWritable();
    Progress p = progress.start(session, "ablate " + strategy);
    Ablation.Result r;
    Ablation.Pairwise pairs = null;
    try {
      CheckOptions withProgress = options.withProgress(Optional.of(p));
      r = Ablation.run(m, withProgress, models, p::label);
      if (pairwise) {
        pairs = Ablation.redundantPairs(m, withProgress, models, r, p::label);
      }
    } finally {
      p.clear();
    }
    AblationReport report = AblationReport.of(m, models, r).withTraces(traces);
    if (pairs != null) {
      report = report.withPairwise(pairs);
    }
    Optional<String> stopped = options.stop().reason();
    if (stopped.isPresent()) {
      report = report.withStopped(stopped.get());
    }
    output.print(report, session);
    return report.exitCode();
  }
}
