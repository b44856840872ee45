package dev.klpct.checker;

import static dev.klpct.checker.TinyMachine.site;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import dev.klpct.api.Guard;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.Machine;
import dev.klpct.checker.explore.Explorer;
import dev.klpct.checker.trace.TraceEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckerTest {
  private static final Site W = site("writer");
  private static final Site R = site("reader");

  private static CheckOptions opts() {
    return CheckOptions.defaults().withThreads(1);
  }

  private static CheckReport check(Machine m) {
    return new Checker(opts()).check(m);
  }

  private static Verdict verdict(CheckReport r, String id) {
    return r.verdict(id).orElseThrow().verdict();
  }

  private static Counterexample cx(CheckReport r, String id) {
    return r.verdict(id).orElseThrow().counterexample().orElseThrow();
  }

  // ---- litmus tests ------------------------------------------------------------------------

  /** SB: each CPU writes its variable, then reads the other's; results in ghost locations. */
  private static Machine storeBuffering() {
    TinyMachine.Builder b = TinyMachine.builder("SB", 2);
    Loc x = b.shared("x");
    Loc y = b.shared("y");
    Loc r0 = b.ghost("r0", 0);
    Loc r1 = b.ghost("r1", 1);
    b.routines(0, 0, k -> k.WRITE_ONCE(x, 1, W), k -> k.setGhost(r0, k.READ_ONCE(y, R)));
    b.routines(1, 0, k -> k.WRITE_ONCE(y, 1, W), k -> k.setGhost(r1, k.READ_ONCE(x, R)));
    b.terminal("not-both-zero", s -> !(s.value(r0) == 0 && s.value(r1) == 0));
    b.terminal("not-both-one", s -> !(s.value(r0) == 1 && s.value(r1) == 1));
    b.terminal("not-zero-one", s -> !(s.value(r0) == 0 && s.value(r1) == 1));
    b.terminal("not-one-zero", s -> !(s.value(r0) == 1 && s.value(r1) == 0));
    return b.build();
  }

  @Test
  void storeBufferingForbidsBothZeroUnderSequentialConsistency() {
    CheckReport r = check(storeBuffering());

    assertThat(verdict(r, "not-both-zero")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "not-both-one")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "not-zero-one")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "not-one-zero")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, Explorer.DEADLOCK_FREE)).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, Explorer.MODEL_SOUND)).isEqualTo(Verdict.HOLDS);
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

  /**
   * SB with the results in registers. Each CPU parks (quiescent) instead of finishing, so its
   * registers stay part of the state.
   */
  private static Machine storeBufferingInRegisters() {
    TinyMachine.Builder b = TinyMachine.builder("SB registers", 2);
    Loc x = b.shared("x");
    Loc y = b.shared("y");
    for (int c = 0; c < 2; c++) {
      Loc mine = c == 0 ? x : y;
      Loc other = c == 0 ? y : x;
      b.program(
          c,
          new TinyMachine.RoutineProgram(
                  "CPU" + c,
                  1,
                  k -> k.WRITE_ONCE(mine, 1, W),
                  k -> k.setReg(1, k.READ_ONCE(other, R)),
                  k -> k.await(Guard.never(), site("park")))
              .quiescentWhen(regs -> regs[0] == 2));
    }
    b.terminal("not-both-zero", s -> !(s.register(0, 1) == 0 && s.register(1, 1) == 0));
    b.terminal("not-both-one", s -> !(s.register(0, 1) == 1 && s.register(1, 1) == 1));
    return b.build();
  }

  @Test
  void storeBufferingWithResultsInRegisters() {
    CheckReport r = check(storeBufferingInRegisters());

    assertThat(verdict(r, "not-both-zero")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "not-both-one")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, Explorer.DEADLOCK_FREE)).isEqualTo(Verdict.HOLDS);
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

  /** MP: CPU0 writes data then flag; CPU1 reads flag then data. */
  private static Machine messagePassing() {
    TinyMachine.Builder b = TinyMachine.builder("MP", 2);
    Loc data = b.shared("data");
    Loc flag = b.shared("flag");
    Loc rf = b.ghost("r_flag", 1);
    Loc rd = b.ghost("r_data", 1);
    b.routines(
        0,
        0,
        k -> k.WRITE_ONCE(data, 1, W),
        k -> {
          k.smp_wmb(W);
          k.WRITE_ONCE(flag, 1, W);
        });
    b.routines(
        1,
        0,
        k -> {
          int f = k.READ_ONCE(flag, R);
          k.smp_rmb(R);
          int d = k.READ_ONCE(data, R);
          k.setGhost(rf, f);
          k.setGhost(rd, d);
        });
    b.terminal("no-stale-data", s -> !(s.value(rf) == 1 && s.value(rd) == 0));
    b.terminal("never-flag-and-data", s -> !(s.value(rf) == 1 && s.value(rd) == 1));
    b.terminal("never-neither", s -> !(s.value(rf) == 0 && s.value(rd) == 0));
    b.terminal("never-data-only", s -> !(s.value(rf) == 0 && s.value(rd) == 1));
    return b.build();
  }

  @Test
  void messagePassingNeverSeesFlagWithoutData() {
    CheckReport r = check(messagePassing());

    assertThat(verdict(r, "no-stale-data")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "never-flag-and-data")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "never-neither")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "never-data-only")).isEqualTo(Verdict.VIOLATED);
  }

  /** Two CPUs increment a counter with a read and a write, with or without a spinlock. */
  private static Machine counter(boolean locked) {
    TinyMachine.Builder b = TinyMachine.builder("lock " + locked, 2);
    Loc lock = b.shared("lock");
    Loc cnt = b.shared("cnt");
    Loc inside = b.ghostAll("in_critical_section");
    Loc flags = b.ghostCommutative("violations");
    for (int c = 0; c < 2; c++) {
      b.routines(
          c,
          0,
          k -> {
            if (locked) {
              k.spin_lock(lock, site("lock"));
            } else {
              k.READ_ONCE(lock, site("no lock"));
            }
            k.setGhost(inside, k.ghost(inside) + 1);
            if (k.ghost(inside) > 1) {
              k.violate(flags, 1, "mutex: two CPUs in the critical section");
            }
          },
          k -> {
            int v = k.READ_ONCE(cnt, R);
            k.WRITE_ONCE(cnt, v + 1, W);
            k.setGhost(inside, k.ghost(inside) - 1);
          },
          k -> {
            if (locked) {
              k.spin_unlock(lock, site("unlock"));
            }
          });
    }
    b.monotone("mutex", s -> s.value(flags) == 0);
    b.terminal("no-lost-update", s -> s.value(cnt) == 2);
    b.terminal("lock-released", s -> s.value(lock) == 0);
    return b.build();
  }

  @Test
  void spinLockGivesMutualExclusion() {
    CheckReport r = check(counter(true));

    assertThat(verdict(r, "mutex")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "no-lost-update")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "lock-released")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, Explorer.DEADLOCK_FREE)).isEqualTo(Verdict.HOLDS);
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
    assertThat(verdict(r, Explorer.DEADLOCK_FREE)).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "both-lock")).isEqualTo(Verdict.VIOLATED);
    assertThat(cx(r, Explorer.DEADLOCK_FREE).why()).contains("waits forever");
  }

  // ---- select, await, deadlock ------------------------------------------------------------

  private static Machine selectMachine() {
    TinyMachine.Builder b = TinyMachine.builder("select", 1);
    Loc x = b.shared("x");
    Loc chosen = b.ghost("chosen", 0);
    b.routines(
        0,
        0,
        k -> {
          int c =
              k.select(
                  site("pick"),
                  Guard.always(),
                  Guard.never(),
                  Guard.equal(x, 0),
                  Guard.equal(x, 1),
                  Guard.notEqual(x, 0),
                  Guard.bits(x, 3, 0));
          k.setGhost(chosen, 100 + c);
        });
    b.metric("chosen", s -> s.value(chosen));
    for (int alt = 0; alt < 6; alt++) {
      int a = alt;
      b.terminal("not-" + alt, s -> s.value(chosen) != 100 + a);
    }
    return b.build();
  }

  @Test
  void selectExploresExactlyTheEnabledAlternatives() {
    CheckReport r = check(selectMachine());

    // x == 0: alternatives 0 (always), 2 (x == 0) and 5 ((x & 3) == 0) are enabled.
    assertThat(verdict(r, "not-0")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "not-1")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "not-2")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(r, "not-3")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "not-4")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, "not-5")).isEqualTo(Verdict.VIOLATED);
    assertThat(r.metric("chosen")).contains(new MetricRange("chosen", 100, 105));
    assertThat(r.stats().terminalStates()).isEqualTo(3);
  }

  @Test
  void selectCounterexampleRecordsTheAlternativeTaken() {
    CheckReport r = check(selectMachine());

    assertThat(cx(r, "not-2").steps()).containsExactly(new Step(0, 2));
    assertThat(cx(r, "not-5").steps()).containsExactly(new Step(0, 5));
    assertThat(cx(r, "not-2").events())
        .extracting(TraceEvent::text)
        .contains("choose alternative 2 of 6");
  }

  @Test
  void selectWaitsUntilAnAlternativeIsEnabled() {
    TinyMachine.Builder b = TinyMachine.builder("select blocks", 2);
    Loc x = b.shared("x");
    Loc chosen = b.ghost("chosen", 0);
    b.routines(
        0,
        0,
        k -> k.setGhost(chosen, 10 + k.select(site("pick"), Guard.equal(x, 1), Guard.equal(x, 2))));
    b.routines(1, 0, k -> k.WRITE_ONCE(x, 2, W));
    b.terminal("took-2", s -> s.value(chosen) == 11);
    CheckReport r = check(b.build());

    assertThat(verdict(r, "took-2")).isEqualTo(Verdict.HOLDS);
    assertThat(verdict(r, Explorer.DEADLOCK_FREE)).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void awaitBlocksUntilItsGuardHolds() {
    TinyMachine.Builder b = TinyMachine.builder("await", 2);
    Loc data = b.shared("data");
    Loc flag = b.shared("flag");
    Loc seen = b.ghost("seen", 0);
    Loc done = b.ghost("done", 0);
    b.routines(
        0,
        0,
        k -> {
          k.await(Guard.equal(flag, 1), site("wait"));
          k.setGhost(done, 1);
          k.setGhost(seen, k.READ_ONCE(data, R));
        });
    b.routines(1, 0, k -> k.WRITE_ONCE(data, 42, W), k -> k.WRITE_ONCE(flag, 1, W));
    b.monotone("not-early", s -> s.value(done) == 0 || s.value(flag) == 1);
    b.terminal("sees-data", s -> s.value(seen) == 42);
    b.terminal("done", s -> s.value(done) == 1);
    CheckReport r = check(b.build());

    assertThat(r.verdicts()).allSatisfy(v -> assertThat(v.verdict()).isEqualTo(Verdict.HOLDS));
  }

  private static Machine waitsForever(boolean quiescent) {
    TinyMachine.Builder b = TinyMachine.builder("waits forever", 2);
    Loc x = b.shared("x");
    b.program(
        0,
        new TinyMachine.RoutineProgram(
                "waiter",
                0,
                k -> k.WRITE_ONCE(x, 1, W),
                k -> k.await(Guard.equal(x, 3), site("wait_for_three")))
            .quiescentWhen(regs -> quiescent && regs[0] == 1));
    b.routines(1, 0, k -> k.WRITE_ONCE(x, 2, W));
    return b.build();
  }

  @Test
  void blockedCpuThatIsNotQuiescentIsADeadlock() {
    CheckReport r = check(waitsForever(false));

    assertThat(verdict(r, Explorer.DEADLOCK_FREE)).isEqualTo(Verdict.VIOLATED);
    Counterexample c = cx(r, Explorer.DEADLOCK_FREE);
    assertThat(c.why()).contains("waiter at routine 1 waits forever");
    // CPU0's write and CPU1's write; then nothing can move.
    assertThat(c.length()).isEqualTo(2);
    assertThat(verdict(r, Explorer.MODEL_SOUND)).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void blockedCpuThatIsQuiescentIsNotADeadlock() {
    CheckReport r = check(waitsForever(true));

    assertThat(verdict(r, Explorer.DEADLOCK_FREE)).isEqualTo(Verdict.HOLDS);
    assertThat(r.overall()).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void selectWithNoEnabledAlternativeIsADeadlock() {
    TinyMachine.Builder b = TinyMachine.builder("select never", 1);
    Loc x = b.shared("x");
    b.routines(
        0,
        0,
        k -> k.WRITE_ONCE(x, 1, W),
        k -> k.select(site("pick"), Guard.never(), Guard.equal(x, 0)));
    CheckReport r = check(b.build());

    assertThat(verdict(r, Explorer.DEADLOCK_FREE)).isEqualTo(Verdict.VIOLATED);
  }

  // ---- budgets -------------------------------------------------------------------------------

  /** {@code cpus} CPUs, each writing its private word {@code writes} times. */
  private static TinyMachine.Builder independentWriters(int cpus, int writes) {
    TinyMachine.Builder b = TinyMachine.builder("writers", cpus);
    Loc[] xs = new Loc[cpus];
    for (int c = 0; c < cpus; c++) {
      Loc x = b.privateTo("x" + c, c);
      xs[c] = x;
      TinyMachine.Routine[] rs = new TinyMachine.Routine[writes];
      for (int i = 0; i < writes; i++) {
        int v = i + 1;
        rs[i] = k -> k.WRITE_ONCE(x, v, W);
      }
      b.routines(c, 0, rs);
    }
    b.terminal(
        "all-written",
        s -> {
          for (Loc x : xs) {
            if (s.value(x) != writes) {
              return false;
            }
          }
          return true;
        });
    return b;
  }

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
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
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

  // ---- counterexamples ------------------------------------------------------------------------

  /**
   * CPU0 reaches the violation after {@code longPath} writes, CPU1 after one. Independent, so the
   * reduced search explores CPU0 first and finds the long path.
   */
  private static Machine longAndShortPath(int longPath) {
    TinyMachine.Builder b = TinyMachine.builder("long and short", 2);
    Loc x = b.privateTo("x", 0);
    Loc y = b.privateTo("y", 1);
    Loc flags = b.ghostCommutative("flags");
    TinyMachine.Routine[] rs = new TinyMachine.Routine[longPath];
    for (int i = 0; i < longPath; i++) {
      int v = i + 1;
      boolean last = i == longPath - 1;
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
    b.monotone("bad", s -> s.value(flags) == 0);
    return b.build();
  }

  @Test
  void counterexampleIsTheShortestOne() {
    CheckReport r = check(longAndShortPath(6));

    Counterexample c = cx(r, "bad");
    assertThat(c.length()).isEqualTo(1);
    assertThat(c.shortest()).isTrue();
    assertThat(c.steps()).containsExactly(new Step(1, -1));
    assertThat(c.why()).isEqualTo("bad: short path");
  }

  @Test
  void timeLimitCoversTheShortestSearchToo() {
    // The clock jumps two hours when the first phase sees the violation: nothing is left of the
    // one-hour limit for the shortest search, so the reduced counterexample stands, unproven.
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
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
            now.set(java.util.concurrent.TimeUnit.HOURS.toNanos(2));
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

  @Test
  void shortestSearchOverBudgetFallsBackToTheReducedCounterexample() {
    CheckReport r = new Checker(opts().withShortestBudget(1)).check(longAndShortPath(6));

    Counterexample c = cx(r, "bad");
    assertThat(c.shortest()).isFalse();
    assertThat(c.length()).isGreaterThan(1);
    // Still a real counterexample: replaying it breaks the property.
    Checker.Replayed rep = new Checker(opts()).replay(longAndShortPath(6), c.steps());
    assertThat(rep.completed()).isTrue();
    assertThat(rep.violations()).anyMatch(v -> v.startsWith("bad:"));
  }

  @Test
  void singleThreadedRunsAreDeterministic() {
    Machine m = counter(false);
    CheckReport a = check(m);
    CheckReport b = check(counter(false));

    assertThat(a.verdicts()).isEqualTo(b.verdicts());
    assertThat(a.stats().states()).isEqualTo(b.stats().states());
    assertThat(a.stats().transitions()).isEqualTo(b.stats().transitions());
    for (PropertyVerdict v : a.verdicts()) {
      if (v.counterexample().isPresent()) {
        Counterexample ca = v.counterexample().get();
        Counterexample cb = cx(b, v.property());
        assertThat(cb.steps()).isEqualTo(ca.steps());
        assertThat(cb.events()).isEqualTo(ca.events());
      }
    }
  }

  /** Wide levels (more than 256 states) so that two threads really split the work. */
  private static Machine wideMachine() {
    TinyMachine.Builder b = independentWriters(5, 4);
    Loc shared = b.shared("shared");
    Loc flags = b.ghostCommutative("flags");
    // Replace CPU4's program: it writes the shared word, CPU3 checks it.
    b.routines(
        4,
        0,
        k -> k.WRITE_ONCE(shared, 1, W),
        k -> k.WRITE_ONCE(shared, 2, W),
        k -> k.WRITE_ONCE(shared, 3, W));
    b.routines(
        3,
        0,
        k -> {
          if (k.READ_ONCE(shared, R) == 2) {
            k.violate(flags, 1, "saw 2");
          }
        },
        k -> k.READ_ONCE(shared, R),
        k -> k.READ_ONCE(shared, R));
    b.monotone("never-sees-2", s -> s.value(flags) == 0);
    b.terminal("shared-is-3", s -> s.value(shared) == 3);
    return b.build();
  }

  @Test
  void twoThreadsGiveTheSameVerdictsAndCounterexampleLengths() {
    CheckOptions o = opts().withReduction(false);
    CheckReport one = new Checker(o).check(wideMachine());
    CheckReport two = new Checker(o.withThreads(2)).check(wideMachine());

    assertThat(two.stats().threads()).isEqualTo(2);
    assertThat(two.stats().states()).isEqualTo(one.stats().states());
    assertThat(two.stats().terminalStates()).isEqualTo(one.stats().terminalStates());
    assertThat(one.stats().states()).isGreaterThan(1000);
    for (PropertyVerdict v : one.verdicts()) {
      PropertyVerdict w = two.verdict(v.property()).orElseThrow();
      assertThat(w.verdict()).as(v.property()).isEqualTo(v.verdict());
      assertThat(w.counterexample().map(Counterexample::length))
          .isEqualTo(v.counterexample().map(Counterexample::length));
    }
    assertThat(verdict(one, "never-sees-2")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(one, "all-written")).isEqualTo(Verdict.VIOLATED);
    assertThat(verdict(one, "shared-is-3")).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void twoThreadsWithReductionAgreeWithOneThread() {
    CheckReport one = check(wideMachine());
    CheckReport two = new Checker(opts().withThreads(2)).check(wideMachine());

    assertThat(two.stats().states()).isEqualTo(one.stats().states());
    for (PropertyVerdict v : one.verdicts()) {
      assertThat(verdict(two, v.property())).as(v.property()).isEqualTo(v.verdict());
    }
  }

  // ---- replay --------------------------------------------------------------------------------

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
    assertThat(rep.violations()).noneMatch(v -> v.startsWith(Explorer.MODEL_SOUND));
  }

  @Test
  void replayRejectsAChoiceOnAStepThatIsNotASelect() {
    Checker.Replayed rep = new Checker(opts()).replay(storeBuffering(), List.of(new Step(0, 1)));

    assertThat(rep.completed()).isFalse();
    assertThat(rep.failure()).contains("has no choice 1");
  }
}
