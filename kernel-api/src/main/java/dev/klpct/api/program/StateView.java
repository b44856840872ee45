package dev.klpct.api.program;

import dev.klpct.api.Loc;

/** Read access to one state of a {@link Machine}, for {@link Property} evaluation. */
public interface StateView {

  /** The current (latest in coherence order) value of a location. */
  int value(Loc loc);

  /** A register of a CPU as of the start of its current routine. */
  int register(int cpu, int index);

  /** Whether the CPU has finished its program. */
  boolean finished(int cpu);
}
