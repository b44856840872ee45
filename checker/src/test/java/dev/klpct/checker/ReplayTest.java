package dev.klpct.checker;

import static dev.klpct.checker.CheckerFixtures.check;
import static dev.klpct.checker.CheckerFixtures.counter;
import static dev.klpct.checker.CheckerFixtures.cx;
import static dev.klpct.checker.CheckerFixtures.opts;
import static dev.klpct.checker.CheckerFixtures.storeBuffering;
import static dev.klpct.checker.TinyMachine.site;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Guard;
import dev.klpct.api.Loc;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.api.program.Machine;
import dev.klpct.checker.trace.Step;
import dev.klpct.checker.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replaying a schedule: the same events, and the schedules that do not fit. */
class ReplayTest {
  @Test
  void replayReproducesTheCounterexampleEvents() {
    Machine m = counter(false);
    Counterexample c = cx(check(m), "mutex");

    Checker.Replayed rep = new Checker(opts()).replay(counter(false), c.steps());

    assertThat(rep.completed()).isTrue();
    assertThat(rep.failure()).isEmpty();
    assertThat(rep.events()).isEqualTo(c.events());
    assertThat(rep.violations()).anyMatch(v -> v.startsWith("mutex: "));
  }

  @Test
  void replayOfAHarmlessScheduleReportsNoViolation() {
    Machine m = counter(false);
    List<Step> serial =
        List.of(
            new Step(0, -1),
            new Step(0, -1),
            new Step(0, -1),
            new Step(1, -1),
            new Step(1, -1),
            new Step(1, -1));

    Checker.Replayed rep = new Checker(opts()).replay(m, serial);

    assertThat(rep.completed()).isTrue();
    assertThat(rep.violations()).isEmpty();
    // One primitive per step, each on the CPU the schedule names.
    assertThat(rep.events()).extracting(TraceEvent::step).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(rep.events()).extracting(TraceEvent::cpu).containsExactly(0, 0, 0, 1, 1, 1);
  }

  @Test
  void replayRejectsAStepOfAMissingCpu() {
    Checker.Replayed rep =
        new Checker(opts()).replay(storeBuffering(), List.of(new Step(0, -1), new Step(5, -1)));

    assertThat(rep.completed()).isFalse();
    assertThat(rep.failure()).contains("step 2").contains("CPU5");
  }

  @Test
  void replayRejectsAStepOfAFinishedCpu() {
    Checker.Replayed rep =
        new Checker(opts())
            .replay(storeBuffering(), List.of(new Step(0, -1), new Step(0, -1), new Step(0, -1)));

    assertThat(rep.completed()).isFalse();
    assertThat(rep.failure()).contains("step 3").contains("cannot move");
  }

  @Test
  void replayRejectsAChoiceThatIsNotEnabled() {
    TinyMachine.Builder b = TinyMachine.builder("select", 1);
    Loc y = b.shared("y");
    b.routines(0, 0, k -> k.select(site("pick"), Guard.always(), Guard.equal(y, 5)));

    Checker.Replayed rep = new Checker(opts()).replay(b.build(), List.of(new Step(0, 1)));

    assertThat(rep.completed()).isFalse();
    assertThat(rep.failure()).contains("step 1").contains("no choice 1");
    assertThat(rep.violations()).noneMatch(v -> v.startsWith(BuiltInProperty.MODEL_SOUND.id()));
  }

  @Test
  void replayRejectsAChoiceOnAStepThatIsNotASelect() {
    Checker.Replayed rep = new Checker(opts()).replay(storeBuffering(), List.of(new Step(0, 1)));

    assertThat(rep.completed()).isFalse();
    assertThat(rep.failure()).contains("has no choice 1");
  }
}
