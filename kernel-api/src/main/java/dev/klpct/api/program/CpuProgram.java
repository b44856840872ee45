package dev.klpct.api.program;

import dev.klpct.api.Kernel;

/**
 * What one simulated CPU runs: a state machine whose state lives in the CPU's registers and whose
 * transitions are <em>routines</em>, straight-line pieces of kernel code.
 *
 * <p>The backend calls {@link #step} repeatedly. Each call is one routine: it reads its registers,
 * calls primitives, may update registers, and returns {@code true}; it returns {@code false},
 * calling no primitive, when the CPU has finished its program. The model checker interleaves CPUs
 * at every primitive and re-runs a routine from its start with recorded primitive results, so a
 * routine must be deterministic given the registers and the results (see {@link Kernel}). Keep
 * routines short (the model backend rejects routines of more than {@value
 * #MAX_PRIMITIVES_PER_ROUTINE} primitives): loops over tasks belong in registers.
 */
public interface CpuProgram {
  int MAX_PRIMITIVES_PER_ROUTINE = 48;

  /** A short name for traces, e.g. {@code CPU0 (klp transition)}. */
  String name();

  /** Number of registers; all start at 0. */
  int registers();

  /** Runs the next routine; {@code false} (with no primitive called) when finished. */
  boolean step(Kernel k);

  /** Describes the CPU's position for reports, e.g. which wait it is blocked in. */
  default String describe(int[] registers) {
    return name();
  }

  /**
   * Whether a CPU blocked with these registers is idle rather than deadlocked: a user task that has
   * nothing left to do waits in user mode for an interrupt that may never come. A terminal state
   * with a blocked CPU that is not quiescent is reported as a deadlock.
   */
  default boolean quiescent(int[] registers) {
    return false;
  }
}
