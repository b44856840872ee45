package dev.klpct.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Guard;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import org.junit.jupiter.api.Test;

/**
 * A spin-wait ({@code await}) ends in the view machine on the newest store it may read; an older
 * store it may read that satisfies the guard is an exit the machine does not explore
 * (docs/memory-models.md, "The view machine's deviations", item 2). Under {@code lkmm} such a wait
 * is named with the load-buffering guard's pairs, so that no contract HOLDS.
 */
class GuardExitGuardTest {
  private static final Site FIRST = Site.of("cpu1_stores", "WRITE_ONCE(x, first)");
  private static final Site SECOND = Site.of("cpu1_stores", "WRITE_ONCE(x, second)");
  private static final Site WAIT = Site.of("cpu0_waits", "while (READ_ONCE(x) != 1)");

  /** CPU1 stores {@code first} then {@code second} to x (initially 0); CPU0 waits for x == 1. */
  private static CheckReport waitOnTwoStores(MemoryModel model, int first, int second) {
    TinyMachine.Builder b = TinyMachine.builder("wait", 2);
    Loc x = b.shared("x");
    b.routines(
        0,
        1,
        k -> {
          k.await(Guard.equal(x, 1), WAIT);
          k.setReg(1, 1);
        });
    b.routines(
        1,
        0,
        k -> {
          k.WRITE_ONCE(x, first, FIRST);
          k.WRITE_ONCE(x, second, SECOND);
        });
    return check(b, model);
  }

  /** Checks the machine {@code b} builds, with a contract that always holds, on one thread. */
  private static CheckReport check(TinyMachine.Builder b, MemoryModel model) {
    b.terminal("anything", s -> true);
    return new Checker(CheckOptions.defaults().withThreads(1).withMemoryModel(model))
        .check(b.build());
  }

  private static Verdict verdict(CheckReport r) {
    return r.verdict("anything").orElseThrow().verdict();
  }

  @Test
  void aWaitAnOlderVisibleStoreWouldEndIsNamedAndNothingHolds() {
    CheckReport r = waitOnTwoStores(MemoryModel.LKMM, 1, 2);

    assertThat(r.stats().exhaustive()).isTrue();
    assertThat(r.unorderedPairs())
        .containsExactly(
            "cpu0_waits: while (READ_ONCE(x) != 1) waits on x: an older store it may read"
                + " satisfies the wait, and the view machine ends the wait on the newest only");
    assertThat(verdict(r)).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void anOlderStoreThatSatisfiesTheWaitTooIsAnExitNotExplored() {
    // Both stores of 1 end the wait; ending it on the first learns less than on the second.
    CheckReport r = waitOnTwoStores(MemoryModel.LKMM, 1, 1);

    assertThat(r.unorderedPairs()).hasSize(1);
    assertThat(verdict(r)).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void aWaitNoOlderStoreWouldEndIsNotNamed() {
    // Only the newest store (1, after 0 and 3) ends the wait.
    CheckReport r = waitOnTwoStores(MemoryModel.LKMM, 3, 1);

    assertThat(r.unorderedPairs()).isEmpty();
    assertThat(verdict(r)).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void aSelectLooksAtTheOlderStoresBeforeAnyOfItsGuardsReads() {
    // The first guard's load raises what CPU0 has seen to the newest store (2); the second guard
    // (x == 1) still had the older store 1 to end on.
    TinyMachine.Builder b = TinyMachine.builder("select", 2);
    Loc x = b.shared("x");
    b.routines(0, 1, k -> k.setReg(1, k.select(WAIT, Guard.equal(x, 2), Guard.equal(x, 1))));
    b.routines(
        1,
        0,
        k -> {
          k.WRITE_ONCE(x, 1, FIRST);
          k.WRITE_ONCE(x, 2, SECOND);
        });
    CheckReport r = check(b, MemoryModel.LKMM);

    assertThat(r.unorderedPairs()).hasSize(1);
    assertThat(verdict(r)).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void modelsWhoseGuardsReadTheOnlyValueTheyMaySeeAreNotGuarded() {
    assertThat(waitOnTwoStores(MemoryModel.SC, 1, 2).unorderedPairs()).isEmpty();
    assertThat(verdict(waitOnTwoStores(MemoryModel.SC, 1, 2))).isEqualTo(Verdict.HOLDS);
    assertThat(waitOnTwoStores(MemoryModel.TSO, 1, 2).unorderedPairs()).isEmpty();
  }
}
