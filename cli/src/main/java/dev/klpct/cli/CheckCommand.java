package dev.klpct.cli;

import com.google.common.collect.ImmutableSet;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.report.CheckResult;
import dev.klpct.report.ExitCode;
import dev.klpct.report.OutputFile;
import dev.klpct.report.ReportFormat;
import dev.klpct.report.Traces;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code klpct check}: one strategy, every contract, exhaustively. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Check one strategy exhaustively under a memory model (--memory-model sc, tso"
            + " or lkmm; default sc) against every contract. Exit 0 all hold, 1 some violated,"
            + " 2 usage error, 3 inconclusive.")
final class CheckCommand implements Callable<Integer>, OutputOptions.Reporting {
  @ParentCommand Klpct klpct;

  @Option(
      names = "--strategy",
      required = true,
      paramLabel = "NAME",
      description = "Strategy to check (see klpct list).")
  String strategy;

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Mixin ExploreOptions explore = new ExploreOptions();

  @Option(
      names = "--contract",
      split = ",",
      paramLabel = "ID",
      description = "Report only these contracts (default: all).")
  @Nullable List<String> contracts;

  @Mixin OutputOptions output = new OutputOptions();

  @Option(
      names = "--save-trace",
      paramLabel = "FILE",
      description = "Save the first violated contract's counterexample for klpct replay.")
  @Nullable Path saveTrace;

  @Option(names = "--stats", description = "Print exploration figures (states, rate, memory).")
  boolean stats;

  @Mixin ProgressOptions progress = new ProgressOptions();

  @Override
  public ImmutableSet<ReportFormat> formats() {
    return ImmutableSet.of(ReportFormat.TEXT, ReportFormat.JSON);
  }

  @Override
  public Integer call() {
    Session session = klpct.session();
    KlpConfig config = scenario.toConfig();
    KlpMachine m = klpct.machine(strategy, config);
    List<String> wanted = Contracts.validate(contracts);
    MemoryModel model = explore.memoryModel();
    CheckOptions options = explore.toCheckOptions(session).withMemoryModel(model);
    output.checkWritable();
    if (saveTrace != null) {
      OutputFile.checkWritable(saveTrace, "--save-trace");
      output.checkDistinct(saveTrace, "--save-trace");
    }
    CheckReport r =
        klpct.check(
            m, options, progress.start(session, m.strategy().name() + " under " + model.id()));
    CheckResult result = CheckResult.of(m, r).withContracts(wanted).withStats(stats);
    if (saveTrace != null && !save(m, result.shown(), model, saveTrace)) {
      result = result.withExitCode(ExitCode.USAGE);
    }
    output.print(result, session);
    return result.exitCode();
  }

  /** Saves the first counterexample shown; false if the file could not be written. */
  private boolean save(KlpMachine m, List<PropertyVerdict> shown, MemoryModel model, Path file) {
    Session session = klpct.session();
    Optional<Counterexample> first =
        shown.stream().flatMap(v -> v.counterexample().stream()).findFirst();
    if (first.isEmpty()) {
      session.err().println("klpct: no contract violated; nothing saved to " + file);
      return true;
    }
    Counterexample cx = first.get();
    try {
      OutputFile.write(file, Traces.save(m, cx, model).format(), "--save-trace");
    } catch (IllegalArgumentException e) {
      session.err().println("klpct: " + e.getMessage());
      return false;
    }
    session
        .err()
        .println(
            "klpct: saved the "
                + cx.property()
                + " counterexample ("
                + cx.length()
                + " steps) to "
                + file
                + "; replay with: klpct replay "
                + file);
    return true;
  }
}
