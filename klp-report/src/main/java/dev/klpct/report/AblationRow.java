package dev.klpct.report;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.Ablation;
import java.util.Optional;

/**
 * One line of an ablation table: what happens to a strategy when one of its ordering sites (a
 * barrier, or an acquire/release turned into a plain access) is removed.
 *
 * <p>A {@link Ablation.Outcome#NEEDED NEEDED} row names the contracts broken, the memory model and
 * the length of the counterexample found; the other rows have none of the three.
 *
 * @param site the ordering site removed, e.g. {@code smp_rmb() [Z1]}
 * @param function the kernel function the site belongs to, e.g. {@code klp_update_patch_state}
 * @param ordering what orders there, e.g. {@code smp_rmb()} or {@code fully ordered RMW}
 * @param outcome needed, not needed, or inconclusive (a re-check was cut short)
 * @param verdict the outcome in words, as the text table writes it
 * @param broken the contracts broken without the site (NEEDED only)
 * @param memoryModel the memory model under which they break (NEEDED only)
 * @param counterexampleLength steps of the counterexample found under it (NEEDED only)
 */
public record AblationRow(
    String site,
    String function,
    String ordering,
    Ablation.Outcome outcome,
    String verdict,
    ImmutableList<String> broken,
    Optional<String> memoryModel,
    Optional<Integer> counterexampleLength) {
  public AblationRow {
    requireNonNull(site);
    requireNonNull(function);
    requireNonNull(ordering);
    requireNonNull(outcome);
    requireNonNull(verdict);
    requireNonNull(broken);
    requireNonNull(memoryModel);
    requireNonNull(counterexampleLength);
    boolean needed = outcome == Ablation.Outcome.NEEDED;
    checkArgument(
        needed == !broken.isEmpty()
            && needed == memoryModel.isPresent()
            && needed == counterexampleLength.isPresent(),
        "broken contracts, memory model and counterexample length come with NEEDED and only with"
            + " it: %s",
        site);
    checkArgument(
        counterexampleLength.orElse(1) > 0,
        "counterexample length must be positive: %s",
        counterexampleLength);
  }

  /** Whether some contract breaks without the site. */
  public boolean needed() {
    return outcome == Ablation.Outcome.NEEDED;
  }
}
