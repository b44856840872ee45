package dev.klpct.checker.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceRendererTest {
  private static final List<TraceEvent> EVENTS =
      List.of(
          new TraceEvent(
              0,
              0,
              "klp_init_transition",
              "WRITE_ONCE(klp_target_state, 1)",
              TraceEvent.Kind.PRIMITIVE),
          new TraceEvent(
              1,
              1,
              "klp_update_patch_state",
              "test_and_clear_bit(0, T1->flags) = 0",
              TraceEvent.Kind.PRIMITIVE),
          new TraceEvent(1, 1, "klp_update_patch_state", "smp_rmb()", TraceEvent.Kind.FENCE),
          new TraceEvent(1, 1, "", "T1 runs f of patch 1", TraceEvent.Kind.NOTE),
          new TraceEvent(
              2,
              0,
              "klp_init_transition",
              "READ_ONCE(T1->patch_state) = -1",
              TraceEvent.Kind.PRIMITIVE),
          new TraceEvent(2, 0, "", "consistency: two versions", TraceEvent.Kind.VIOLATION));

  private static final List<String> NAMES = List.of("CPU0 (klp transition)", "CPU1 (T1)");

  private static String line(String out, String containing) {
    return out.lines().filter(l -> l.contains(containing)).findFirst().orElseThrow();
  }

  @Test
  void cpu1EventsAreInTheSecondColumn() {
    String out = TraceRenderer.render(EVENTS, NAMES, "consistency VIOLATED: two versions");
    String header = out.lines().findFirst().orElseThrow();
    int col0 = header.indexOf("CPU0 (klp transition)");
    int col1 = header.indexOf("CPU1 (T1)");

    assertThat(col0).isEqualTo(6);
    assertThat(col1).isGreaterThan(col0);
    assertThat(line(out, "klp_update_patch_state()").indexOf("klp_update_patch_state()"))
        .isEqualTo(col1);
    assertThat(line(out, "test_and_clear_bit").indexOf("test_and_clear_bit")).isEqualTo(col1 + 2);
    assertThat(line(out, "smp_rmb()").indexOf("smp_rmb()")).isEqualTo(col1 + 2);
    assertThat(line(out, "# T1 runs f").indexOf("# T1 runs f")).isEqualTo(col1);
    assertThat(line(out, "klp_init_transition()").indexOf("klp_init_transition()")).isEqualTo(col0);
    assertThat(line(out, "WRITE_ONCE(klp_target_state").indexOf("WRITE_ONCE")).isEqualTo(col0 + 2);
    assertThat(line(out, "!! consistency").indexOf("!!")).isEqualTo(col0);
  }

  @Test
  void functionHeaderIsPrintedOncePerRunOfTheSameFunction() {
    String out = TraceRenderer.render(EVENTS, NAMES, "");

    // CPU1's primitive and fence share one header; CPU0's klp_init_transition events in steps
    // 1 and 3 share one too, since only CPU1's events come between them.
    assertThat(out.lines().filter(l -> l.contains("klp_update_patch_state()"))).hasSize(1);
    assertThat(out.lines().filter(l -> l.contains("klp_init_transition()"))).hasSize(1);
  }

  @Test
  void stepNumbersAreOneBasedAndPrintedOncePerStep() {
    String out = TraceRenderer.render(EVENTS, NAMES, "");

    assertThat(line(out, "WRITE_ONCE(klp_target_state")).doesNotStartWith("   1  ");
    assertThat(line(out, "klp_init_transition()")).startsWith("   1  ");
    assertThat(line(out, "klp_update_patch_state()")).startsWith("   2  ");
    assertThat(line(out, "test_and_clear_bit")).startsWith("      ");
    assertThat(out.lines().filter(l -> l.startsWith("   2  "))).hasSize(1);
    assertThat(line(out, "READ_ONCE(T1->patch_state)")).startsWith("   3  ");
  }

  @Test
  void verdictLineIsPrintedLast() {
    String out = TraceRenderer.render(EVENTS, NAMES, "consistency VIOLATED: two versions");
    List<String> lines = out.lines().toList();

    assertThat(lines.get(lines.size() - 1)).isEqualTo("  consistency VIOLATED: two versions");
    assertThat(lines.get(lines.size() - 2)).isEmpty();
  }

  @Test
  void noVerdictLineWhenEmpty() {
    String out = TraceRenderer.render(EVENTS, NAMES, "");

    assertThat(out).doesNotContain("VIOLATED");
    assertThat(out.lines().toList().get(out.lines().toList().size() - 1)).contains("!!");
  }

  @Test
  void errorEventsAreMarked() {
    String out =
        TraceRenderer.render(
            List.of(new TraceEvent(0, 1, "", "CPU1: boom", TraceEvent.Kind.ERROR)), NAMES, "");

    assertThat(out).contains("!! ERROR: CPU1: boom");
  }

  @Test
  void longTextIsWrappedWithinItsColumn() {
    String longText = "READ_ONCE(" + "a_very_long_location_name ".repeat(6) + ") = 1";
    String out =
        TraceRenderer.render(
            List.of(new TraceEvent(0, 0, "f", longText, TraceEvent.Kind.PRIMITIVE)), NAMES, "");
    String header = out.lines().findFirst().orElseThrow();
    int col1 = header.indexOf("CPU1 (T1)");

    assertThat(out.lines().skip(2))
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(col1));
    assertThat(out.lines().filter(l -> l.contains("a_very_long_location_name")).count())
        .isGreaterThan(1);
  }

  @Test
  void isAPureFunction() {
    assertThat(TraceRenderer.render(EVENTS, NAMES, "v"))
        .isEqualTo(TraceRenderer.render(List.copyOf(EVENTS), List.copyOf(NAMES), "v"));
  }
}
