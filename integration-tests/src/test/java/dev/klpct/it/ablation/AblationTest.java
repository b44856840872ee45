package dev.klpct.it.ablation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.checker.Ablation;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpMachine;
import dev.klpct.it.Scenario;
import dev.klpct.strategies.StrategyComponent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ablation of zijlstra on the one-transition pair scenario: what the model says each barrier is for
 * (docs/barriers.md discusses the same table on the default scenario).
 */
class AblationTest {
  private static Ablation.Result result;

  @BeforeAll
  static void ablate() {
    KlpMachine m =
        KlpMachine.of(
            StrategyComponent.builtIn().get("zijlstra"),
            Scenario.parse("--transitions 1").config());
    result =
        Ablation.run(
            m,
            CheckOptions.defaults(),
            List.of(MemoryModel.SC, MemoryModel.TSO, MemoryModel.LKMM),
            line -> {});
  }

  private static Map<String, Ablation.Row> byLabel() {
    return result.rows().stream()
        .collect(Collectors.toMap(r -> r.site().function() + ": " + r.site().what(), r -> r));
  }

  @Test
  void nothingBreaksUnderScAndOnlyLkmmsLoadBufferingGuardLeavesRowsInconclusive() {
    // Under lkmm the scenario's runs have reads and later stores the view machine orders and the
    // LKMM need not (docs/memory-models.md): a site that breaks nothing there is INCONCLUSIVE
    // under lkmm, never "not needed"; sc and tso re-checks are all exhaustive and proofs.
    assertThat(result.rows())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.outcome()).isNotEqualTo(Ablation.Outcome.NOT_NEEDED))
        .allSatisfy(r -> assertThat(r.model()).isNotEqualTo(Optional.of(MemoryModel.SC)))
        .filteredOn(r -> r.outcome() == Ablation.Outcome.INCONCLUSIVE)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.model()).contains(MemoryModel.LKMM));
  }

  @Test
  void theFullBarrierBeforeTheGracePeriodIsNeededEvenOnX86() {
    Ablation.Row r =
        byLabel().get("klp_synchronize_transition: full barrier at the start of the wait");
    assertThat(r.outcome()).isEqualTo(Ablation.Outcome.NEEDED);
    assertThat(r.model()).contains(MemoryModel.TSO);
    assertThat(r.counterexample()).isPresent();
  }

  @Test
  void ctUserExitsFullOrderingIsNeededUnderLkmmOnly() {
    Ablation.Row r =
        byLabel().get("ct_user_exit: atomic_add_return(CT_SEQ - CT_SEQ_USER, &ct->seq)");
    assertThat(r.outcome()).isEqualTo(Ablation.Outcome.NEEDED);
    assertThat(r.model()).contains(MemoryModel.LKMM);
  }

  @Test
  void aNeededSiteNamesTheContractsItBreaksAndACounterexampleOfThatLength() {
    assertThat(result.rows())
        .filteredOn(r -> r.outcome() == Ablation.Outcome.NEEDED)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.broken()).isNotEmpty();
              assertThat(r.counterexampleLength())
                  .contains(r.counterexample().orElseThrow().length());
              assertThat(r.broken()).contains(r.counterexample().orElseThrow().property());
            });
  }
}
