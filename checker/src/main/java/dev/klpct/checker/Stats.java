package dev.klpct.checker;

/**
 * Figures of one exploration. The JVM's heap use is not one of them: it belongs to the process,
 * which may have run other checks before and beside this one (the reports read it when they print).
 *
 * @param states distinct states explored
 * @param transitions transitions (successor edges) generated
 * @param terminalStates states where no CPU could move
 * @param depth length of the longest shortest path (BFS levels)
 * @param wallSeconds wall time of the exploration
 * @param storeBytes bytes held by the visited-state store at the end
 * @param threads exploring threads
 * @param reduction whether partial-order reduction was on
 * @param exhaustive whether every reachable state was explored (no budget ran out)
 * @param stopReason why the exploration stopped early, or empty
 */
public record Stats(
    long states,
    long transitions,
    long terminalStates,
    int depth,
    double wallSeconds,
    long storeBytes,
    int threads,
    boolean reduction,
    boolean exhaustive,
    String stopReason) {

  public double statesPerSecond() {
    return wallSeconds <= 0 ? 0 : states / wallSeconds;
  }

  public double bytesPerState() {
    return states == 0 ? 0 : (double) storeBytes / states;
  }
}
