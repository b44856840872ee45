package dev.klpct.cli;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code klpct compare}: the strategy × contract matrix. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Check every strategy in one scenario and print the strategy x contract"
        + " matrix, with NOHZ_FULL disturbances and failed attempts (min..max over all"
        + " executions). Exit 0 when every check was exhaustive, 3 if one was cut short.")
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Mixin ExploreOptions explore = new ExploreOptions();

  @Option(names = "--strategies", split = ",", paramLabel = "NAME",
      description = "Strategies to compare (default: all registered).")
  List<String> strategies;

  @Option(names = "--format", paramLabel = "text|markdown|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "text";

  @Option(names = "--stats", description = "Print exploration figures per strategy.")
  boolean stats;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!List.of("text", "markdown", "json").contains(format)) {
      throw new IllegalArgumentException(
          "--format must be text, markdown or json, got '" + format + "'");
    }
    KlpConfig config = scenario.toConfig();
    CheckOptions options =
        explore.toCheckOptions(config.testAndClear() == KlpConfig.TestAndClear.Y2022);
    List<String> names = strategies == null
        ? new ArrayList<>(klpct.registry().names()) : strategies;
    List<Reports.Row> rows = new ArrayList<>();
    for (String n : names) {
      KlpMachine m = klpct.machine(n, config);
      CheckReport r = Klpct.check(m, options, System.err);
      rows.add(new Reports.Row(m, r));
    }
    ImmutableList<String> contracts = Contracts.ids();
    boolean inconclusive = false;
    for (Reports.Row row : rows) {
      for (PropertyVerdict v : row.report().verdicts()) {
        inconclusive |= v.verdict() == Verdict.INCONCLUSIVE;
      }
    }
    String opts = config.toOptions(rows.isEmpty() ? dev.klpct.api.klp.SyncMode.RCU
        : rows.get(0).machine().sync()).replaceAll(" --sync \\S+", "");
    switch (format) {
      case "json" -> out.print(Reports.compareJson(rows, opts));
      case "markdown" -> {
        out.println("Scenario: `" + opts + "` (sync: each strategy's default unless --sync)");
        out.println();
        out.print(Reports.compareText(rows, contracts, true));
        out.println();
        out.println("VIOLATED (n): shortest counterexample has n steps. Disturbances and failed"
            + " attempts: min..max over every execution.");
      }
      default -> {
        out.println("klpct compare " + opts + " (sync: each strategy's default unless --sync)");
        out.println();
        out.print(Reports.compareText(rows, contracts, false));
        out.println();
        out.println("VIOLATED (n): shortest counterexample has n steps (klpct check --strategy"
            + " NAME shows it). disturbances: IPIs, fake signals and work items sent to"
            + " NOHZ_FULL CPUs; failed attempts: failed klp_try_complete_transition() rounds"
            + " (transition length in retries); both min..max over every execution.");
      }
    }
    if (stats && !format.equals("json")) {
      out.println();
      for (Reports.Row row : rows) {
        out.println(String.format(Locale.ROOT, "%-9s %s", row.machine().strategy().name(),
            Reports.statsLine(row.report())));
      }
    }
    out.flush();
    return inconclusive ? Exit.INCONCLUSIVE : Exit.HOLDS;
  }
}
