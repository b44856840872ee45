package dev.klpct.checker;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.program.Machine;
import dev.klpct.checker.trace.Step;
import dev.klpct.checker.trace.TraceEvent;
import dev.klpct.checker.trace.TraceRenderer;
import java.util.ArrayList;
import java.util.List;

/**
 * An execution that breaks a contract.
 *
 * @param property the id of the contract broken
 * @param steps the schedule, replayable with {@link Checker#replay}
 * @param events what each step did, one primitive per event
 * @param why the contract broken and why, in one sentence
 * @param shortest whether the schedule is proven shortest for the contract and configuration (found
 *     by breadth-first search of the unreduced state graph)
 */
public record Counterexample(
    String property,
    ImmutableList<Step> steps,
    ImmutableList<TraceEvent> events,
    String why,
    boolean shortest) {
  public Counterexample {
    requireNonNull(property);
    requireNonNull(steps);
    requireNonNull(events);
    requireNonNull(why);
  }

  /** Number of scheduling steps. */
  public int length() {
    return steps.size();
  }

  /**
   * The CPU-column diagram of this execution, as {@code klpct check} prints it: one column per CPU
   * of {@code machine} (the machine that was checked), time flowing down, and at the end the
   * contract broken and why.
   */
  public String diagram(Machine machine) {
    List<String> cpuNames = new ArrayList<>();
    for (int c = 0; c < machine.cpus(); c++) {
      cpuNames.add(machine.program(c).name());
    }
    return TraceRenderer.render(events, cpuNames, property + " VIOLATED: " + why);
  }
}
