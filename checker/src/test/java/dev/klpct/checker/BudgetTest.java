package dev.klpct.checker;

import static dev.klpct.checker.CheckerFixtures.W;
import static dev.klpct.checker.CheckerFixtures.cx;
import static dev.klpct.checker.CheckerFixtures.independentWriters;
import static dev.klpct.checker.CheckerFixtures.opts;
import static dev.klpct.checker.CheckerFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import dev.klpct.api.Loc;
import dev.klpct.api.program.Machine;
import dev.klpct.checker.trace.Step;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** State and time budgets: a search cut short is INCONCLUSIVE, never HOLDS. */
class BudgetTest {
  @Test
  void stateBudgetMakesHoldingPropertiesInconclusive() {
    Machine m = independentWriters(3, 5).build();
    CheckReport r = new Checker(opts().withReduction(false).withMaxStates(10)).check(m);

    assertThat(r.stats().exhaustive()).isFalse();
    assertThat(r.stats().stopReason()).contains("--max-states 10");
    assertThat(r.verdicts())
        .isNotEmpty()
        .allSatisfy(v -> assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE));
    assertThat(r.overall()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.stats().states()).isLessThan(6 * 6 * 6);
  }

  @Test
  void sameMachineWithoutBudgetHolds() {
    Machine m = independentWriters(3, 5).build();
    CheckReport r = new Checker(opts().withReduction(false)).check(m);

    assertThat(r.stats().exhaustive()).isTrue();
    assertThat(r.stats().stopReason()).isEmpty();
    assertThat(r.stats().states()).isEqualTo(6 * 6 * 6);
    assertThat(r.overall()).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void violationFoundBeforeTheBudgetIsStillViolated() {
    // CPU0 has a long run of writes; CPU1 violates on its first step.
    TinyMachine.Builder b = TinyMachine.builder("early violation", 2);
    Loc x = b.privateTo("x", 0);
    Loc y = b.privateTo("y", 1);
    Loc flags = b.ghostCommutative("flags");
    TinyMachine.Routine[] many = new TinyMachine.Routine[8];
    for (int i = 0; i < many.length; i++) {
      int v = i + 1;
      many[i] = k -> k.WRITE_ONCE(x, v, W);
    }
    b.routines(0, 0, many);
    b.routines(
        1,
        0,
        k -> {
          k.WRITE_ONCE(y, 1, W);
          k.violate(flags, 1, "early");
        });
    b.monotone("never-flagged", s -> s.value(flags) == 0);
    b.terminal("always-fine", s -> true);
    // The initial state and its two successors fit in the budget, so level 1 is judged; the
    // exploration stops after it.
    CheckReport r = new Checker(opts().withReduction(false).withMaxStates(4)).check(b.build());

    assertThat(r.stats().exhaustive()).isFalse();
    assertThat(verdict(r, "never-flagged")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "always-fine")).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.overall()).isEqualTo(Verdict.VIOLATED);
    assertThat(cx(r, "never-flagged").steps()).containsExactly(new Step(1, -1));
  }

  @Test
  void timeLimitMakesTheRunInconclusive() {
    // A ticker that advances one second per reading: the limit is hit after the first level.
    Ticker fake =
        new Ticker() {
          private long now;

          @Override
          public long read() {
            now += 1_000_000_000L;
            return now;
          }
        };
    CheckReport r =
        new Checker(
                opts()
                    .withReduction(false)
                    .withTicker(fake)
                    .withTimeLimit(Optional.of(Duration.ofMillis(1))))
            .check(independentWriters(3, 5).build());

    assertThat(r.stats().exhaustive()).isFalse();
    assertThat(r.stats().stopReason()).contains("--time-limit");
    assertThat(r.overall()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void stopConditionEndsTheSearchWithItsReason() {
    AtomicInteger asked = new AtomicInteger();
    CheckReport r =
        new Checker(
                opts()
                    .withReduction(false)
                    .withStop(
                        () ->
                            asked.incrementAndGet() > 1
                                ? Optional.of("interrupted")
                                : Optional.empty()))
            .check(independentWriters(3, 5).build());

    assertThat(asked.get()).isGreaterThan(1);
    assertThat(r.stats().exhaustive()).isFalse();
    assertThat(r.stats().stopReason()).isEqualTo("interrupted");
    assertThat(r.stats().states()).isLessThan(6 * 6 * 6);
    assertThat(r.overall()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void timeLimitCoversTheShortestSearchToo() {
    // The clock jumps two hours when the first phase sees the violation: nothing is left of the
    // one-hour limit for the shortest search, so the reduced counterexample stands, unproven.
    AtomicLong now = new AtomicLong();
    Ticker clock =
        new Ticker() {
          @Override
          public long read() {
            return now.get();
          }
        };
    TinyMachine.Builder b = TinyMachine.builder("long and short, timed", 2);
    Loc x = b.privateTo("x", 0);
    Loc y = b.privateTo("y", 1);
    Loc flags = b.ghostCommutative("flags");
    TinyMachine.Routine[] rs = new TinyMachine.Routine[6];
    for (int i = 0; i < rs.length; i++) {
      int v = i + 1;
      boolean last = i == rs.length - 1;
      rs[i] =
          k -> {
            k.WRITE_ONCE(x, v, W);
            if (last) {
              k.violate(flags, 1, "bad: long path");
            }
          };
    }
    b.routines(0, 0, rs);
    b.routines(
        1,
        0,
        k -> {
          k.WRITE_ONCE(y, 1, W);
          k.violate(flags, 1, "bad: short path");
        });
    b.monotone(
        "bad",
        st -> {
          if (st.value(flags) != 0) {
            now.set(TimeUnit.HOURS.toNanos(2));
            return false;
          }
          return true;
        });
    CheckReport r =
        new Checker(opts().withTicker(clock).withTimeLimit(Optional.of(Duration.ofHours(1))))
            .check(b.build());

    assertThat(verdict(r, "bad")).isEqualTo(Verdict.VIOLATED);
    assertThat(cx(r, "bad").shortest()).isFalse();
    assertThat(cx(r, "bad").length()).isGreaterThan(1);
  }
}
