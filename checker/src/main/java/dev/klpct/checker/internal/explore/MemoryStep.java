package dev.klpct.checker.internal.explore;

import dev.klpct.api.Loc;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link MemorySystem} sees of the step being executed, and what it may do to it: the
 * replaying kernel's side of their contract.
 */
interface MemoryStep extends WeakMemory.Sink {

  /** The CPU executing the step. */
  int cpu();

  /** The value of every location, latest in coherence order; updated in place. */
  int[] values();

  /**
   * The value of {@code x} in {@link #values}, read by the step: what sequential consistency reads,
   * through here so that a {@link StepLog} sees it.
   */
  default int value(Loc x) {
    return values()[x.index()];
  }

  /** Writes {@code v} to {@code x} in {@link #values}, through here so that a log sees it. */
  default void write(Loc x, int v) {
    values()[x.index()] = v;
  }

  /**
   * Picks the step's alternative among {@code outcomes} outcomes of its primitive (the schedule
   * says which); blocks the step if there is none.
   */
  int choose(int outcomes);

  /** Declares that the step read ({@code write == false}) or wrote {@code x}, for reduction. */
  void touch(Loc x, boolean write);

  /** Declares that the step takes part in the order of strong fences (for reduction). */
  void touchFenceOrder();

  /** Whether a trace is being recorded: only then are {@link #remark}s wanted. */
  boolean recording();

  /** What the memory model has to say about the primitive, for the trace line; null: nothing. */
  void remark(@Nullable String note);

  /** The id of the step's site (for memory systems that remember who wrote a store). */
  int siteId();

  /** This CPU's store at the step's site now follows a store of {@code old} in coherence order. */
  void stored(Loc x, int old, int neu);

  /**
   * Whether the access being executed depends on the routine's latest earlier read of {@code x} at
   * the site with id {@code readSiteId}: re-running the routine with another value for that read
   * does not reach the same access (same primitive, location, site and value). False when the read
   * is not in the current routine (a dependency through registers is not measured).
   */
  default boolean dependsOn(Loc x, int readSiteId) {
    return false;
  }
}
