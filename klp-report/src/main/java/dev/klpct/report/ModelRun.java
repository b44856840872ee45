package dev.klpct.report;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every strategy compared under one memory model.
 *
 * @param memoryModel the model's command-line name ({@code sc}, {@code tso}, {@code lkmm})
 * @param results one per strategy, in the order the matrix shows them
 */
public record ModelRun(String memoryModel, ImmutableList<StrategyResult> results) {
  public ModelRun {
    requireNonNull(memoryModel);
    requireNonNull(results);
    checkArgument(!memoryModel.isBlank(), "memory model name is blank");
    Set<String> seen = new HashSet<>();
    for (StrategyResult r : results) {
      checkArgument(
          seen.add(r.strategy()),
          "strategy %s twice under memory model %s",
          r.strategy(),
          memoryModel);
    }
  }

  public static ModelRun of(String memoryModel, List<StrategyResult> results) {
    return new ModelRun(memoryModel, ImmutableList.copyOf(results));
  }
}
