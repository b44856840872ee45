package dev.klpct.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Provider;
import org.junit.jupiter.api.Test;

class StrategyRegistryTest {
  private static final StrategyRegistry BUILT_IN = StrategyComponent.builtIn();

  @Test
  void listsExactlyTheFiveStrategiesSorted() {
    assertThat(BUILT_IN.names()).containsExactly("baseline", "mladek", "v1", "v2", "zijlstra");
  }

  @Test
  void everyStrategyIsRegisteredUnderItsOwnName() {
    for (String name : BUILT_IN.names()) {
      Strategy s = BUILT_IN.get(name);
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.description()).isNotBlank();
      assertThat(s.taskSwitcher()).isNotNull();
      assertThat(s.patchStateUpdater()).isNotNull();
      assertThat(s.contextTracking()).isNotNull();
      assertThat(s.defaultSync()).isNotNull();
    }
  }

  @Test
  void lookupIgnoresCaseAndSurroundingSpace() {
    assertThat(BUILT_IN.get("ZIJLSTRA").name()).isEqualTo("zijlstra");
    assertThat(BUILT_IN.get("Mladek").name()).isEqualTo("mladek");
    assertThat(BUILT_IN.get("  v2 ").name()).isEqualTo("v2");
  }

  @Test
  void unknownNameErrorListsTheKnownOnes() {
    assertThatThrownBy(() -> BUILT_IN.get("v3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown strategy 'v3' (known: baseline, mladek, v1, v2, zijlstra)");
    assertThatThrownBy(() -> BUILT_IN.get(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseline, mladek, v1, v2, zijlstra");
  }

  @Test
  void strategiesAreBuiltOnlyWhenAskedFor() {
    AtomicInteger built = new AtomicInteger();
    Provider<Strategy> counting =
        () -> {
          built.incrementAndGet();
          return named("lazy");
        };
    StrategyRegistry r = new StrategyRegistry(Map.of("lazy", counting));

    assertThat(r.names()).containsExactly("lazy");
    assertThat(built).hasValue(0);
    r.get("LAZY");
    assertThat(built).hasValue(1);
  }

  @Test
  void strategyCallingItselfByAnotherNameIsRejected() {
    StrategyRegistry r = new StrategyRegistry(Map.of("alias", () -> named("real")));

    assertThatThrownBy(() -> r.get("alias"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'alias'")
        .hasMessageContaining("'real'");
  }

  @Test
  void contextTrackingMatchesTheSeries() {
    // RFC v1 (2021 context tracking) vs RFC v2 07/11 (seq/work).
    assertThat(BUILT_IN.get("baseline").contextTracking()).isEqualTo(ContextTracking.STATE_2021);
    assertThat(BUILT_IN.get("v1").contextTracking()).isEqualTo(ContextTracking.STATE_2021);
    assertThat(BUILT_IN.get("v2").contextTracking()).isEqualTo(ContextTracking.SEQ_WORK);
    assertThat(BUILT_IN.get("baseline").defaultSync()).isEqualTo(SyncMode.SCHEDULE_ON_EACH_CPU);
  }

  /** A strategy that only has a name. */
  private static Strategy named(String name) {
    return Strategy.builder(name)
        .description(name)
        .taskSwitcher((k, lp, t) -> 0)
        .patchStateUpdater((k, lp, task) -> {})
        .contextTracking(ContextTracking.STATE_2021)
        .defaultSync(SyncMode.SCHEDULE_ON_EACH_CPU)
        .build();
  }
}
