package dev.klpct.it.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.trace.TraceEvent;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.it.Scenario;
import dev.klpct.strategies.StrategyComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --task-order all}: every creation order of the tasks that {@code
 * for_each_process_thread()} walks. In these small scenarios the order changes no verdict: the
 * listed order was not hiding a violation (docs/model.md, "What is not modelled").
 */
class TaskOrderTest {
  private static final String[] STRATEGIES = {"baseline", "v1", "v2", "mladek", "zijlstra"};

  private static CheckReport check(String strategy, KlpConfig config) {
    KlpMachine m = KlpMachine.of(StrategyComponent.builtIn().get(strategy), config);
    return new Checker(CheckOptions.defaults().withMemoryModel(MemoryModel.SC)).check(m);
  }

  private static Map<String, String> verdicts(CheckReport r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (PropertyVerdict v : r.verdicts()) {
      out.put(v.property(), v.verdict().name());
    }
    return out;
  }

  private static boolean notesAnOrder(Counterexample cx) {
    return cx.events().stream()
        .anyMatch(
            e ->
                e.kind() == TraceEvent.Kind.NOTE
                    && e.text().startsWith("for_each_process_thread() order: "));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "--sleeping-tasks 1; 2",
        "--kworker on; 2",
        "--nohz-cpus 2 --transitions 1; 2",
        "--sleeping-tasks 2 --transitions 1; 3"
      })
  void everyOrderGivesTheListedVerdicts(String options, int orders) {
    KlpConfig listed = Scenario.parse(options).config();
    KlpConfig all = listed.withTaskOrder(KlpConfig.TaskOrder.ALL);
    assertThat(all.taskOrders()).isEqualTo(orders);
    for (String strategy : STRATEGIES) {
      CheckReport l = check(strategy, listed);
      CheckReport a = check(strategy, all);
      assertThat(verdicts(l).values())
          .as("%s %s", strategy, options)
          .doesNotContain("INCONCLUSIVE");
      assertThat(verdicts(a)).as("%s %s", strategy, options).isEqualTo(verdicts(l));
      assertThat(a.stats().states())
          .as("%s %s: states", strategy, options)
          .isGreaterThan(l.stats().states());
      for (PropertyVerdict v : a.verdicts()) {
        v.counterexample()
            .ifPresent(
                cx ->
                    assertThat(notesAnOrder(cx))
                        .as("%s %s: %s's trace names the order", strategy, options, v.property())
                        .isTrue());
      }
    }
  }
}
