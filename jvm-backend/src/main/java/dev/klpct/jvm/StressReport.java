package dev.klpct.jvm;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * What {@link JvmRunner} observed over a number of executions on real threads. It never says a
 * property holds: a property nobody saw violated was merely not observed.
 *
 * @param machine the machine's description
 * @param seed the seed of the run
 * @param executions executions run
 * @param wallSeconds wall time of the run
 * @param terminated executions that ended in a terminal state (neither failed nor stuck)
 * @param executionNanos time the terminated executions ran, summed, each from the moment the last
 *     CPU thread reached the start line to the moment the end was detected: the executions' own
 *     time, without the runner's hand-over between executions
 * @param stuck executions abandoned after the per-execution timeout
 * @param outcomes one per property of the machine, then {@code deadlock-free} and {@code
 *     model-sound}, in that order
 * @param violations every distinct violation (property and description) in the order first
 *     observed, each with the first execution that showed it and how many did
 * @param omittedViolations distinct violations beyond the first {@value JvmRunner#MAX_DISTINCT}
 *     (counted, not listed)
 * @param metrics the machine's metrics over the executions that terminated
 */
public record StressReport(
    String machine,
    long seed,
    long executions,
    double wallSeconds,
    long terminated,
    long executionNanos,
    long stuck,
    ImmutableList<Outcome> outcomes,
    ImmutableList<Violation> violations,
    long omittedViolations,
    ImmutableList<MetricSummary> metrics) {

  public StressReport {
    requireNonNull(machine);
    requireNonNull(outcomes);
    requireNonNull(violations);
    requireNonNull(metrics);
  }

  /**
   * One violation as observed.
   *
   * @param property the property's id
   * @param execution the first execution that showed it (numbered from 1 per runner)
   * @param cpu the CPU whose step made it visible, or -1 when it was found on the state at the end
   *     of the execution (terminal properties, deadlocks, or a monotone property no step check
   *     caught)
   * @param step that CPU's routine count in the execution when it was seen (from 1), or -1
   * @param description why, in the model's words
   * @param executions how many executions showed this same violation
   */
  public record Violation(
      String property, long execution, int cpu, long step, String description, long executions) {
    public Violation {
      requireNonNull(property);
      requireNonNull(description);
    }
  }

  /**
   * One property over the whole run.
   *
   * @param violatingExecutions executions in which it was observed violated
   * @param first the first violation observed, if any
   */
  public record Outcome(
      String property, String statement, long violatingExecutions, Optional<Violation> first) {
    public Outcome {
      requireNonNull(property);
      requireNonNull(statement);
      requireNonNull(first);
    }

    public boolean violated() {
      return violatingExecutions > 0;
    }
  }

  /** A machine metric over the executions that terminated. */
  public record MetricSummary(String id, int min, int max, long sum, long executions) {
    public double mean() {
      return executions == 0 ? 0 : (double) sum / executions;
    }
  }

  /** Mean time of a terminated execution, in microseconds (0 if none terminated). */
  public double meanExecutionMicros() {
    return terminated == 0 ? 0 : executionNanos / 1e3 / terminated;
  }

  public double executionsPerSecond() {
    return wallSeconds <= 0 ? 0 : executions / wallSeconds;
  }

  /** Whether any property was observed violated. */
  public boolean violated() {
    return outcomes.stream().anyMatch(Outcome::violated);
  }

  public Optional<Outcome> outcome(String property) {
    return outcomes.stream().filter(o -> o.property().equals(property)).findFirst();
  }

  public Optional<MetricSummary> metric(String id) {
    return metrics.stream().filter(m -> m.id().equals(id)).findFirst();
  }
}
