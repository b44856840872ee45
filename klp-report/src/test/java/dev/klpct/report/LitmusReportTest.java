package dev.klpct.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.litmus.ExactLitmusRunner;
import dev.klpct.checker.litmus.LitmusException;
import dev.klpct.checker.litmus.LitmusParser;
import dev.klpct.checker.litmus.LitmusRunner;
import dev.klpct.checker.litmus.LitmusTest;
import java.util.OptionalDouble;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * {@code klpct litmus}'s report on real runs of both engines: the exit code follows the worst file,
 * and the four printers say the same of each test. The byte-for-byte text and JSON of the command
 * are integration-tests' golden files.
 */
class LitmusReportTest {
  /** Message passing without ordering: Sometimes under lkmm, Never under sc. */
  private static final String MP =
      """
      C MP+poonceonces
      (*
       * Result: Sometimes
       *)
      {}
      P0(int *x, int *y)
      {
      \tWRITE_ONCE(*x, 1);
      \tWRITE_ONCE(*y, 1);
      }
      P1(int *x, int *y)
      {
      \tint r0;
      \tint r1;
      \tr0 = READ_ONCE(*y);
      \tr1 = READ_ONCE(*x);
      }
      exists (1:r0=1 /\\ 1:r1=0)
      """;

  private static LitmusTest mp() throws LitmusException {
    return LitmusParser.parse("mp.litmus", MP);
  }

  private static LitmusReport.Exact exact() throws LitmusException {
    return new LitmusReport.Exact(
        "t/mp.litmus", ExactLitmusRunner.run(mp()), 2.25, OptionalDouble.empty());
  }

  /** Under sc the test's Sometimes is not reached: the outcome disagrees. */
  private static LitmusReport.Operational operational(CheckOptions options) throws LitmusException {
    return new LitmusReport.Operational(
        "t/mp.litmus", LitmusRunner.run(mp(), options.withMemoryModel(MemoryModel.SC)));
  }

  private static final LitmusReport.Unreadable BAD =
      new LitmusReport.Unreadable("t/bad.litmus", "t/bad.litmus:1:1: expected 'C <name>' | x");

  private static LitmusReport lkmm(LitmusReport.Test... tests) {
    return new LitmusReport(
        MemoryModel.LKMM, LitmusReport.Engine.EXACT, 1, ImmutableList.copyOf(tests));
  }

  private static LitmusReport sc(LitmusReport.Test... tests) {
    return new LitmusReport(
        MemoryModel.SC, LitmusReport.Engine.OPERATIONAL, 1, ImmutableList.copyOf(tests));
  }

