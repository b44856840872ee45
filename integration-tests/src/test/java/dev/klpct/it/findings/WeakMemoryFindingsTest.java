package dev.klpct.it.findings;

import static dev.klpct.contracts.KlpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.checker.Ablation;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpMachine;
import dev.klpct.it.Scenario;
import dev.klpct.strategies.StrategyComponent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lkmm verdicts that depend on what the kernel model says about printk and RCU grace periods
 * (docs/model.md): each of these was once reported the other way.
 */
class WeakMemoryFindingsTest {
  private static CheckReport lkmm(String strategy, String options) {
    KlpMachine m =
        KlpMachine.of(StrategyComponent.builtIn().get(strategy), Scenario.parse(options).config());
    return new Checker(CheckOptions.defaults().withMemoryModel(MemoryModel.LKMM)).check(m);
  }

  /** With the pr_notice() barrier of klp_start_transition(), the second patch is safe. */
  @Test
  void upstreamAndZijlstraKeepConsistencyWithASecondPatch() {
    assertThat(lkmm("zijlstra", ""))
        .isExhaustive()
        .holds(
            "consistency",
            "handler-defined-state",
            "init-undefined",
            "complete-switched",
            "no-stale-write",
            "completes",
            "nohz-undisturbed");
    assertThat(lkmm("baseline", ""))
        .isExhaustive()
        .holds("consistency", "no-stale-write")
        .violates("nohz-undisturbed");
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
    assertThat(lkmm("mladek", ""))
        .isExhaustive()
        .violates("consistency")
        .holds("init-undefined", "complete-switched", "no-stale-write");
    assertThat(lkmm("zijlstra", "--reverse"))
        .isExhaustive()
        .holds("consistency", "complete-switched", "no-stale-write", "reversal");
  }
}
