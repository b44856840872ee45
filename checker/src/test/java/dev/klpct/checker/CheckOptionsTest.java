package dev.klpct.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckOptionsTest {

  @Test
  void defaultsReduceAndHaveNoTimeLimit() {
    CheckOptions o = CheckOptions.defaults();

    assertThat(o.reduction()).isTrue();
    assertThat(o.timeLimit()).isEmpty();
    assertThat(o.threads()).isBetween(1, 256);
    assertThat(o.maxStates()).isPositive();
  }

  @Test
  void withersChangeOnlyTheirField() {
    CheckOptions o = CheckOptions.defaults().withThreads(3);

    assertThat(o.withReduction(false))
        .isEqualTo(
            new CheckOptions(
                false,
                true,
                o.maxStates(),
                o.timeLimit(),
                3,
                o.shortestBudget(),
                o.memoryModel(),
                o.weakened(),
                o.edits(),
                o.ticker(),
                o.progress(),
                o.stop()));
    assertThat(o.withStepCache(false).stepCache()).isFalse();
    assertThat(o.withStepCache(false).reduction()).isTrue();
    assertThat(o.stepCache()).isTrue();
    assertThat(o.withMaxStates(5).maxStates()).isEqualTo(5);
    assertThat(o.withMaxStates(5).threads()).isEqualTo(3);
    assertThat(o.withShortestBudget(9).shortestBudget()).isEqualTo(9);
    assertThat(o.withTimeLimit(Optional.of(Duration.ofSeconds(1))).timeLimit())
        .contains(Duration.ofSeconds(1));
  }

  @Test
  void rejectsOutOfRangeValuesWithTheirName() {
    CheckOptions o = CheckOptions.defaults();

    assertThatThrownBy(() -> o.withMaxStates(0)).hasMessageContaining("maxStates");
    assertThatThrownBy(() -> o.withThreads(0)).hasMessageContaining("threads");
    assertThatThrownBy(() -> o.withThreads(257)).hasMessageContaining("threads");
    assertThatThrownBy(() -> o.withShortestBudget(0)).hasMessageContaining("shortestBudget");
    assertThatThrownBy(() -> o.withTimeLimit(Optional.of(Duration.ZERO)))
        .hasMessageContaining("time limit");
    assertThatThrownBy(() -> o.withTimeLimit(Optional.of(Duration.ofSeconds(-1))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
