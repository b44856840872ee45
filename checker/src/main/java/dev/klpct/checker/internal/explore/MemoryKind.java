package dev.klpct.checker.internal.explore;

import dev.klpct.api.Loc;

/**
 * The memory systems the engine can run on: the engine's side of the public {@code MemoryModel},
 * which the checker maps to these.
 */
public enum MemoryKind {
  /** {@link ScMemory}. */
  SC,
  /** {@link TsoMemory}. */
  TSO,
  /** {@link ViewMemory}. */
  LKMM;

  /**
   * A memory system of this kind for {@code layout}; one per exploring thread.
   *
   * @param observed by location index, whether the machine has a write observer for it (it is told
   *     who wrote each store, so the view machine keeps the writers of its stores)
   * @param lockWords by location index, whether a {@code spin_lock()} may take it (the view machine
   *     keeps the writers of its stores of 0)
   */
  MemorySystem create(
      Loc[] layout, int cpus, SiteTable sites, boolean[] observed, boolean[] lockWords) {
    return switch (this) {
      case SC -> new ScMemory();
      case TSO -> new TsoMemory(layout, cpus, sites);
      case LKMM -> new ViewMemory(layout, cpus, sites, observed, lockWords);
    };
  }
}
