package dev.klpct.report;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.repair.Repair;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * @param diffs each change of a repair as a hunk of the Java source that runs it, or why there is
 *     none ({@link SourceDiff})
 */
public record RepairReport(
    String strategy,
    String scenario,
    ImmutableList<MemoryModel> models,
    int maxChanges,
    Repair.Result result,
    int exitCode,
    ImmutableMap<Repair.Change, SourceDiff> diffs)
    implements Report {

  public RepairReport {
    requireNonNull(strategy);
    requireNonNull(scenario);
    requireNonNull(models);
    requireNonNull(result);
    requireNonNull(diffs);
  }

  /**
   * The report of {@code result}, with the exit code its outcome gives and the changes' hunks of
   * the sources found from the working directory ({@link SourceDiff#bases()}).
   */
  public static RepairReport of(
      String strategy,
      String scenario,
      ImmutableList<MemoryModel> models,
      int maxChanges,
      Repair.Result result) {
    return of(strategy, scenario, models, maxChanges, result, SourceDiff.bases());
  }

  /**
   * The report of {@code result}, with the exit code its outcome gives and the changes' hunks of
   * the sources found under {@code bases} (each a checkout's or a project's root).
   */
  public static RepairReport of(
      String strategy,
      String scenario,
      ImmutableList<MemoryModel> models,
      int maxChanges,
      Repair.Result result,
      List<Path> bases) {
    Map<Repair.Change, SourceDiff> diffs = new LinkedHashMap<>();
    for (Repair.Found f : result.repairs()) {
      for (Repair.Change c : f.changes()) {
        diffs.computeIfAbsent(c, x -> SourceDiff.of(x, bases));
      }
    }
    int code =
        switch (result.outcome()) {
          case REPAIRED -> ExitCode.HOLDS;
          // as check: nothing violated but, under lkmm's load-buffering guard, nothing proven
          case NOTHING_TO_REPAIR ->
              result.undecidedByLoadBuffering() ? ExitCode.INCONCLUSIVE : ExitCode.HOLDS;
          case NO_REPAIR -> ExitCode.VIOLATED;
          case INCONCLUSIVE -> ExitCode.INCONCLUSIVE;
        };
    return new RepairReport(
        strategy, scenario, models, maxChanges, result, code, ImmutableMap.copyOf(diffs));
  }

  /** The hunk of {@code change}, or why there is none. */
  public SourceDiff diff(Repair.Change change) {
    SourceDiff d = diffs.get(change);
    return d != null ? d : new SourceDiff(Optional.empty(), "not looked up");
  }

  /** The models as the command line names them: {@code lkmm} or {@code tso,lkmm}. */
  public String modelList() {
    return String.join(",", models.stream().map(MemoryModel::id).toList());
  }
}
