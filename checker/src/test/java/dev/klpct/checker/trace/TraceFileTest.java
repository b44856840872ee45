package dev.klpct.checker.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFileTest {

  private static TraceFile sample(int steps) {
    List<Step> s = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      s.add(i % 5 == 4 ? new Step(i % 3, i % 7) : new Step(i % 3, -1));
    }
    return new TraceFile(
        ImmutableMap.of(
            "strategy", "v1", "options", "--nohz-cpus 1 --episodes 1", "property", "consistency"),
        ImmutableList.copyOf(s));
  }

  @Test
  void formatStartsWithTheMagicAndWritesChoices() {
    String text =
        new TraceFile(
                ImmutableMap.of("strategy", "v2"),
                ImmutableList.of(new Step(0, -1), new Step(1, 0), new Step(2, 3)))
            .format();

    assertThat(text).isEqualTo(TraceFile.MAGIC + "\nstrategy v2\nsteps 0 1:0 2:3\n");
  }

  @Test
  void formatAndParseRoundTrip() throws Exception {
    TraceFile t = sample(100); // more than one 'steps' line

    String text = t.format();
    TraceFile back = TraceFile.parse("t", text);

    assertThat(text.lines().filter(l -> l.startsWith("steps"))).hasSize(4);
    assertThat(back).isEqualTo(t);
    assertThat(back.header().keySet()).containsExactly("strategy", "options", "property");
  }

  @Test
  void writeAndReadRoundTrip(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("cx.trace");
    TraceFile t = sample(7);

    t.write(f);

    assertThat(Files.readString(f)).startsWith(TraceFile.MAGIC);
    assertThat(TraceFile.read(f)).isEqualTo(t);
  }

  @Test
  void writeReplacesAnEarlierTraceAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("cx.trace");
    sample(3).write(f);

    sample(9).write(f);

    assertThat(TraceFile.read(f)).isEqualTo(sample(9));
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(f);
    }
  }

  @Test
  void parseIgnoresCommentsBlankLinesAndSurroundingSpace() throws Exception {
    TraceFile t =
        TraceFile.parse(
            "t",
            TraceFile.MAGIC
                + "\n\n# a comment\n  strategy   v1  \n"
                + "steps  0   1:2 \n\nsteps 2\n");

    assertThat(t.header()).containsExactly(Map.entry("strategy", "v1"));
    assertThat(t.steps()).containsExactly(new Step(0, -1), new Step(1, 2), new Step(2, -1));
  }

  @Test
  void rejectsWrongMagic() {
    assertThatThrownBy(() -> TraceFile.parse("a.trace", "# klpct trace 2\nsteps 0\n"))
        .isInstanceOf(TraceFile.MalformedTraceException.class)
        .hasMessageStartingWith("a.trace:1: ")
        .hasMessageContaining(TraceFile.MAGIC);
  }

  @Test
  void rejectsEmptyInput() {
    assertThatThrownBy(() -> TraceFile.parse("empty", ""))
        .isInstanceOf(TraceFile.MalformedTraceException.class)
        .hasMessageStartingWith("empty:1: ");
  }

  @Test
  void rejectsBadStepTokenWithItsLine() {
    assertThatThrownBy(
            () ->
                TraceFile.parse(
                    "b.trace", TraceFile.MAGIC + "\nstrategy v1\nsteps 0 1\nsteps 0 x:1 1\n"))
        .isInstanceOf(TraceFile.MalformedTraceException.class)
        .hasMessageStartingWith("b.trace:4: ")
        .hasMessageContaining("bad step 'x:1'");
  }

  @Test
  void storeBufferFlushStepsRoundTrip() throws Exception {
    TraceFile t =
        new TraceFile(
            ImmutableMap.of("strategy", "v1"),
            ImmutableList.of(new Step(0, 3), new Step(1, Step.FLUSH)));
    assertThat(t.format()).contains("steps 0:3 1:flush");
    assertThat(TraceFile.parse("f", t.format()).steps()).isEqualTo(t.steps());
  }

  @Test
  void rejectsOutOfRangeSteps() {
    for (String tok :
        List.of("-1", "64", "0:254", "1:-2", "1:-1", "1:", ":1", "1:2:3", "1:flushed")) {
      assertThatThrownBy(() -> TraceFile.parse("r", TraceFile.MAGIC + "\nsteps " + tok + "\n"))
          .as(tok)
          .isInstanceOf(TraceFile.MalformedTraceException.class)
          .hasMessageStartingWith("r:2: ")
          .hasMessageContaining("bad step '" + tok + "'");
    }
  }

  @Test
  void acceptsTheLargestCpuAndChoice() throws Exception {
    assertThat(TraceFile.parse("r", TraceFile.MAGIC + "\nsteps 63:31\n").steps())
        .containsExactly(new Step(63, 31));
  }

  @Test
  void rejectsDuplicateKeyWithItsLine() {
    assertThatThrownBy(
            () ->
                TraceFile.parse(
                    "d.trace",
                    TraceFile.MAGIC + "\nstrategy v1\nproperty completes\nstrategy v2\nsteps 0\n"))
        .isInstanceOf(TraceFile.MalformedTraceException.class)
        .hasMessageStartingWith("d.trace:4: ")
        .hasMessageContaining("duplicate key 'strategy'");
  }

  @Test
  void rejectsMissingStepsLine() {
    assertThatThrownBy(() -> TraceFile.parse("n.trace", TraceFile.MAGIC + "\nstrategy v1\n"))
        .isInstanceOf(TraceFile.MalformedTraceException.class)
        .hasMessageContaining("n.trace")
        .hasMessageContaining("no 'steps' line");
  }

  @Test
  void rejectsMalformedKeyWithItsLine() {
    assertThatThrownBy(
            () ->
                TraceFile.parse(
                    "k.trace", TraceFile.MAGIC + "\nstrategy v1\nStrategy v2\nsteps 0\n"))
        .isInstanceOf(TraceFile.MalformedTraceException.class)
        .hasMessageStartingWith("k.trace:3: ")
        .hasMessageContaining("expected 'key value'");
  }

  @Test
  void zeroStepTraceRoundTrips() throws Exception {
    TraceFile t = new TraceFile(ImmutableMap.of("property", "deadlock-free"), ImmutableList.of());

    assertThat(TraceFile.parse("z", t.format())).isEqualTo(t);
  }
}
