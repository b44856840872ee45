package dev.klpct.checker;

import static dev.klpct.checker.CheckerFixtures.R;
import static dev.klpct.checker.CheckerFixtures.check;
import static dev.klpct.checker.CheckerFixtures.counter;
import static dev.klpct.checker.CheckerFixtures.cx;
import static dev.klpct.checker.CheckerFixtures.messagePassing;
import static dev.klpct.checker.CheckerFixtures.opts;
import static dev.klpct.checker.CheckerFixtures.storeBuffering;
import static dev.klpct.checker.CheckerFixtures.storeBufferingInRegisters;
import static dev.klpct.checker.CheckerFixtures.verdict;
import static dev.klpct.checker.TinyMachine.site;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Loc;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.checker.trace.Step;
import dev.klpct.checker.trace.TraceEvent;
import org.junit.jupiter.api.Test;

/**
 * Store buffering, message passing and a spin-locked counter under sequential consistency:
 * verdicts, counterexamples, registers.
 */
class ClassicShapesTest {
  @Test
  void storeBufferingForbidsBothZeroUnderSequentialConsistency() {
    CheckReport r = check(storeBuffering());

    assertThat(verdict(r, "not-both-zero")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "not-both-one")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "not-zero-one")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "not-one-zero")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, BuiltInProperty.DEADLOCK_FREE.id())).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, BuiltInProperty.MODEL_SOUND.id())).isEqualTo(Verdict.HOLDS);
    assertThat(r.overall()).isEqualTo(Verdict.VIOLATED);
    assertThat(r.stats().exhaustive()).isTrue();
  }

  @Test
  void storeBufferingVerdictsDoNotDependOnReduction() {
    CheckReport reduced = check(storeBuffering());
    CheckReport full = new Checker(opts().withReduction(false)).check(storeBuffering());

    for (PropertyVerdict v : reduced.verdicts()) {
      assertThat(verdict(full, v.property())).as(v.property()).isEqualTo(v.verdict());
    }
    assertThat(full.stats().reduction()).isFalse();
    assertThat(reduced.stats().reduction()).isTrue();
  }

  @Test
  void storeBufferingCounterexampleShowsBothWritesBeforeBothReads() {
    Counterexample c = cx(check(storeBuffering()), "not-both-one");

    // Both CPUs must write before either reads: 4 steps, and it is proven shortest.
    assertThat(c.length()).isEqualTo(4);
    assertThat(c.shortest()).isTrue();
    assertThat(c.steps().subList(0, 2)).extracting(Step::cpu).containsExactlyInAnyOrder(0, 1);
    assertThat(c.events())
        .filteredOn(e -> e.kind() == TraceEvent.Kind.PRIMITIVE)
        .extracting(TraceEvent::text)
        .contains("WRITE_ONCE(x, 1)", "WRITE_ONCE(y, 1)", "READ_ONCE(x) = 1", "READ_ONCE(y) = 1");
  }

  @Test
  void storeBufferingWithResultsInRegisters() {
    CheckReport r = check(storeBufferingInRegisters());

    assertThat(verdict(r, "not-both-zero")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "not-both-one")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, BuiltInProperty.DEADLOCK_FREE.id())).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void registersOfAFinishedCpuAreVisibleToTerminalProperties() {
    TinyMachine.Builder b = TinyMachine.builder("finished registers", 1);
    Loc x = b.shared("x");
    b.routines(0, 1, k -> k.setReg(1, 7 + k.READ_ONCE(x, R)));
    b.terminal("reg-is-7", s -> s.register(0, 1) == 7);

    // Today: VIOLATED, with a one-step counterexample whose trace reads x = 0 (so r1 = 7).
    assertThat(verdict(check(b.build()), "reg-is-7")).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void messagePassingNeverSeesFlagWithoutData() {
    CheckReport r = check(messagePassing());

    assertThat(verdict(r, "no-stale-data")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "never-flag-and-data")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "never-neither")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "never-data-only")).isEqualTo(Verdict.VIOLATED);
  }

  @Test
  void spinLockGivesMutualExclusion() {
    CheckReport r = check(counter(true));

    assertThat(verdict(r, "mutex")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "no-lost-update")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "lock-released")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, BuiltInProperty.DEADLOCK_FREE.id())).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void withoutTheLockUpdatesAreLostAndExclusionFails() {
    CheckReport r = check(counter(false));

    assertThat(verdict(r, "mutex")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "no-lost-update")).isEqualTo(Verdict.VIOLATED);
    assertThat(cx(r, "mutex").events())
        .anyMatch(
            e ->
                e.kind() == TraceEvent.Kind.VIOLATION
                    && e.text().equals("mutex: two CPUs in the critical section"));
    assertThat(cx(r, "mutex").why()).startsWith("mutex:");
  }

  @Test
  void spinLockBlocksWhileHeld() {
    // CPU0 takes the lock and never releases it; CPU1's spin_lock can never succeed.
    TinyMachine.Builder b = TinyMachine.builder("held lock", 2);
    Loc lock = b.shared("lock");
    Loc got = b.ghost("cpu1_got_lock", 1);
    b.routines(0, 0, k -> k.spin_lock(lock, site("lock")));
    b.routines(
        1,
        0,
        k -> {
          k.spin_lock(lock, site("lock"));
          k.setGhost(got, 1);
        });
    b.terminal("both-lock", s -> s.value(got) == 1);
    CheckReport r = check(b.build());

    // Either CPU1 got it first (and CPU0 waits forever) or CPU0 did (and CPU1 waits).
    assertThat(verdict(r, BuiltInProperty.DEADLOCK_FREE.id())).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "both-lock")).isEqualTo(Verdict.VIOLATED);
    assertThat(cx(r, BuiltInProperty.DEADLOCK_FREE.id()).why()).contains("waits forever");
  }
}
