package dev.klpct.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.api.klp.SyncMode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KlpConfigTest {
  private static final KlpConfig D = KlpConfig.defaults();

  @Test
  void defaultsAreTheOctober2021Pair() {
    assertThat(D.nohzCpus()).isEqualTo(1);
    assertThat(D.sleepingTasks()).isZero();
    assertThat(D.transitions()).isEqualTo(2);
    assertThat(D.sync()).isEmpty();
    assertThat(D.testAndClear()).isEqualTo(KlpConfig.TestAndClear.Y2021);
    assertThat(D.reverseOrder()).isEqualTo(KlpConfig.ReverseOrder.V5_15);
  }

  @Test
  void outOfRangeValuesNameTheOption() {
    assertThatThrownBy(() -> D.withNohzCpus(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--nohz-cpus must be in 1..6, got 0");
    assertThatThrownBy(() -> D.withNohzCpus(7)).hasMessage("--nohz-cpus must be in 1..6, got 7");
    assertThatThrownBy(() -> D.withSleepingTasks(-1))
        .hasMessage("--sleeping-tasks must be in 0..6, got -1");
    assertThatThrownBy(() -> D.withEpisodes(7)).hasMessage("--episodes must be in 0..6, got 7");
    assertThatThrownBy(() -> D.withRetries(17)).hasMessage("--retries must be in 0..16, got 17");
    assertThatThrownBy(() -> D.withSignalAfter(0))
        .hasMessage("--signal-after must be in 1..64, got 0");
    assertThatThrownBy(() -> D.withTransitions(3))
        .hasMessage("--transitions must be in 1..2, got 3");
    assertThatThrownBy(() -> D.withIdleCpus(-1))
        .hasMessage("--idle-cpus must be in 0.." + KlpConfig.MAX_IDLE_CPUS + ", got -1");
  }

  @Test
  void boundsAreInclusive() {
    KlpConfig c =
        D.withNohzCpus(KlpConfig.MAX_NOHZ_CPUS)
            .withSleepingTasks(KlpConfig.MAX_SLEEPING_TASKS)
            .withEpisodes(0)
            .withRetries(KlpConfig.MAX_RETRIES)
            .withSignalAfter(64)
            .withTransitions(1);

    assertThat(c.nohzCpus()).isEqualTo(6);
    assertThat(c.sleepingTasks()).isEqualTo(6);
    assertThat(c.retries()).isEqualTo(16);
    assertThat(c.signalAfter()).isEqualTo(64);
  }

  @Test
  void withersChangeOneField() {
    KlpConfig c =
        D.withReverse(true)
            .withNmi(true)
            .withSync(Optional.of(SyncMode.RCU))
            .withTestAndClear(KlpConfig.TestAndClear.Y2022)
            .withReverseOrder(KlpConfig.ReverseOrder.V6_4)
            .withEpisodes(3)
            .withIdleCpus(2);

    assertThat(c.reverse()).isTrue();
    assertThat(c.nmi()).isTrue();
    assertThat(c.sync()).contains(SyncMode.RCU);
    assertThat(c.testAndClear()).isEqualTo(KlpConfig.TestAndClear.Y2022);
    assertThat(c.reverseOrder()).isEqualTo(KlpConfig.ReverseOrder.V6_4);
    assertThat(c.episodes()).isEqualTo(3);
    assertThat(c.idleCpus()).isEqualTo(2);
    // untouched
    assertThat(c.nohzCpus()).isEqualTo(D.nohzCpus());
    assertThat(c.retries()).isEqualTo(D.retries());
    assertThat(c.signalAfter()).isEqualTo(D.signalAfter());
    assertThat(c.transitions()).isEqualTo(D.transitions());
    assertThat(c.sleepingTasks()).isEqualTo(D.sleepingTasks());
    assertThat(D.withEpisodes(1)).isEqualTo(D);
  }

  @Test
  void toOptionsListsEveryOption() {
    String o = D.withNohzCpus(2).withReverse(true).toOptions(SyncMode.RCU_EQS_WORK);

    assertThat(o)
        .isEqualTo(
            "--nohz-cpus 2 --sleeping-tasks 0 --episodes 1 --retries 2"
                + " --signal-after 1 --transitions 2 --reverse --sync rcu-eqs-work"
                + " --test-and-clear 2021 --reverse-order v5.15");
    assertThat(D.toOptions(SyncMode.RCU)).doesNotContain("--reverse ").doesNotContain("--nmi");
    assertThat(D.withNmi(true).toOptions(SyncMode.RCU)).contains(" --nmi ");
    assertThat(D.withIdleCpus(1).toOptions(SyncMode.RCU))
        .contains("--sleeping-tasks 0 --idle-cpus 1 --episodes");
  }

  @Test
  void enumsParseTheirCommandLineNames() {
    for (KlpConfig.TestAndClear t : KlpConfig.TestAndClear.values()) {
      assertThat(KlpConfig.TestAndClear.parse(t.cliName())).isEqualTo(t);
    }
    for (KlpConfig.ReverseOrder r : KlpConfig.ReverseOrder.values()) {
      assertThat(KlpConfig.ReverseOrder.parse(r.cliName())).isEqualTo(r);
    }
    assertThat(KlpConfig.ReverseOrder.parse("V6.4")).isEqualTo(KlpConfig.ReverseOrder.V6_4);
    assertThatThrownBy(() -> KlpConfig.TestAndClear.parse("2023"))
        .hasMessageContaining("--test-and-clear")
        .hasMessageContaining("2023");
    assertThatThrownBy(() -> KlpConfig.ReverseOrder.parse("v6.5"))
        .hasMessageContaining("--reverse-order")
        .hasMessageContaining("v6.5");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> D.withSync(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> D.withTestAndClear(null)).isInstanceOf(NullPointerException.class);
  }
}
