package dev.klpct.core;

import dev.klpct.api.Kernel;
import dev.klpct.api.klp.SyncMode;

/**
 * {@code klp_synchronize_transition()}: waits until every other CPU has left every region that
 * could still see the state from before the call (kernel.md §2.1, §4.0). The transition driver runs
 * it in two phases, each a routine or a sequence of routines: {@link #start} notes (or forces) the
 * CPUs to wait for, {@link #waitForOne} waits until one of them has passed. The full barriers
 * around the wait and the propagation at its end are the driver's, common to both.
 *
 * <p>Two implementations, as in the thread: upstream's {@link ScheduleOnEachCpu} and RFC v2 10/11's
 * {@link SynchronizeRcu}, the latter with or without 08/11 (whether RCU watches the
 * context-tracking work). Stateless; the driver keeps the CPUs still waited for in its registers.
 */
sealed interface SynchronizeTransition permits ScheduleOnEachCpu, SynchronizeRcu {

  /** The implementation the scenario's {@code --sync} names. */
  static SynchronizeTransition of(SyncMode mode) {
    return switch (mode) {
      case SCHEDULE_ON_EACH_CPU -> new ScheduleOnEachCpu();
      case RCU -> new SynchronizeRcu(true);
      case RCU_EQS_WORK -> new SynchronizeRcu(false);
    };
  }

  /** The {@code --sync} this is. */
  SyncMode mode();

  /**
   * Whether RCU watches a CPU from the context-tracking seq increment on (RFC v2 08/11), so that
   * the context-tracking work of a kernel entry runs inside a read-side section; with 07/11 alone
   * it runs before {@code rcu_user_exit()}, in the extended quiescent state.
   */
  boolean rcuWatchesCtWork();

  /** Whether the wait depends on RCU read-side sections (the CPUs' {@code rcu_reader} words). */
  boolean waitsForReaders();

  /**
   * One routine of the start of the wait, at {@code m.otherCpus[i]}: returns the CPUs (bit mask) it
   * adds to those waited for.
   */
  int start(Kernel k, LivepatchModel m, int i);

  /** Whether the start is over once its routine at {@code m.otherCpus[i]} has run. */
  boolean started(LivepatchModel m, int i);

  /** Waits until one CPU of {@code waiting} (a non-empty bit mask) has passed; returns it. */
  int waitForOne(Kernel k, LivepatchModel m, int waiting);
}
