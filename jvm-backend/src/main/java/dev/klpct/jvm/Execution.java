package dev.klpct.jvm;

import com.google.common.base.Ticker;
import dev.klpct.api.Guard;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/*
 * How one execution on real threads knows it is over.
 *
 * An execution ends when every CPU has finished its program or waits (await, select,
 * spin_lock) for a condition that no CPU can make true any more: the terminal states of the
 * model backend. With real threads nobody can stop the world to look, so:
 *
 *   ctl = version << 32 | running
 *
 * running counts CPUs that are neither finished nor waiting; a CPU that starts waiting first
 * publishes the guards it waits on (JvmKernel.waitingOn), then decrements running; a waiting CPU
 * that finds a guard true increments running and the version in one atomic add before it does
 * anything else. Whoever brings running to 0 (by waiting or finishing) runs the detector:
 *
 *   1. read ctl = w with running(w) == 0;
 *   2. evaluate the guards of every waiting CPU; if one holds, give up;
 *   3. read ctl again; if it is still w, the execution is over.
 *
 * Sound: between 1 and 3 no CPU ran (running stayed 0, and the version did not move, so nobody
 * left a wait and came back), and only running CPUs write memory; so memory did not change while
 * step 2 read it, every guard is false, and none will ever become true. (Every write a CPU made
 * before its decrement is visible to the detector's reads: the decrement is a volatile RMW read
 * in step 1.) Live: when the detector gives up, some CPU is running or will see its guard true
 * (memory does not change while everyone waits) and run; it will wait or finish again and run
 * the detector again.
 *
 * Cost: only a CPU that actually has to wait touches ctl, with one atomic add on the way in and
 * one on the way out. That is a full barrier on x86, but only where a CPU waits, which in the
 * kernel is a schedule(), a flush_work() or a spin on a lock: places that order memory anyway.
 */

/**
 * The coordination of one execution of a machine on real threads: which CPUs run, which wait, and
 * when and how the execution ended. Reused from one execution to the next; {@link #reset} runs
 * between executions while no CPU thread runs.
 */
final class Execution {
  private static final long VERSION = 1L << 32;

  /** Not ended yet. */
  static final int RUNNING = 0;

  /** Every CPU finished or waits for ever. */
  static final int TERMINATED = 1;

  /** A CPU's code failed (model-sound). */
  static final int FAILED = 2;

  /** Did not end within the per-execution timeout. */
  static final int TIMED_OUT = 3;

  /** Unwinds a waiting CPU's routine once the execution has ended. */
  static final class Terminated extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Control flow, preallocated without a stack trace.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final Terminated INSTANCE = new Terminated();

    private Terminated() {
      super(null, null, false, false);
    }
  }

  private final JvmMemory mem;
  private final Ticker ticker;
  private JvmKernel[] kernels = new JvmKernel[0];
  // Written by the CPU thread that completes the start line / ends the execution, read by the
  // coordinator after the execution (the Phaser orders them).
  private long started;
  private long ended;
  private final AtomicLong ctl = new AtomicLong();
  private final AtomicInteger end = new AtomicInteger();
  private final AtomicInteger arrived = new AtomicInteger();
  private final AtomicReference<@Nullable Failure> failure = new AtomicReference<>();

  /** The first failure of a CPU's code in this execution. */
  record Failure(int cpu, long step, String message) {}

  Execution(JvmMemory mem, Ticker ticker) {
    this.mem = mem;
    this.ticker = ticker;
  }

  void attach(JvmKernel[] ks) {
    this.kernels = ks;
  }

  /** Prepares the next execution. Not thread-safe: CPU threads must not run. */
  void reset() {
    ctl.set(kernels.length);
    end.set(RUNNING);
    arrived.set(0);
    failure.set(null);
    started = 0;
    ended = 0;
  }

  /** Nanoseconds from the start line to the end of a terminated execution, or 0. */
  long elapsedNanos() {
    return end.get() == TERMINATED && started != 0 ? ended - started : 0;
  }

  /** How the execution ended, or {@link #RUNNING}. */
  int end() {
    return end.get();
  }

  boolean over() {
    return end.get() != RUNNING;
  }

  @Nullable Failure failure() {
    return failure.get();
  }

  /**
   * Start line: returns once every CPU thread of the execution has arrived, so that they start
   * their programs together rather than one scheduler wake-up after another.
   */
  void arriveAndSpin() {
    if (arrived.incrementAndGet() == kernels.length) {
      started = ticker.read();
    }
    for (int n = 0; arrived.get() < kernels.length && !over(); n++) {
      JvmKernel.pause(n);
    }
  }

  /**
   * {@code k} waits until one of {@code guards} holds; throws {@link Terminated} if it never will.
   */
  void block(JvmKernel k, Guard[] guards) {
    k.waitingOn = guards;
    if ((int) ctl.decrementAndGet() == 0) {
      detect();
    }
    for (int n = 0; ; n++) {
      if (over()) {
        throw Terminated.INSTANCE;
      }
      if (mem.anyHolds(guards)) {
        ctl.addAndGet(VERSION + 1);
        k.waitingOn = null;
        return;
      }
      JvmKernel.pause(n);
    }
  }

  /** {@code k} has finished its program. */
  void finished(JvmKernel k) {
    k.finished = true;
    if ((int) ctl.decrementAndGet() == 0) {
      detect();
    }
  }

  /** Ends the execution because a CPU's code failed; the first failure is kept. */
  void fail(int cpu, long step, String message) {
    failure.compareAndSet(null, new Failure(cpu, step, message));
    end(FAILED);
  }

  /** Ends the execution from outside (the per-execution timeout). */
  void timeOut() {
    end(TIMED_OUT);
  }

  /** Ends the execution and wakes the CPUs parked in a wait, so that they see it at once. */
  private void end(int how) {
    long now = ticker.read();
    if (end.compareAndSet(RUNNING, how)) {
      ended = now;
      for (JvmKernel k : kernels) {
        Thread t = k.thread;
        if (t != null) {
          LockSupport.unpark(t);
        }
      }
    }
  }

  /** The detector of the comment at the top of this file. */
  private void detect() {
    long w = ctl.get();
    if ((int) w != 0) {
      return;
    }
    for (JvmKernel k : kernels) {
      if (k.finished) {
        continue;
      }
      Guard[] g = k.waitingOn;
      if (g == null || mem.anyHolds(g)) {
        return;
      }
    }
    if (ctl.get() == w) {
      end(TERMINATED);
    }
  }
}
