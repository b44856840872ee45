package dev.klpct.contracts;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.api.program.Property;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.core.Contract;
import dev.klpct.core.KlpConfig;
import dev.klpct.report.StrategyResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract suite for a livepatch transition strategy, as a JUnit 5 test interface. A strategy's
 * test implements it and names the strategy:
 *
 * <pre>{@code
 * class MyStrategyContractTest implements StrategyContract {
 *   @Override
 *   public Strategy strategy() {
 *     return MyStrategy.create();
 *   }
 *
 *   // Known bug, see <mail>; the suite fails if it stops being violated.
 *   @Override
 *   public Set<Contract> expectedViolations() {
 *     return Set.of(Contract.NOHZ_UNDISTURBED);
 *   }
 * }
 * }</pre>
 *
 * <p>The strategy is checked exhaustively under every memory model of {@link #memoryModels()}
 * ({@code sc}, {@code tso} and {@code lkmm} by default) in {@link #scenario()} and each of {@link
 * #moreScenarios()}: checker defaults, one thread, once per test class, model and scenario. Each
 * test runs once per model and scenario, named after them ({@code lkmm, default}, {@code sc,
 * --nmi}). The tests require: an exhaustive exploration (INCONCLUSIVE never passes); {@code
 * model-sound} and {@code deadlock-free} (the strategy code is deterministic, stays within its
 * memory and throws nothing); every contract of {@link Contract} HOLDS unless listed in {@link
 * #expectedViolations(MemoryModel, KlpConfig)}, and every listed one really is VIOLATED, so the
 * list cannot rot; every counterexample is non-empty, names its contract and replays to the same
 * violation. A failure message names the strategy, the model and the scenario and draws each
 * counterexample involved as CPU columns, as {@code klpct check} does.
 *
 * <p>The kernel a scenario models ({@code --test-and-clear 2021|2022}) is part of the scenario and
 * reaches the checker with it; nothing else needs setting.
 */
public interface StrategyContract {

  /** The strategy under test. Called several times; return equal strategies. */
  Strategy strategy();

  /** The scenario to check it in; the default pair scenario of the 2021 thread by default. */
  default KlpConfig scenario() {
    return KlpConfig.defaults();
  }

  /**
   * Further scenarios to check it in, each written as {@code klpct} options read over {@link
   * KlpConfig#defaults()} as in {@link StrategyMatrix}, e.g. {@code "--nmi"} or {@code "--reverse
   * --transitions 1"}. None by default. A misspelt option fails every test, naming it.
   */
  default List<String> moreScenarios() {
    return List.of();
  }

  /**
   * The memory models to check under: {@code sc}, {@code tso} and {@code lkmm} by default. Leaving
   * one out leaves its bugs unfound; say why where you override this.
   */
  default Set<MemoryModel> memoryModels() {
    return EnumSet.allOf(MemoryModel.class);
  }

  /**
   * The contracts the strategy is known to violate in every model and scenario checked; comment
   * each suppression where you override this. None by default. ({@code model-sound} and {@code
   * deadlock-free} are the checker's and must always hold.)
   */
  default Set<Contract> expectedViolations() {
    return Set.of();
  }

  /**
   * The contracts the strategy is known to violate under {@code model} in {@code scenario}; {@link
   * #expectedViolations()} by default. Override this one when the violations depend on the model,
   * e.g. a read barrier taken out that only weak memory notices.
   */
  default Set<Contract> expectedViolations(MemoryModel model, KlpConfig scenario) {
    return expectedViolations();
  }

  @TestFactory
  default Stream<DynamicTest> explorationIsExhaustive() {
    return tests(c -> assertThat(c).isExhaustive());
  }

  @TestFactory
  default Stream<DynamicTest> modelIsSound() {
    return tests(c -> assertThat(c).holds(BuiltInProperty.MODEL_SOUND));
  }

  @TestFactory
  default Stream<DynamicTest> noCpuDeadlocks() {
    return tests(c -> assertThat(c).holds(BuiltInProperty.DEADLOCK_FREE));
  }

  @TestFactory
  default Stream<DynamicTest> everyContractIsJudged() {
    return tests(
        c -> {
          CheckReport report = ContractRun.of(this, c).report();
          List<String> ids = new ArrayList<>();
          report.verdicts().forEach(v -> ids.add(v.property()));
          List<String> expected = new ArrayList<>();
          Contract.all().forEach(k -> expected.add(k.id()));
          expected.add(BuiltInProperty.DEADLOCK_FREE.id());
          expected.add(BuiltInProperty.MODEL_SOUND.id());
          Assertions.assertThat(ids)
              .as("%s: verdicts of %s", title(c), report.machine())
              .containsExactlyInAnyOrderElementsOf(expected);
        });
  }

  @TestFactory
  default Stream<DynamicTest> contractsHoldUnlessExpectedToBeViolated() {
    return tests(
        c -> {
          Set<Contract> expected = expectedViolations(c.memoryModel(), c.scenario());
          List<Contract> mustHold = new ArrayList<>();
          for (Contract k : Contract.all()) {
            if (!expected.contains(k)) {
              mustHold.add(k);
            }
          }
          assumeFalse(mustHold.isEmpty(), "every contract is expected to be violated");
          assertThat(c).holds(mustHold.toArray(new Contract[0]));
        });
  }

  @TestFactory
  default Stream<DynamicTest> expectedViolationsAreViolated() {
    return tests(
        c -> {
          Set<Contract> expected = expectedViolations(c.memoryModel(), c.scenario());
          assumeFalse(expected.isEmpty(), "no violations expected");
          assertThat(c).violates(expected.toArray(new Contract[0]));
        });
  }

  @TestFactory
  default Stream<DynamicTest> counterexamplesReplayToTheirViolation() {
    return tests(this::replayCounterexamples);
  }

  private void replayCounterexamples(ContractCase c) {
    ContractRun run = ContractRun.of(this, c);
    CheckReport report = run.report();
    List<PropertyVerdict> violated = new ArrayList<>();
    for (PropertyVerdict v : report.verdicts()) {
      if (v.verdict() == Verdict.VIOLATED) {
        violated.add(v);
      }
    }
    assumeTrue(!violated.isEmpty(), "no counterexample to replay");
    Set<String> monotone = monotoneProperties(run);
    String title = title(c);
    for (PropertyVerdict v : violated) {
      String id = v.property();
      Counterexample cx = v.counterexample().orElseThrow();
      Assertions.assertThat(cx.property())
          .as("%s: property of the counterexample of %s", title, id)
          .isEqualTo(id);
      Assertions.assertThat(cx.steps())
          .as("%s: steps of the counterexample of %s", title, id)
          .isNotEmpty();
      Assertions.assertThat(cx.events())
          .as("%s: events of the counterexample of %s", title, id)
          .isNotEmpty();
      if (!id.equals(BuiltInProperty.MODEL_SOUND.id())
          && !id.equals(BuiltInProperty.DEADLOCK_FREE.id())) {
        Assertions.assertThat(cx.why())
            .as("%s: why of the counterexample of %s", title, id)
            .startsWith(id + ":");
      }
      Checker.Replayed replayed = run.checker().replay(run.machine(), cx.steps());
      if (!replayed.completed()) {
        Assertions.fail(
            "%s: the counterexample of %s does not replay: %s%n%n%s",
            title, id, replayed.failure(), StrategyResult.of(run.machine(), report).diagram(cx));
      }
      Assertions.assertThat(replayed.events())
          .as("%s: events of the replayed counterexample of %s", title, id)
          .isEqualTo(cx.events());
      if (monotone.contains(id)) {
        Assertions.assertThat(replayed.violations())
            .as(
                "%s: violations at the end of the replayed counterexample of %s%n%n%s",
                title, id, StrategyResult.of(run.machine(), report).diagram(cx))
            .anyMatch(broken -> broken.startsWith(id + ":"));
      }
    }
  }

  /** One dynamic test per case, named after its model and scenario. */
  private Stream<DynamicTest> tests(Consumer<ContractCase> test) {
    return ContractCase.of(this).stream()
        .map(c -> DynamicTest.dynamicTest(c.displayName(), () -> test.accept(c)));
  }

  /** Assertions on the report of {@code c}, their failures titled and with diagrams. */
  private CheckReportAssert assertThat(ContractCase c) {
    ContractRun run = ContractRun.of(this, c);
    return KlpAssertions.assertThat(run.report(), run.machine()).as("%s", title(c));
  }

  private String title(ContractCase c) {
    return strategy().name() + " under " + c.memoryModel().id() + ", scenario " + c.scenarioName();
  }

  private static Set<String> monotoneProperties(ContractRun run) {
    ImmutableSet.Builder<String> ids = ImmutableSet.builder();
    for (Property p : run.machine().properties()) {
      if (p.kind() == Property.Kind.MONOTONE) {
        ids.add(p.id());
      }
    }
    return ids.build();
  }
}
