package dev.klpct.cli;

import com.google.common.collect.ImmutableSet;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.litmus.LitmusExport;
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

  @Option(
      names = "--export-litmus",
      paramLabel = "FILE",
      description =
          "Write the first violated contract's counterexample (under tso or lkmm) as a litmus"
              + " test in the kernel's C dialect, cut down to the accesses its reordering needs.")
  @Nullable Path exportLitmus;

  @Option(
      names = "--weaken",
      paramLabel = "SITE",
      description =
          "Check with this ordering site's ordering removed, as klpct ablate names it"
              + " (FUNCTION: LABEL, e.g. 'klp_update_patch_state: smp_rmb() [Z1]'); repeatable.")
  @Nullable List<String> weaken;

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
    CheckOptions options =
        explore
            .toCheckOptions(session)
            .withMemoryModel(model)
            .withWeakened(ExploreOptions.sites(weaken, "--weaken"));
    output.checkWritable();
    if (saveTrace != null) {
      OutputFile.checkWritable(saveTrace, "--save-trace");
      output.checkDistinct(saveTrace, "--save-trace");
    }
    if (exportLitmus != null) {
      OutputFile.checkWritable(exportLitmus, "--export-litmus");
      output.checkDistinct(exportLitmus, "--export-litmus");
    }
    CheckReport r =
        klpct.check(
            m, options, progress.start(session, m.strategy().name() + " under " + model.id()));
    CheckResult result = CheckResult.of(m, r).withContracts(wanted).withStats(stats);
    if (saveTrace != null && !save(m, result.shown(), model, saveTrace)) {
      result = result.withExitCode(ExitCode.USAGE);
    }
    if (exportLitmus != null && !export(m, config, result.shown(), model, exportLitmus)) {
      result = result.withExitCode(ExitCode.USAGE);
    }
    output.print(result, session);
    return result.exitCode();
  }

  /** Exports the first counterexample shown; false if the file could not be written. */
  private boolean export(
      KlpMachine m, KlpConfig config, List<PropertyVerdict> shown, MemoryModel model, Path file) {
    Session session = klpct.session();
    Optional<Counterexample> first =
        shown.stream().flatMap(v -> v.counterexample().stream()).findFirst();
    if (first.isEmpty()) {
      session.err().println("klpct: no contract violated; no litmus test written to " + file);
      return true;
    }
    Counterexample cx = first.get();
    String command =
        "klpct check --strategy "
            + m.strategy().name()
            + " "
            + config.toOptions()
            + " --memory-model "
            + model.id()
            + ExploreOptions.weakenOptions(weaken)
            + " --contract "
            + cx.property();
    Optional<LitmusExport.Exported> test = LitmusExports.export(session, m, cx, model, command);
    if (test.isEmpty()) {
      return true;
    }
    try {
      OutputFile.write(file, test.get().source(), "--export-litmus");
    } catch (IllegalArgumentException e) {
      session.err().println("klpct: " + e.getMessage());
      return false;
    }
    session
        .err()
        .println(
            "klpct: wrote litmus test "
                + test.get().name()
                + " (the "
                + cx.property()
                + " counterexample) to "
                + file
                + "; run it with: klpct litmus "
                + file);
    return true;
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
