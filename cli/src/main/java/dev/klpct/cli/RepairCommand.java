package dev.klpct.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.repair.Repair;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.report.RepairReport;
import dev.klpct.report.ReportFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code klpct repair}: the barriers a strategy broken under weak memory needs. */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Find the minimal sets of barrier changes (a fence inserted between two consecutive"
            + " primitives, a primitive made acquire/release/fully ordered) under which every"
            + " contract violated only under weak memory holds again, cheapest first, each"
            + " re-checked exhaustively (--memory-model, default lkmm; there a repair removes every"
            + " violation found, and the load-buffering guard may leave the contracts unproven, as"
            + " the output says). Candidate sets whose change leaves the counterexample's litmus"
            + " test possible are set aside unchecked (--no-litmus-filter checks them all); no"
            + " answer rests on that alone. Exit 0 a repair found or nothing to repair, 1 no repair"
            + " within the candidates, every set checked (or the contracts are broken under sc: no"
            + " barrier suffices), 2 usage error, 3 inconclusive (a check cut short; none found"
            + " among the sets checked while others were set aside; nothing violated and nothing"
            + " proven under lkmm).")
final class RepairCommand implements Callable<Integer>, OutputOptions.Reporting {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Option(
      names = "--strategy",
      required = true,
      paramLabel = "NAME",
      description = "Strategy to repair (see klpct list).")
  String strategy;

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Mixin ExploreOptions explore = new ExploreOptions();

  @Option(
      names = "--max-changes",
      paramLabel = "K",
      description = "The most changes in one repair (default ${DEFAULT-VALUE}).")
  int maxChanges = 2;

  @Option(
      names = "--weaken",
      paramLabel = "SITE",
      description =
          "Start from the strategy with this ordering site's ordering removed (FUNCTION: LABEL, as"
              + " klpct ablate names it); repeatable.")
  @Nullable List<String> weaken;

  @Option(
      names = "--no-litmus-filter",
      description =
          "Check every candidate set exhaustively, also those whose change leaves the"
              + " counterexample's litmus test possible (slower; by default they are set aside,"
              + " and a search that finds no repair while some were set aside is inconclusive).")
  boolean noLitmusFilter;

  @Mixin OutputOptions output = new OutputOptions();

  @Mixin ProgressOptions progress = new ProgressOptions();

  @Override
  public ImmutableSet<ReportFormat> formats() {
    return ImmutableSet.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.JSON);
  }

  @Override
  public Integer call() {
    Session session = klpct.session();
    if (maxChanges < 1) {
      throw new IllegalArgumentException("--max-changes must be at least 1, got " + maxChanges);
    }
    List<MemoryModel> models =
        spec.commandLine().getParseResult().hasMatchedOption("--memory-model")
            ? explore.memoryModels()
            : List.of(MemoryModel.LKMM);
    KlpConfig config = scenario.toConfig();
    KlpMachine m = klpct.machine(strategy, config);
    CheckOptions options =
        explore.toCheckOptions(session).withWeakened(ExploreOptions.sites(weaken, "--weaken"));
    output.checkWritable();
    Progress p = progress.start(session, "repair " + strategy);
    Repair.Result r;
    try {
      r =
          Repair.run(
              m,
              options.withProgress(Optional.of(p)),
              models,
              maxChanges,
              !noLitmusFilter,
              p::label);
    } finally {
      p.clear();
    }
    String scenarioText = m.description() + ExploreOptions.weakenOptions(weaken);
    RepairReport report =
        RepairReport.of(
            m.strategy().name(), scenarioText, ImmutableList.copyOf(models), maxChanges, r);
    output.print(report, session);
    return report.exitCode();
  }
}
