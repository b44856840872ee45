package dev.klpct.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.klp.Capability;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.PatchStateUpdater;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.api.klp.TaskSwitcher;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.common.SimpleStrategy;
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
    public Set<String> expectedViolations() {
      return Set.of("consistency", "nohz-undisturbed");
    }
  }

  /** v1 with the consistency bug not declared. */
  static class V1MissingSuppression implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("v1");
    }

    @Override
    public Set<String> expectedViolations() {
      return Set.of("nohz-undisturbed");
    }
  }

  /** zijlstra with a suppression that has rotted: consistency holds. */
  static class ZijlstraRottenSuppression implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("zijlstra");
    }

    @Override
    public Set<String> expectedViolations() {
      return Set.of("consistency");
    }
  }

  /** zijlstra with a misspelled suppression. */
  static class ZijlstraMisspelledSuppression implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("zijlstra");
    }

    @Override
    public Set<String> expectedViolations() {
      return Set.of("consistancy");
    }
  }

  /** A strategy whose switcher throws: the model is unsound. */
  static class Throwing implements StrategyContract {
    @Override
    public Strategy strategy() {
      Strategy z = builtIn("zijlstra");
      TaskSwitcher throwing =
          (k, lp, updater, t) -> {
            throw new IllegalStateException("switcher bug");
          };
      return new SimpleStrategy(
          "throwing",
          "zijlstra with a switcher that throws",
          throwing,
          z.patchStateUpdater(),
          z.contextTracking(),
          z.defaultSync(),
          z.capabilities());
    }
  }

  /** A strategy whose name breaks the naming rule (not built with SimpleStrategy). */
  static class BadlyNamed implements StrategyContract {
    @Override
    public Strategy strategy() {
      Strategy z = builtIn("zijlstra");
      return new Strategy() {
        @Override
        public String name() {
          return "Zijlstra Copy";
        }

        @Override
        public String description() {
          return z.description();
        }

        @Override
        public TaskSwitcher taskSwitcher() {
          return z.taskSwitcher();
        }

        @Override
        public PatchStateUpdater patchStateUpdater() {
          return z.patchStateUpdater();
        }

        @Override
        public ContextTracking contextTracking() {
          return z.contextTracking();
        }

        @Override
        public SyncMode defaultSync() {
          return z.defaultSync();
        }

        @Override
        public ImmutableSet<Capability> capabilities() {
          return z.capabilities();
        }
      };
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
          "strategyHasStableLowerCaseName",
          "explorationIsExhaustive",
          "modelIsSound",
          "noCpuDeadlocks",
          "everyContractIsJudged",
          "expectedViolationsNameContracts",
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
  void misspelledSuppressionFailsListingTheContracts() {
    Map<String, String> outcomes = run(ZijlstraMisspelledSuppression.class);
    assertThat(outcomes.get("expectedViolationsNameContracts"))
        .startsWith("FAILED")
        .contains("consistancy")
        .contains("no-stale-write");
  }

  @Test
  void throwingStrategyIsUnsound() {
    Map<String, String> outcomes = run(Throwing.class);
    assertThat(outcomes.get("modelIsSound"))
        .startsWith("FAILED")
        .contains("model-sound: VIOLATED")
        .contains("switcher bug");
    assertThat(outcomes.get("strategyHasStableLowerCaseName")).isEqualTo("SUCCESSFUL");
  }

  @Test
  void badNameFails() {
    Map<String, String> outcomes = run(BadlyNamed.class);
    assertThat(outcomes.get("strategyHasStableLowerCaseName"))
        .startsWith("FAILED")
        .contains("Zijlstra Copy");
    assertThat(outcomes.get("contractsHoldUnlessExpectedToBeViolated")).isEqualTo("SUCCESSFUL");
  }
}
