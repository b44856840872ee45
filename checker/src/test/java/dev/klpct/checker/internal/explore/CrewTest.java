package dev.klpct.checker.internal.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CrewTest {

  @Test
  void everySlotRunsOncePerRoundAndTheCallerSeesWhatTheTasksWrote() {
    int rounds = 2_000;
    long[][] seen = new long[3][rounds]; // plain arrays: run's happens-before edges make them safe
    Set<Thread> helpers = new HashSet<>();
    try (Crew crew = new Crew(3, "crew-test")) {
      assertThat(crew.threads()).isEqualTo(3);
      for (int r = 0; r < rounds; r++) {
        int round = r;
        long[] ahead = new long[] {round * 10L}; // written before run, read by the tasks
        Thread[] ran = new Thread[3];
        crew.run(
            slot -> {
              seen[slot][round] += ahead[0] + slot + 1;
              ran[slot] = Thread.currentThread();
            });
        for (int slot = 0; slot < 3; slot++) {
          assertThat(seen[slot][round]).isEqualTo(round * 10L + slot + 1);
        }
        assertThat(ran[0]).isSameAs(Thread.currentThread());
        assertThat(ran[1]).isNotSameAs(ran[2]).isNotSameAs(ran[0]);
        helpers.add(ran[1]);
        helpers.add(ran[2]);
      }
    }
    assertThat(helpers).hasSize(2).allMatch(t -> t.getName().equals("crew-test"));
  }

  @Test
  void aRoundAfterTheHelpersParkedStillRunsEverySlot() throws InterruptedException {
    try (Crew crew = new Crew(2, "crew-test")) {
      for (int r = 0; r < 3; r++) {
        // well past the spin: the helper has parked and must be woken
        TimeUnit.NANOSECONDS.sleep(20 * Crew.SPIN_NANOS);
        List<Integer> slots = new ArrayList<>();
        crew.run(
            slot -> {
              if (slot == 1) {
                // the caller waits past its spin too, parks, and must be woken by the helper
                sleep(20 * Crew.SPIN_NANOS);
              }
              synchronized (slots) {
                slots.add(slot);
              }
            });
        assertThat(slots).containsExactlyInAnyOrder(0, 1);
      }
    }
  }

  @Test
  void aHelpersFailureEndsTheRoundAsAnIllegalStateAndTheCrewGoesOn() {
    try (Crew crew = new Crew(2, "crew-test")) {
      boolean[] callerRan = new boolean[1];
      assertThatThrownBy(
              () ->
                  round(
                      crew,
                      () -> callerRan[0] = true,
                      () -> {
                        throw new ArithmeticException("boom");
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("explorer thread failed")
          .hasCauseInstanceOf(ArithmeticException.class);
      assertThat(callerRan[0]).isTrue();

      int[] ran = new int[2];
      crew.run(slot -> ran[slot]++);
      assertThat(ran).containsExactly(1, 1);
    }
  }

  @Test
  void theCallersOwnFailurePropagatesOnlyOnceTheHelpersAreDone() {
    try (Crew crew = new Crew(2, "crew-test")) {
      boolean[] helperDone = new boolean[1];
      assertThatThrownBy(
              () ->
                  round(
                      crew,
                      () -> {
                        throw new ArithmeticException("boom");
                      },
                      () -> {
                        sleep(5 * Crew.SPIN_NANOS);
                        helperDone[0] = true;
                      }))
          .isInstanceOf(ArithmeticException.class);
      assertThat(helperDone[0]).isTrue();
    }
  }

  @Test
  void helpersStartAtTheFirstRound() {
    try (Crew crew = new Crew(3, "crew-test-lazy")) {
      assertThat(threadsNamed("crew-test-lazy")).isZero();
      crew.run(slot -> {});
      assertThat(threadsNamed("crew-test-lazy")).isEqualTo(2);
    }
  }

  private static long threadsNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name) && t.isAlive())
        .count();
  }

  @Test
  void oneSlotRunsOnTheCallerAlone() {
    try (Crew crew = new Crew(1, "crew-test")) {
      Thread[] ran = new Thread[1];
      crew.run(slot -> ran[slot] = Thread.currentThread());
      assertThat(ran[0]).isSameAs(Thread.currentThread());
    }
  }

  @Test
  void closeEndsTheHelpersAndARoundAfterItIsRefused() {
    Crew crew = new Crew(3, "crew-test");
    Thread[] ran = new Thread[3];
    crew.run(slot -> ran[slot] = Thread.currentThread());
    crew.close();

    assertThat(ran[1].isAlive()).isFalse();
    assertThat(ran[2].isAlive()).isFalse();
    assertThatThrownBy(() -> crew.run(slot -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("crew closed");
  }

  @Test
  void onlyTheThreadThatMadeTheCrewRunsItsRounds() throws Exception {
    try (Crew crew = new Crew(2, "crew-test")) {
      Throwable[] thrown = new Throwable[1];
      Thread other =
          new Thread(
              () -> {
                try {
                  crew.run(slot -> {});
                } catch (IllegalStateException e) {
                  thrown[0] = e;
                }
              });
      other.start();
      other.join();
      assertThat(thrown[0]).hasMessageContaining("the thread that made it");
    }
  }

  @Test
  void anInterruptWhileWaitingEndsTheRoundFirstThenThrows() {
    try (Crew crew = new Crew(2, "crew-test")) {
      boolean[] helperDone = new boolean[1];
      Thread caller = Thread.currentThread();
      assertThatThrownBy(
              () ->
                  round(
                      crew,
                      () -> sleep(2 * Crew.SPIN_NANOS), // then waits past the spin, interrupted
                      () -> {
                        caller.interrupt();
                        sleep(5 * Crew.SPIN_NANOS);
                        helperDone[0] = true;
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("interrupted");
      assertThat(helperDone[0]).isTrue();
      assertThat(Thread.interrupted()).isTrue(); // set again, and cleared here for the next test
    }
  }

  @Test
  void anInterruptDuringTheRoundThrowsAlsoWhenTheCallerNeverParked() {
    try (Crew crew = new Crew(2, "crew-test")) {
      Thread caller = Thread.currentThread();
      assertThatThrownBy(
              () ->
                  round(
                      crew,
                      () -> sleep(2 * Crew.SPIN_NANOS),
                      caller::interrupt)) // and done at once: the caller will not wait
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("interrupted");
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  /** Runs a round of a two-slot crew: {@code caller} in slot 0, {@code helper} in slot 1. */
  private static void round(Crew crew, Runnable caller, Runnable helper) {
    crew.run(slot -> (slot == 0 ? caller : helper).run());
  }

  private static void sleep(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait(); // not Thread.sleep: the interrupt test must not end a sleep early
    }
  }
}
