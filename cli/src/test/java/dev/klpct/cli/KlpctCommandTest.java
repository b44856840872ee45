package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.klpct.report.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** End-to-end tests of the command line through {@link Main#run}. */
class KlpctCommandTest {

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void listShowsStrategiesContractsAndDefaults() throws Exception {
    Result r = run("list");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "baseline",
            "v1",
            "v2",
            "mladek",
            "zijlstra",
            "consistency",
            "no-stale-write",
            "--nohz-cpus N",
            "--reverse-order V");
    Golden.check("list.txt", r.out());
  }

  /**
   * {@code klpct check} of {@code strategy}'s consistency contract as JSON, one thread, in the
   * scenario of {@code options} (which say {@code --transitions} themselves).
   */
  private static Result consistencyAsJson(String strategy, String... options) {
    List<String> args = new ArrayList<>(List.of("check", "--strategy", strategy));
    args.addAll(List.of(options));
    args.addAll(List.of("--contract", "consistency", "--format", "json", "--threads", "1"));
    return run(args.toArray(String[]::new));
  }

  /**
   * Issue 9 §2.2, §2.3: a transition list and a reversal bound are in the JSON report's
   * configuration and its options; a scenario without them reports neither key, as before.
   */
  @Test
  void jsonReportsTransitionListsAndReversalsWhenUsed() {
    Result r = consistencyAsJson("baseline", "--transitions", "enable,disable", "--reversals", "1");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.HOLDS);
    assertThat(r.out())
        .contains(
            "\"transitions\": 2",
            "\"transitionSequence\": \"enable,disable\"",
            "\"reversals\": 1",
            "--transitions enable,disable --reversals 1");
    Result d = consistencyAsJson("baseline", "--transitions", "1");
    assertThat(d.out()).doesNotContain("transitionSequence").doesNotContain("\"reversals\"");
  }

  /**
   * Issue 9 §2.4: sleepers in {@code f} are in the JSON report's configuration and options when
   * used, and absent otherwise.
   */
  @Test
  void jsonReportsSleepersInFWhenUsed() {
    Result r = consistencyAsJson("zijlstra", "--transitions", "1", "--sleepers-in-f", "1");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.HOLDS);
    assertThat(r.out()).contains("\"sleepersInF\": 1", "--sleeping-tasks 0 --sleepers-in-f 1 ");
    Result d = consistencyAsJson("zijlstra", "--transitions", "1");
    assertThat(d.out()).doesNotContain("sleepersInF").doesNotContain("--sleepers-in-f");
  }

  /** Issue 9 §2.5: the kworker mode is in the JSON report when modelled, absent otherwise. */
  @Test
  void jsonReportsKworkerWhenModelled() {
    Result r =
        consistencyAsJson("baseline", "--transitions", "1", "--kworker", "no-current-clause");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.HOLDS);
    assertThat(r.out())
        .contains("\"kworker\": \"no-current-clause\"", " --kworker no-current-clause\"");
    Result d = consistencyAsJson("baseline", "--transitions", "1");
    assertThat(d.out()).doesNotContain("kworker");
  }

  /**
   * Issue 9 §2.1: vCPU threads are in the JSON report's configuration and its options only when
   * used.
   */
  @Test
  void jsonReportsVcpuTasksWhenUsed() {
    Result r =
        consistencyAsJson(
            "baseline", "--transitions", "1", "--vcpu-tasks", "1", "--vcpu-run", "unpatched");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.HOLDS);
    assertThat(r.out())
        .contains(
            "\"vcpuTasks\": 1",
            "\"vcpuRun\": \"unpatched\"",
            "--vcpu-tasks 1 --vcpu-run unpatched");
    Result d = consistencyAsJson("baseline", "--transitions", "1");
    assertThat(d.out()).doesNotContain("vcpu");
  }

  @Test
  void zijlstraHoldsWithExitZero() {
    // --signal-after 3: with 1, the first patch's registration IPIs let the fake signal go
    Result r = run("check", "--strategy", "zijlstra", "--signal-after", "3", "--threads", "1");
    assertThat(r.exit()).isEqualTo(ExitCode.HOLDS);
    assertThat(r.out()).contains("consistency            HOLDS").doesNotContain("VIOLATED");
  }

  @Test
  void v1ConsistencyCounterexampleIsTheGoldenDiagram() throws Exception {
    Result r = run("check", "--strategy", "v1", "--contract", "consistency", "--threads", "1");
    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(r.out())
        .contains("context_tracking_state_cpu()", "klp_ftrace_handler()", "consistency VIOLATED");
    Golden.check("check-v1-consistency.txt", r.out());
  }

  @Test
  void jsonHasTheDocumentedShape() {
    Result r = run("check", "--strategy", "v2", "--format", "json", "--threads", "1");
    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("strategy").getAsString()).isEqualTo("v2");
    assertThat(o.getAsJsonObject("config").get("transitions").getAsInt()).isEqualTo(2);
    JsonObject stats = o.getAsJsonObject("stats");
    for (String k :
        new String[] {"states", "transitions", "wallSeconds", "statesPerSecond", "peakHeapBytes"}) {
      assertThat(stats.has(k)).as(k).isTrue();
    }
    boolean sawViolation = false;
    for (var e : o.getAsJsonArray("verdicts")) {
      JsonObject v = e.getAsJsonObject();
      assertThat(v.has("contract")).isTrue();
      if (v.get("verdict").getAsString().equals("VIOLATED")) {
        sawViolation = true;
        assertThat(v.getAsJsonObject("counterexample").getAsJsonArray("steps")).isNotEmpty();
      } else {
        assertThat(v.has("counterexample")).isFalse();
      }
    }
    assertThat(sawViolation).isTrue();
  }

  @Test
  void savedTraceReplaysToTheSameViolation(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("v2.trace");
    Result c =
        run(
            "check",
            "--strategy",
            "v2",
            "--contract",
            "init-undefined",
            "--save-trace",
            f.toString(),
            "--threads",
            "1");
    assertThat(c.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(Files.readString(f)).startsWith("# klpct trace 1").contains("strategy v2");
    Result r = run("replay", f.toString());
    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(r.out()).contains("init-undefined: klp_init_transition() finds T1->patch_state");
  }

  @Test
  void budgetGivesInconclusiveNeverHolds() {
    Result r = run("check", "--strategy", "zijlstra", "--max-states", "50", "--threads", "1");
    assertThat(r.exit()).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(r.out())
        .contains("INCONCLUSIVE", "--max-states 50 reached")
        .doesNotContain("HOLDS ");
  }

  @Test
  void compareMarkdownHasOneRowPerStrategy() {
    Result r = run("compare", "--format", "markdown", "--transitions", "1", "--threads", "1");
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| strategy")))
        .hasSize(5);
  }

  @Test
  void compareReportWritesThePageAndKeepsTheTextReport(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("report.html");
    Result r =
        run(
            "compare",
            "--transitions",
            "1",
            "--threads",
            "1",
            "--report",
            page.toString(),
            "--jmh",
            "src/test/resources/jmh/sample.json");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("klpct compare ").contains("strategy  consistency");
    assertThat(r.err()).contains("klpct: wrote " + page);
    Document d = Jsoup.parse(page.toFile(), "UTF-8");
    assertThat(d.select("table.matrix tbody tr").eachAttr("data-strategy"))
        .containsExactly("baseline", "mladek", "v1", "v2", "zijlstra");
    assertThat(d.select("table.matrix tbody tr").eachAttr("data-model")).containsOnly("sc");
    assertThat(d.selectFirst(".scenario").text()).contains("--transitions 1");
    assertThat(d.select("#benchmarks table.jmh tbody tr")).hasSize(4);
  }

  @Test
  void malformedJmhFileIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Path jmh = dir.resolve("bad.json");
    Files.writeString(jmh, "{\"benchmark\": 1}");
    Path page = dir.resolve("report.html");
    Result r = run("compare", "--report", page.toString(), "--jmh", jmh.toString());
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip())
        .isEqualTo(
            "klpct: JMH result file "
                + jmh
                + ": expected a JSON array of results as written by -rf json");
    assertThat(r.out()).isEmpty();
    assertThat(page).doesNotExist();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "check --strategy nope | unknown strategy 'nope' (known: baseline, mladek, v1, v2, zijlstra)",
        "check --strategy v1 --nohz-cpus 0 | --nohz-cpus must be in 1..6, got 0",
        "check --strategy v1 --episodes 99 | --episodes must be in 0..6, got 99",
        "check --strategy v1 --bogus | Unknown option: '--bogus'",
        "check --strategy v1 --contract foo | unknown contract 'foo'",
        "check --strategy v1 --sync xyz | unknown sync mode 'xyz'",
        "check --strategy v1 --time-limit 5 | --time-limit needs a unit",
        "check --strategy v1 --format xml | --format must be text, json or mail",
        "check --strategy v1 --test-and-clear 2020 | --test-and-clear must be 2021 or 2022",
        "check | Missing required option: '--strategy=NAME'",
        "replay /nonexistent/file | cannot read trace file",
        "frobnicate | Unmatched argument",
        "compare --jmh x.json | --jmh needs --report FILE.html",
        "compare --report /nonexistent/r.html | cannot write --report /nonexistent/r.html: its"
            + " folder does not exist",
        "compare --report target --transitions 1 | cannot write --report target: it is a folder",
        "compare --report target/r.html --jmh /nonexistent/j.json | cannot read JMH result file"
            + " /nonexistent/j.json: no such file"
      })
  void badInputIsOneLineAndExitTwo(String args, String message) {
    Result r = run(args.trim().split("\\s+"));
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void malformedTraceFilesAreRejectedWithTheLine(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.trace");
    Files.writeString(bad, "# klpct trace 1\nstrategy v1\noptions --nohz-cpus 1\nsteps 0 x:1\n");
    Result r = run("replay", bad.toString());
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(":4: bad step 'x:1'");
    Path wrong = dir.resolve("wrong.trace");
    Files.writeString(wrong, "# klpct trace 1\nstrategy v1\noptions --nohz-cpus 1\nsteps 0 7\n");
    Result w = run("replay", wrong.toString());
    assertThat(w.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(w.err()).contains("does not fit this model");
  }
}
