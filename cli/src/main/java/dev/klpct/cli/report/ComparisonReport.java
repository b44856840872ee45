package dev.klpct.cli.report;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.PropertyVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code klpct compare --report} shows: the runs of every strategy under each memory model,
 * and optionally an ablation table and JMH results. Immutable; {@link #toHtml()} renders it as one
 * self-contained HTML page (no network access needed to view it).
 *
 * <p>Built with {@link #builder()}:
 *
 * <pre>{@code
 * ComparisonReport.builder()
 *     .scenario("--nohz-cpus 1 --transitions 2")
 *     .addRun("sc", scResults)          // List<StrategyResult>, e.g. StrategyResult.of(machine, report)
 *     .addRun("lkmm", lkmmResults)
 *     .addAblationRows(rows)            // optional
 *     .addBenchmarks(JmhResult.read(jmhJson))  // optional
 *     .build()
 *     .writeHtml(Path.of("report.html"));
 * }</pre>
 *
 * @param title the page title
 * @param scenario the scenario's options as on the command line, shown under the title
 * @param runs one per memory model, in the order the matrix shows them; at least one
 * @param ablation the ablation table; empty for none (the page then has no ablation section)
 * @param benchmarks JMH results; empty for none (the page then has no benchmark section)
 */
public record ComparisonReport(
    String title,
    String scenario,
    ImmutableList<ModelRun> runs,
    ImmutableList<AblationRow> ablation,
    ImmutableList<JmhResult> benchmarks) {
  public ComparisonReport {
    requireNonNull(title);
    requireNonNull(scenario);
    requireNonNull(runs);
    requireNonNull(ablation);
    requireNonNull(benchmarks);
    checkArgument(!runs.isEmpty(), "a comparison report needs at least one memory model run");
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

  /** The page: HTML5, UTF-8, with Chart.js and every script and style inlined. */
  public String toHtml() {
    return HtmlPage.render(this);
  }

  /** Writes {@link #toHtml()} to {@code file} in UTF-8. */
  public void writeHtml(Path file) throws IOException {
    Files.writeString(file, toHtml(), StandardCharsets.UTF_8);
  }

  /** Collects a {@link ComparisonReport}; every {@code add} appends in order. */
  public static final class Builder {
    private String title = "klpct compare";
    private String scenario = "";
    private final ImmutableList.Builder<ModelRun> runs = ImmutableList.builder();
    private final ImmutableList.Builder<AblationRow> ablation = ImmutableList.builder();
    private final ImmutableList.Builder<JmhResult> benchmarks = ImmutableList.builder();

    private Builder() {}

    public Builder title(String title) {
      this.title = requireNonNull(title);
      return this;
    }

    /** The scenario's options as on the command line. */
    public Builder scenario(String options) {
      this.scenario = requireNonNull(options);
      return this;
    }

    /** Adds the results of every strategy under one memory model (one block of rows). */
    public Builder addRun(String memoryModel, List<StrategyResult> results) {
      return addRun(ModelRun.of(memoryModel, results));
    }

    public Builder addRun(ModelRun run) {
      runs.add(run);
      return this;
    }

    public Builder addAblationRows(Iterable<AblationRow> rows) {
      ablation.addAll(rows);
      return this;
    }

    public Builder addBenchmarks(Iterable<JmhResult> results) {
      benchmarks.addAll(results);
      return this;
    }

    /**
     * The report of the runs added.
     *
     * @throws IllegalArgumentException if no run was added or a memory model is added twice
     */
    public ComparisonReport build() {
      return new ComparisonReport(
          title, scenario, runs.build(), ablation.build(), benchmarks.build());
    }
  }
}
