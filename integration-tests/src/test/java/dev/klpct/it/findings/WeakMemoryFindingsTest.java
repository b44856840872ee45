package dev.klpct.it.findings;

import static dev.klpct.contracts.KlpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.checker.Ablation;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.Verdict;
import dev.klpct.core.KlpMachine;
import dev.klpct.it.Scenario;
import dev.klpct.strategies.StrategyComponent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lkmm verdicts that depend on what the kernel model says about printk and RCU grace periods
 * (docs/model.md): each of these was once reported the other way. Under lkmm the view machine's
 * load-buffering guard leaves the contracts no execution violates INCONCLUSIVE, not HOLDS
 * (docs/memory-models.md): "not violated" below.
 */
class WeakMemoryFindingsTest {
  /**
   * Asserts that the run was exhaustive, that none of {@code contracts} is violated, and that each
   * is INCONCLUSIVE only because of the load-buffering guard.
   */
  private static void notViolated(CheckReport r, String... contracts) {
    assertThat(r.stats().exhaustive()).isTrue();
    assertThat(r.unorderedPairs()).isNotEmpty();
    for (String c : contracts) {
      assertThat(r.verdict(c).orElseThrow().verdict()).as(c).isEqualTo(Verdict.INCONCLUSIVE);
    }
  }

  private static CheckReport lkmm(String strategy, String options) {
    KlpMachine m =
        KlpMachine.of(StrategyComponent.builtIn().get(strategy), Scenario.parse(options).config());
    return new Checker(CheckOptions.defaults().withMemoryModel(MemoryModel.LKMM)).check(m);
  }

  /** With the pr_notice() barrier of klp_start_transition(), the second patch is safe. */
  @Test
  void upstreamAndZijlstraKeepConsistencyWithASecondPatch() {
    notViolated(
        lkmm("zijlstra", ""),
        "consistency",
        "handler-defined-state",
        "init-undefined",
        "complete-switched",
        "no-stale-write",
        "completes");
    CheckReport baseline = lkmm("baseline", "");
    notViolated(baseline, "consistency", "no-stale-write");
    assertThat(baseline).violates("nohz-undisturbed");
  }

  /** ... and only because of it: without it a second patch breaks consistency. */
  @Test
  void thePrNoticeBarrierIsNeededForTheSecondPatch() {
    KlpMachine m =
        KlpMachine.of(StrategyComponent.builtIn().get("zijlstra"), Scenario.parse("").config());
    Ablation.Result r =
        Ablation.run(m, CheckOptions.defaults(), List.of(MemoryModel.LKMM), line -> {});
    Ablation.Row printk =
        r.rows().stream()
            .filter(row -> row.site().function().equals("klp_start_transition"))
            .filter(row -> row.site().what().startsWith("pr_notice()"))
            .findFirst()
            .orElseThrow();
    assertThat(printk.outcome()).isEqualTo(Ablation.Outcome.NEEDED);
    assertThat(printk.broken()).contains("consistency");
  }

  /**
   * A CPU in the kernel owes a grace period a quiescent-state report with a full barrier: it cannot
   * start a read-side section during the grace period and read stale values after it.
   */
  @Test
  void aGracePeriodOrdersTheCpusThatRcuWatches() {
    CheckReport mladek = lkmm("mladek", "");
    assertThat(mladek).violates("consistency");
    notViolated(mladek, "init-undefined", "complete-switched", "no-stale-write");
    notViolated(
        lkmm("zijlstra", "--reverse"),
        "consistency",
        "complete-switched",
        "no-stale-write",
        "reversal");
  }
}
