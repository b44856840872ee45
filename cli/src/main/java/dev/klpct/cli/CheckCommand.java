package dev.klpct.cli;

import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.report.CheckResult;
import dev.klpct.report.JsonReport;
import dev.klpct.report.TextReport;
import dev.klpct.report.Traces;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code klpct check}: one strategy, every contract, exhaustively. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Check one strategy exhaustively under a memory model (--memory-model sc, tso"
            + " or lkmm; default sc) against every contract. Exit 0 all hold, 1 some violated, 2 usage error, 3 inconclusive.")
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

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
  List<String> contracts;

  @Option(
      names = "--format",
      paramLabel = "text|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "text";

  @Option(
      names = "--save-trace",
      paramLabel = "FILE",
      description = "Save the first violated contract's counterexample for klpct replay.")
  Path saveTrace;

  @Option(names = "--stats", description = "Print exploration figures (states, rate, memory).")
  boolean stats;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be text or json, got '" + format + "'");
    }
    KlpConfig config = scenario.toConfig();
    KlpMachine m = klpct.machine(strategy, config);
    List<String> wanted = Contracts.validate(contracts);
    CheckReport r =
        Klpct.check(
            m,
            explore
                .toCheckOptions(config.testAndClear() == KlpConfig.TestAndClear.Y2022)
                .withMemoryModel(explore.memoryModel()),
            System.err);
    CheckResult result = CheckResult.of(m, r).withContracts(wanted).withStats(stats);
    out.print(format.equals("json") ? JsonReport.print(result) : TextReport.print(result));
    out.flush();
    if (saveTrace != null) {
      save(m, result.shown(), spec.commandLine().getErr());
    }
    return result.exitCode();
  }

  private void save(KlpMachine m, List<PropertyVerdict> shown, PrintWriter err) throws IOException {
    for (PropertyVerdict v : shown) {
      if (v.counterexample().isPresent()) {
        Counterexample cx = v.counterexample().get();
        Traces.save(m, cx, explore.memoryModel()).write(saveTrace);
        err.println(
            "klpct: saved the "
                + cx.property()
                + " counterexample ("
                + cx.length()
                + " steps) to "
                + saveTrace
                + "; replay with: klpct replay "
                + saveTrace);
        return;
      }
    }
    err.println("klpct: no contract violated; nothing saved to " + saveTrace);
  }
}
