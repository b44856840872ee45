package dev.klpct.cli;

import static dev.klpct.cli.KlpctCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.klpct.report.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line under weak memory models: --memory-model, compare runs, ablate, replay. */
class WeakMemoryCommandTest {

  @Test
  void unknownMemoryModelIsAUsageErrorNamingTheKnownOnes() {
    KlpctCommandTest.Result r = run("check", "--strategy", "zijlstra", "--memory-model", "arm");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("unknown memory model 'arm'", "sc, tso, lkmm");
  }

  @Test
  void checkTakesOneModel() {
    KlpctCommandTest.Result r = run("check", "--strategy", "zijlstra", "--memory-model", "sc,lkmm");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--memory-model takes one model here");
  }

  @Test
  void zijlstraWithOneTransitionIsInconclusiveUnderLkmmAndNamesTheUnorderedPairs() {
    KlpctCommandTest.Result r =
        run(
            "check",
            "--strategy",
            "zijlstra",
            "--transitions",
            "1",
            "--signal-after",
            "3",
            "--memory-model",
            "lkmm",
            "--threads",
            "1");
    // Nothing is violated, but the view machine's load-buffering guard finds reads and later
    // unordered stores (docs/memory-models.md): no HOLDS, and the sites are named.
    assertThat(r.exit()).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(r.out())
        .contains("--memory-model lkmm")
        .contains("lkmm: no contract HOLDS")
        .contains("klp_init_transition reads T1->patch_state, then klp_init_transition writes")
        .doesNotContain("VIOLATED");
  }

  @Test
  void compareRunsOneMatrixPerModelAndJsonListsTheRuns() {
    KlpctCommandTest.Result r =
        run(
            "compare",
            "--strategies",
            "zijlstra",
            "--transitions",
            "1",
            "--memory-model",
            "sc,tso",
            "--format",
            "json",
            "--threads",
            "1");
    assertThat(r.exit()).isEqualTo(ExitCode.HOLDS);
    JsonArray runs = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("runs");
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).getAsJsonObject().get("memoryModel").getAsString()).isEqualTo("sc");
    assertThat(runs.get(1).getAsJsonObject().get("memoryModel").getAsString()).isEqualTo("tso");
    JsonObject tsoConfig =
        runs.get(1)
            .getAsJsonObject()
            .getAsJsonArray("strategies")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("config");
    assertThat(tsoConfig.get("memoryModel").getAsString()).isEqualTo("tso");
  }

  @Test
  void ablateUnderTsoFindsTheGracePeriodBarrier() {
    KlpctCommandTest.Result r =
        run(
            "ablate",
            "--strategy",
            "zijlstra",
            "--transitions",
            "1",
            "--memory-model",
            "tso",
            "--format",
            "json",
            "--threads",
            "1");
    assertThat(r.exit()).isEqualTo(ExitCode.HOLDS);
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    JsonObject needed = null;
    for (JsonElement e : o.getAsJsonArray("rows")) {
      JsonObject row = e.getAsJsonObject();
      if (row.get("site").getAsString().equals("full barrier at the start of the wait")) {
        needed = row;
      }
      if (row.get("outcome").getAsString().equals("NEEDED")) {
        assertThat(row.get("memoryModel").getAsString()).isEqualTo("tso");
        assertThat(row.get("counterexampleLength").getAsInt()).isPositive();
      }
    }
    assertThat(needed).isNotNull();
    assertThat(needed.get("outcome").getAsString()).isEqualTo("NEEDED");
    assertThat(needed.getAsJsonArray("broken").toString()).contains("handler-defined-state");
  }

  @Test
  void ablateMarkdownEscapesTheBitwiseOrInsideACell() {
    KlpctCommandTest.Result r =
        run(
            "ablate",
            "--strategy",
            "zijlstra",
            "--transitions",
            "1",
            "--memory-model",
            "sc",
            "--format",
            "markdown",
            "--threads",
            "1");
    assertThat(r.exit()).isEqualTo(ExitCode.HOLDS);
    String row =
        r.out().lines().filter(l -> l.contains("ct_seq_set_user_work")).findFirst().orElseThrow();
    assertThat(row).startsWith("| atomic_try_cmpxchg(&ct->seq, &seq, seq \\| CT_SEQ_WORK) | ");
    // six columns: seven unescaped bars
    assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(7);
  }

  @Test
  void theReportShowsTheAblationTableOfAnAblateJsonFile(@TempDir Path dir) throws Exception {
    KlpctCommandTest.Result a =
        run(
            "ablate",
            "--strategy",
            "zijlstra",
            "--transitions",
            "1",
            "--memory-model",
            "tso",
            "--format",
            "json",
            "--threads",
            "1");
    Path json = dir.resolve("zijlstra-ablation.json");
    Files.writeString(json, a.out());
    Path page = dir.resolve("report.html");
    KlpctCommandTest.Result c =
        run(
            "compare",
            "--strategies",
            "zijlstra",
            "--transitions",
            "1",
            "--threads",
            "1",
            "--report",
            page.toString(),
            "--ablation",
            json.toString());
    assertThat(c.exit()).as(c.err()).isEqualTo(ExitCode.HOLDS);
    String html = Files.readString(page);
    assertThat(html)
        .contains("full barrier at the start of the wait", "klp_synchronize_transition");

    KlpctCommandTest.Result bad = run("compare", "--ablation", json.toString());
    assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err()).contains("--ablation needs --report");
    Path notAblation = dir.resolve("x.json");
    Files.writeString(notAblation, "{\"rows\": 3}");
    KlpctCommandTest.Result wrong =
        run(
            "compare",
            "--strategies",
            "zijlstra",
            "--report",
            page.toString(),
            "--ablation",
            notAblation.toString());
    assertThat(wrong.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(wrong.err()).contains("is not the JSON of klpct ablate --format json");
  }

  @Test
  void aTsoCounterexampleWithStoreBufferFlushesReplays(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("v1-tso.trace");
    KlpctCommandTest.Result c =
        run(
            "check",
            "--strategy",
            "v1",
            "--memory-model",
            "tso",
            "--contract",
            "consistency",
            "--threads",
            "1",
            "--save-trace",
            f.toString());
    assertThat(c.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(c.out()).contains("store buffer");
    String trace = Files.readString(f);
    assertThat(trace).contains("memory-model tso");
    KlpctCommandTest.Result r = run("replay", f.toString());
    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(r.out()).contains("consistency");
  }
}
