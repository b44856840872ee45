package dev.klpct.checker;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking one machine: a verdict per contract, plus the checker's own findings
 * ({@code deadlock-free}, {@code model-sound}) and the exploration figures.
 *
 * @param unorderedPairs under {@code lkmm}, the load-buffering guard's findings: executed pairs of
 *     a read and a later store of one CPU, to other locations, that nothing the checker sees orders
 *     (no fence, acquire, release, fully ordered RMW or spin-wait's control dependency) and that
 *     other CPUs could turn into load buffering, which the view machine never produces; and the
 *     other places where it leaves out executions the LKMM allows (a {@code spin_lock} taking over
 *     from another CPU's unlock, a spin-wait an older store would end). While there is one, no
 *     contract HOLDS: those not violated are INCONCLUSIVE (docs/memory-models.md).
 */
public record CheckReport(
    String machine,
    MemoryModel memoryModel,
    ImmutableList<PropertyVerdict> verdicts,
    ImmutableList<MetricRange> metrics,
    Stats stats,
    ImmutableList<String> unorderedPairs) {
  public CheckReport {
    requireNonNull(metrics);
    requireNonNull(machine);
    requireNonNull(memoryModel);
    requireNonNull(verdicts);
    requireNonNull(stats);
    requireNonNull(unorderedPairs);
  }

  /** A report without load-buffering findings. */
  public CheckReport(
      String machine,
      MemoryModel memoryModel,
      ImmutableList<PropertyVerdict> verdicts,
      ImmutableList<MetricRange> metrics,
      Stats stats) {
    this(machine, memoryModel, verdicts, metrics, stats, ImmutableList.of());
  }

  public Optional<MetricRange> metric(String id) {
    return metrics.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  public Optional<PropertyVerdict> verdict(String property) {
    return verdicts.stream().filter(v -> v.property().equals(property)).findFirst();
  }

  /**
   * Whether what this report does not find violated is INCONCLUSIVE only because of the
   * load-buffering guard: the search was exhaustive, and it found {@link #unorderedPairs()}.
   */
  public boolean undecidedByLoadBuffering() {
    return stats.exhaustive() && !unorderedPairs.isEmpty();
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
