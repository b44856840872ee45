package dev.klpct.report;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What {@code klpct compare} reports: every strategy in one scenario under each memory model, and
 * for the HTML page optionally ablation tables and JMH results. Immutable.
 *
 * <p>Built with {@link #builder()}:
 *
 * <pre>{@code
 * Comparison c = Comparison.builder()
 *     .options("--nohz-cpus 1 --transitions 2")
 *     .addRun("sc", scResults)          // List<StrategyResult>, e.g. StrategyResult.of(machine, report)
 *     .addRun("lkmm", lkmmResults)
 *     .addAblation(table)               // optional, e.g. AblationTable.readJson(file)
 *     .addBenchmarks(JmhResult.read(jmhJson))  // optional
 *     .build();
 * OutputFile.write(Path.of("report.html"), ReportFormat.HTML.print(c), "report");
 * }</pre>
 *
 * @param title the title of the HTML page
 * @param options the scenario's options as on the command line; {@code --sync} only if one was
 *     chosen for every strategy
 * @param runs one per memory model, in the order the matrix shows them; at least one
 * @param ablation ablation tables; empty for none (the page then has no ablation section)
 * @param benchmarks JMH results; empty for none (the page then has no benchmark section)
 * @param stats whether the text form ends with each run's exploration figures
 * @param exitCode the command's exit code: by default 3 if a verdict is INCONCLUSIVE, else 0
 */
public record Comparison(
    String title,
    String options,
    ImmutableList<ModelRun> runs,
    ImmutableList<AblationTable> ablation,
    ImmutableList<JmhResult> benchmarks,
    boolean stats,
    int exitCode)
    implements Report {
  public Comparison {
    requireNonNull(title);
    requireNonNull(options);
    requireNonNull(runs);
    requireNonNull(ablation);
    requireNonNull(benchmarks);
    checkArgument(!runs.isEmpty(), "a comparison needs at least one memory model run");
    Set<String> models = new HashSet<>();
    for (ModelRun r : runs) {
      checkArgument(models.add(r.memoryModel()), "memory model %s twice", r.memoryModel());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Strategy names in order of first appearance over the runs. */
  public ImmutableList<String> strategies() {
    Set<String> s = new LinkedHashSet<>();
    for (ModelRun r : runs) {
      for (StrategyResult x : r.results()) {
        s.add(x.strategy());
      }
    }
    return ImmutableList.copyOf(s);
  }

  /** Contract ids in order of first appearance over every report's verdicts. */
  public ImmutableList<String> contracts() {
    Set<String> s = new LinkedHashSet<>();
    for (ModelRun r : runs) {
      for (StrategyResult x : r.results()) {
        for (PropertyVerdict v : x.report().verdicts()) {
          s.add(v.property());
        }
      }
    }
    return ImmutableList.copyOf(s);
  }

  /** The result of {@code strategy} under {@code memoryModel}, if that pair was run. */
  public Optional<StrategyResult> result(String strategy, String memoryModel) {
    for (ModelRun r : runs) {
      if (r.memoryModel().equals(memoryModel)) {
        for (StrategyResult x : r.results()) {
          if (x.strategy().equals(strategy)) {
            return Optional.of(x);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Whether every counterexample is proven shortest (true when there is none). */
  public boolean allShortest() {
    for (ModelRun r : runs) {
      for (StrategyResult x : r.results()) {
        for (PropertyVerdict v : x.report().verdicts()) {
          if (v.counterexample().map(cx -> !cx.shortest()).orElse(false)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Whether some verdict is INCONCLUSIVE: a budget cut a check short before it was decided. */
  public boolean inconclusive() {
    return inconclusive(runs);
  }

  private static boolean inconclusive(List<ModelRun> runs) {
    for (ModelRun r : runs) {
      for (StrategyResult x : r.results()) {
        for (PropertyVerdict v : x.report().verdicts()) {
          if (v.verdict() == Verdict.INCONCLUSIVE) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Collects a {@link Comparison}; every {@code add} appends in order. */
  public static final class Builder {
    private String title = "klpct compare";
    private String options = "";
    private final ImmutableList.Builder<ModelRun> runs = ImmutableList.builder();
    private final ImmutableList.Builder<AblationTable> ablation = ImmutableList.builder();
    private final ImmutableList.Builder<JmhResult> benchmarks = ImmutableList.builder();
    private boolean stats;
    private boolean anyRun;
    private OptionalInt exitCode = OptionalInt.empty();

    private Builder() {}

    public Builder title(String title) {
      this.title = requireNonNull(title);
      return this;
    }

    /** The scenario's options as on the command line. */
    public Builder options(String options) {
      this.options = requireNonNull(options);
      return this;
    }

    /** Adds the results of every strategy under one memory model (one block of rows). */
    public Builder addRun(String memoryModel, List<StrategyResult> results) {
      return addRun(ModelRun.of(memoryModel, results));
    }

    public Builder addRun(ModelRun run) {
      runs.add(run);
      anyRun = true;
      return this;
    }

    /** Whether a run was added. */
    public boolean hasRuns() {
      return anyRun;
    }

    /** Adds an ablation table, shown on the HTML page with its scenario and models. */
    public Builder addAblation(AblationTable table) {
      ablation.add(table);
      return this;
    }

    public Builder addBenchmarks(Iterable<JmhResult> results) {
      benchmarks.addAll(results);
      return this;
    }

    /** Whether the text form ends with each run's exploration figures. */
    public Builder stats(boolean on) {
      stats = on;
      return this;
    }

    /** Overrides the exit code derived from the verdicts. */
    public Builder exitCode(int code) {
      exitCode = OptionalInt.of(code);
      return this;
    }

    /**
     * The comparison of the runs added.
     *
     * @throws IllegalArgumentException if no run was added or a memory model is added twice
     */
    public Comparison build() {
      ImmutableList<ModelRun> rs = runs.build();
      return new Comparison(
          title,
          options,
          rs,
          ablation.build(),
          benchmarks.build(),
          stats,
          exitCode.orElse(inconclusive(rs) ? ExitCode.INCONCLUSIVE : ExitCode.HOLDS));
    }
  }
}
