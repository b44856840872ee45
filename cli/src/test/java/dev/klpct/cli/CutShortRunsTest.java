package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.klpct.report.ExitCode;
import dev.klpct.strategies.StrategyComponent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs cut short, by a budget, the time limit or an interrupt: each ends in an honest report
 * (INCONCLUSIVE, what was explored, why it stopped) and exit 3, never HOLDS and never a stack
 * trace; out of memory ends in one clean line.
 */
class CutShortRunsTest {
  /** A scenario far too large to finish in a test: zijlstra, three NOHZ_FULL CPUs. */
  static final String[] LARGE = {
    "--strategy",
    "zijlstra",
    "--nohz-cpus",
    "3",
    "--episodes",
    "3",
    "--reverse",
    "--nmi",
    "--sleeping-tasks",
    "1"
  };

  record Result(int exit, String out, String err, Duration wall) {}

  static Result run(Session s, StringWriter out, StringWriter err, String... args) {
    long t0 = System.nanoTime();
    int code = Main.run(s, args);
    return new Result(
        code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - t0));
  }

  /**
   * A session whose clock runs a hundred times faster than the wall clock: a limit of seconds is
   * reached in tens of milliseconds whatever the machine's load, so a test asserts what happens at
   * the limit, never how long it took (that is measured, in docs/performance.md).
   */
  static Session fastClock(StringWriter out, StringWriter err) {
    long base = System.nanoTime();
    Ticker fast =
        new Ticker() {
          @Override
          public long read() {
            return base + (System.nanoTime() - base) * 100;
          }
        };
    return new Session(
        StrategyComponent.builtIn(),
        new PrintWriter(out),
        new PrintWriter(err),
        false,
        new Interrupt(),
        fast,
        fast.read());
  }

  static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }

  @Test
  void timeLimitEndsTheWholeCheck() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session s = fastClock(out, err);
    String[] args = new String[] {"check"};
    Result r = run(s, out, err, concat(concat(args, LARGE), "--time-limit", "3s", "--quiet"));

    assertThat(r.exit()).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(r.out())
        .contains("exploration cut short: --time-limit 3s reached after")
        .doesNotContain("HOLDS ");
  }

  @Test
  void timeLimitEndsAnAblationAndListsWhatItCouldNotJudge() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session s = fastClock(out, err);
    Result r =
        run(s, out, err, "ablate", "--strategy", "zijlstra", "--time-limit", "4s", "--quiet");

    // At a hundredfold clock the limit falls in the checks with every site in place; which of
    // them it cuts depends on the machine's speed, so either explanation may follow. What they
    // did not decide is listed, and no site is called not needed.
    assertThat(r.exit()).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(r.out())
        .containsPattern(
            "The check with every site in place under (sc|tso|lkmm) was cut short \\(--time-limit"
                + " 4s reached after [0-9,]+ states\\):\\R  (it finds the sites, so the sites it"
                + " did not reach are missing above\\.|a removal cannot be shown to break a"
                + " contract this check did not decide\\.)")
        .doesNotContain("not needed");
  }

  @Test
  void anInterruptReportsWhatWasExploredAsInconclusive() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session s = Session.of(StrategyComponent.builtIn(), new PrintWriter(out), new PrintWriter(err));
    Thread ctrlC =
        new Thread(
            () -> {
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                return;
              }
              s.interrupt().trigger("interrupted (Ctrl-C)");
            });
    ctrlC.start();
    Result r = run(s, out, err, concat(new String[] {"check", "--format", "json"}, LARGE));
    ctrlC.join();

    assertThat(r.exit()).isEqualTo(ExitCode.INCONCLUSIVE);
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("exitCode").getAsInt()).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(o.getAsJsonObject("stats").get("stopReason").getAsString())
        .isEqualTo("interrupted (Ctrl-C)");
    assertThat(o.getAsJsonObject("stats").get("states").getAsLong()).isPositive();
    assertThat(r.wall()).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void anInterruptedCompareReportsTheChecksItMade() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session s = Session.of(StrategyComponent.builtIn(), new PrintWriter(out), new PrintWriter(err));
    Thread ctrlC =
        new Thread(
            () -> {
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                return;
              }
              s.interrupt().trigger("interrupted (Ctrl-C)");
            });
    ctrlC.start();
    Result r =
        run(
            s,
            out,
            err,
            "compare",
            "--nohz-cpus",
            "3",
            "--episodes",
            "3",
            "--reverse",
            "--nmi",
            "--sleeping-tasks",
            "1",
            "--quiet");
    ctrlC.join();

    assertThat(r.exit()).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(r.out())
        .contains("INCONCLUSIVE")
        .contains("Cut short (contracts not violated in the part explored are INCONCLUSIVE):")
        .containsPattern(
            "(?m)^  baseline under sc: interrupted \\(Ctrl-C\\) after [\\d,]+ states$");
  }

  @Test
  void anInterruptedStressRunSaysSoAndIsInconclusive() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session s = Session.of(StrategyComponent.builtIn(), new PrintWriter(out), new PrintWriter(err));
    s.interrupt().trigger("interrupted (Ctrl-C)");
    Result r =
        run(
            s,
            out,
            err,
            "stress",
            "--strategy",
            "zijlstra",
            "--contract",
            "nohz-undisturbed",
            "--duration",
            "1m");

    assertThat(r.exit()).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(r.out())
        .contains("The run was interrupted (Ctrl-C) after")
        .contains("of the 60s asked for.")
        .contains("Stress testing cannot prove absence: klpct check --strategy zijlstra");
    assertThat(r.wall()).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void ablateWithABudgetThatRunsOutExitsThreeAndSaysWhatItCouldNotJudge() {
    KlpctCommandTest.Result r =
        KlpctCommandTest.run(
            "ablate", "--strategy", "zijlstra", "--max-states", "1", "--threads", "1", "-q");
    assertThat(r.exit()).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(r.out())
        .contains(
            "The check with every site in place under lkmm was cut short (--max-states 1"
                + " reached after")
        .contains("it finds the sites, so the sites it did not reach are missing above.");

    KlpctCommandTest.Result json =
        KlpctCommandTest.run(
            "ablate",
            "--strategy",
            "zijlstra",
            "--transitions",
            "1",
            "--memory-model",
            "tso",
            "--max-states",
            "300",
            "--threads",
            "1",
            "--format",
            "json");
    assertThat(json.exit()).isEqualTo(ExitCode.INCONCLUSIVE);
    JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
    assertThat(o.get("exitCode").getAsInt()).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(o.getAsJsonArray("baselinesCutShort")).isNotEmpty();
  }

  @Test
  void progressIsALineEveryFewSecondsWhenNotOnATerminal() {
    ManualTicker clock = new ManualTicker(0);
    StringWriter err = new StringWriter();
    Session s =
        new Session(
            StrategyComponent.builtIn(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            false,
            new Interrupt(),
            clock,
            0);
    Progress p = Progress.start(s, false, "v1 under sc");
    for (int second = 1; second <= 12; second++) {
      clock.set(second);
      p.progress(second * 1000L, 0, second);
    }
    assertThat(err.toString())
        .isEqualTo(
            """
            klpct: v1 under sc: 5,000 states, 1,000 states/s, 5 s
            klpct: v1 under sc: 10,000 states, 1,000 states/s, 10 s
            """);

    StringWriter quiet = new StringWriter();
    Session q =
        new Session(
            StrategyComponent.builtIn(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(quiet, true),
            false,
            new Interrupt(),
            clock,
            0);
    Progress off = Progress.start(q, true, "v1");
    clock.set(60);
    off.progress(1, 0, 60);
    assertThat(quiet.toString()).isEmpty();
  }

  @Test
  void progressIsRedrawnInPlaceOnATerminal() {
    ManualTicker clock = new ManualTicker(2);
    StringWriter err = new StringWriter();
    Session s =
        new Session(
            StrategyComponent.builtIn(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            true,
            new Interrupt(),
            clock,
            0);
    Progress p = Progress.start(s, false, "v1");
    clock.set(2 + 3);
    p.progress(3000, 0, 3);
    p.clear();
    assertThat(err.toString())
        .startsWith("\rv1: 3,000 states, 1,000 states/s, 3.0 s")
        .endsWith("\r");
  }

  /** The real process: Ctrl-C (SIGINT) prints what was explored and exits 3. */
  @Test
  void ctrlCInTheProcessPrintsTheSummaryAndExitsThree() throws Exception {
    Process p = klpct(sigintRestored(), List.of(), concat(new String[] {"check"}, LARGE));
    // Stderr read as it comes: the first progress line says the search runs (so the handler is
    // in place whatever the machine's load made of the JVM's start), and nothing blocks on a pipe.
    List<String> errText = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch searching = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  errText.add(line);
                  if (line.contains(" states")) {
                    searching.countDown();
                  }
                }
              } catch (IOException e) {
                errText.add(e.toString());
              }
            });
    reader.start();
    try {
      assertThat(searching.await(120, TimeUnit.SECONDS)).as("searching: %s", errText).isTrue();
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended after SIGINT: %s", errText).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      reader.join(10_000);
      String err = String.join("\n", errText);

      assertThat(p.exitValue()).as("exit (stderr: %s)", err).isEqualTo(ExitCode.INCONCLUSIVE);
      assertThat(err)
          .contains("klpct: interrupted; stopping the search and reporting what it explored")
          .doesNotContain("Exception");
      Matcher m =
          Pattern.compile("exploration cut short: interrupted after ([\\d,]+) states").matcher(out);
      assertThat(m.find()).as("summary in:%n%s", out).isTrue();
      assertThat(out).contains("  consistency            INCONCLUSIVE").doesNotContain("HOLDS ");
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * Out of memory, in an exploring thread or the main one, ends in the one clean line. (The
   * parallel collector gives up soon when the heap is full, instead of collecting for minutes.)
   */
  @Test
  void outOfMemoryEndsInTheCleanLine() throws Exception {
    Process p =
        klpct(
            List.of("-Xmx48m", "-XX:+UseParallelGC"),
            concat(new String[] {"check"}, concat(LARGE, "--threads", "2", "--quiet")));
    try {
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("ended").isTrue();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(p.exitValue()).as("exit (stderr: %s)", err).isEqualTo(ExitCode.INTERNAL);
      assertThat(err.strip())
          .isEqualTo(
              "klpct: out of memory; lower --max-states or give the JVM more heap"
                  + " (KLPCT_JAVA_OPTS=-Xmx16g ./klpct ...)");
    } finally {
      p.destroyForcibly();
    }
  }

  /** {@code java [jvm] dev.klpct.cli.Main args}, on this test's class path. */
  static Process klpct(List<String> jvm, String... args) throws Exception {
    return klpct(List.of(), jvm, args);
  }

  /**
   * A command prefix under which the child process gets SIGINT's default action. A process started
   * in the background by a shell without job control (a CI script, {@code nohup ... &}) inherits
   * SIGINT ignored, and a JVM that starts with SIGINT ignored installs no handler for it: Ctrl-C
   * cannot reach klpct there, which is the shell's doing, not klpct's. {@code env --default-signal}
   * (GNU coreutils 8.31 and later) restores it; without it the test is skipped.
   */
  private static List<String> sigintRestored() throws Exception {
    Path status = Path.of("/proc/self/status");
    boolean ignored = false;
    if (Files.isReadable(status)) {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("SigIgn:")) {
          ignored = (Long.parseLong(line.substring(7).trim(), 16) & (1L << (2 - 1))) != 0;
        }
      }
    }
    if (!ignored) {
      return List.of();
    }
    List<String> env = List.of("env", "--default-signal=INT");
    Process probe = new ProcessBuilder(concat(env.toArray(new String[0]), "true")).start();
    Assumptions.assumeTrue(
        probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "SIGINT is ignored in this process (started in the background?) and env"
            + " --default-signal is not available to restore it for the child");
    return env;
  }

  static Process klpct(List<String> launcher, List<String> jvm, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Path dir = Files.createTempDirectory("klpct-process");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("CI");
    Process p = pb.start();
    p.getOutputStream().close();
    return p;
  }
}
