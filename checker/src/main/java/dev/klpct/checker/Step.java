package dev.klpct.checker;

/**
 * One scheduling decision: which CPU ran, and which alternative it took if its step was a
 * nondeterministic choice ({@code -1} otherwise). A list of steps replays an execution.
 */
public record Step(int cpu, int choice) {
  public Step {
    if (cpu < 0 || choice < -1) {
      throw new IllegalArgumentException("bad step " + cpu + "/" + choice);
    }
  }
}
