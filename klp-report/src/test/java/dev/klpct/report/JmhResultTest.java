package dev.klpct.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JmhResultTest {
  static final Path SAMPLE = Path.of("src/test/resources/jmh/sample.json");

  @Test
  void readsScoresErrorsParamsAndSecondaryMetrics() {
    ImmutableList<JmhResult> r = JmhResult.read(SAMPLE);
    assertThat(r).hasSize(4);
    JmhResult first = r.get(0);
    assertThat(first.benchmark()).isEqualTo("dev.klpct.bench.UpdatePatchStateBenchmark.fastPath");
    assertThat(first.mode()).isEqualTo("avgt");
    assertThat(first.params()).containsExactly(Map.entry("strategy", "baseline"));
    assertThat(first.primary()).isEqualTo(new JmhResult.Metric(2.512, 0.121, "ns/op"));
    assertThat(first.label()).isEqualTo("UpdatePatchStateBenchmark.fastPath (strategy=baseline)");
    assertThat(first.primary().format()).isEqualTo("2.51 ± 0.12 ns/op");

    JmhResult floor = r.get(2);
    assertThat(floor.params()).isEmpty();
    assertThat(floor.label()).isEqualTo("UpdatePatchStateBenchmark.floor");
    assertThat(floor.primary().error()).isNaN();
    assertThat(floor.primary().format()).isEqualTo("1.90 ns/op (no error estimate)");

    // a chart names only params with two values or more: strategy, not tasks (one value)
    assertThat(JmhResult.chartLabels(r))
        .containsExactly(
            "UpdatePatchState.fastPath (strategy=baseline)",
            "UpdatePatchState.fastPath (strategy=zijlstra)",
            "UpdatePatchState.floor",
            "Transition.transition (strategy=v1)");
    assertThat(JmhResult.chartLabels(r.subList(0, 1))).containsExactly("UpdatePatchState.fastPath");

    JmhResult transition = r.get(3);
    assertThat(transition.params().keySet()).containsExactly("strategy", "tasks");
    assertThat(transition.secondary()).containsOnlyKeys("disturbances");
    assertThat(transition.secondary().get("disturbances").score()).isEqualTo(2.0);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{not json | not JSON",
        "{\"benchmark\": \"x\"} | expected a JSON array of results as written by -rf json",
        "[] | contains no benchmark results",
        "[1] | result 1: not a JSON object",
        "[{\"mode\": \"avgt\", \"primaryMetric\": {}}] | result 1: \"benchmark\" is missing",
        "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\"}] | \"primaryMetric\" is missing or not an"
            + " object",
        "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"scoreUnit\": \"ns/op\"}}]"
            + " | \"score\" is missing or not a number",
        "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"score\": 1}}]"
            + " | \"scoreUnit\" is missing or not a string",
        "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"params\": 3, \"primaryMetric\":"
            + " {\"score\": 1, \"scoreUnit\": \"s\"}}] | \"params\" is not an object"
      })
  void rejectsWhatIsNotAJmhResultFileWithOneLine(String json, String message) {
    assertThatThrownBy(() -> JmhResult.parse(json, "f.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("JMH result file f.json: ")
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void missingAndNonUtf8FilesAreNamed(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("none.json");
    assertThatThrownBy(() -> JmhResult.read(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read JMH result file " + missing + ": no such file");
    Path binary = dir.resolve("bin.json");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x5b});
    assertThatThrownBy(() -> JmhResult.read(binary))
        .hasMessage("cannot read JMH result file " + binary + ": not UTF-8 text");
  }

  @Test
  void numbersAreRoundedByTheirErrorAndGrouped() {
    assertThat(new JmhResult.Metric(1.5e7, 2.0e5, "ops/s").format())
        .isEqualTo("15,000,000 ± 200,000 ops/s");
    assertThat(new JmhResult.Metric(12345.6, 321.0, "ops/s").format())
        .isEqualTo("12,346 ± 321 ops/s");
    assertThat(new JmhResult.Metric(45.127, 21.051, "us/op").format()).isEqualTo("45 ± 21 µs/op");
    assertThat(new JmhResult.Metric(0.0004, 0.0, "s/op").format())
        .isEqualTo("0.000400 ± 0.000000 s/op");
  }

  @Test
  void countsReadAsEvents() {
    // JMH writes @AuxCounters events with the unit "#" and no error
    assertThat(new JmhResult.Metric(223942.0, Double.NaN, "#").format())
        .isEqualTo("223,942 events");
    assertThat(new JmhResult.Metric(5.36483820e8, Double.NaN, "#").format())
        .isEqualTo("536,483,820 events");
    assertThat(new JmhResult.Metric(2.5, Double.NaN, "#").format()).isEqualTo("2.50 events");
  }

  @Test
  void aSecondaryCountIsNamedAfterItsCounter() {
    String json =
        """
        [{"benchmark": "dev.klpct.bench.CheckerBenchmark.check", "mode": "thrpt",
          "primaryMetric": {"score": 3.5, "scoreError": 0.1, "scoreUnit": "ops/s"},
          "secondaryMetrics": {
            "storeBytes": {"score": 536483820.0, "scoreUnit": "#"},
            "storedStates": {"score": 223942.0, "scoreUnit": "#"},
            "states": {"score": 7.0, "scoreUnit": "#"},
            "gc.count": {"score": 3.0, "scoreUnit": "#"},
            "gc.time": {"score": 12.0, "scoreUnit": "ms"}}}]
        """;

    Map<String, JmhResult.Metric> secondary = JmhResult.parse(json, "f.json").get(0).secondary();

    assertThat(secondary.get("storeBytes").format()).isEqualTo("536,483,820 bytes");
    assertThat(secondary.get("storedStates").format()).isEqualTo("223,942 states");
    assertThat(secondary.get("states").format()).isEqualTo("7 states");
    assertThat(secondary.get("gc.count").format()).isEqualTo("3 events");
    assertThat(secondary.get("gc.time").format()).isEqualTo("12.0 ms (no error estimate)");
  }
}
