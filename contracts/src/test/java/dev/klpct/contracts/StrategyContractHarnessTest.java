package dev.klpct.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.TaskSwitcher;
import dev.klpct.core.Contract;
import dev.klpct.strategies.StrategyComponent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
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

  /** v1 with its two violations declared: the whole suite passes. */
  static class V1AsDeclared implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("v1");
    }

    @Override
    public Set<Contract> expectedViolations() {
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
   * Test method name to its outcome: SUCCESSFUL, FAILED or ABORTED (a failed assumption), with the
   * message.
   */
  private static Map<String, String> run(Class<?> contractClass) {
    Map<String, String> outcomes = new TreeMap<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contractClass)).build(),
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            name(id)
                .ifPresent(
                    n ->
                        outcomes.put(
                            n,
                            result.getStatus()
                                + result.getThrowable().map(t -> " " + t.getMessage()).orElse("")));
          }
        });
    return outcomes;
  }

  private static Optional<String> name(TestIdentifier id) {
    return id.getSource()
        .filter(MethodSource.class::isInstance)
        .map(s -> ((MethodSource) s).getMethodName());
  }

  private static final Set<String> ALL_TESTS =
      Set.of(
          "explorationIsExhaustive",
          "modelIsSound",
          "noCpuDeadlocks",
          "everyContractIsJudged",
          "contractsHoldUnlessExpectedToBeViolated",
          "expectedViolationsAreViolated",
          "counterexamplesReplayToTheirViolation");

  @Test
  void correctlyDeclaredStrategyPassesEveryTest() {
    Map<String, String> outcomes = run(V1AsDeclared.class);
    assertThat(outcomes).containsOnlyKeys(ALL_TESTS);
    assertThat(outcomes.values()).allMatch(o -> o.equals("SUCCESSFUL"), "all successful");
  }

  @Test
  void undeclaredViolationFailsWithItsWhy() {
    Map<String, String> outcomes = run(V1MissingSuppression.class);
    assertThat(outcomes.get("contractsHoldUnlessExpectedToBeViolated"))
        .startsWith("FAILED")
        .contains("consistency: VIOLATED")
        .contains("two patch versions on one call chain");
    assertThat(outcomes.get("expectedViolationsAreViolated")).isEqualTo("SUCCESSFUL");
  }

  @Test
  void rottenSuppressionFails() {
    Map<String, String> outcomes = run(ZijlstraRottenSuppression.class);
    assertThat(outcomes.get("expectedViolationsAreViolated"))
        .startsWith("FAILED")
        .contains("Expecting consistency to be violated")
        .contains("consistency: HOLDS");
    assertThat(outcomes.get("counterexamplesReplayToTheirViolation"))
        .isEqualTo("ABORTED Assumption failed: no counterexample to replay");
  }

  @Test
  void throwingStrategyIsUnsound() {
    Map<String, String> outcomes = run(Throwing.class);
    assertThat(outcomes.get("modelIsSound"))
        .startsWith("FAILED")
        .contains("model-sound: VIOLATED")
        .contains("switcher bug");
    assertThat(outcomes.get("explorationIsExhaustive")).isEqualTo("SUCCESSFUL");
  }
}
