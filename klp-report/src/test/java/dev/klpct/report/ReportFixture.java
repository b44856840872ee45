package dev.klpct.report;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.checker.Ablation;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.Checker;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.StrategyRegistry;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Real comparison results for the report tests, checked once per test JVM: every registered
 * strategy in the default scenario (what {@code klpct compare} checks), and again with {@code
 * --sync rcu-eqs-work}, where zijlstra breaks no-stale-write. The second run stands in for a second
 * memory model: the page must keep the two apart.
 */
final class ReportFixture {
  static final String SECOND = "sc+rcu-eqs-work";

  static final StrategyRegistry REGISTRY = StrategyComponent.builtIn();

  private static final Supplier<ImmutableList<StrategyResult>> DEFAULT =
      Suppliers.memoize(() -> check(KlpConfig.defaults()));
  private static final Supplier<ImmutableList<StrategyResult>> EQS_WORK =
      Suppliers.memoize(
          () -> check(KlpConfig.defaults().withSync(Optional.of(SyncMode.parse("rcu-eqs-work")))));

  private ReportFixture() {}

  static ImmutableList<StrategyResult> defaultRows() {
    return DEFAULT.get();
  }

  static ImmutableList<StrategyResult> eqsWorkRows() {
    return EQS_WORK.get();
  }

  static StrategyResult row(String strategy) {
    return defaultRows().stream()
        .filter(r -> r.strategy().equals(strategy))
        .findFirst()
        .orElseThrow();
  }

  private static ImmutableList<StrategyResult> check(KlpConfig config) {
    CheckOptions options = CheckOptions.defaults().withThreads(1);
    ImmutableList.Builder<StrategyResult> rows = ImmutableList.builder();
    for (String name : REGISTRY.names()) {
      KlpMachine m = KlpMachine.of(REGISTRY.get(name), config);
      rows.add(StrategyResult.of(m, new Checker(options).check(m)));
    }
    return rows.build();
  }

  /** Rows made up for the test: one needed site, one not needed, one inconclusive. */
  static final AblationTable ABLATION =
      new AblationTable(
          "mladek",
          "--nohz-cpus 1 --transitions 1",
          ImmutableList.of("sc", "tso", "lkmm"),
          ImmutableList.of(
              new AblationRow(
                  "smp_rmb#1",
                  "klp_ftrace_handler",
                  "smp_rmb()",
                  Ablation.Outcome.NEEDED,
                  "NEEDED: breaks consistency",
                  ImmutableList.of("consistency"),
                  Optional.of("lkmm"),
                  Optional.of(22)),
              new AblationRow(
                  "smp_mb__after_atomic#1",
                  "ct_kernel_enter",
                  "smp_mb__after_atomic()",
                  Ablation.Outcome.NOT_NEEDED,
                  "not needed under sc, tso, lkmm",
                  ImmutableList.of(),
                  Optional.empty(),
                  Optional.empty()),
              new AblationRow(
                  "smp_wmb()",
                  "klp_init_transition",
                  "smp_wmb()",
                  Ablation.Outcome.INCONCLUSIVE,
                  "INCONCLUSIVE (a re-check ran out of budget)",
                  ImmutableList.of(),
                  Optional.empty(),
                  Optional.empty())));

  /** Both runs, the ablation table and the sample JMH file: every section of the page. */
  static Comparison full() {
    return Comparison.builder()
        .options(KlpConfig.defaults().toOptions(SyncMode.RCU))
        .addRun("sc", defaultRows())
        .addRun(SECOND, eqsWorkRows())
        .addAblation(ABLATION)
        .addBenchmarks(JmhResult.read(Path.of("src/test/resources/jmh/sample.json")))
        .build();
  }
}
