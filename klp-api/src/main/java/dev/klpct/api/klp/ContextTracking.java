package dev.klpct.api.klp;

/** Which context-tracking implementation a strategy runs on. */
public enum ContextTracking {
  /** 2021 upstream: plain per-CPU {@code context_tracking.state}, RCU dynticks separate. */
  STATE_2021,
  /** RFC v2 07/11: atomic {@code ct->seq} (WORK, NMI, USER bits + counter) and {@code ct->work}. */
  SEQ_WORK
}
