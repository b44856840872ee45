package dev.klpct.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KlpTraceTest {
  private static final Strategy STRATEGY = KlpMachineTest.strategy();

  @Test
  void headerRebuildsTheMachineWithItsEffectiveSync() {
    KlpMachine m = KlpMachine.of(STRATEGY, KlpConfig.defaults().withNmi(true));
    KlpTrace t = KlpTrace.of(m, "lkmm", "consistency", "two versions\non one stack");

    Map<String, String> h = t.header();
    assertThat(h.keySet())
        .containsExactly("klpct", "strategy", "options", "memory-model", "property", "why");
    assertThat(h.get("options")).isEqualTo(m.config().toOptions(m.sync()));
    assertThat(h.get("why")).isEqualTo("two versions on one stack");

    KlpTrace back = KlpTrace.fromHeader(h, "t.trace");
    assertThat(back.strategy()).isEqualTo(STRATEGY.name());
    assertThat(back.memoryModel()).isEqualTo("lkmm");
    assertThat(back.property()).contains("consistency");
    KlpMachine rebuilt = back.machine(name -> STRATEGY);
    assertThat(rebuilt.config()).isEqualTo(m.config().withSync(Optional.of(m.sync())));
    assertThat(rebuilt.description()).isEqualTo(m.description());
  }

  @Test
  void optionsWithoutSyncStayWithoutIt() {
    KlpTrace t =
        KlpTrace.fromHeader(Map.of("strategy", "x", "options", "--nmi"), "hand-written.trace");
    assertThat(t.config().sync()).isEmpty();
    assertThat(t.memoryModel()).isEqualTo("sc");
    assertThat(t.header().get("options")).doesNotContain("--sync").contains("--nmi");
    assertThat(
            KlpTrace.fromHeader(
                    Map.of("strategy", "x", "options", "--sync rcu"), "hand-written.trace")
                .config()
                .sync())
        .contains(SyncMode.RCU);
  }

  @Test
  void aBadHeaderNamesTheFile() {
    assertThatThrownBy(() -> KlpTrace.fromHeader(Map.of("options", ""), "a.trace"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a.trace: missing 'strategy' or 'options' line");
    assertThatThrownBy(
            () -> KlpTrace.fromHeader(Map.of("strategy", "v1", "options", "--nohz-cpus 9"), "b"))
        .hasMessage("b: bad options line: --nohz-cpus must be in 1..6, got 9");
  }
}
