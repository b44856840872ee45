package dev.klpct.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.core.KlpConfig;
import org.junit.jupiter.api.Test;

/** The scenario fixture parses options the way the matrix tests write them. */
class ScenarioTest {

  @Test
  void emptyIsTheDefaultPairScenario() {
    Scenario s = Scenario.parse("");
    assertThat(s.config()).isEqualTo(KlpConfig.defaults());
    assertThat(s).hasToString("default");
  }

  @Test
  void optionsSetTheirDimension() {
    assertThat(Scenario.parse("--nohz-cpus 2 --episodes 1 --transitions 1").config())
        .isEqualTo(KlpConfig.defaults().withNohzCpus(2).withEpisodes(1).withTransitions(1));
    assertThat(Scenario.parse(" --reverse  --transitions 1 ").config())
        .isEqualTo(KlpConfig.defaults().withReverse(true).withTransitions(1));
    assertThat(Scenario.parse("--nmi --sleeping-tasks 1 --retries 3").config())
        .isEqualTo(KlpConfig.defaults().withNmi(true).withSleepingTasks(1).withRetries(3));
    assertThat(Scenario.parse("--nmi")).hasToString("--nmi");
  }

  @Test
  void badOptionsAreRejected() {
    assertThatThrownBy(() -> Scenario.parse("--nmii"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--nmii");
    assertThatThrownBy(() -> Scenario.parse("--transitions"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Missing required parameter for option '--transitions'");
    assertThatThrownBy(() -> Scenario.parse("--transitions 3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--transitions must be in 1..2");
  }
}
