package dev.klpct.cli.report;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.trace.TraceRenderer;
import dev.klpct.core.KlpMachine;
import java.util.List;

/**
 * One strategy checked under one memory model: the checker's report and what the page needs to draw
 * its counterexamples.
 *
 * @param strategy registry name of the strategy
 * @param cpuNames CPU-column headers of the diagrams, one per simulated CPU
 * @param report the checker's verdicts, metrics and figures
 */
public record StrategyResult(String strategy, ImmutableList<String> cpuNames, CheckReport report) {
  public StrategyResult {
    requireNonNull(strategy);
    requireNonNull(cpuNames);
    requireNonNull(report);
  }

  /** The result of checking {@code machine}, with its programs' names as CPU columns. */
  public static StrategyResult of(KlpMachine machine, CheckReport report) {
    ImmutableList.Builder<String> cpus = ImmutableList.builder();
    for (int c = 0; c < machine.cpus(); c++) {
      cpus.add(machine.program(c).name());
    }
    return new StrategyResult(machine.strategy().name(), cpus.build(), report);
  }

  public static StrategyResult of(String strategy, List<String> cpuNames, CheckReport report) {
    return new StrategyResult(strategy, ImmutableList.copyOf(cpuNames), report);
  }

  /** The CPU-column diagram of {@code cx}, exactly as {@code klpct check} prints it. */
  String diagram(Counterexample cx) {
    return TraceRenderer.render(cx.events(), cpuNames, cx.property() + " VIOLATED: " + cx.why());
  }
}
