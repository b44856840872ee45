package dev.klpct.checker;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking one machine: a verdict per contract, plus the checker's own findings
 * ({@code deadlock-free}, {@code model-sound}) and the exploration figures.
 */
public record CheckReport(
    String machine,
    MemoryModel memoryModel,
    ImmutableList<PropertyVerdict> verdicts,
    ImmutableList<MetricRange> metrics,
    Stats stats) {
  public CheckReport {
    requireNonNull(metrics);
    requireNonNull(machine);
    requireNonNull(memoryModel);
    requireNonNull(verdicts);
    requireNonNull(stats);
  }

  public Optional<MetricRange> metric(String id) {
    return metrics.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  public Optional<PropertyVerdict> verdict(String property) {
    return verdicts.stream().filter(v -> v.property().equals(property)).findFirst();
  }

  /** VIOLATED if any contract is violated, else INCONCLUSIVE if any is, else HOLDS. */
  public Verdict overall() {
    return overall(verdicts);
  }

  /** {@link #overall()} of a selection of verdicts. */
  public static Verdict overall(List<PropertyVerdict> verdicts) {
    boolean inconclusive = false;
    for (PropertyVerdict v : verdicts) {
      if (v.verdict() == Verdict.VIOLATED) {
        return Verdict.VIOLATED;
      }
      inconclusive |= v.verdict() == Verdict.INCONCLUSIVE;
    }
    return inconclusive ? Verdict.INCONCLUSIVE : Verdict.HOLDS;
  }
}
