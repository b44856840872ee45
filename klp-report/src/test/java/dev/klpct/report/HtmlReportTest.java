package dev.klpct.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.core.Contract;
import dev.klpct.core.KlpMachine;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

/**
 * The static HTML of the comparison report, parsed with jsoup: the matrix says what the text report
 * says, each VIOLATED cell leads to its diagram, and the page needs nothing from the network. That
 * the charts draw is {@link HtmlReportBrowserTest}'s job.
 */
class HtmlReportTest {
  /** The contract ids in the order every report lists them. */
  static final ImmutableList<String> CONTRACTS =
      ImmutableList.<String>builder()
          .addAll(Contract.all().stream().map(Contract::id).toList())
          .add("deadlock-free", "model-sound")
          .build();

  static Document parse(Comparison r) {
    return Jsoup.parse(HtmlReport.print(r));
  }

  static Comparison scOnly() {
    return Comparison.builder().addRun("sc", ReportFixture.defaultRows()).build();
  }

  static Element cell(Document d, String strategy, String model, String contract) {
    Elements e =
        d.select(
            "table.matrix tr[data-strategy="
                + strategy
                + "][data-model="
                + model
                + "] td[data-contract="
                + contract
                + "]");
    assertThat(e).as("%s %s %s", strategy, model, contract).hasSize(1);
    return e.first();
  }

  @Test
  void matrixShowsExactlyTheTextReportsCells() {
    Document d = parse(scOnly());
    List<StrategyResult> rows = ReportFixture.defaultRows();
    assertThat(d.select("table.matrix tbody tr")).hasSize(rows.size());
    assertThat(d.select("table.matrix thead th[data-contract]").eachText())
        .containsExactlyElementsOf(CONTRACTS);
    int violated = 0;
    for (StrategyResult row : rows) {
      String s = row.strategy();
      for (String c : CONTRACTS) {
        PropertyVerdict v = row.report().verdict(c).orElseThrow();
        Element td = cell(d, s, "sc", c);
        assertThat(td.text()).as("%s %s", s, c).isEqualTo(TextReport.cell(v));
        assertThat(td.attr("data-verdict")).isEqualTo(v.verdict().name());
        violated += v.verdict() == Verdict.VIOLATED ? 1 : 0;
      }
      Elements nums = d.select("tr[data-strategy=" + s + "] td.num");
      assertThat(nums.eachText())
          .containsExactly(
              TextReport.range(row.report(), KlpMachine.DISTURBANCES),
              TextReport.range(row.report(), KlpMachine.FAILED_ATTEMPTS),
              String.format(Locale.ROOT, "%,d", row.report().stats().states()));
    }
    // The default scenario has violations (v1, v2, mladek, baseline), so links are tested.
    assertThat(violated).isGreaterThan(5);
    assertThat(d.select("a.cx-link")).hasSize(violated);
    assertThat(d.select("details.cx")).hasSize(violated);
  }

  @Test
  void everyViolatedCellLinksToItsCpuColumnDiagram() {
    Document d = parse(scOnly());
    Set<String> targets = new HashSet<>();
    for (StrategyResult row : ReportFixture.defaultRows()) {
      String s = row.strategy();
      for (PropertyVerdict v : row.report().verdicts()) {
        if (v.verdict() != Verdict.VIOLATED) {
          assertThat(cell(d, s, "sc", v.property()).select("a")).isEmpty();
          continue;
        }
        Element link = cell(d, s, "sc", v.property()).selectFirst("a.cx-link");
        assertThat(link).isNotNull();
        String href = link.attr("href");
        assertThat(href).startsWith("#");
        assertThat(targets.add(href)).as("distinct anchors").isTrue();
        Element target = d.getElementById(href.substring(1));
        assertThat(target).as(href).isNotNull();
        assertThat(target.tagName()).isEqualTo("details");
        assertThat(target.attr("data-strategy")).isEqualTo(s);
        assertThat(target.attr("data-contract")).isEqualTo(v.property());
        Counterexample cx = v.counterexample().orElseThrow();
        assertThat(target.selectFirst("summary").text())
            .contains(s, v.property(), cx.length() + " steps");
        // wholeText: the diagram's columns are whitespace, which text() would collapse.
        assertThat(target.selectFirst("pre.trace").wholeText()).isEqualTo(row.diagram(cx));
      }
    }
  }

  @Test
  void severalMemoryModelsGetOneRowEachUnderTheirStrategy() {
    Document d = parse(ReportFixture.full());
    List<StrategyResult> rows = ReportFixture.defaultRows();
    assertThat(d.select("table.matrix tbody")).hasSize(rows.size());
    for (Element body : d.select("table.matrix tbody")) {
      assertThat(body.select("tr").eachAttr("data-model"))
          .containsExactly("sc", ReportFixture.SECOND);
      assertThat(body.selectFirst("th[rowspan]").attr("rowspan")).isEqualTo("2");
    }
    for (StrategyResult row : ReportFixture.eqsWorkRows()) {
      String s = row.strategy();
      for (PropertyVerdict v : row.report().verdicts()) {
        assertThat(cell(d, s, ReportFixture.SECOND, v.property()).text())
            .isEqualTo(TextReport.cell(v));
      }
    }
    // The two runs differ here, so a page that mixed them up would fail.
    assertThat(cell(d, "zijlstra", "sc", "no-stale-write").text()).isEqualTo("HOLDS");
    Element second = cell(d, "zijlstra", ReportFixture.SECOND, "no-stale-write");
    assertThat(second.text()).startsWith("VIOLATED (");
    Element target = d.getElementById(second.selectFirst("a").attr("href").substring(1));
    assertThat(target.attr("data-model")).isEqualTo(ReportFixture.SECOND);
    // Each run is one dataset of the range charts.
    JsonObject data =
        JsonParser.parseString(d.getElementById("klpct-data").data()).getAsJsonObject();
    JsonObject disturbances = data.getAsJsonArray("charts").get(0).getAsJsonObject();
    assertThat(disturbances.get("id").getAsString()).isEqualTo("chart-disturbances");
    assertThat(disturbances.getAsJsonArray("datasets")).hasSize(2);
  }

