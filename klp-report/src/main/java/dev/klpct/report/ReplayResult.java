package dev.klpct.report;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.trace.TraceEvent;

/**
 * What {@code klpct replay} reports: a saved counterexample re-run ({@link Traces#replay}).
 *
 * @param source the trace file, as named on the command line
 * @param strategy the strategy's registry name
 * @param options the scenario's options as the file wrote them
 * @param memoryModel the memory model's command-line name
 * @param cpuNames the CPU-column headers of the diagram
 * @param length scheduling steps of the trace
 * @param events what each step did
 * @param violations the contracts broken at the end of the trace, each with why
 * @param exitCode 1 if a contract is broken, else 0
 */
public record ReplayResult(
    String source,
    String strategy,
    String options,
    String memoryModel,
    ImmutableList<String> cpuNames,
    int length,
    ImmutableList<TraceEvent> events,
    ImmutableList<String> violations,
    int exitCode)
    implements Report {
  public ReplayResult {
    requireNonNull(source);
    requireNonNull(strategy);
    requireNonNull(options);
    requireNonNull(memoryModel);
    requireNonNull(cpuNames);
    requireNonNull(events);
    requireNonNull(violations);
  }
}
