package dev.klpct.jvm;

import static dev.klpct.checker.TinyMachine.site;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.api.program.Machine;
import dev.klpct.checker.TinyMachine;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link JvmRunner} on hand-built machines whose outcome does not depend on timing. */
class JvmRunnerTest {
  private static final Site S = site("test");

  private static StressReport run(Machine m, long executions) {
    return run(m, executions, JvmOptions.defaults().withJitter(16));
  }

  private static StressReport run(Machine m, long executions, JvmOptions o) {
    try (JvmRunner r = new JvmRunner(m, o)) {
      return r.run(executions);
    }
  }

  /** runWhile asks after each execution, on the caller's thread, and stops when told to. */
  @Test
  void runWhileStopsWhenTheConditionSaysSo() {
    TinyMachine.Builder b = TinyMachine.builder("one write", 1);
    Loc x = b.shared("x");
    b.routines(0, 0, k -> k.WRITE_ONCE(x, 1, S));
    b.terminal("written", v -> v.value(x) == 1);
    int[] asked = {0};
    Thread caller = Thread.currentThread();
    StressReport r;
    try (JvmRunner runner = new JvmRunner(b.build(), JvmOptions.defaults())) {
      r =
          runner.runWhile(
              () -> {
                assertThat(Thread.currentThread()).isSameAs(caller);
                return ++asked[0] < 7;
              });
    }

    assertThat(asked[0]).isEqualTo(7);
    assertThat(r.executions()).isEqualTo(7);
    assertThat(r.violated()).isFalse();
  }

  /** Two CPUs add to one counter with fully ordered RMWs; the end state is always 2N. */
  @Test
  void atomicCountersAddUpInEveryExecution() {
    TinyMachine.Builder b = TinyMachine.builder("counter", 2);
    Loc x = b.shared("x");
    TinyMachine.Routine add =
        k -> {
          for (int i = 0; i < 10; i++) {
            k.atomic_add_return(1, x, S);
          }
        };
    b.routines(0, 0, add, add, add);
    b.routines(1, 0, add, add, add);
    b.terminal("sum", v -> v.value(x) == 60);
    b.metric("x", v -> v.value(x));
    StressReport r = run(b.build(), 200);

    assertThat(r.executions()).isEqualTo(200);
    assertThat(r.violated()).isFalse();
    assertThat(r.stuck()).isZero();
    assertThat(r.violations()).isEmpty();
    assertThat(r.outcomes())
        .extracting(StressReport.Outcome::property)
        .containsExactly(
            "sum", BuiltInProperty.DEADLOCK_FREE.id(), BuiltInProperty.MODEL_SOUND.id());
    StressReport.MetricSummary xs = r.metric("x").orElseThrow();
    assertThat(xs.min()).isEqualTo(60);
    assertThat(xs.max()).isEqualTo(60);
    assertThat(xs.executions()).isEqualTo(200);
    assertThat(r.wallSeconds()).isPositive();
    assertThat(r.terminated()).isEqualTo(200);
    assertThat(r.executionNanos()).isPositive();
    assertThat(r.meanExecutionMicros())
        .isPositive()
        .isLessThan(r.wallSeconds() * 1e6 / 200); // without the hand-over between executions
  }

  /**
   * A monotone flag set in CPU0's second routine is seen online by CPU0 at that step, in every
   * execution, with the text given to violate().
   */
  @Test
  void monotoneViolationsAreAttributedToTheStepThatReportedThem() {
    TinyMachine.Builder b = TinyMachine.builder("flag", 2);
    Loc flags = b.ghostCommutative("flags");
    Loc x = b.shared("x");
    b.routines(
        0,
        0,
        k -> k.WRITE_ONCE(x, 1, S),
        k -> {
          k.READ_ONCE(x, S);
          k.violate(flags, 2, "boom: CPU0 broke it");
        },
        k -> k.WRITE_ONCE(x, 2, S));
    b.routines(1, 0, k -> k.READ_ONCE(x, S), k -> k.WRITE_ONCE(x, 3, S));
    b.monotone("boom", v -> (v.value(flags) & 2) == 0);
    b.monotone("quiet", v -> (v.value(flags) & 4) == 0);
    StressReport r = run(b.build(), 50);

    StressReport.Outcome boom = r.outcome("boom").orElseThrow();
    assertThat(boom.violatingExecutions()).isEqualTo(50);
    StressReport.Violation v = boom.first().orElseThrow();
    assertThat(v.execution()).isEqualTo(1);
    assertThat(v.cpu()).isZero();
    assertThat(v.step()).isEqualTo(2);
    assertThat(v.description()).isEqualTo("boom: CPU0 broke it");
    assertThat(v.executions()).isEqualTo(50);
    assertThat(r.violations()).containsExactly(v);
    assertThat(r.outcome("quiet").orElseThrow().violated()).isFalse();
  }

