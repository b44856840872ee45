package dev.klpct.api.klp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StrategyTest {
  private static final TaskSwitcher BUSY = (k, lp, t) -> -Klp.EBUSY;
  private static final PatchStateUpdater NOTHING = (k, lp, task) -> {};

  private static Strategy.Builder complete(String name) {
    return Strategy.builder(name)
        .description("a test strategy")
        .taskSwitcher(BUSY)
        .patchStateUpdater(NOTHING)
        .contextTracking(ContextTracking.SEQ_WORK)
        .defaultSync(SyncMode.RCU);
  }

  @Test
  void builderSetsEveryPartAndCapabilitiesDefaultToNone() {
    Strategy s = complete("family.variant-2").build();

    assertThat(s.name()).isEqualTo("family.variant-2");
    assertThat(s.description()).isEqualTo("a test strategy");
    assertThat(s.taskSwitcher()).isSameAs(BUSY);
    assertThat(s.patchStateUpdater()).isSameAs(NOTHING);
    assertThat(s.contextTracking()).isEqualTo(ContextTracking.SEQ_WORK);
    assertThat(s.defaultSync()).isEqualTo(SyncMode.RCU);
    assertThat(s.capabilities()).isEmpty();
  }

  @Test
  void toBuilderDerivesAVariantThatDiffersOnlyWhereSet() {
    Strategy base =
        complete("base")
            .capabilities(Capability.POSTS_CT_WORK, Capability.SENDS_FAKE_SIGNALS)
            .build();
    PatchStateUpdater other = (k, lp, task) -> {};

    Strategy variant = base.toBuilder().name("base.other").patchStateUpdater(other).build();

    assertThat(variant)
        .isEqualTo(
            new Strategy(
                "base.other",
                base.description(),
                base.taskSwitcher(),
                other,
                base.contextTracking(),
                base.defaultSync(),
                base.capabilities()));
    assertThat(base.toBuilder().build()).isEqualTo(base);
  }

  @Test
  void namesAreLowerCaseFamilyDotVariant() {
    assertThatThrownBy(() -> complete("Zijlstra Copy").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Zijlstra Copy")
        .hasMessageContaining("lower-case");
    assertThatThrownBy(() -> complete("1st").build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> complete("").build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingPartIsNamed() {
    assertThatThrownBy(
            () ->
                Strategy.builder("half")
                    .description("no parts")
                    .taskSwitcher(BUSY)
                    .contextTracking(ContextTracking.STATE_2021)
                    .defaultSync(SyncMode.SCHEDULE_ON_EACH_CPU)
                    .build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("strategy half needs a PatchStateUpdater");
  }

  @Test
  void descriptionMustSaySomething() {
    assertThatThrownBy(() -> complete("quiet").description(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quiet");
  }

  @Test
  void aStrategyPrintsAsItsName() {
    assertThat(complete("zijlstra.no-z1").build()).hasToString("zijlstra.no-z1");
  }
}
