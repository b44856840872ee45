package dev.klpct.checker.internal.explore;

import static dev.klpct.checker.TinyMachine.site;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Guard;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.TinyMachine;
import dev.klpct.checker.Verdict;
import org.junit.jupiter.api.Test;

/** Partial-order reduction and exploration figures. */
class SearchTest {
  private static final Site W = site("writer");
  private static final Site R = site("reader");

  private static CheckReport check(Machine m, boolean reduction) {
    return new Checker(CheckOptions.defaults().withThreads(1).withReduction(reduction)).check(m);
  }

  private static void assertSameVerdicts(CheckReport a, CheckReport b) {
    assertThat(a.verdicts())
        .extracting(PropertyVerdict::property)
        .isEqualTo(b.verdicts().stream().map(PropertyVerdict::property).toList());
    for (PropertyVerdict v : a.verdicts()) {
      assertThat(b.verdict(v.property()).orElseThrow().verdict())
          .as(v.property())
          .isEqualTo(v.verdict());
    }
  }

  /** Three CPUs, each writing only its own word {@code writes} times. */
  private static Machine independentWriters(int writes) {
    TinyMachine.Builder b = TinyMachine.builder("independent writers", 3);
    Loc[] xs = new Loc[3];
    for (int c = 0; c < 3; c++) {
      Loc x = b.privateTo("x" + c, c);
      xs[c] = x;
      TinyMachine.Routine[] rs = new TinyMachine.Routine[writes];
      for (int i = 0; i < writes; i++) {
        int v = i + 1;
        rs[i] = k -> k.WRITE_ONCE(x, v, W);
      }
      b.routines(c, 0, rs);
    }
    b.terminal("sum", s -> s.value(xs[0]) + s.value(xs[1]) + s.value(xs[2]) == 3 * writes);
    b.terminal("x0-not-final", s -> s.value(xs[0]) != writes);
    b.monotone("x1-untouched", s -> s.value(xs[1]) == 0);
    return b.build();
  }

  @Test
  void reductionVisitsFewerStatesOfIndependentWritersWithTheSameVerdicts() {
    CheckReport reduced = check(independentWriters(2), true);
    CheckReport full = check(independentWriters(2), false);

    assertThat(full.stats().states()).isEqualTo(3 * 3 * 3);
    // Independent CPUs: one interleaving suffices, 1 + 3 * 2 states.
    assertThat(reduced.stats().states()).isLessThan(full.stats().states()).isEqualTo(7);
    assertThat(reduced.stats().terminalStates()).isEqualTo(1);
    assertThat(full.stats().terminalStates()).isEqualTo(1);
    assertSameVerdicts(reduced, full);
    assertThat(reduced.verdict("sum").orElseThrow().verdict()).isEqualTo(Verdict.HOLDS);
    assertThat(reduced.verdict("x0-not-final").orElseThrow().verdict()).isEqualTo(Verdict.VIOLATED);
    assertThat(reduced.verdict("x1-untouched").orElseThrow().verdict()).isEqualTo(Verdict.VIOLATED);
  }

  @Test
  void reductionKeepsInteractionsThroughSharedMemory() {
    // CPU0 publishes x = 1 and retracts it; CPU1 may observe the window; CPU2 is independent.
    TinyMachine.Builder b = TinyMachine.builder("window", 3);
    Loc x = b.shared("x", MemoryLayout.Builder.mask(0, 1), MemoryLayout.Builder.mask(0), 0);
    Loc z = b.privateTo("z", 2);
    Loc seen = b.ghost("seen", 1);
    b.routines(0, 0, k -> k.WRITE_ONCE(x, 1, W), k -> k.WRITE_ONCE(x, 0, W));
    b.routines(1, 0, k -> k.setGhost(seen, k.READ_ONCE(x, R)));
    b.routines(2, 0, k -> k.WRITE_ONCE(z, 1, W), k -> k.WRITE_ONCE(z, 2, W));
    b.terminal("never-sees-window", s -> s.value(seen) == 0);
    b.terminal("z-done", s -> s.value(z) == 2);
    Machine m = b.build();

    CheckReport reduced = check(m, true);
    CheckReport full = check(m, false);

    assertThat(reduced.verdict("never-sees-window").orElseThrow().verdict())
        .isEqualTo(Verdict.VIOLATED);
    assertThat(reduced.verdict("z-done").orElseThrow().verdict()).isEqualTo(Verdict.HOLDS);
    assertSameVerdicts(reduced, full);
    assertThat(reduced.stats().states()).isLessThan(full.stats().states());
  }

  @Test
  void reductionKeepsEnablingWritesOfBlockedCpus() {
    // CPU0 waits for flag; CPU1 sets it after an independent write; CPU2 never touches it.
    TinyMachine.Builder b = TinyMachine.builder("enable", 3);
    Loc flag = b.shared("flag", MemoryLayout.Builder.mask(0, 1), MemoryLayout.Builder.mask(1), 0);
    Loc y = b.privateTo("y", 1);
    Loc z = b.privateTo("z", 2);
    Loc done = b.ghost("done", 0);
    b.routines(
        0,
        0,
        k -> {
          k.await(Guard.equal(flag, 1), site("wait"));
          k.setGhost(done, 1);
        });
    b.routines(1, 0, k -> k.WRITE_ONCE(y, 1, W), k -> k.WRITE_ONCE(flag, 1, W));
    b.routines(2, 0, k -> k.WRITE_ONCE(z, 1, W));
    b.terminal("done", s -> s.value(done) == 1);
    Machine m = b.build();

    CheckReport reduced = check(m, true);
    CheckReport full = check(m, false);

    assertSameVerdicts(reduced, full);
    assertThat(reduced.overall()).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void statsDescribeTheExploration() {
    CheckReport r = check(independentWriters(2), false);

    assertThat(r.stats().depth()).isEqualTo(7); // six steps, plus the empty last level
    assertThat(r.stats().transitions()).isEqualTo(3 * 2 * 9); // 3 CPUs x 2 steps x 3^2 others
    assertThat(r.stats().exhaustive()).isTrue();
    assertThat(r.stats().storeBytes()).isPositive();
    assertThat(r.stats().threads()).isEqualTo(1);
    assertThat(r.machine()).isEqualTo("independent writers");
  }

  @Test
  void reductionKeepsVerdictsWhenAGhostIsReadBeforeThePrimitive() {
    TinyMachine.Builder b = TinyMachine.builder("ghost read", 2);
    Loc x0 = b.privateTo("x0", 0);
    Loc y1 = b.privateTo("y1", 1);
    Loc g = b.ghostAll("G");
    Loc h = b.ghost("H0", 0);
    b.routines(
        0,
        0,
        k -> {
          int v = k.ghost(g); // bookkeeping only: does not decide which primitive runs
          k.READ_ONCE(x0, R);
          k.setGhost(h, v);
        });
    b.routines(
        1,
        0,
        k -> {
          k.WRITE_ONCE(y1, 1, W);
          k.setGhost(g, 1);
        });
    b.terminal("h-zero", s -> s.value(h) == 0);
    Machine m = b.build();

    // Today: HOLDS with reduction (3 states), VIOLATED without (5 states).
    assertSameVerdicts(check(m, true), check(m, false));
  }
}
