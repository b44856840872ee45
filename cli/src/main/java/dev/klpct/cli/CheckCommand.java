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
import java.util.ArrayList;
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
    return ImmutableSet.of(ReportFormat.TEXT, ReportFormat.JSON, ReportFormat.MAIL);
  }

  @Override
  public Integer call() {
    Session session = klpct.session();
    KlpConfig config = scenario.toConfig();
    KlpMachine m = klpct.machine(strategy, config);
    List<String> wanted = ContractIds.validate(contracts);
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
    List<String> reproduce = new ArrayList<>(klpct.classpathOptions());
    if (weaken != null) {
      for (String w : weaken) {
        reproduce.add("--weaken " + ExploreOptions.quote(w));
      }
    }
    CheckResult result =
        CheckResult.of(m, r).withContracts(wanted).withStats(stats).withOptions(reproduce);
    if (saveTrace != null && !save(m, result.shown(), model, saveTrace)) {
      result = result.withExitCode(ExitCode.USAGE);
    }
    Optional<Counterexample> first = result.firstViolated().flatMap(v -> v.counterexample());
    Optional<LitmusExport.Exported> test = Optional.empty();
    boolean mailsLitmus = output.format() == ReportFormat.MAIL && model != MemoryModel.SC;
    if (first.isPresent() && (exportLitmus != null || mailsLitmus)) {
      test = LitmusExports.export(session, m, first.get(), model, command(m, config, model, first));
      result = result.withLitmus(test);
    }
    if (exportLitmus != null && !export(first, test, exportLitmus)) {
      result = result.withExitCode(ExitCode.USAGE);
    }
    output.print(result, session);
    return result.exitCode();
  }

  /** The command line that reproduces {@code cx}, for the litmus test's comment. */
  private String command(
      KlpMachine m, KlpConfig config, MemoryModel model, Optional<Counterexample> cx) {
    return "klpct check --strategy "
        + m.strategy().name()
        + " "
        + config.toOptions()
        + " --memory-model "
        + model.id()
        + ExploreOptions.weakenOptions(weaken)
        + " --contract "
        + cx.orElseThrow().property();
  }

  /** Writes the first counterexample's litmus test; false if the file could not be written. */
  private boolean export(
      Optional<Counterexample> first, Optional<LitmusExport.Exported> test, Path file) {
    Session session = klpct.session();
    if (first.isEmpty()) {
      session.err().println("klpct: no contract violated; no litmus test written to " + file);
      return true;
    }
    if (test.isEmpty()) {
      return true; // LitmusExports said why
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
                + first.get().property()
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