  /** A flag nobody reports through violate() is still found, on the end state. */
  @Test
  void monotoneViolationsWithoutAReportAreFoundAtTheEnd() {
    TinyMachine.Builder b = TinyMachine.builder("plain flag", 1);
    Loc x = b.shared("x");
    b.routines(0, 0, k -> k.WRITE_ONCE(x, 1, S));
    b.monotone("x-zero", v -> v.value(x) == 0);
    StressReport r = run(b.build(), 3);

    StressReport.Violation v = r.outcome("x-zero").orElseThrow().first().orElseThrow();
    assertThat(v.cpu()).isEqualTo(-1);
    assertThat(v.description()).isEqualTo("x-zero fails");
    assertThat(r.outcome("x-zero").orElseThrow().violatingExecutions()).isEqualTo(3);
  }

  /** CPU1 waits for CPU0's flag; CPU0 sets it: the execution ends, nobody deadlocks. */
  @Test
  void awaitIsReleasedByTheOtherCpu() {
    TinyMachine.Builder b = TinyMachine.builder("handshake", 2);
    Loc flag = b.shared("flag");
    Loc data = b.shared("data");
    b.routines(
        0,
        0,
        k -> {
          k.WRITE_ONCE(data, 42, S);
          k.smp_store_release(flag, 1, S);
        });
    b.routines(
        1,
        1,
        k -> {
          k.await(Guard.equal(flag, 1), S);
          k.setReg(1, k.smp_load_acquire(data, S));
        });
    b.terminal("saw-data", v -> v.register(1, 1) == 42);
    StressReport r = run(b.build(), 300);

    assertThat(r.violated()).isFalse();
    assertThat(r.stuck()).isZero();
  }

  /** A CPU waiting for something nobody will do: a deadlock, judged on the end state. */
  @Test
  void waitingForeverIsADeadlockUnlessTheProgramSaysItIsIdle() {
    TinyMachine.Builder b = TinyMachine.builder("deadlock", 2);
    Loc flag = b.shared("flag");
    b.routines(0, 0, k -> k.READ_ONCE(flag, S));
    b.program(
        1,
        new TinyMachine.RoutineProgram("CPU1 (waiter)", 0, k -> k.await(Guard.equal(flag, 1), S)));
    StressReport r = run(b.build(), 20);

    StressReport.Outcome d = r.outcome(BuiltInProperty.DEADLOCK_FREE.id()).orElseThrow();
    assertThat(d.violatingExecutions()).isEqualTo(20);
    assertThat(d.first().orElseThrow().description())
        .isEqualTo("deadlock: CPU1 (waiter) at routine 0 waits forever");

    TinyMachine.Builder q = TinyMachine.builder("idle", 2);
    Loc f2 = q.shared("flag");
    q.routines(0, 0, k -> k.READ_ONCE(f2, S));
    q.program(
        1,
        new TinyMachine.RoutineProgram(
                "CPU1 (idle)", 0, k -> k.select(S, Guard.equal(f2, 1), Guard.never()))
            .quiescentWhen(regs -> true));
    assertThat(run(q.build(), 20).violated()).isFalse();
  }

  /** A spin lock passed back and forth many times; the critical sections never overlap. */
  @Test
  void spinLocksExcludeAcrossCpus() {
    TinyMachine.Builder b = TinyMachine.builder("lock", 2);
    Loc lock = b.shared("lock");
    Loc x = b.shared("x");
    TinyMachine.Routine inc =
        k -> {
          k.spin_lock(lock, S);
          k.WRITE_ONCE(x, k.READ_ONCE(x, S) + 1, S);
          k.spin_unlock(lock, S);
        };
    b.routines(0, 0, inc, inc, inc, inc, inc);
    b.routines(1, 0, inc, inc, inc, inc, inc);
    b.terminal("ten", v -> v.value(x) == 10);
    StressReport r = run(b.build(), 300);

    assertThat(r.violated()).isFalse();
  }

