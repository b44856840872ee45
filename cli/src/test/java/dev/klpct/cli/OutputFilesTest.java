package dev.klpct.cli;

import static dev.klpct.cli.KlpctCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.klpct.report.AblationTable;
import dev.klpct.report.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files klpct writes: {@code --output} (any format), {@code --report}, {@code --save-trace} and an
 * ablation JSON that {@code compare --ablation} reads back. Each replaces an earlier file whole,
 * leaves no temporary file, is named on stderr, and a JSON report's {@code exitCode} is the exit
 * code of the process.
 */
class OutputFilesTest {
  /** A time in milliseconds (text, Markdown, HTML) or in seconds (JSON). */
  private static final String TIMES = "[0-9.]+ ms|(?<=\"wallSeconds\": )[-0-9.E]+";

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void outputReplacesAnEarlierFileWholeAndLeavesNothingElse(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("v1.json");
    Files.writeString(json, "an earlier, much longer output ".repeat(1000));
    KlpctCommandTest.Result r =
        run(
            "check",
            "--strategy",
            "v1",
            "--contract",
            "consistency",
            "--threads",
            "1",
            "--format",
            "json",
            "--output",
            json.toString());

    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("klpct: wrote " + json + "\n");
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(o.get("exitCode").getAsInt()).isEqualTo(r.exit());
    assertThat(names(dir)).containsExactly("v1.json");
  }

  @Test
  void litmusPrintsEveryFormatOfItsReportToStandardOutputOrToOutput(@TempDir Path dir)
      throws IOException {
    String mp = "../examples/litmus/klp-handler-MP+wmb+rmb.litmus";
    Path bad = dir.resolve("bad.litmus");
    Files.writeString(bad, "not a litmus test\n");
    for (String format : List.of("text", "markdown", "json", "html")) {
      KlpctCommandTest.Result shown = run("litmus", "--format", format, mp, bad.toString());
      Path file = dir.resolve("report." + format);
      KlpctCommandTest.Result written =
          run("litmus", "--format", format, "--output", file.toString(), mp, bad.toString());

      assertThat(shown.exit()).as(format).isEqualTo(ExitCode.USAGE);
      assertThat(written.exit()).as(format).isEqualTo(ExitCode.USAGE);
      assertThat(written.out()).as(format).isEmpty();
      assertThat(written.err()).as(format).endsWith("klpct: wrote " + file + "\n");
      // the times differ from run to run; the rest is the same report
      assertThat(Files.readString(file).replaceAll(TIMES, "#"))
          .as(format)
          .isEqualTo(shown.out().replaceAll(TIMES, "#"));
      assertThat(shown.out()).as(format).contains("klp-handler-MP+wmb+rmb");
      if (format.equals("json")) {
        assertThat(shown.out()).contains("\"error\": \"" + bad);
        assertThat(shown.err()).isEmpty();
      } else {
        assertThat(shown.err()).as(format).startsWith("klpct: " + bad + ":1:1: ");
      }
    }
    assertThat(run("litmus", "--format", "mail", mp).err())
        .startsWith("klpct: --format must be text, markdown, json or html, got 'mail'");
  }

  @Test
  void jsonExitCodeIsTheProcesssForEveryCommand(@TempDir Path dir) throws IOException {
    String[][] commands = {
      {"check", "--strategy", "zijlstra", "--transitions", "1", "--threads", "1"},
      {"check", "--strategy", "zijlstra", "--max-states", "50", "--threads", "1"},
      {"compare", "--strategies", "v1,zijlstra", "--transitions", "1", "--threads", "1"},
      {"compare", "--strategies", "v1", "--max-states", "50", "--threads", "1"},
      {"ablate", "--strategy", "zijlstra", "--transitions", "1", "--memory-model", "sc", "-q"},
      {"stress", "--strategy", "baseline", "--duration", "100ms"},
    };
    for (String[] c : commands) {
      String[] args = CutShortRunsTest.concat(c, "--format", "json");
      KlpctCommandTest.Result r = run(args);
      assertThat(JsonParser.parseString(r.out()).getAsJsonObject().get("exitCode").getAsInt())
          .as("exitCode of klpct %s", String.join(" ", args))
          .isEqualTo(r.exit());
    }
    Path trace = dir.resolve("v2.trace");
    run(
        "check",
        "--strategy",
        "v2",
        "--contract",
        "init-undefined",
        "--threads",
        "1",
        "--save-trace",
        trace.toString());
    KlpctCommandTest.Result replay = run("replay", trace.toString(), "--format", "json");
    assertThat(replay.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(JsonParser.parseString(replay.out()).getAsJsonObject().get("exitCode").getAsInt())
        .isEqualTo(ExitCode.VIOLATED);
  }

  @Test
  void ablationJsonGoesIntoTheReportWithItsScenarioAndModels(@TempDir Path dir) throws IOException {
    Path ablation = dir.resolve("zijlstra-ablation.json");
    KlpctCommandTest.Result a =
        run(
            "ablate",
            "--strategy",
            "zijlstra",
            "--transitions",
            "1",
            "--memory-model",
            "sc,tso",
            "--threads",
            "1",
            "--format",
            "json",
            "-o",
            ablation.toString(),
            "-q");
    assertThat(a.exit()).isEqualTo(ExitCode.HOLDS);
    AblationTable t = AblationTable.readJson(ablation);
    assertThat(t.strategy()).isEqualTo("zijlstra");
    assertThat(t.options()).contains("--transitions 1");
    assertThat(t.memoryModels()).containsExactly("sc", "tso");

    Path page = dir.resolve("report.html");
    Files.writeString(page, "an earlier page");
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
            ablation.toString(),
            "-q");
    assertThat(c.exit()).isEqualTo(ExitCode.HOLDS);
    assertThat(c.err()).isEqualTo("klpct: wrote " + page + "\n");
    assertThat(Files.readString(page))
        .startsWith("<!DOCTYPE html>")
        .contains("memory models: sc, tso.");
    assertThat(names(dir)).containsExactly("report.html", "zijlstra-ablation.json");
  }

  @Test
  void anUnwritableOutputIsReportedBeforeTheRun(@TempDir Path dir) throws IOException {
    Path trace = dir.resolve("missing-folder").resolve("v1.trace");
    long t0 = System.nanoTime();
    KlpctCommandTest.Result r =
        run(
            "check",
            "--strategy",
            "zijlstra",
            "--nohz-cpus",
            "3",
            "--episodes",
            "3",
            "--save-trace",
            trace.toString());
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .isEqualTo("klpct: cannot write --save-trace " + trace + ": its folder does not exist\n");
    // Before the run: the scenario would take minutes.
    assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
  }
}
