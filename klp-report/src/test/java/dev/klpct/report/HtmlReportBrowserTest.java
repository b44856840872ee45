package dev.klpct.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Opens the comparison report in headless Chromium at a laptop's width (1400 px) and checks, in the
 * DOM Chromium dumps after the page's scripts ran, that the matrix and every chart rendered, no
 * script failed, the matrix fits the width (nothing clipped) and no JMH error bar runs off its
 * axis.
 *
 * <p>The page marks what it did: each chart container gets {@code data-rendered="true"} (and its
 * canvas size) once Chart.js has drawn it on a non-empty canvas, and the JMH charts {@code
 * data-errors-inside}; each scrolling box gets {@code data-overflow} (pixels it overflows) and
 * {@code <body>} {@code data-page-overflow}; {@code <body>} gets {@code data-ready="true"} when the
 * page script ran to its end, and any script error becomes a {@code p.js-error} element. The page
 * is opened at the anchor of a VIOLATED cell, as a click on it does, so the test also sees that
 * counterexample's {@code <details>} opened.
 *
 * <p>Without Chromium the test is skipped with a one-line notice on the console, so that {@code
 * ./mvnw verify} passes on a machine without a browser; with {@code -Dklpct.requireBrowser=true}
 * (which {@code .ci/run} passes, after installing Chromium) a missing browser fails it instead, so
 * that CI never skips it. Point {@code KLPCT_CHROMIUM} at another Chromium or Chrome binary if
 * yours is elsewhere.
 */
class HtmlReportBrowserTest {
  private static final long TIMEOUT_SECONDS = 90;

  /** The system property that turns a missing browser into a failure ({@code .ci/run} sets it). */
  static final String REQUIRE = "klpct.requireBrowser";

  @Test
  void chartsAndMatrixRenderInHeadlessChromium(@TempDir Path dir) throws Exception {
    String chromium = chromiumOrSkip();
    Path page = dir.resolve("report.html");
    OutputFile.write(page, HtmlReport.print(ReportFixture.full()), "report");
    StrategyResult v1 = ReportFixture.row("v1");
    assertThat(v1.report().verdict("consistency").orElseThrow().verdict())
        .isEqualTo(Verdict.VIOLATED);
    String anchor =
        Jsoup.parse(page.toFile(), "UTF-8")
            .selectFirst("tr[data-strategy=v1][data-model=sc] td[data-contract=consistency] a")
            .attr("href");

    Document d = Jsoup.parse(dumpDom(chromium, page, anchor, dir));

    assertThat(d.select("p.js-error").eachText()).as("script errors").isEmpty();
    assertThat(d.body().attr("data-ready")).as("page script ran to its end").isEqualTo("true");
    List<Element> charts = d.select("div.chart");
    // disturbances, failed attempts, and one JMH chart per mode and unit (avgt, thrpt)
    assertThat(charts)
        .extracting(e -> e.id())
        .containsExactly(
            "chart-disturbances", "chart-failed-attempts", "chart-jmh-1", "chart-jmh-2");
    for (Element c : charts) {
      assertThat(c.attr("data-rendered")).as("%s drawn", c.id()).isEqualTo("true");
      String[] size = c.attr("data-size").split("x", -1);
      assertThat(Integer.parseInt(size[0])).as("%s width", c.id()).isGreaterThan(100);
      assertThat(Integer.parseInt(size[1])).as("%s height", c.id()).isGreaterThan(100);
    }
    for (String model : List.of("sc", ReportFixture.SECOND)) {
      List<StrategyResult> rows =
          model.equals("sc") ? ReportFixture.defaultRows() : ReportFixture.eqsWorkRows();
      for (StrategyResult row : rows) {
        String s = row.strategy();
        for (PropertyVerdict v : row.report().verdicts()) {
          assertThat(
                  d.select(
                          "tr[data-strategy="
                              + s
                              + "][data-model="
                              + model
                              + "] td[data-contract="
                              + v.property()
                              + "]")
                      .eachText())
              .as("%s %s %s", s, model, v.property())
              .containsExactly(TextReport.cell(v));
        }
      }
    }
    assertThat(d.select("#ablation tbody tr")).hasSize(ReportFixture.ABLATION.rows().size());
    // At 1400 px the matrix fits: nothing clipped, nothing to scroll, the page no wider.
    assertThat(d.body().attr("data-page-overflow")).as("page overflow at 1400 px").isEqualTo("0");
    assertThat(d.selectFirst("div.scroll:has(table.matrix)").attr("data-overflow"))
        .as("matrix overflow at 1400 px")
        .isEqualTo("0");
    for (Element c : d.select("#benchmarks div.chart")) {
      assertThat(c.attr("data-errors-inside"))
          .as("%s error bars within the axis", c.id())
          .isEqualTo("true");
    }
    Element target = d.getElementById(anchor.substring(1));
    assertThat(target.hasAttr("open")).as("linked counterexample opened").isTrue();
    assertThat(d.select("details.cx[open]")).hasSize(1);
  }

