package dev.klpct.checker.internal.explore;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The threads of a parallel search, working in rounds: {@link #run} has each slot {@code 0..n-1}
 * run a task once, slot 0 on the calling thread and the others on helper threads the crew keeps,
 * and returns when every slot is done. Between rounds the helpers, and the caller while it waits
 * for them, spin for up to {@link #SPIN_NANOS} before they park.
 *
 * <p>Why not an executor: a search runs thousands of short rounds (4,248 of about 6 ms in a scaled2
 * search), and a pool's parked workers and a caller parked on their futures each had to be woken at
 * every round. On the 2-CPU virtual machine of docs/performance.md that cost the second thread
 * about 0.4 ms to start its share and the caller about 0.2 ms to see the round done: a tenth of a
 * two-thread search spent waking threads ("A crew that spins between rounds"). A thread that spins
 * is on its CPU when the next round starts. The spin is bounded, so a crew between two searches, or
 * while the caller works alone, sleeps; and a crew with more threads than processors never spins,
 * since a spinning thread would keep another of the crew off a processor.
 *
 * <p>Memory effects: what the caller did before {@link #run} happens-before every slot's task, and
 * every task happens-before {@code run} returns. Not thread-safe: one thread, the one that made the
 * crew, calls {@link #run} and {@link #close}.
 */
final class Crew implements AutoCloseable {
  /**
   * How long a waiting thread spins before it parks: well beyond the coordinator's work between two
   * rounds (collecting a window's new states), short enough that a crew left idle gives its CPUs
   * back at once to the eye.
   */
  static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Thread owner;
  private final Helper[] helpers;
  private final long spinNanos;

  private volatile @Nullable IntConsumer task;

  /** Set to start a round; a helper runs its slot once per value it sees. */
  private volatile long round;

  /** Rounds started: the owner's own count, written to {@link #round}. */
  private long started;

  /** Helpers still running the current round's task. */
  private final AtomicInteger running = new AtomicInteger();

  /** Whether the owner is (about to be) parked waiting for {@link #running} to reach 0. */
  private volatile boolean ownerWaiting;

  /** The first failure of a helper's task in the current round. */
  private volatile @Nullable Throwable failure;

  private volatile boolean closed;

  /**
   * A crew of {@code threads} slots: the calling thread and {@code threads - 1} daemon helper
   * threads named {@code name}, started at the first round (a search whose levels are all too small
   * to share starts none).
   */
  Crew(int threads, String name) {
    if (threads < 1) {
      throw new IllegalArgumentException("a crew has at least one thread: " + threads);
    }
    this.owner = Thread.currentThread();
    this.spinNanos = threads <= Runtime.getRuntime().availableProcessors() ? SPIN_NANOS : 0;
    this.helpers = new Helper[threads - 1];
    for (int i = 0; i < helpers.length; i++) {
      helpers[i] = new Helper(i + 1, name);
    }
  }

  /** The number of slots. */
  int threads() {
    return helpers.length + 1;
  }

  /**
   * Runs {@code slotTask} for every slot, slot 0 on the calling thread, and returns when all are
   * done. A task that throws does not stop the others: the round ends when all have returned, then
   * slot 0's exception propagates as it is, or a helper's as the cause of an {@link
   * IllegalStateException}.
   *
   * @throws IllegalStateException if a helper's task failed, or if the calling thread was
   *     interrupted during the round (its interrupt status stays set)
   */
  void run(IntConsumer slotTask) {
    if (owner != Thread.currentThread()) {
      throw new IllegalStateException("a crew's rounds are run by the thread that made it");
    }
    if (closed) {
      throw new IllegalStateException("crew closed");
    }
    if (helpers.length == 0) {
      slotTask.accept(0);
      return;
    }
    failure = null;
    task = slotTask;
    running.set(helpers.length);
    round = ++started; // publishes the task to the helpers
    if (started == 1) {
      for (Helper h : helpers) {
        h.thread.start();
      }
    }
    for (Helper h : helpers) {
      if (h.waiting) {
        LockSupport.unpark(h.thread);
      }
    }
    boolean interrupted;
    try {
      slotTask.accept(0);
    } finally {
      interrupted = awaitHelpers();
      task = null;
    }
    if (interrupted || Thread.currentThread().isInterrupted()) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
    Throwable f = failure;
    if (f != null) {
      throw new IllegalStateException("explorer thread failed", f);
    }
  }

  /** Waits until every helper finished the round; returns whether the owner was interrupted. */
  private boolean awaitHelpers() {
    BooleanSupplier done = () -> running.get() == 0;
    if (spinUntil(done)) {
      return false;
    }
    boolean interrupted = false;
    ownerWaiting = true;
    while (!done.getAsBoolean()) {
      LockSupport.park(this);
      interrupted |= Thread.interrupted(); // the round must end before the owner may leave
    }
    ownerWaiting = false;
    return interrupted;
  }

  /** Spins until {@code ready} holds, for up to {@link #spinNanos}; returns whether it does. */
  private boolean spinUntil(BooleanSupplier ready) {
    long deadline = System.nanoTime() + spinNanos;
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  /**
   * Stops the helpers once they finish the task they run, and waits up to ten seconds for them to
   * end.
   */
  @Override
  public void close() {
    closed = true;
    if (started == 0) {
      return; // no helper was started
    }
    for (Helper h : helpers) {
      LockSupport.unpark(h.thread);
    }
    try {
      for (Helper h : helpers) {
        h.thread.join(TimeUnit.SECONDS.toMillis(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Helper implements Runnable {
    final int slot;
    final Thread thread;

    /** Whether this helper is (about to be) parked waiting for a round or for the close. */
    volatile boolean waiting;

    Helper(int slot, String name) {
      this.slot = slot;
      this.thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        seen = awaitRound(seen);
        if (seen < 0) {
          return;
        }
        try {
          IntConsumer t = task;
          if (t != null) {
            t.accept(slot);
          }
        } catch (Throwable x) { // reported to the owner, who rethrows it
          if (failure == null) {
            failure = x;
          }
        } finally {
          if (running.decrementAndGet() == 0 && ownerWaiting) {
            LockSupport.unpark(owner);
          }
        }
      }
    }

    /** Waits for a round after {@code seen}; returns its number, or -1 once the crew is closed. */
    private long awaitRound(long seen) {
      BooleanSupplier come = () -> closed || round != seen;
      if (!spinUntil(come)) {
        while (!come.getAsBoolean()) {
          waiting = true;
          if (!come.getAsBoolean()) { // else the owner may have looked before we said so
            LockSupport.park(this);
          }
          waiting = false;
        }
      }
      return closed ? -1 : round;
    }
  }
}
