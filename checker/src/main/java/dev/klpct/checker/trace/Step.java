package dev.klpct.checker.trace;

/**
 * One scheduling decision: which CPU ran, and which alternative it took if its step was a
 * nondeterministic choice ({@code -1} otherwise), or {@link #FLUSH} when the step was the CPU's
 * store buffer making its oldest store visible (TSO). A list of steps replays an execution.
 */
public record Step(int cpu, int choice) {
  /** The choice value of a store-buffer flush step. */
  public static final int FLUSH = -2;

  public Step {
    if (cpu < 0 || choice < FLUSH) {
      throw new IllegalArgumentException("bad step " + cpu + "/" + choice);
    }
  }
}
