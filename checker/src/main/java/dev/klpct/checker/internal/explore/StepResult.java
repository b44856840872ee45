package dev.klpct.checker.internal.explore;

import org.jspecify.annotations.Nullable;

/**
 * What one step of one CPU did (besides its effect on memory and the frame, and its {@link
 * Footprint}, which the kernel keeps until the next step).
 *
 * @param outcome whether the CPU moved
 * @param selectMask the alternatives of the step's {@code select} that were enabled (bit mask), 0
 *     if the step was no select
 * @param chosen the alternative taken by the step's select or memory-model choice, or -1
 * @param alternatives the number of memory-model outcomes of the step's primitive (1 if no choice)
 * @param error what went wrong, for {@link Outcome#ERROR}
 */
record StepResult(
    Outcome outcome, int selectMask, int chosen, int alternatives, @Nullable String error) {

  /** Whether a CPU moved. */
  enum Outcome {
    /** The CPU executed one primitive (and the local code after it). */
    STEPPED,
    /** The step's primitive cannot run now (an await or select with no true guard). */
    BLOCKED,
    /** The CPU's program has ended. */
    FINISHED,
    /** A replayed schedule asked for an alternative that is not enabled. */
    NO_SUCH_CHOICE,
    /** Model or strategy code misbehaved: see {@link #error}. */
    ERROR
  }

  // The common results, shared: a step allocates nothing unless it had a choice or an error.
  static final StepResult STEPPED = new StepResult(Outcome.STEPPED, 0, -1, 1, null);
  static final StepResult BLOCKED = new StepResult(Outcome.BLOCKED, 0, -1, 1, null);
  static final StepResult FINISHED = new StepResult(Outcome.FINISHED, 0, -1, 1, null);
  static final StepResult NO_SUCH_CHOICE = new StepResult(Outcome.NO_SUCH_CHOICE, 0, -1, 1, null);

  static StepResult error(String message) {
    return new StepResult(Outcome.ERROR, 0, -1, 1, message);
  }

  /** A step that moved, with the choice it made. */
  static StepResult stepped(int selectMask, int chosen, int alternatives) {
    return selectMask == 0 && chosen == -1 && alternatives == 1
        ? STEPPED
        : new StepResult(Outcome.STEPPED, selectMask, chosen, alternatives, null);
  }

  boolean moved() {
    return outcome == Outcome.STEPPED;
  }
}