  @Test
  void exitCodeIsThatOfTheWorstFile() throws LitmusException {
    CheckOptions one = CheckOptions.defaults().withThreads(1);
    LitmusReport.Operational cut = operational(one.withMaxStates(2).withShortestBudget(2));
    assertThat(cut.result().outcome()).isEmpty();

    assertThat(lkmm(exact()).exitCode()).isEqualTo(ExitCode.HOLDS);
    assertThat(sc(cut).exitCode()).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(sc(cut, operational(one)).exitCode()).isEqualTo(ExitCode.VIOLATED);
    assertThat(sc(operational(one), BAD).exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(lkmm().exitCode()).isEqualTo(ExitCode.HOLDS);
  }

  @Test
  void textIsOneBlockPerTestThenASummaryThatCountsTheUnreadable() throws LitmusException {
    String one = TextReport.print(lkmm(exact()));
    assertThat(one)
        .isEqualTo(
            """
            t/mp.litmus: MP+poonceonces
              memory model: lkmm (exact)
              clause: exists (1:r0=1 /\\ 1:r1=0)
              outcome: Sometimes (condition validated), 1 of 4 allowed executions satisfy the\
             body (4 candidates), 2.3 ms
              final states:
                1:r0=0; 1:r1=0;
                1:r0=0; 1:r1=1;
                1:r0=1; 1:r1=0;
                1:r0=1; 1:r1=1;
              expected (Result: Sometimes): agrees
            """);

    String two = TextReport.print(lkmm(exact(), BAD));
    assertThat(two)
        .startsWith(one)
        .doesNotContain("bad.litmus")
        .endsWith(
            """
            summary: 2 tests, 1 answered, 1 unreadable or unsupported
            time per test: median, 2.3 ms; slowest, 2.3 ms; all tests, 2.3 ms
            """);
  }

  @Test
  void repeatedRunsNameTheSlowestAndGiveCpuTimes() throws LitmusException {
    LitmusReport.Exact a =
        new LitmusReport.Exact("a.litmus", exact().result(), 1.0, OptionalDouble.of(0.5));
    LitmusReport.Exact b =
        new LitmusReport.Exact("b.litmus", exact().result(), 3.0, OptionalDouble.of(2.5));
    LitmusReport r =
        new LitmusReport(MemoryModel.LKMM, LitmusReport.Engine.EXACT, 3, ImmutableList.of(a, b));
    assertThat(r.slowest()).contains(b);
    assertThat(TextReport.print(r))
        .endsWith(
            "time per test: median, 2.0 ms; slowest (MP+poonceonces), 3.0 ms; all tests, 4.0 ms\n"
                + "CPU time per test (this thread): median, 1.5 ms; slowest, 2.5 ms;"
                + " all tests, 3.0 ms\n");
  }

  @Test
  void repeatIsForTheExactEngineAndTheExactEngineIsLkmms() {
    assertThatThrownBy(
            () ->
                new LitmusReport(
                    MemoryModel.SC, LitmusReport.Engine.OPERATIONAL, 2, ImmutableList.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new LitmusReport(MemoryModel.TSO, LitmusReport.Engine.EXACT, 1, ImmutableList.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jsonCarriesEveryFileTheUnreadableAsAnErrorAndNoExitCode() throws LitmusException {
    JsonObject o =
        JsonParser.parseString(
                JsonReport.print(sc(operational(CheckOptions.defaults().withThreads(1)), BAD)))
            .getAsJsonObject();
    assertThat(o.get("memoryModel").getAsString()).isEqualTo("sc");
    assertThat(o.get("engine").getAsString()).isEqualTo("operational");
    assertThat(o.has("exitCode")).isFalse();
    JsonObject test = o.getAsJsonArray("tests").get(0).getAsJsonObject();
    assertThat(test.get("outcome").getAsString()).isEqualTo("Never");
    assertThat(test.get("expected").getAsString()).isEqualTo("Sometimes");
    assertThat(test.get("agrees").getAsBoolean()).isFalse();
    JsonObject bad = o.getAsJsonArray("tests").get(1).getAsJsonObject();
    assertThat(bad.keySet()).containsExactly("file", "error");
    assertThat(bad.get("error").getAsString()).isEqualTo(BAD.message());
  }

  @Test
  void markdownIsATableRowPerFileWithTheTally() throws LitmusException {
    assertThat(ReportFormat.MARKDOWN.supports(lkmm())).isTrue();
    String md = MarkdownReport.print(lkmm(exact(), BAD));
    assertThat(md.lines().toList())
        .startsWith(
            "## klpct litmus: lkmm, exact engine",
            "",
            "| file | test | outcome | expected | explored | time |",
            "|---|---|---|---|---|---|",
            "| t/mp.litmus | MP+poonceonces | Sometimes (condition validated)"
                + " | Result: Sometimes, agrees"
                + " | 1 of 4 allowed satisfy the body (4 candidates) | 2.3 ms |",
            // the | in the message is escaped, so the row keeps its six cells
            "| t/bad.litmus |  | unreadable or unsupported: t/bad.litmus:1:1:"
                + " expected 'C <name>' \\| x |  |  |  |");
    assertThat(md)
        .endsWith(
            "\n2 tests, 1 answered, 1 unreadable or unsupported;"
                + " 0 disagree with their expectation.\n");
  }

  @Test
  void htmlSaysWhatTheTableSaysEscapedWithTheFinalStates() throws LitmusException {
    LitmusReport r = sc(operational(CheckOptions.defaults().withThreads(1)), BAD);
    assertThat(ReportFormat.HTML.supports(r)).isTrue();
    Document d = Jsoup.parse(HtmlReport.print(r));
    assertThat(d.title()).isEqualTo("klpct litmus: sc, operational engine");
    assertThat(d.select("script")).isEmpty();
    assertThat(d.select("table.litmus thead th").eachText())
        .containsExactly("file", "test", "outcome", "expected", "explored", "time", "final states");
    var rows = d.select("table.litmus tbody tr");
    assertThat(rows).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(rows.get(i).select("td").stream().map(Element::text).toList().subList(0, 6))
          .containsExactlyElementsOf(TextReport.litmusRow(r.tests().get(i)));
    }
    Element expected = rows.get(0).select("td").get(3);
    assertThat(expected.hasClass("violated")).as("Never against Sometimes").isTrue();
    assertThat(rows.get(0).select("details pre").text()).contains("1:r0=0; 1:r1=0;");
    assertThat(rows.get(1).select("td").get(2).text()).contains("'C <name>' | x");
    assertThat(d.select("p.tally").text())
        .isEqualTo(
            "2 tests, 1 answered, 1 unreadable or unsupported; 1 disagrees with its expectation.");
  }
}
