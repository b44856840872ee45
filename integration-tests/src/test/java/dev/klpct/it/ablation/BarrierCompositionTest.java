package dev.klpct.it.ablation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Site;
import dev.klpct.api.klp.PatchStateUpdater;
import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.kernel.PatchStateUpdaters;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A strategy composed without a barrier ({@link PatchStateUpdaters#withoutBarriers}) is what the
 * ablation checks when it weakens that barrier's site: the same verdict on every contract, with
 * shortest counterexamples of the same lengths. So a user's "zijlstra minus Z1" and the Z1 row of
 * {@code klpct ablate --strategy zijlstra} say the same thing.
 */
class BarrierCompositionTest {

  @ParameterizedTest(name = "{0} without {1} under {2}")
  @CsvSource({
    "zijlstra, Z1, lkmm",
    "zijlstra, Z2, lkmm",
    "zijlstra, Z3, lkmm",
    "zijlstra, Z2, tso",
    "mladek, TEST_RMB, lkmm"
  })
  void withoutABarrierIsTheAblationOfItsSite(String name, String barrier, String model) {
    Strategy strategy = StrategyComponent.builtIn().get(name);
    Site site = site(barrier);
    PatchStateUpdater without =
        PatchStateUpdaters.withoutBarriers(strategy.patchStateUpdater(), site);
    Strategy composed =
        strategy.toBuilder()
            .name(name + ".no-" + barrier.toLowerCase(Locale.ROOT).replace('_', '-'))
            .patchStateUpdater(without)
            .build();
    CheckOptions options =
        CheckOptions.defaults().withMemoryModel(MemoryModel.of(model)).withThreads(1);

    CheckReport ablated =
        new Checker(options.withWeakened(ImmutableSet.of(site)))
            .check(KlpMachine.of(strategy, KlpConfig.defaults()));
    CheckReport built = new Checker(options).check(KlpMachine.of(composed, KlpConfig.defaults()));

    assertThat(summary(built)).isEqualTo(summary(ablated));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Z1", "Z2", "Z3", "TEST_RMB"})
  void theBarrierSitesAreThoseTheAblationTableNames(String barrier) {
    assertThat(site(barrier).function()).isEqualTo("klp_update_patch_state");
    assertThat(site(barrier).what()).startsWith("smp_");
  }

  private static Site site(String barrier) {
    return switch (barrier) {
      case "Z1" -> PatchStateUpdaters.Z1;
      case "Z2" -> PatchStateUpdaters.Z2;
      case "Z3" -> PatchStateUpdaters.Z3;
      case "TEST_RMB" -> PatchStateUpdaters.TEST_RMB;
      default -> throw new IllegalArgumentException(barrier);
    };
  }

  /** Contract to verdict, with the counterexample's length when violated. */
  private static Map<String, String> summary(CheckReport r) {
    assertThat(r.stats().exhaustive()).as("exhaustive").isTrue();
    Map<String, String> m = new LinkedHashMap<>();
    for (PropertyVerdict v : r.verdicts()) {
      m.put(
          v.property(),
          v.verdict() + v.counterexample().map(c -> " (" + c.steps().size() + ")").orElse(""));
    }
    return m;
  }
}
