package dev.klpct.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.TaskSwitcher;
import dev.klpct.api.program.KernelVariant;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.Contract;
import dev.klpct.core.KlpConfig;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.kernel.PatchStateUpdaters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Tests the contract suite itself: runs {@link StrategyContract} classes on the JUnit Platform and
 * checks which of their tests pass, fail or are skipped. The classes below are nested, so Surefire
 * does not run them on their own (its default excludes {@code **}{@code /*$*}); some are wrong on
 * purpose.
 */
class StrategyContractHarnessTest {

  private static Strategy builtIn(String name) {
    return StrategyComponent.builtIn().get(name);
  }

  /** v1 with its violations declared, a third under x86-TSO: the whole suite passes. */
  static class V1AsDeclared implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("v1");
    }

    @Override
    public Set<Contract> expectedViolations(MemoryModel model, KlpConfig scenario) {
      return Set.of(Contract.CONSISTENCY, Contract.NOHZ_UNDISTURBED);
    }
  }

  /** v1 with the consistency bug not declared. */
  static class V1MissingSuppression implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("v1");
    }

    @Override
    public Set<Contract> expectedViolations() {
      return Set.of(Contract.NOHZ_UNDISTURBED);
    }
  }

  /** zijlstra with a suppression that has rotted: consistency holds. */
  static class ZijlstraRottenSuppression implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("zijlstra");
    }

    /** Where zijlstra keeps every contract (the default --signal-after 1 lets its signal go). */
    @Override
    public KlpConfig scenario() {
      return KlpConfig.defaults().withSignalAfter(3);
    }

    @Override
    public Set<Contract> expectedViolations() {
      return Set.of(Contract.CONSISTENCY);
    }
  }

  /** A strategy whose switcher throws: the model is unsound. */
  static class Throwing implements StrategyContract {
    @Override
    public Strategy strategy() {
      TaskSwitcher throwing =
          (k, lp, t) -> {
            throw new IllegalStateException("switcher bug");
          };
      return builtIn("zijlstra").toBuilder()
          .name("throwing")
          .description("zijlstra with a switcher that throws")
          .taskSwitcher(throwing)
          .build();
    }
  }

  /**
   * Test to its outcome: SUCCESSFUL, FAILED or ABORTED (a failed assumption), with the message. A
   * test is named by its factory method and its display name, {@code modelIsSound[lkmm, default]}.
   */
  private static Map<String, String> run(Class<?> contractClass) {
    Map<String, String> outcomes = new TreeMap<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contractClass)).build(),
        new TestExecutionListener() {
          private @Nullable TestPlan plan;

          @Override
          public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
          }

          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            TestPlan p = plan;
            if (p == null) {
              return;
            }
            if (!id.isTest()) {
              // a factory that failed before making its tests
              if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                method(id)
                    .ifPresent(
                        m ->
                            outcomes.put(
                                m,
                                "FAILED"
                                    + result
                                        .getThrowable()
                                        .map(t -> " " + t.getMessage())
                                        .orElse("")));
              }
              return;
            }
            String factory =
                p.getParent(id).flatMap(StrategyContractHarnessTest::method).orElse("?");
            outcomes.put(
                factory + "[" + id.getDisplayName() + "]",
                result.getStatus()
                    + result.getThrowable().map(t -> " " + t.getMessage()).orElse(""));
          }
        });
    return outcomes;
  }

  private static Optional<String> method(TestIdentifier id) {
    return id.getSource()
        .filter(MethodSource.class::isInstance)
        .map(s -> ((MethodSource) s).getMethodName());
  }

  /** The outcomes of the tests of {@code factory}, by display name. */
  private static Map<String, String> of(Map<String, String> outcomes, String factory) {
    Map<String, String> tests = new TreeMap<>();
    outcomes.forEach(
        (k, v) -> {
          if (k.startsWith(factory + "[")) {
            tests.put(k.substring(factory.length() + 1, k.length() - 1), v);
          }
        });
    return tests;
  }

  private static final Set<String> FACTORIES =
      Set.of(
          "explorationIsExhaustive",
          "modelIsSound",
          "noCpuDeadlocks",
          "everyContractIsJudged",
          "contractsHoldUnlessExpectedToBeViolated",
          "expectedViolationsAreViolated",
          "counterexamplesReplayToTheirViolation");

  private static final Set<String> EVERY_MODEL =
      Set.of("sc, default", "tso, default", "lkmm, default");

  @Test
  void correctlyDeclaredStrategyPassesEveryTestUnderEveryModel() {
    Map<String, String> outcomes = run(V1AsDeclared.class);
    for (String factory : FACTORIES) {
      assertThat(of(outcomes, factory)).as(factory).containsOnlyKeys(EVERY_MODEL);
    }
    assertThat(outcomes).hasSize(FACTORIES.size() * EVERY_MODEL.size());
    // Under lkmm the load-buffering guard leaves what v1 does not violate undecided: those tests
    // are aborted with the reason, neither passed nor failed; everything else passes.
    Map<String, String> undecided = new TreeMap<>();
    outcomes.forEach(
        (k, v) -> {
          if (!v.equals("SUCCESSFUL")) {
            undecided.put(k, v);
          }
        });
    assertThat(undecided)
        .containsOnlyKeys(
            "contractsHoldUnlessExpectedToBeViolated[lkmm, default]",
            "noCpuDeadlocks[lkmm, default]");
    assertThat(undecided.values())
        .allSatisfy(
            o ->
                assertThat(o)
                    .startsWith("ABORTED Under lkmm ")
                    .contains("cannot be proven: the view machine orders"));
  }

  @Test
  void undeclaredViolationFailsWithModelScenarioAndDiagram() {
    Map<String, String> outcomes = run(V1MissingSuppression.class);
    Map<String, String> hold = of(outcomes, "contractsHoldUnlessExpectedToBeViolated");
    assertThat(hold).containsOnlyKeys(EVERY_MODEL);
    for (String model : List.of("sc", "tso", "lkmm")) {
      assertThat(hold.get(model + ", default"))
          .startsWith("FAILED [v1 under " + model + ", scenario default] Expecting")
          .contains("consistency: VIOLATED")
          .contains("two patch versions on one call chain")
          .contains("Counterexample for consistency under " + model + " (")
          .contains("CPU0 (klp transition)")
          .contains("CPU1 (T1, NOHZ_FULL)")
          .contains("consistency VIOLATED: consistency:");
    }
    assertThat(of(outcomes, "expectedViolationsAreViolated").values()).containsOnly("SUCCESSFUL");
  }

  @Test
  void rottenSuppressionFails() {
    Map<String, String> outcomes = run(ZijlstraRottenSuppression.class);
    assertThat(of(outcomes, "expectedViolationsAreViolated").get("lkmm, --signal-after 3"))
        .startsWith("FAILED [zijlstra under lkmm, scenario --signal-after 3]")
        .contains("Expecting consistency to be violated")
        .contains("consistency: INCONCLUSIVE");
    assertThat(of(outcomes, "counterexamplesReplayToTheirViolation").get("sc, --signal-after 3"))
        .isEqualTo("ABORTED Assumption failed: no counterexample to replay");
  }

  @Test
  void throwingStrategyIsUnsound() {
    Map<String, String> outcomes = run(Throwing.class);
    assertThat(of(outcomes, "modelIsSound").get("sc, default"))
        .startsWith("FAILED")
        .contains("model-sound: VIOLATED")
        .contains("switcher bug");
    assertThat(of(outcomes, "explorationIsExhaustive").get("sc, default")).isEqualTo("SUCCESSFUL");
  }

  /**
   * Zijlstra without the {@code smp_mb__before_atomic()} [Z2] of his {@code
   * klp_update_patch_state()}: the strategy of issue 11, which passed a suite that checked only
   * sequential consistency.
   */
  static class ZijlstraWithoutZ2 implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("zijlstra").toBuilder()
          .name("zijlstra.no-z2")
          .description("zijlstra without smp_mb__before_atomic() [Z2]")
          .patchStateUpdater(
              PatchStateUpdaters.withoutBarriers(
                  PatchStateUpdaters.noinstrRace(), PatchStateUpdaters.Z2))
          .build();
    }

    /** Where zijlstra keeps every contract (the default --signal-after 1 lets its signal go). */
    @Override
    public KlpConfig scenario() {
      return KlpConfig.defaults().withSignalAfter(3);
    }
  }

  @Test
  void aBarrierOnlyWeakMemoryNeedsIsCaughtUnderLkmmOnly() {
    Map<String, String> hold =
        of(run(ZijlstraWithoutZ2.class), "contractsHoldUnlessExpectedToBeViolated");
    assertThat(hold.get("sc, --signal-after 3")).isEqualTo("SUCCESSFUL");
    assertThat(hold.get("lkmm, --signal-after 3"))
        .startsWith("FAILED [zijlstra.no-z2 under lkmm, scenario --signal-after 3]")
        .contains("consistency: VIOLATED")
        .contains("Counterexample for consistency under lkmm")
        // The contracts it does not violate are INCONCLUSIVE after an exhaustive search: the
        // message says it is the load-buffering guard, not a budget.
        .contains("exhaustive")
        .containsPattern(
            "completes: INCONCLUSIVE \\(not violated in any execution, but not proven under"
                + " lkmm: the load-buffering guard found \\d+ read-then-store pair")
        .doesNotContain("budget");
  }

  /** Models and scenarios chosen by the test class; the violations depend on the scenario. */
  static class ChosenModelsAndScenarios implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("baseline");
    }

    @Override
    public Set<MemoryModel> memoryModels() {
      return Set.of(MemoryModel.SC);
    }

    @Override
    public List<String> moreScenarios() {
      return List.of("--nmi", "--transitions 1 --test-and-clear 2022");
    }

    @Override
    public Set<Contract> expectedViolations() {
      return Set.of(Contract.NOHZ_UNDISTURBED);
    }
  }

  @Test
  void aTestClassChoosesModelsAndScenarios() {
    Map<String, String> outcomes = run(ChosenModelsAndScenarios.class);
    assertThat(of(outcomes, "contractsHoldUnlessExpectedToBeViolated"))
        .containsOnlyKeys("sc, default", "sc, --nmi", "sc, --transitions 1 --test-and-clear 2022");
    assertThat(outcomes.values()).allMatch(o -> o.equals("SUCCESSFUL"), "all successful");
  }

  /** baseline under lkmm with the 2021 and the 2022 {@code test_and_clear_bit()}. */
  static class BaselineOnBothKernels implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("baseline");
    }

    @Override
    public Set<MemoryModel> memoryModels() {
      return Set.of(MemoryModel.LKMM);
    }

    @Override
    public List<String> moreScenarios() {
      return List.of("--test-and-clear 2022");
    }

    @Override
    public Set<Contract> expectedViolations() {
      return Set.of(Contract.NOHZ_UNDISTURBED);
    }
  }

  /**
   * The kernel a scenario models reaches the checker with the scenario, with nothing copied into
   * the checker's options: under lkmm, baseline's upstream {@code klp_update_patch_state()} (a
   * {@code test_and_clear_bit()}, unordered when it finds the bit clear in 2021, fully ordered in
   * 2022) is explored differently in the two scenarios.
   */
  @Test
  void theKernelOfTheScenarioReachesTheChecker() {
    StrategyContract test = new BaselineOnBothKernels();
    List<ContractCase> cases = ContractCase.of(test);
    assertThat(cases)
        .extracting(ContractCase::displayName)
        .containsExactly("lkmm, default", "lkmm, --test-and-clear 2022");
    ContractRun y2021 = ContractRun.of(test, cases.get(0));
    ContractRun y2022 = ContractRun.of(test, cases.get(1));
    assertThat(y2021.machine().kernelVariant()).isEqualTo(KernelVariant.LINUX_2021);
    assertThat(y2022.machine().kernelVariant()).isEqualTo(KernelVariant.LINUX_2022);
    assertThat(y2021.report().stats().exhaustive()).isTrue();
    assertThat(y2022.report().stats().exhaustive()).isTrue();
    // The 2022 RMW orders what 2021's early return leaves unordered: fewer states to explore.
    assertThat(y2022.report().stats().states())
        .as(
            "states under lkmm with --test-and-clear 2022 (2021: %,d)",
            y2021.report().stats().states())
        .isLessThan(y2021.report().stats().states());
  }

  /** A misspelt scenario. */
  static class MisspeltScenario implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("zijlstra");
    }

    @Override
    public List<String> moreScenarios() {
      return List.of("--nmii");
    }
  }

  @Test
  void aMisspeltScenarioFailsNamingIt() {
    Map<String, String> outcomes = run(MisspeltScenario.class);
    assertThat(outcomes).containsOnlyKeys(FACTORIES);
    assertThat(outcomes.values()).allMatch(o -> o.equals("FAILED Unknown option: '--nmii'"));
  }
}
