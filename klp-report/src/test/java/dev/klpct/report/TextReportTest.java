package dev.klpct.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Stats;
import dev.klpct.checker.Verdict;
import dev.klpct.checker.trace.Step;
import dev.klpct.core.KlpConfig;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/**
 * The words of the reports where honesty is at stake: "shortest" only for a counterexample proven
 * so, and a check cut short always named with why and how far it got.
 */
class TextReportTest {
  private static PropertyVerdict violated(String id, int length, boolean shortest) {
    ImmutableList<Step> steps = ImmutableList.copyOf(Collections.nCopies(length, new Step(0, -1)));
    return new PropertyVerdict(
        id,
        "statement of " + id,
        Verdict.VIOLATED,
        Optional.of(new Counterexample(id, steps, ImmutableList.of(), id + ": why", shortest)));
  }

  private static StrategyResult result(
      String strategy, boolean exhaustive, PropertyVerdict... verdicts) {
    return StrategyResult.of(
        strategy,
        KlpConfig.defaults(),
        SyncMode.RCU,
        List.of("CPU0"),
        new CheckReport(
            strategy,
            MemoryModel.SC,
            ImmutableList.copyOf(verdicts),
            ImmutableList.of(),
            new Stats(
                1234, 0, 1, 0, 0.0, 0, 1, true, exhaustive, exhaustive ? "" : "interrupted")));
  }

  private static PropertyVerdict inconclusive(String id) {
    return new PropertyVerdict(id, "statement of " + id, Verdict.INCONCLUSIVE, Optional.empty());
  }

  /** An INCONCLUSIVE verdict says why: the limit that cut the search short, or lkmm's guard. */
  @Test
  void anInconclusiveVerdictLineSaysWhyItIsInconclusive() {
    PropertyVerdict v = inconclusive("completes");
    CheckReport cut =
        new CheckReport(
            "v1",
            MemoryModel.SC,
            ImmutableList.of(v),
            ImmutableList.of(),
            new Stats(1234, 0, 1, 0, 0.0, 0, 1, true, false, "--max-states 1234 reached"));
    assertThat(TextReport.verdictLine(v, cut))
        .isEqualTo(
            "  completes: INCONCLUSIVE (the exploration was cut short: --max-states 1234"
                + " reached)");

    CheckReport guarded =
        new CheckReport(
            "v1",
            MemoryModel.LKMM,
            ImmutableList.of(v),
            ImmutableList.of(),
            new Stats(1234, 0, 1, 0, 0.0, 0, 1, true, true, ""),
            ImmutableList.of("pair 1", "pair 2"));
    assertThat(TextReport.verdictLine(v, guarded))
        .startsWith("  completes: INCONCLUSIVE (not violated in any execution, but not proven")
        .contains("under lkmm: the load-buffering guard found 2 read-then-store pair(s)")
        .doesNotContain("budget")
        .doesNotContain("cut short");
  }

  @Test
  void aCounterexampleNotProvenShortestIsNotCalledShortest() {
    assertThat(TextReport.cell(violated("consistency", 23, true))).isEqualTo("VIOLATED (23)");
    assertThat(TextReport.cell(violated("consistency", 23, false))).isEqualTo("VIOLATED (<=23)");

    Comparison proven =
        Comparison.builder()
            .addRun("sc", List.of(result("v1", true, violated("consistency", 23, true))))
            .build();
    assertThat(TextReport.print(proven))
        .contains("VIOLATED (n): shortest counterexample has n steps (klpct check")
        .doesNotContain("<=");

    Comparison unproven =
        Comparison.builder()
            .addRun("sc", List.of(result("v1", true, violated("consistency", 23, false))))
            .build();
    assertThat(TextReport.print(unproven))
        .contains("VIOLATED (<=23)")
        .contains("VIOLATED (<=n): a counterexample of n steps, not proven shortest");
    assertThat(MarkdownReport.print(unproven)).contains("not proven shortest");
    String page = HtmlReport.print(unproven);
    assertThat(Jsoup.parse(page).selectFirst("#matrix p").text())
        .contains("VIOLATED (<=n) a counterexample of n steps not proven shortest");
    assertThat(Jsoup.parse(page).selectFirst("details.cx summary").text())
        .contains("(not proven shortest)");
    assertThat(JsonReport.print(unproven)).contains("\"shortest\": false");
  }

  @Test
  void aComparisonNamesEveryCheckCutShort() {
    Comparison c =
        Comparison.builder()
            .addRun(
                "sc",
                List.of(
                    result("v1", true, violated("consistency", 3, true)),
                    result(
                        "v2",
                        false,
                        new PropertyVerdict(
                            "consistency", "s", Verdict.INCONCLUSIVE, Optional.empty()))))
            .build();
    assertThat(c.exitCode()).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(TextReport.print(c))
        .contains("Cut short (contracts not violated in the part explored are INCONCLUSIVE):")
        .contains("\n  v2 under sc: interrupted after 1,234 states\n")
        .doesNotContain("v1 under sc:");
    assertThat(JsonReport.print(c)).contains("\"exitCode\": 3");
  }
}
