package dev.klpct.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.checker.Ablation;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.Stats;
import dev.klpct.core.KlpConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Validation of the report's data model; rendering is tested in {@code HtmlReportTest}. */
class ReportModelTest {
  static StrategyResult empty(String strategy) {
    return StrategyResult.of(
        strategy,
        KlpConfig.defaults(),
        SyncMode.RCU,
        List.of("CPU0"),
        new CheckReport(
            strategy,
            MemoryModel.SC,
            ImmutableList.of(),
            ImmutableList.of(),
            new Stats(1, 0, 1, 0, 0.0, 0, 1, true, true, "")));
  }

  @Test
  void ablationRowHasContractsModelAndLengthExactlyWhenNeeded() {
    AblationRow needed =
        new AblationRow(
            "smp_rmb#1",
            "klp_ftrace_handler",
            "smp_rmb()",
            Ablation.Outcome.NEEDED,
            "NEEDED: breaks consistency",
            ImmutableList.of("consistency"),
            Optional.of("lkmm"),
            Optional.of(22));
    assertThat(needed.needed()).isTrue();
    assertThatThrownBy(
            () ->
                new AblationRow(
                    "s",
                    "f",
                    "o",
                    Ablation.Outcome.NEEDED,
                    "v",
                    ImmutableList.of("consistency"),
                    Optional.empty(),
                    Optional.of(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("come with NEEDED");
    assertThatThrownBy(
            () ->
                new AblationRow(
                    "s",
                    "f",
                    "o",
                    Ablation.Outcome.NOT_NEEDED,
                    "v",
                    ImmutableList.of(),
                    Optional.of("sc"),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new AblationRow(
                    "s",
                    "f",
                    "o",
                    Ablation.Outcome.NEEDED,
                    "v",
                    ImmutableList.of("c"),
                    Optional.of("sc"),
                    Optional.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void aReportNeedsARunAndEachModelOnce() {
    assertThatThrownBy(() -> Comparison.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
    assertThatThrownBy(
            () ->
                Comparison.builder()
                    .addRun("sc", List.of(empty("v1")))
                    .addRun("sc", List.of(empty("v2")))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memory model sc twice");
    assertThatThrownBy(() -> ModelRun.of("tso", List.of(empty("v1"), empty("v1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strategy v1 twice under memory model tso");
  }

  @Test
  void strategiesKeepTheirFirstOrderOverModels() {
    Comparison r =
        Comparison.builder()
            .addRun("sc", List.of(empty("v2"), empty("v1")))
            .addRun("tso", List.of(empty("v1"), empty("zijlstra")))
            .build();
    assertThat(r.strategies()).containsExactly("v2", "v1", "zijlstra");
    assertThat(r.result("zijlstra", "sc")).isEmpty();
    assertThat(r.result("zijlstra", "tso")).isPresent();
  }
}
