package dev.klpct.cli;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.Checker;
import dev.klpct.cli.report.AblationRow;
import dev.klpct.cli.report.ComparisonReport;
import dev.klpct.cli.report.JmhResult;
import dev.klpct.cli.report.StrategyResult;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Real comparison results for the report tests, checked once per test JVM: every registered
 * strategy in the default scenario (what {@code klpct compare} checks), and again with {@code
 * --sync rcu-eqs-work}, where zijlstra breaks no-stale-write. The second run stands in for a second
 * memory model until compare checks several: the page must keep the two apart.
 */
final class ReportFixture {
  static final String SECOND = "sc+rcu-eqs-work";

  private static final Supplier<ImmutableList<Reports.Row>> DEFAULT =
      Suppliers.memoize(() -> check(KlpConfig.defaults()));
  private static final Supplier<ImmutableList<Reports.Row>> EQS_WORK =
      Suppliers.memoize(
          () -> check(KlpConfig.defaults().withSync(Optional.of(SyncMode.parse("rcu-eqs-work")))));

  private ReportFixture() {}

  static ImmutableList<Reports.Row> defaultRows() {
    return DEFAULT.get();
  }

  static ImmutableList<Reports.Row> eqsWorkRows() {
    return EQS_WORK.get();
  }

  private static ImmutableList<Reports.Row> check(KlpConfig config) {
    CheckOptions options = CheckOptions.defaults().withThreads(1);
    ImmutableList.Builder<Reports.Row> rows = ImmutableList.builder();
    dev.klpct.strategies.StrategyRegistry registry =
        dev.klpct.strategies.StrategyComponent.builtIn();
    for (String name : registry.names()) {
      KlpMachine m = KlpMachine.of(registry.get(name), config);
      rows.add(new Reports.Row(m, new Checker(options).check(m)));
    }
    return rows.build();
  }

  static List<StrategyResult> results(List<Reports.Row> rows) {
    return rows.stream().map(r -> StrategyResult.of(r.machine(), r.report())).toList();
  }

  /** Rows made up for the test: the ablation command does not exist yet. */
  static final ImmutableList<AblationRow> ABLATION =
      ImmutableList.of(
          AblationRow.breaks(
              "mladek", "smp_rmb#1", "klp_ftrace_handler", "consistency", "lkmm", 22),
          AblationRow.notNeeded("zijlstra", "smp_mb__after_atomic#1", "ct_kernel_enter"));

  /** Both runs, the ablation rows and the sample JMH file: every section of the page. */
  static ComparisonReport full() {
    return ComparisonReport.builder()
        .scenario(KlpConfig.defaults().toOptions(SyncMode.RCU))
        .addRun("sc", results(defaultRows()))
        .addRun(SECOND, results(eqsWorkRows()))
        .addAblationRows(ABLATION)
        .addBenchmarks(JmhResult.read(Path.of("src/test/resources/jmh/sample.json")))
        .build();
  }
}
