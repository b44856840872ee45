package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.klpct.report.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code klpct stress} end to end. What real threads observe depends on the machine, so these tests
 * assert only what every execution must show: the format, the execution count, and baseline's
 * disturbance of the NOHZ_FULL CPU, which the model checker finds in every terminal state
 * (disturbances 2..4), so that no execution can avoid it.
 */
class StressCommandTest {
  private static final Pattern HEADER =
      Pattern.compile(
          "(?m)^([\\d,]+) executions? in \\d+\\.\\d\\d s \\(([\\d,]+) executions/s, each"
              + " \\d+\\.\\d us from start line to end on average\\), 2 threads \\(one per CPU\\),"
              + " seed 7, jitter 1024, \\S+$");

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static long executions(String out) {
    Matcher m = HEADER.matcher(out);
    assertThat(m.find()).as("header line in:%n%s", out).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  @Test
  void baselineDisturbsTheIsolatedCpuInEveryExecution() {
    Result r = run("stress", "--strategy", "baseline", "--duration", "200ms", "--seed", "7");

    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith("klpct stress --strategy baseline --nohz-cpus 1 ")
        .contains(" --duration 200ms --seed 7\n");
    long n = executions(r.out());
    assertThat(n).isPositive();
    String count = String.format(Locale.ROOT, "%,d", n);
    assertThat(r.out())
        .containsPattern(
            "(?m)^  nohz-undisturbed +VIOLATED in "
                + count
                + " of "
                + count
                + " executions +The transition sends no IPI")
        .containsPattern(
            "(?m)^  consistency +(not observed|VIOLATED in [\\d,]+ of [\\d,]+"
                + " executions) +All klp-managed frames")
        .containsPattern("(?m)^  deadlock-free +not observed")
        .containsPattern("(?m)^  model-sound +not observed")
        .contains(
            "\nViolations observed (each distinct one once, with the first execution that"
                + " showed it):\n")
        .containsPattern(
            "(?m)^  nohz-undisturbed +execution [\\d,]+, CPU0 step \\d+"
                + " \\([\\d,]+ executions?\\): nohz-undisturbed: klp_")
        .containsPattern(
            "(?m)^metrics over the executions that ended: disturbances [1-9]\\d*\\.\\.")
        .endsWith(
            "Contracts observed violated on real threads. What was not observed is not shown"
                + " absent: stress testing cannot prove absence; klpct check --strategy baseline"
                + " decides exhaustively, under sc, tso or lkmm (--memory-model).\n");
  }

  @Test
  void nothingObservedSaysThatItProvesNothing() {
    Result r =
        run(
            "stress",
            "--strategy",
            "zijlstra",
            "--signal-after",
            "3",
            "--duration",
            "200ms",
            "--seed",
            "7",
            "--contract",
            "nohz-undisturbed");

    assertThat(r.exit()).isEqualTo(ExitCode.HOLDS);
    long n = executions(r.out());
    assertThat(n).isPositive();
    assertThat(r.out())
        .containsPattern("(?m)^  nohz-undisturbed +not observed +The transition sends no IPI")
        .doesNotContain("  consistency ")
        .doesNotContain("Violations observed")
        .endsWith(
            String.format(
                Locale.ROOT,
                "No violation observed in %,d executions."
                    + " Stress testing cannot prove absence: klpct check --strategy zijlstra decides"
                    + " exhaustively, under sc, tso or lkmm (--memory-model).\n",
                n));
  }

  @Test
  void jsonCarriesTheSameObservationsAsText() {
    Result r =
        run(
            "stress",
            "--strategy",
            "baseline",
            "--duration",
            "200ms",
            "--seed",
            "7",
            "--format",
            "json",
            "--contract",
            "nohz-undisturbed,deadlock-free");

    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("command").getAsString())
        .startsWith("klpct stress --strategy baseline --nohz-cpus 1 ")
        .endsWith(" --duration 200ms --seed 7");
    assertThat(o.get("strategy").getAsString()).isEqualTo("baseline");
    assertThat(o.get("seed").getAsLong()).isEqualTo(7);
    long n = o.get("executions").getAsLong();
    assertThat(n).isPositive();
    assertThat(o.get("terminated").getAsLong() + o.get("stuck").getAsLong()).isEqualTo(n);
    assertThat(o.get("exitCode").getAsInt()).isEqualTo(ExitCode.VIOLATED);
    assertThat(o.get("note").getAsString())
        .startsWith("What was not observed is not shown absent: stress testing cannot prove")
        .contains("klpct check --strategy baseline");
    JsonArray contracts = o.getAsJsonArray("contracts");
    assertThat(contracts).hasSize(2); // only those asked for
    JsonObject nohz = contracts.get(0).getAsJsonObject();
    assertThat(nohz.get("id").getAsString()).isEqualTo("nohz-undisturbed");
    assertThat(nohz.get("observed").getAsString()).isEqualTo("VIOLATED");
    assertThat(nohz.get("violatingExecutions").getAsLong()).isEqualTo(n);
    assertThat(contracts.get(1).getAsJsonObject().get("observed").getAsString())
        .isEqualTo("not observed");
    JsonArray violations = o.getAsJsonArray("violations");
    assertThat(violations).isNotEmpty();
    for (var v : violations) {
      assertThat(v.getAsJsonObject().get("contract").getAsString()).isEqualTo("nohz-undisturbed");
      assertThat(v.getAsJsonObject().get("description").getAsString()).contains("klp_");
    }
    assertThat(o.getAsJsonArray("metrics").get(0).getAsJsonObject().get("id").getAsString())
        .isEqualTo("disturbances");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "stress --strategy v1 --format xml | --format must be text or json, got 'xml'",
        "stress --strategy v1 --duration 5 | --duration needs a unit: e.g. 500ms, 30s",
        "stress --strategy v1 --duration -1s | --duration must be positive",
        "stress --strategy v1 --duration soon | --duration needs a unit",
        "stress --strategy v1 --duration 1.5xs | --duration is not a duration",
        "stress --strategy v1 --jitter -1 | --jitter must be >= 0",
        "stress --strategy nope | unknown strategy 'nope'",
        "stress --strategy v1 --nohz-cpus 9 | --nohz-cpus must be in 1..6, got 9",
        "stress --strategy v1 --contract foo | unknown contract 'foo'",
        "stress | Missing required option: '--strategy=NAME'"
      })
  void badInputIsOneLineAndExitTwo(String args, String message) {
    Result r = run(args.trim().split("\\s+"));
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }
}