  @Test
  void ablationSectionNamesTheScenarioAndModelsOfEachTable() {
    assertThat(parse(scOnly()).getElementById("ablation")).isNull();
    Document d = parse(ReportFixture.full());
    assertThat(d.select("#ablation h3.ablation-of").eachText()).containsExactly("mladek");
    assertThat(d.selectFirst("#ablation .ablation-scenario").text())
        .isEqualTo("Scenario: --nohz-cpus 1 --transitions 1; memory models: sc, tso, lkmm.");
    Elements rows = d.select("#ablation table.ablation[data-strategy=mladek] tbody tr");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).select("td").stream().map(Element::text))
        .containsExactly(
            "smp_rmb#1",
            "klp_ftrace_handler()",
            "smp_rmb()",
            "NEEDED: breaks consistency",
            "lkmm",
            "22 steps");
    assertThat(rows.get(1).select("td").stream().map(Element::text))
        .containsExactly(
            "smp_mb__after_atomic#1",
            "ct_kernel_enter()",
            "smp_mb__after_atomic()",
            "not needed under sc, tso, lkmm",
            "",
            "");
    // An inconclusive row says so; it is not "not needed".
    assertThat(rows.get(2).attr("data-outcome")).isEqualTo("INCONCLUSIVE");
    assertThat(rows.get(2).selectFirst("td.inconclusive").text()).startsWith("INCONCLUSIVE");
  }

  @Test
  void anAblationFileWithoutItsScenarioSaysSo() {
    AblationTable old = AblationTable.parseJson("{\"strategy\": \"v1\", \"rows\": []}", "old.json");
    Document d =
        parse(
            Comparison.builder()
                .addRun("sc", ReportFixture.defaultRows())
                .addAblation(old)
                .build());
    assertThat(d.selectFirst("#ablation .ablation-scenario").text())
        .isEqualTo(
            "Scenario: not recorded in the ablation file; memory models: not recorded in the"
                + " ablation file.");
  }

  @Test
  void benchmarksGetATableRowEachAndAChartPerModeAndUnit() {
    assertThat(parse(scOnly()).getElementById("benchmarks")).isNull();
    Document d = parse(ReportFixture.full());
    assertThat(d.select("#benchmarks table.jmh tbody tr").eachText())
        .containsExactly(
            "UpdatePatchStateBenchmark.fastPath avgt strategy=baseline 2.51 ± 0.12 ns/op",
            "UpdatePatchStateBenchmark.fastPath avgt strategy=zijlstra 3.10 ± 0.40 ns/op",
            "UpdatePatchStateBenchmark.floor avgt 1.90 ns/op (no error estimate)",
            "TransitionBenchmark.transition thrpt strategy=v1, tasks=4 12,346 ± 321 ops/s"
                + " disturbances: 2 disturbances");
    assertThat(d.select("#benchmarks div.chart").eachAttr("id"))
        .containsExactly("chart-jmh-1", "chart-jmh-2");
    JsonObject avgt =
        JsonParser.parseString(d.getElementById("klpct-data").data())
            .getAsJsonObject()
            .getAsJsonArray("charts")
            .get(2)
            .getAsJsonObject();
    assertThat(avgt.get("axis").getAsString()).isEqualTo("ns/op");
    JsonObject ds = avgt.getAsJsonArray("datasets").get(0).getAsJsonObject();
    assertThat(ds.getAsJsonArray("data").toString()).isEqualTo("[2.512,3.104,1.903]");
    assertThat(ds.getAsJsonArray("errors").toString()).isEqualTo("[0.121,0.402,null]");
  }

  @Test
  void pageIsSelfContainedAndInlinesChartJs() {
    String html = HtmlReport.print(ReportFixture.full());
    Document d = Jsoup.parse(html);
    assertThat(d.select("[src]")).isEmpty();
    assertThat(d.select("link")).isEmpty();
    assertThat(d.select("a[href]").eachAttr("href")).allMatch(h -> h.startsWith("#"));
    assertThat(html).contains("Chart.js v4.").contains("Released under the MIT License");
    assertThat(d.select("style").html()).doesNotContain("url(").doesNotContain("@import");
    // Every chart container has its data, and every data entry its container.
    List<String> ids = d.select("div.chart").eachAttr("id");
    List<String> specs =
        JsonParser.parseString(d.getElementById("klpct-data").data())
            .getAsJsonObject()
            .getAsJsonArray("charts")
            .asList()
            .stream()
            .map(e -> e.getAsJsonObject().get("id").getAsString())
            .toList();
    assertThat(specs).containsExactlyElementsOf(ids);
  }

  @Test
  void textIsEscapedAndRenderingIsDeterministic() {
    Comparison r =
        Comparison.builder()
            .options("</script><b>bold</b>")
            .addRun("sc", ReportFixture.defaultRows())
            .build();
    String html = HtmlReport.print(r);
    assertThat(html).isEqualTo(HtmlReport.print(r));
    assertThat(html).doesNotContain("<b>bold</b>");
    assertThat(Jsoup.parse(html).selectFirst(".scenario code").text())
        .isEqualTo("</script><b>bold</b>");
  }
}
