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

  /** A memory system of this kind for {@code layout}; one per exploring thread. */
  MemorySystem create(Loc[] layout, int cpus, SiteTable sites) {
    return switch (this) {
      case SC -> new ScMemory();
      case TSO -> new TsoMemory(layout, cpus, sites);
      case LKMM -> new ViewMemory(layout, cpus, sites);
    };
  }
}
