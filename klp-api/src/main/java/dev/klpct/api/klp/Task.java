package dev.klpct.api.klp;

import static java.util.Objects.requireNonNull;

/**
 * A task of the modelled system.
 *
 * @param id index among the scenario's tasks
 * @param comm the name shown in traces, e.g. {@code T1}
 * @param kind how the task runs
 * @param cpu the CPU it runs on ({@code -1} for a task that is not running)
 */
public record Task(int id, String comm, Kind kind, int cpu) {

  /** How a task runs in the model. */
  public enum Kind {
    /** A user task running on a NOHZ_FULL CPU; enters the kernel by syscall, IRQ or NMI. */
    NOHZ_USER,
    /** A task asleep in the kernel (not running); switched by the stack check. */
    SLEEPING,
    /** The idle task ({@code swapper/N}) of an idle CPU, running {@code do_idle()}. */
    IDLE,
    /**
     * A task running on a housekeeping CPU, where context tracking is not active: how {@code
     * klp_try_switch_task()} presents a sleeper of {@code --sleepers-in-f} that has been woken and
     * runs, while {@code task_call_func()} pins it (the scenario's task list has it as {@link
     * #SLEEPING}).
     */
    HOUSEKEEPING
  }

  public Task {
    requireNonNull(comm);
    requireNonNull(kind);
    if ((kind != Kind.SLEEPING) != (cpu >= 0)) {
      throw new IllegalArgumentException("running tasks have a CPU, sleeping ones do not: " + comm);
    }
  }

  /** {@code task_curr(t)}: whether the task is running on its CPU. */
  public boolean running() {
    return cpu >= 0;
  }

  @Override
  public String toString() {
    return comm;
  }
}