  /**
   * The Chromium binary; without one, a failure if {@link #REQUIRE} is set, else a skip with a
   * one-line notice on the build's console.
   */
  static String chromiumOrSkip() {
    return chromiumOrSkip(
        chromium(System.getenv()), Boolean.getBoolean(REQUIRE), HtmlReportBrowserTest::notice);
  }

  static String chromiumOrSkip(Optional<String> found, boolean required, Consumer<String> notice) {
    if (found.isPresent()) {
      return found.get();
    }
    String why =
        "Chromium not found (install it: apt-get install -y chromium, as .ci/run does; or set"
            + " KLPCT_CHROMIUM to its binary)";
    if (required) {
      return fail(why + ", and -D" + REQUIRE + "=true requires it");
    }
    notice.accept("[WARNING] HtmlReportBrowserTest skipped: " + why);
    Assumptions.abort(why);
    throw new AssertionError(why);
  }

  @Test
  void aMissingBrowserSkipsUnlessRequired() {
    assertThat(chromium(Map.of("KLPCT_CHROMIUM", "/nonexistent/chromium", "PATH", "/nonexistent")))
        .as("a KLPCT_CHROMIUM that is no executable is no browser")
        .isEmpty();
    List<String> notices = new ArrayList<>();
    assertThatThrownBy(() -> chromiumOrSkip(Optional.empty(), false, notices::add))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("Chromium not found");
    assertThat(notices)
        .singleElement()
        .asString()
        .startsWith("[WARNING] HtmlReportBrowserTest skipped: Chromium not found");
    notices.clear();
    assertThatThrownBy(() -> chromiumOrSkip(Optional.empty(), true, notices::add))
        .isInstanceOf(AssertionError.class)
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining("-Dklpct.requireBrowser=true requires it");
    assertThat(notices).isEmpty();
    assertThat(chromiumOrSkip(Optional.of("/usr/bin/chromium"), true, notices::add))
        .isEqualTo("/usr/bin/chromium");
  }

  /**
   * Prints {@code line} where the person running the build sees it: the process's own standard
   * error, which Surefire passes to the console, not the redirected {@code System.err}.
   */
  private static void notice(String line) {
    try {
      FileOutputStream err = new FileOutputStream(FileDescriptor.err);
      err.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
      err.flush();
    } catch (IOException e) {
      System.err.println(line);
    }
  }

  /** Runs {@code chromium} on {@code page#anchor} at 1400 x 1024 and returns the DOM it dumps. */
  static String dumpDom(String chromium, Path page, String anchor, Path dir)
      throws IOException, InterruptedException {
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    Path dom = dir.resolve("dom.html");
    Path log = dir.resolve("chromium.log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=1400,1024",
                "--virtual-time-budget=10000",
                "--dump-dom",
                page.toUri() + anchor));
    Process p =
        new ProcessBuilder(cmd).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("Chromium did not finish in " + TIMEOUT_SECONDS + " s; its log:\n" + tail(log));
    }
    String out = Files.readString(dom, StandardCharsets.UTF_8);
    if (p.exitValue() != 0 || out.isBlank()) {
      fail(
          "Chromium exited with "
              + p.exitValue()
              + " and dumped "
              + out.length()
              + " characters; its log:\n"
              + tail(log));
    }
    return out;
  }

  /**
   * The Chromium to use: {@code KLPCT_CHROMIUM} if set (empty when it names no executable), else
   * {@code chromium}, {@code chromium-browser} or {@code google-chrome} on the {@code PATH} or in
   * /usr/bin, /usr/local/bin.
   */
  static Optional<String> chromium(Map<String, String> env) {
    String configured = env.get("KLPCT_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Files.isExecutable(Path.of(configured)) ? Optional.of(configured) : Optional.empty();
    }
    String path = env.get("PATH");
    Stream<String> dirs =
        Stream.concat(
            path == null ? Stream.empty() : Stream.of(path.split(File.pathSeparator)),
            Stream.of("/usr/bin", "/usr/local/bin"));
    return dirs.flatMap(
            d -> Stream.of("chromium", "chromium-browser", "google-chrome").map(n -> Path.of(d, n)))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
