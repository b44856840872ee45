package dev.klpct.cli.report;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One line of an ablation table: what happens to a strategy when one of its ordering sites (a
 * barrier, or an acquire/release turned into a plain access) is removed.
 *
 * <p>Either the removal breaks a contract, and then {@code contract}, {@code memoryModel} and
 * {@code counterexampleLength} are all present, or no contract breaks under any model checked and
 * all three are null: the site is "not needed" within the scenario's bounds.
 *
 * @param strategy registry name of the strategy
 * @param site label of the ordering site removed, e.g. {@code smp_rmb#2}
 * @param function the kernel function the site belongs to, e.g. {@code klp_ftrace_handler}
 * @param contract id of the contract the removal breaks, or null when none breaks
 * @param memoryModel the memory model under which it breaks (the strongest one, if the caller
 *     checked several), or null
 * @param counterexampleLength steps of the shortest counterexample, or null
 */
public record AblationRow(
    String strategy,
    String site,
    String function,
    @Nullable String contract,
    @Nullable String memoryModel,
    @Nullable Integer counterexampleLength) {
  public AblationRow {
    requireNonNull(strategy);
    requireNonNull(site);
    requireNonNull(function);
    boolean breaks = contract != null;
    checkArgument(
        breaks == (memoryModel != null) && breaks == (counterexampleLength != null),
        "contract, memory model and counterexample length come together or not at all: %s %s",
        strategy,
        site);
    checkArgument(
        counterexampleLength == null || counterexampleLength > 0,
        "counterexample length must be positive: %s",
        counterexampleLength);
  }

  /** Removing {@code site} breaks {@code contract} under {@code memoryModel}. */
  public static AblationRow breaks(
      String strategy,
      String site,
      String function,
      String contract,
      String memoryModel,
      int counterexampleLength) {
    return new AblationRow(strategy, site, function, contract, memoryModel, counterexampleLength);
  }

  /** Removing {@code site} breaks no contract under any memory model checked. */
  public static AblationRow notNeeded(String strategy, String site, String function) {
    return new AblationRow(strategy, site, function, null, null, null);
  }

  /** Whether some contract breaks without the site. */
  public boolean needed() {
    return contract != null;
  }
}
