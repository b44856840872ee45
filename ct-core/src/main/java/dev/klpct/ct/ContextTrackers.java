package dev.klpct.ct;

import dev.klpct.api.klp.ContextTracker;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.program.MemoryLayout;

/** Creates the context tracker a strategy runs on, allocating its per-CPU memory. */
public final class ContextTrackers {
  private ContextTrackers() {}

  /**
   * A context tracker of the given kind.
   *
   * @param kind which implementation
   * @param layout where to allocate its per-CPU locations
   * @param driverCpu the housekeeping CPU that samples or posts work remotely
   * @param nohzCpus the NOHZ_FULL CPUs (context tracking active)
   * @param rcuUsesCtSeq whether RCU's EQS state is the context-tracking seq (RFC v2 08/11)
   */
  public static ContextTracker create(
      ContextTracking kind,
      MemoryLayout.Builder layout,
      int driverCpu,
      int[] nohzCpus,
      boolean rcuUsesCtSeq) {
    return switch (kind) {
      case STATE_2021 -> new StateContextTracker(layout, driverCpu, nohzCpus);
      case SEQ_WORK -> new SeqWorkContextTracker(layout, driverCpu, nohzCpus, rcuUsesCtSeq);
    };
  }
}
