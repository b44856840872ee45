package dev.klpct.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the comparison report in headless Chromium and checks, in the DOM Chromium dumps after the
 * page's scripts ran, that the matrix and every chart rendered and no script failed.
 *
 * <p>The page marks what it did: each chart container gets {@code data-rendered="true"} (and its
 * canvas size) once Chart.js has drawn it on a non-empty canvas, {@code <body>} gets {@code
 * data-ready="true"} when the page script ran to its end, and any script error becomes a {@code
 * p.js-error} element. The page is opened at the anchor of a VIOLATED cell, as a click on it does,
 * so the test also sees that counterexample's {@code <details>} opened.
 *
 * <p>Without Chromium this test <em>fails</em>, naming the fix, rather than skipping: a skipped
 * browser test is too easy to take for a passing one, and the machines this project builds on
 * (developers' and CI's) can install Debian's {@code chromium} package, which {@code .ci/run} does
 * when it is missing. Point {@code KLPCT_CHROMIUM} at another Chromium or Chrome binary if yours is
 * elsewhere.
 */
class HtmlReportBrowserTest {
  private static final long TIMEOUT_SECONDS = 90;

  @Test
  void chartsAndMatrixRenderInHeadlessChromium(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("report.html");
    OutputFile.write(page, HtmlReport.print(ReportFixture.full()), "report");
    StrategyResult v1 = ReportFixture.row("v1");
    assertThat(v1.report().verdict("consistency").orElseThrow().verdict())
        .isEqualTo(Verdict.VIOLATED);
    String anchor =
        Jsoup.parse(page.toFile(), "UTF-8")
            .selectFirst("tr[data-strategy=v1][data-model=sc] td[data-contract=consistency] a")
            .attr("href");

    Document d = Jsoup.parse(dumpDom(page, anchor, dir));

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
    Element target = d.getElementById(anchor.substring(1));
    assertThat(target.hasAttr("open")).as("linked counterexample opened").isTrue();
    assertThat(d.select("details.cx[open]")).hasSize(1);
  }

  /** Runs Chromium on {@code page#anchor} and returns the DOM it dumps. */
  static String dumpDom(Path page, String anchor, Path dir)
      throws IOException, InterruptedException {
    String chromium =
        chromium()
            .orElseGet(
                () ->
                    fail(
                        "Chromium not found: install it"
                            + " (apt-get install -y chromium, as .ci/run does) or set KLPCT_CHROMIUM to its binary"));
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
                "--window-size=1280,1024",
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

  static Optional<String> chromium() {
    String env = System.getenv("KLPCT_CHROMIUM");
    if (env != null && !env.isBlank()) {
      return Optional.of(env);
    }
    String path = System.getenv("PATH");
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
