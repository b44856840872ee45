package dev.klpct.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The measured scenarios are the ones {@code klpct measure} and {@code CheckerBenchmark} each
 * spelled out before they shared {@link KlpPreset}, so that figures before and after compare.
 */
class KlpPresetTest {
  @Test
  void eachPresetIsTheScenarioTheHarnessesMeasured() {
    assertThat(KlpPreset.PAIR.config()).isEqualTo(KlpConfig.defaults());
    assertThat(KlpPreset.EPISODES.config()).isEqualTo(KlpConfig.builder().episodes(6).build());
    assertThat(KlpPreset.SCALED2.config())
        .isEqualTo(
            KlpConfig.builder()
                .nohzCpus(2)
                .episodes(1)
                .reverse(true)
                .nmi(true)
                .sleepingTasks(1)
                .build());
    assertThat(KlpPreset.SCALED3.config())
        .isEqualTo(
            KlpConfig.builder()
                .nohzCpus(3)
                .episodes(3)
                .reverse(true)
                .nmi(true)
                .sleepingTasks(1)
                .build());
  }

  @Test
  void presetsAreFoundByNameAndAnUnknownNameListsTheKnownOnes() {
    for (KlpPreset p : KlpPreset.values()) {
      assertThat(KlpPreset.of(p.id())).isSameAs(p);
    }
    assertThat(KlpPreset.ids()).isEqualTo("pair, episodes, scaled2, scaled3");
    assertThatThrownBy(() -> KlpPreset.of("scaled4"))
        .hasMessage("unknown configuration 'scaled4' (known: pair, episodes, scaled2, scaled3)");
  }
}
