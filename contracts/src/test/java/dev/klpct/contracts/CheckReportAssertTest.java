package dev.klpct.contracts;

import static dev.klpct.contracts.KlpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.core.Contract;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.report.StrategyResult;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.StrategyRegistry;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The assertions on real reports of the default scenario: v1 (violates {@code consistency} and
 * {@code nohz-undisturbed}), zijlstra with {@code --signal-after 3} (every contract holds), and
 * zijlstra cut short by a state budget (INCONCLUSIVE). Each assertion is shown to pass where it
 * should and to fail, with the verdict table and the counterexample's reason, where it should not.
 */
class CheckReportAssertTest {
  private static CheckReport v1;
  private static CheckReport zijlstra;
  private static CheckReport cutShort;
  private static KlpMachine v1Machine;

  @BeforeAll
  static void check() {
    StrategyRegistry registry = StrategyComponent.builtIn();
    CheckOptions options = CheckOptions.defaults().withThreads(1);
    KlpConfig scenario = KlpConfig.defaults();
    v1Machine = KlpMachine.of(registry.get("v1"), scenario);
    v1 = new Checker(options).check(v1Machine);
    // With --signal-after 3: in the default --signal-after 1 zijlstra's fake signal can follow two
    // failed attempts (the first patch's registration IPIs make one), so not everything holds.
    zijlstra =
        new Checker(options)
            .check(KlpMachine.of(registry.get("zijlstra"), scenario.withSignalAfter(3)));
    cutShort =
        new Checker(options.withMaxStates(50))
            .check(KlpMachine.of(registry.get("zijlstra"), scenario));
  }

  private static Counterexample v1Consistency() {
    return v1.verdict("consistency").orElseThrow().counterexample().orElseThrow();
  }

  @Test
  void passesOnAReportWhereEverythingHolds() {
    assertThat(zijlstra)
        .isExhaustive()
        .allContractsHold()
        .holds(
            "consistency",
            "no-stale-write",
            BuiltInProperty.MODEL_SOUND.id(),
            BuiltInProperty.DEADLOCK_FREE.id());
  }

  @Test
  void passesOnTheViolationsAReportHas() {
    int length = v1Consistency().length();
    assertThat(v1)
        .isExhaustive()
        .violates("consistency", "nohz-undisturbed")
        .holds("reversal", "init-undefined")
        .hasCounterexampleNoLongerThan("consistency", length);
  }

  @Test
  void holdsFailsOnAViolationWithTheTableAndTheWhy() {
    assertThatThrownBy(() -> assertThat(v1).holds("reversal", "consistency"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting reversal, consistency to hold, but:")
        .hasMessageContaining("consistency: VIOLATED")
        .hasMessageContaining("why: " + v1Consistency().why())
        .hasMessageContaining("verdicts for " + v1.machine())
        .hasMessageContaining("nohz-undisturbed")
        .hasMessageContaining(BuiltInProperty.MODEL_SOUND.id())
        .hasMessageContaining("exhaustive");
  }

  @Test
  void givenTheMachineAFailureDrawsTheCounterexampleAsKlpctCheckDoes() {
    String diagram = StrategyResult.of(v1Machine, v1).diagram(v1Consistency());
    Assertions.assertThat(diagram)
        .contains("CPU0 (klp transition)")
        .contains("CPU1 (T1, NOHZ_FULL)")
        .contains("consistency VIOLATED: " + v1Consistency().why().substring(0, 20));
    assertThatThrownBy(() -> assertThat(v1, v1Machine).holds("reversal", "consistency"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("verdicts for " + v1.machine() + " under sc")
        .hasMessageContaining(
            "Counterexample for consistency under sc ("
                + v1Consistency().length()
                + " steps, shortest):")
        .hasMessageContaining(diagram.stripTrailing());
    // Without the machine there are no CPU columns to draw.
    assertThatThrownBy(() -> assertThat(v1).holds("consistency"))
        .isInstanceOf(AssertionError.class)
        .hasMessageNotContaining("CPU0 (klp transition)");
  }

  @Test
  void allContractsHoldFailsNamingEveryViolation() {
    String nohzWhy =
        v1.verdict("nohz-undisturbed").orElseThrow().counterexample().orElseThrow().why();
    assertThatThrownBy(() -> assertThat(v1).allContractsHold())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("2 did not")
        .hasMessageContaining(v1Consistency().why())
        .hasMessageContaining(nohzWhy);
  }

  @Test
  void violatesFailsOnAContractThatHolds() {
    assertThatThrownBy(() -> assertThat(zijlstra).violates("consistency"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting consistency to be violated, but:")
        .hasMessageContaining("consistency: HOLDS")
        .hasMessageContaining("verdicts for " + zijlstra.machine());
  }

  @Test
  void inconclusiveIsNeverAcceptedAsHolding() {
    assertThatThrownBy(() -> assertThat(cutShort).holds("consistency"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("consistency: INCONCLUSIVE");
    assertThatThrownBy(() -> assertThat(cutShort).allContractsHold())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("INCONCLUSIVE");
  }

  @Test
  void isExhaustiveFailsWhenABudgetRanOut() {
    assertThatThrownBy(() -> assertThat(cutShort).isExhaustive())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting an exhaustive exploration, but it stopped early")
        .hasMessageContaining(cutShort.stats().stopReason())
        .hasMessageContaining("cut short");
  }

  @Test
  void counterexampleLengthIsBounded() {
    int length = v1Consistency().length();
    assertThatThrownBy(
            () -> assertThat(v1).hasCounterexampleNoLongerThan("consistency", length - 1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("at most " + (length - 1) + " steps, but it takes " + length)
        .hasMessageContaining(v1Consistency().why());
    assertThatThrownBy(() -> assertThat(zijlstra).hasCounterexampleNoLongerThan("consistency", 100))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to be violated");
  }

  @Test
  void unknownContractFailsListingTheKnownOnes() {
    assertThatThrownBy(() -> assertThat(v1).holds("consistancy"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no verdict for [consistancy]")
        .hasMessageContaining("known: consistency, handler-defined-state");
  }

  @Test
  void namingNoContractIsAUsageError() {
    assertThatThrownBy(() -> assertThat(v1).holds(new String[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> assertThat(v1).violates(new Contract[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void contractsCanBeNamedByTheirEnum() {
    assertThat(v1).violates(Contract.CONSISTENCY).holds(Contract.REVERSAL);
    assertThatThrownBy(() -> assertThat(v1).holds(Contract.CONSISTENCY))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("consistency");
  }

  @Test
  void nullReportFails() {
    assertThatThrownBy(() -> assertThat((CheckReport) null).holds("consistency"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting actual not to be null");
  }

  @Test
  void descriptionPrefixesTheMessage() {
    assertThatThrownBy(() -> assertThat(v1).as("v1, default pair").holds("consistency"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("[v1, default pair] Expecting consistency to hold");
  }
}
