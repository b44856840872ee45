package dev.klpct.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Stats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation of the report's data model; rendering is tested in {@code HtmlReportTest}. */
class ReportModelTest {
  static StrategyResult empty(String strategy) {
    return StrategyResult.of(
        strategy,
        List.of("CPU0"),
        new CheckReport(
            strategy,
            dev.klpct.checker.MemoryModel.SC,
            ImmutableList.of(),
            ImmutableList.of(),
            new Stats(1, 0, 1, 0, 0.0, 0, 0, 1, true, true, "")));
  }

  @Test
  void ablationRowIsEitherBrokenWithAllThreeFieldsOrNotNeeded() {
    AblationRow breaks =
        AblationRow.breaks("mladek", "smp_rmb#1", "klp_ftrace_handler", "consistency", "lkmm", 22);
    assertThat(breaks.needed()).isTrue();
    AblationRow notNeeded = AblationRow.notNeeded("zijlstra", "smp_mb#2", "ct_kernel_enter");
    assertThat(notNeeded.needed()).isFalse();
    assertThat(notNeeded.contract()).isNull();
    assertThatThrownBy(() -> new AblationRow("v1", "s", "f", "consistency", null, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("come together");
    assertThatThrownBy(() -> new AblationRow("v1", "s", "f", null, null, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AblationRow.breaks("v1", "s", "f", "consistency", "sc", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void aReportNeedsARunAndEachModelOnce() {
    assertThatThrownBy(() -> ComparisonReport.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
    assertThatThrownBy(
            () ->
                ComparisonReport.builder()
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
    ComparisonReport r =
        ComparisonReport.builder()
            .addRun("sc", List.of(empty("v2"), empty("v1")))
            .addRun("tso", List.of(empty("v1"), empty("zijlstra")))
            .build();
    assertThat(r.strategies()).containsExactly("v2", "v1", "zijlstra");
    assertThat(r.result("zijlstra", "sc")).isEmpty();
    assertThat(r.result("zijlstra", "tso")).isPresent();
  }
}
