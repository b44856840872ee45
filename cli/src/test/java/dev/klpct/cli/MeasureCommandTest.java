package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.core.KlpPreset;
import dev.klpct.report.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code klpct measure} reports as it goes, honours --time-limit for litmus runs too, and describes
 * the presets it measures as they are.
 */
class MeasureCommandTest {

  /** A writer that remembers what had been written at each flush. */
  static final class Flushes extends StringWriter {
    final List<String> seen = new ArrayList<>();

    @Override
    public void flush() {
      super.flush();
      seen.add(toString());
    }
  }

  @Test
  void eachConfigurationIsPrintedAsSoonAsItIsMeasured() {
    Flushes out = new Flushes();
    int exit =
        Main.run(
            new String[] {"measure", "--config", "pair", "--runs", "1", "--warmup", "0", "-q"},
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));

    assertThat(exit).isEqualTo(ExitCode.HOLDS);
    // The heading is out before any run; then one line more per strategy, each on its own.
    assertThat(out.seen.get(0)).startsWith("klpct measure: 0 warm-up + 1 measured runs");
    for (String strategy : List.of("baseline", "mladek", "v1", "v2", "zijlstra")) {
      assertThat(out.seen)
          .as("a flush ending with the line of %s", strategy)
          .anyMatch(
              s -> s.strip().lines().reduce((a, b) -> b).orElse("").startsWith("pair/" + strategy));
    }
  }

  @Test
  void litmusRunsAreCutByTheTimeLimit() {
    StringWriter out = new StringWriter();
    int exit =
        Main.run(
            new String[] {
              "measure",
              "--config",
              "none",
              "--litmus",
              Path.of("../integration-tests/src/test/resources/litmus-conformance").toString(),
              "--time-limit",
              // a nanosecond: a search checks its limit at the end of each BFS level, and with 1ms
              // one run of the suite (a warm JVM) saw every test's first level end in time
              "PT0.000000001S",
              "--runs",
              "1",
              "--warmup",
              "0",
              "-q"
            },
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));

    assertThat(exit).isEqualTo(ExitCode.INCONCLUSIVE);
    assertThat(out.toString()).contains(" CUT\n").contains("slowest litmus test:");
  }

  /** The help spells each preset's options; they must be the ones measured. */
  @Test
  void helpDescribesEachPresetByTheOptionsItIsBuiltFrom() {
    StringWriter out = new StringWriter();
    int exit =
        Main.run(
            new String[] {"measure", "--help"},
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));

    assertThat(exit).isEqualTo(ExitCode.HOLDS);
    String help = out.toString().replaceAll("\\s+", " ");
    for (KlpPreset p : KlpPreset.values()) {
      assertThat(help).as(p.id()).contains(p.id() + " (");
      if (!p.options().isEmpty()) {
        assertThat(help).as(p.id()).contains(p.options());
      }
    }
  }
}
