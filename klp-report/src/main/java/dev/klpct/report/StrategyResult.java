package dev.klpct.report;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.trace.TraceRenderer;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.util.List;

/**
 * One strategy checked in one scenario under one memory model: the checker's report and what a
 * report needs to name the run and draw its counterexamples.
 *
 * @param strategy registry name of the strategy
 * @param description the strategy's one-line description
 * @param config the scenario
 * @param sync the {@code klp_synchronize_transition()} in effect (the scenario's or the strategy's)
 * @param cpuNames CPU-column headers of the diagrams, one per simulated CPU
 * @param report the checker's verdicts, metrics and figures
 */
public record StrategyResult(
    String strategy,
    String description,
    KlpConfig config,
    SyncMode sync,
    ImmutableList<String> cpuNames,
    CheckReport report) {
  public StrategyResult {
    requireNonNull(strategy);
    requireNonNull(description);
    requireNonNull(config);
    requireNonNull(sync);
    requireNonNull(cpuNames);
    requireNonNull(report);
  }

  /** The result of checking {@code machine}, with its programs' names as CPU columns. */
  public static StrategyResult of(KlpMachine machine, CheckReport report) {
    return new StrategyResult(
        machine.strategy().name(),
        machine.strategy().description(),
        machine.config(),
        machine.sync(),
        cpuNames(machine),
        report);
  }

  /** A result built by hand, e.g. by a tool that ran the checker on its own machine. */
  public static StrategyResult of(
      String strategy, KlpConfig config, SyncMode sync, List<String> cpuNames, CheckReport report) {
    return new StrategyResult(strategy, "", config, sync, ImmutableList.copyOf(cpuNames), report);
  }

  /** The programs' names of {@code machine}, CPU0 first: the columns of its diagrams. */
  public static ImmutableList<String> cpuNames(KlpMachine machine) {
    ImmutableList.Builder<String> cpus = ImmutableList.builder();
    for (int c = 0; c < machine.cpus(); c++) {
      cpus.add(machine.program(c).name());
    }
    return cpus.build();
  }

  /** The scenario as {@code klpct} options, with the sync in effect. */
  public String options() {
    return config.toOptions(sync);
  }

  /** The CPU-column diagram of {@code cx}, exactly as {@code klpct check} prints it. */
  public String diagram(Counterexample cx) {
    return TraceRenderer.render(cx.events(), cpuNames, cx.property() + " VIOLATED: " + cx.why());
  }
}
