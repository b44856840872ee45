package dev.klpct.it.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpMachine;
import dev.klpct.it.Scenario;
import dev.klpct.strategies.StrategyComponent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read-then-store pairs the load-buffering guard reports under lkmm (docs/memory-models.md) are
 * only those the kernel leaves unordered: the ordering of code the model runs only for its ordering
 * is in force (klp_mutex between transitions, __schedule()'s full barrier).
 */
class LoadBufferingPairsTest {
  private static CheckReport lkmm(String strategy) {
    KlpMachine m =
        KlpMachine.of(StrategyComponent.builtIn().get(strategy), Scenario.parse("").config());
    return new Checker(CheckOptions.defaults().withMemoryModel(MemoryModel.LKMM)).check(m);
  }

  /**
   * klp_complete_transition() of one transition and klp_init_transition() of the next run in two
   * klp_mutex sections of the transition CPU: po-unlock-lock-po orders them.
   */
  @ParameterizedTest
  @ValueSource(strings = {"baseline", "v1", "v2", "mladek", "zijlstra"})
  void noPairCrossesKlpMutexFromOneTransitionIntoTheNext(String strategy) {
    CheckReport r = lkmm(strategy);

    assertThat(r.stats().exhaustive()).isTrue();
    assertThat(r.unorderedPairs())
        .isNotEmpty()
        .noneMatch(p -> p.contains("then klp_init_transition writes") && !p.startsWith("klp_init"));
  }

  /** __schedule() issues smp_mb__after_spinlock() before it handles the IPI or work item. */
  @ParameterizedTest
  @ValueSource(strings = {"baseline", "v1"})
  void noPairEndsAtTheHandlingOfAnIpi(String strategy) {
    CheckReport r = lkmm(strategy);

    assertThat(r.stats().exhaustive()).isTrue();
    assertThat(r.unorderedPairs()).noneMatch(p -> p.endsWith("writes cpu1.pending_ipi"));
  }
}
