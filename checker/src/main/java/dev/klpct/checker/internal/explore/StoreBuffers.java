package dev.klpct.checker.internal.explore;

import dev.klpct.api.Loc;

/**
 * The capability of memory systems with store buffers (x86-TSO): a CPU's oldest buffered store may
 * reach memory at any time, an internal action the explorer schedules like a step of that CPU.
 */
interface StoreBuffers {

  /** Whether {@code cpu} has a buffered store in state {@code s}. */
  boolean canFlush(MemoryState s, int cpu);

  /** The location {@link #flush} would write, in the bound state. */
  Loc flushLoc(int cpu);

  /** What {@link #flush} would do, for traces. */
  String describeFlush(int cpu);

  /** Makes the executing CPU's oldest buffered store visible to every CPU. */
  void flush(MemoryStep k);
}