  /** Choices come from the seed: over many executions every enabled alternative is taken. */
  @Test
  void selectTakesEveryEnabledAlternativeOverExecutions() {
    TinyMachine.Builder b = TinyMachine.builder("choice", 1);
    Loc chosen = b.ghost("chosen", 0);
    b.routines(
        0,
        0,
        k -> {
          int a = k.select(S, Guard.always(), Guard.never(), Guard.always(), Guard.always());
          k.setGhost(chosen, a);
        });
    b.metric("chosen", v -> v.value(chosen));
    b.terminal("never-1", v -> v.value(chosen) != 1);
    StressReport r = run(b.build(), 300);

    assertThat(r.violated()).isFalse();
    StressReport.MetricSummary m = r.metric("chosen").orElseThrow();
    assertThat(m.min()).isZero();
    assertThat(m.max()).isEqualTo(3);
    // and the same seed makes the same choices
    assertThat(run(b.build(), 300).metric("chosen").orElseThrow()).isEqualTo(m);
    assertThat(
            run(b.build(), 300, JvmOptions.defaults().withSeed(99).withJitter(16))
                .metric("chosen")
                .orElseThrow()
                .sum())
        .isNotEqualTo(m.sum());
  }

  @Test
  void modelErrorsAreModelSoundFindingsThatEndTheExecution() {
    TinyMachine.Builder b = TinyMachine.builder("errors", 2);
    Loc mine = b.privateTo("mine", 1);
    b.routines(0, 0, k -> k.READ_ONCE(mine, S));
    b.routines(1, 0, k -> k.WRITE_ONCE(mine, 1, S));
    StressReport r = run(b.build(), 5);

    StressReport.Outcome s = r.outcome(BuiltInProperty.MODEL_SOUND.id()).orElseThrow();
    assertThat(s.violatingExecutions()).isEqualTo(5);
    assertThat(s.first().orElseThrow().description())
        .isEqualTo("CPU0 read mine, which the layout does not let CPU0 read");
    assertThat(s.first().orElseThrow().cpu()).isZero();

    TinyMachine.Builder t = TinyMachine.builder("throws", 1);
    Loc x = t.shared("x");
    t.routines(
        0,
        0,
        k -> {
          if (k.READ_ONCE(x, S) == 0) {
            throw new IllegalStateException("bad state");
          }
        });
    assertThat(
            run(t.build(), 1)
                .outcome(BuiltInProperty.MODEL_SOUND.id())
                .orElseThrow()
                .first()
                .orElseThrow()
                .description())
        .startsWith("CPU0: IllegalStateException: bad state thrown at");

    TinyMachine.Builder l = TinyMachine.builder("long routine", 1);
    Loc y = l.shared("y");
    l.routines(
        0,
        0,
        k -> {
          for (int i = 0; i < 49; i++) {
            k.READ_ONCE(y, S);
          }
        });
    assertThat(
            run(l.build(), 1)
                .outcome(BuiltInProperty.MODEL_SOUND.id())
                .orElseThrow()
                .first()
                .orElseThrow()
                .description())
        .contains("more than 48 primitives");
  }

  /** A program that never stops is abandoned after the timeout and counted, not judged. */
  @Test
  void anExecutionThatNeverEndsIsAbandonedAsStuck() {
    TinyMachine.Builder b = TinyMachine.builder("forever", 1);
    Loc x = b.shared("x");
    b.program(
        0,
        new TinyMachine.RoutineProgram("CPU0", 0) {
          @Override
          public boolean step(Kernel k) {
            k.WRITE_ONCE(x, k.READ_ONCE(x, S) + 1, S);
            return true;
          }
        });
    b.terminal("unreachable", v -> false);
    StressReport r =
        run(b.build(), 1, JvmOptions.defaults().withExecutionTimeout(Duration.ofMillis(100)));

    assertThat(r.stuck()).isEqualTo(1);
    assertThat(r.terminated()).isZero();
    assertThat(r.executionNanos()).isZero();
    assertThat(r.violated()).isFalse(); // an abandoned execution has no terminal state
  }

  @Test
  void runForRunsUntilTheDurationHasPassedAndNumbersExecutionsAcrossRuns() {
    TinyMachine.Builder b = TinyMachine.builder("tick", 1);
    Loc flags = b.ghostCommutative("flags");
    b.routines(0, 0, k -> k.violate(flags, 1, "once: flagged"));
    b.monotone("once", v -> v.value(flags) == 0);
    long[] now = {0};
    JvmOptions o =
        JvmOptions.defaults()
            .withTicker(
                new Ticker() {
                  @Override
                  public long read() {
                    return now[0] += 1_000_000; // every read: one millisecond later
                  }
                });
    try (JvmRunner runner = new JvmRunner(b.build(), o)) {
      StressReport first = runner.runFor(Duration.ofMillis(10));
      // the runner reads the ticker a few times per execution: fewer than 10 executions fit
      assertThat(first.executions()).isBetween(2L, 9L);
      StressReport second = runner.run(2);
      assertThat(second.executions()).isEqualTo(2);
      assertThat(second.outcome("once").orElseThrow().first().orElseThrow().execution())
          .isEqualTo(first.executions() + 1);
    }
  }
}
