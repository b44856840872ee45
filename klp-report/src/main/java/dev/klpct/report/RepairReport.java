package dev.klpct.report;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.repair.Repair;

/**
 * What {@code klpct repair} found: the minimal sets of barrier edits that make a strategy's
 * weak-memory contracts hold, or why there is none.
 *
 * @param strategy the strategy's name
 * @param scenario the machine's description (strategy and scenario options)
 * @param models the memory models repaired under
 * @param maxChanges the most edits in one repair
 * @param result the search's result
 * @param exitCode 0 a repair was found or nothing needs one, 1 none within the candidates, 3
 *     inconclusive
 */
public record RepairReport(
    String strategy,
    String scenario,
    ImmutableList<MemoryModel> models,
    int maxChanges,
    Repair.Result result,
    int exitCode)
    implements Report {

  public RepairReport {
    requireNonNull(strategy);
    requireNonNull(scenario);
    requireNonNull(models);
    requireNonNull(result);
  }

  /** The report of {@code result}, with the exit code its outcome gives. */
  public static RepairReport of(
      String strategy,
      String scenario,
      ImmutableList<MemoryModel> models,
      int maxChanges,
      Repair.Result result) {
    int code =
        switch (result.outcome()) {
          case REPAIRED, NOTHING_TO_REPAIR -> ExitCode.HOLDS;
          case NO_REPAIR -> ExitCode.VIOLATED;
          case INCONCLUSIVE -> ExitCode.INCONCLUSIVE;
        };
    return new RepairReport(strategy, scenario, models, maxChanges, result, code);
  }

  /** The models as the command line names them: {@code lkmm} or {@code tso,lkmm}. */
  public String modelList() {
    return String.join(",", models.stream().map(MemoryModel::id).toList());
  }
}
