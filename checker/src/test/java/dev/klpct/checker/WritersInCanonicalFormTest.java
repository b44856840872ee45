package dev.klpct.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import org.junit.jupiter.api.Test;

/**
 * The view machine's canonical form forgets who wrote a store except where a later step can tell
 * writers apart (the class comment of {@code ViewMemory}): a search must still give those steps the
 * writer, although every state it expands was decoded from its canonical form.
 */
class WritersInCanonicalFormTest {
  private static final Site LOCK0 = Site.of("cpu0_locks", "spin_lock(&l)");
  private static final Site UNLOCK0 = Site.of("cpu0_unlocks", "spin_unlock(&l)");
  private static final Site LOCK1 = Site.of("cpu1_locks", "spin_lock(&l)");
  private static final Site UNLOCK1 = Site.of("cpu1_unlocks", "spin_unlock(&l)");
  private static final Site A = Site.of("cpu0_writes", "WRITE_ONCE(x)");
  private static final Site B = Site.of("cpu1_writes", "WRITE_ONCE(x)");

  private static CheckReport check(TinyMachine m, MemoryModel model) {
    return new Checker(CheckOptions.defaults().withThreads(1).withMemoryModel(model)).check(m);
  }

  /** CPU0 and CPU1 each take and release l; x, no lock word, is stored 0 by both. */
  private static TinyMachine.Builder twoCriticalSections() {
    TinyMachine.Builder b = TinyMachine.builder("two critical sections", 2);
    Loc l = b.shared("l");
    Loc x = b.shared("x");
    b.routines(
        0,
        0,
        k -> {
          k.spin_lock(l, LOCK0);
          k.WRITE_ONCE(x, 0, A);
          k.spin_unlock(l, UNLOCK0);
        });
    b.routines(
        1,
        0,
        k -> {
          k.spin_lock(l, LOCK1);
          k.WRITE_ONCE(x, 0, B);
          k.spin_unlock(l, UNLOCK1);
        });
    b.terminal("true", s -> true);
    return b;
  }

  @Test
  void aSpinLockTakingOverFromTheOtherCpusUnlockStillNamesTheUnlock() {
    TinyMachine.Builder named = twoCriticalSections();
    named.lockWords(named.build().layout().byName("l"));

    for (TinyMachine m : new TinyMachine[] {twoCriticalSections().build(), named.build()}) {
      CheckReport r = check(m, MemoryModel.LKMM);

      assertThat(r.unorderedPairs())
          .as("lock words: every location, or l alone")
          .contains(
              "spin_lock(l) takes over from cpu0_unlocks: spin_unlock(&l): unlock-lock is"
                  + " A-cumulative in the view machine",
              "spin_lock(l) takes over from cpu1_unlocks: spin_unlock(&l): unlock-lock is"
                  + " A-cumulative in the view machine");
      assertThat(r.verdict("true").orElseThrow().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }
  }

  @Test
  void aSpinLockOfALocationTheMachineDoesNotNameALockWordIsAModelError() {
    TinyMachine.Builder b = twoCriticalSections();
    b.lockWords(b.build().layout().byName("x"));
    TinyMachine m = b.build();

    assertThatThrownBy(() -> check(m, MemoryModel.LKMM))
        .hasMessageContaining(
            "spin_lock(l): the machine does not name it a lock word (Machine.lockWord)");
  }

  /**
   * CPU1's store may go before CPU0's in coherence although it runs after it: the write observer of
   * x is then told, on CPU1's step, that CPU0's store at site A follows it.
   */
  @Test
  void aWriteObserverIsToldWhoWroteTheStoreANewOneGoesBefore() {
    TinyMachine.Builder b = TinyMachine.builder("observed x", 2);
    Loc x = b.shared("x");
    Loc overtaken = b.ghostAll("A overtaken");
    b.routines(0, 0, k -> k.WRITE_ONCE(x, 1, A));
    b.routines(1, 0, k -> k.WRITE_ONCE(x, 2, B));
    b.observer(
        x,
        (k, loc, old, neu, site) -> {
          if (k.cpu() == 1 && site.equals(A)) {
            k.setGhost(overtaken, 1);
          }
        });
    b.terminal("A never placed after B by CPU1", s -> s.value(overtaken) == 0);

    String id = "A never placed after B by CPU1";
    assertThat(check(b.build(), MemoryModel.LKMM).verdict(id).orElseThrow().verdict())
        .isEqualTo(Verdict.VIOLATED);
    assertThat(check(b.build(), MemoryModel.SC).verdict(id).orElseThrow().verdict())
        .isEqualTo(Verdict.HOLDS);
  }
}
