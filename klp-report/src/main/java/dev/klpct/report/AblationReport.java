package dev.klpct.report;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.Ablation;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.core.KlpMachine;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code klpct ablate} reports: for each ordering site of a strategy's scenario, what removing
 * it does under each memory model ({@link Ablation}).
 *
 * <p>The ablation is conclusive only if every check was exhaustive: the checks with every site in
 * place (one per model; the one under the weakest model also finds the sites, so when it is cut
 * short, sites it did not reach are missing from the table) and every re-check (a row is then
 * INCONCLUSIVE). The exit code is 3 otherwise, else 0: the command reports on the sites, not on the
 * strategy.
 *
 * @param strategy the strategy's registry name
 * @param description the strategy's one-line description
 * @param options the scenario as {@code klpct} options, with the sync in effect
 * @param models the memory models checked, in the order asked for
 * @param cpuNames the CPU-column headers of the diagrams
 * @param result the ablation
 * @param traces whether the text form draws the counterexample of each needed site
 * @param stopped why the ablation stopped early (the time limit, an interrupt), or empty
 * @param pairwise the pairwise ablation over the sites not needed alone, if it was run
 * @param exitCode the command's exit code
 */
public record AblationReport(
    String strategy,
    String description,
    String options,
    ImmutableList<MemoryModel> models,
    ImmutableList<String> cpuNames,
    Ablation.Result result,
    boolean traces,
    String stopped,
    Optional<Ablation.Pairwise> pairwise,
    int exitCode)
    implements Report {
  public AblationReport {
    requireNonNull(strategy);
    requireNonNull(description);
    requireNonNull(options);
    requireNonNull(models);
    requireNonNull(cpuNames);
    requireNonNull(result);
    requireNonNull(stopped);
    requireNonNull(pairwise);
  }

  /** The report of {@code result}, an ablation of {@code machine} under {@code models}. */
  public static AblationReport of(
      KlpMachine machine, List<MemoryModel> models, Ablation.Result result) {
    boolean conclusive =
        result.baseline().values().stream().allMatch(r -> r.stats().exhaustive())
            && result.rows().stream().noneMatch(r -> r.outcome() == Ablation.Outcome.INCONCLUSIVE);
    return new AblationReport(
        machine.strategy().name(),
        machine.strategy().description(),
        machine.config().toOptions(machine.sync()),
        ImmutableList.copyOf(models),
        StrategyResult.cpuNames(machine),
        result,
        false,
        "",
        Optional.empty(),
        conclusive ? ExitCode.HOLDS : ExitCode.INCONCLUSIVE);
  }

  /** With or without the counterexample of each needed site in the text form. */
  public AblationReport withTraces(boolean on) {
    return new AblationReport(
        strategy, description, options, models, cpuNames, result, on, stopped, pairwise, exitCode);
  }

  /**
   * Stopped early for {@code reason} (e.g. {@code --time-limit 10m reached}): the sites not judged
   * say why. An ablation stopped early is inconclusive.
   */
  public AblationReport withStopped(String reason) {
    return new AblationReport(
        strategy,
        description,
        options,
        models,
        cpuNames,
        result,
        traces,
        reason,
        pairwise,
        exitCode == ExitCode.HOLDS ? ExitCode.INCONCLUSIVE : exitCode);
  }

  /**
   * With the pairwise ablation {@code p}: the table gains a "redundant with" column. Pairs that
   * {@code p} could not decide make the report inconclusive.
   */
  public AblationReport withPairwise(Ablation.Pairwise p) {
    return new AblationReport(
        strategy,
        description,
        options,
        models,
        cpuNames,
        result,
        traces,
        stopped,
        Optional.of(p),
        exitCode == ExitCode.HOLDS && !p.undecided().isEmpty() ? ExitCode.INCONCLUSIVE : exitCode);
  }

  /** With another exit code. */
  public AblationReport withExitCode(int code) {
    return new AblationReport(
        strategy, description, options, models, cpuNames, result, traces, stopped, pairwise, code);
  }

  /** The command line that reproduces the ablation. */
  public String command() {
    return "klpct ablate --strategy "
        + strategy
        + " "
        + options
        + " --memory-model "
        + models.stream().map(MemoryModel::id).collect(Collectors.joining(","))
        + (pairwise.isPresent() ? " --pairwise" : "");
  }

  /**
   * The weakest model checked (lkmm, then tso, then sc): the check with every site in place under
   * it is the one that finds the sites.
   */
  public MemoryModel weakest() {
    return models.contains(MemoryModel.LKMM)
        ? MemoryModel.LKMM
        : models.contains(MemoryModel.TSO) ? MemoryModel.TSO : MemoryModel.SC;
  }

  /** Whether no contract is violated under any model with every site in place. */
  public boolean clean() {
    return result.baseline().values().stream()
        .allMatch(x -> x.verdicts().stream().noneMatch(v -> v.verdict() == Verdict.VIOLATED));
  }

  /** The checks with every site in place that were cut short, by model. */
  public ImmutableList<Map.Entry<MemoryModel, CheckReport>> cutShortBaselines() {
    return result.baseline().entrySet().stream()
        .filter(e -> !e.getValue().stats().exhaustive())
        .collect(ImmutableList.toImmutableList());
  }

  /** The sites left INCONCLUSIVE: a re-check cut short, or under lkmm the load-buffering guard. */
  public ImmutableList<Ablation.Row> undecided() {
    return result.rows().stream()
        .filter(r -> r.outcome() == Ablation.Outcome.INCONCLUSIVE)
        .collect(ImmutableList.toImmutableList());
  }

  /** The sites whose re-checks were cut short (or not started) before breaking anything. */
  public ImmutableList<Ablation.Row> cutShort() {
    return undecided().stream()
        .filter(Ablation.Row::cutShort)
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The sites whose re-checks were exhaustive and broke nothing, but under lkmm proved nothing
   * either: the load-buffering guard left their contracts INCONCLUSIVE.
   */
  public ImmutableList<Ablation.Row> undecidedByLoadBuffering() {
    return undecided().stream().filter(r -> !r.cutShort()).collect(ImmutableList.toImmutableList());
  }

  /** The contracts violated with every site in place, by model (models without any left out). */
  public ImmutableList<Map.Entry<MemoryModel, ImmutableList<String>>> alreadyViolated() {
    ImmutableList.Builder<Map.Entry<MemoryModel, ImmutableList<String>>> b =
        ImmutableList.builder();
    result
        .baseline()
        .forEach(
            (model, report) -> {
              ImmutableList<String> v =
                  report.verdicts().stream()
                      .filter(x -> x.verdict() == Verdict.VIOLATED)
                      .map(PropertyVerdict::property)
                      .collect(ImmutableList.toImmutableList());
              if (!v.isEmpty()) {
                b.add(Map.entry(model, v));
              }
            });
    return b.build();
  }

  /**
   * What the row says, in words: the broken contracts, or "not needed under" the models (when
   * nothing is violated with every site in place; otherwise "no new violation under"), or
   * INCONCLUSIVE.
   */
  public String verdict(Ablation.Row row) {
    return switch (row.outcome()) {
      case NEEDED -> "NEEDED: breaks " + String.join(", ", row.broken());
      case NOT_NEEDED ->
          (clean() ? "not needed under " : "no new violation under ")
              + row.models().stream().map(MemoryModel::id).collect(Collectors.joining(", "));
      case INCONCLUSIVE ->
          row.model()
              .map(
                  m ->
                      (row.models().indexOf(m) <= 0
                              ? ""
                              : (clean() ? "not needed under " : "no new violation under ")
                                  + row.models().subList(0, row.models().indexOf(m)).stream()
                                      .map(MemoryModel::id)
                                      .collect(Collectors.joining(", "))
                                  + "; ")
                          + "INCONCLUSIVE under "
                          + m.id()
                          + (row.cutShort()
                              ? " (a re-check was cut short)"
                              : m == MemoryModel.LKMM
                                  ? " (the load-buffering guard: reads and later stores the view"
                                      + " machine orders and the LKMM need not)"
                                  : " (a re-check ran out of budget)"))
              .orElse("INCONCLUSIVE (a re-check ran out of budget)");
    };
  }

  /** The table with its scenario and models, as the HTML page shows it. */
  public AblationTable table() {
    ImmutableList.Builder<AblationRow> rows = ImmutableList.builder();
    for (Ablation.Row r : result.rows()) {
      rows.add(
          new AblationRow(
              r.site().what(),
              r.site().function(),
              r.kind(),
              r.outcome(),
              verdict(r),
              r.outcome() == Ablation.Outcome.NEEDED ? r.broken() : ImmutableList.of(),
              r.outcome() == Ablation.Outcome.NEEDED
                  ? r.model().map(MemoryModel::id)
                  : Optional.empty(),
              r.outcome() == Ablation.Outcome.NEEDED
                  ? r.counterexampleLength()
                  : Optional.empty()));
    }
    return new AblationTable(
        strategy,
        options,
        models.stream().map(MemoryModel::id).collect(ImmutableList.toImmutableList()),
        rows.build());
  }
}
