package dev.klpct.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.api.program.Property;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.core.Contract;
import dev.klpct.core.KlpConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
 * <p>The strategy is checked exhaustively in {@link #scenario()} (checker defaults, one thread)
 * once per test class. The tests require: an exhaustive exploration (INCONCLUSIVE never passes);
 * {@code model-sound} and {@code deadlock-free} (the strategy code is deterministic, stays within
 * its memory and throws nothing); every contract of {@link Contract} HOLDS unless listed in {@link
 * #expectedViolations()}, and every listed one really is VIOLATED, so the list cannot rot; every
 * counterexample is non-empty, names its contract and replays to the same violation.
 */
public interface StrategyContract {

  /** The strategy under test. Called once per test method; return equal strategies. */
  Strategy strategy();

  /** The scenario to check it in; the default pair scenario of the 2021 thread by default. */
  default KlpConfig scenario() {
    return KlpConfig.defaults();
  }

  /**
   * The contracts the strategy is known to violate in {@link #scenario()}; comment each suppression
   * where you override this. None by default. ({@code model-sound} and {@code deadlock-free} are
   * the checker's and must always hold.)
   */
  default Set<Contract> expectedViolations() {
    return Set.of();
  }

  @Test
  default void explorationIsExhaustive() {
    KlpAssertions.assertThat(report()).isExhaustive();
  }

  @Test
  default void modelIsSound() {
    KlpAssertions.assertThat(report()).holds(BuiltInProperty.MODEL_SOUND.id());
  }

  @Test
  default void noCpuDeadlocks() {
    KlpAssertions.assertThat(report()).holds(BuiltInProperty.DEADLOCK_FREE.id());
  }

  @Test
  default void everyContractIsJudged() {
    List<String> ids = new ArrayList<>();
    report().verdicts().forEach(v -> ids.add(v.property()));
    List<String> expected = new ArrayList<>();
    Contract.all().forEach(c -> expected.add(c.id()));
    expected.add(BuiltInProperty.DEADLOCK_FREE.id());
    expected.add(BuiltInProperty.MODEL_SOUND.id());
    assertThat(ids)
        .as("verdicts of %s", report().machine())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  default void contractsHoldUnlessExpectedToBeViolated() {
    Set<Contract> expected = expectedViolations();
    List<Contract> mustHold = new ArrayList<>();
    for (Contract c : Contract.all()) {
      if (!expected.contains(c)) {
        mustHold.add(c);
      }
    }
    assumeFalse(mustHold.isEmpty(), "every contract is expected to be violated");
    KlpAssertions.assertThat(report()).holds(mustHold.toArray(new Contract[0]));
  }

  @Test
  default void expectedViolationsAreViolated() {
    Set<Contract> expected = expectedViolations();
    assumeFalse(expected.isEmpty(), "no violations expected");
    KlpAssertions.assertThat(report()).violates(expected.toArray(new Contract[0]));
  }

  @Test
  default void counterexamplesReplayToTheirViolation() {
    ContractRun run = ContractRun.of(this);
    CheckReport report = run.report();
    List<PropertyVerdict> violated = new ArrayList<>();
    for (PropertyVerdict v : report.verdicts()) {
      if (v.verdict() == Verdict.VIOLATED) {
        violated.add(v);
      }
    }
    assumeTrue(!violated.isEmpty(), "no counterexample to replay");
    Set<String> monotone = monotoneProperties(run);
    for (PropertyVerdict v : violated) {
      String id = v.property();
      Counterexample cx = v.counterexample().orElseThrow();
      assertThat(cx.property()).as("property of the counterexample of %s", id).isEqualTo(id);
      assertThat(cx.steps()).as("steps of the counterexample of %s", id).isNotEmpty();
      assertThat(cx.events()).as("events of the counterexample of %s", id).isNotEmpty();
      if (!id.equals(BuiltInProperty.MODEL_SOUND.id())
          && !id.equals(BuiltInProperty.DEADLOCK_FREE.id())) {
        assertThat(cx.why()).as("why of the counterexample of %s", id).startsWith(id + ":");
      }
      Checker.Replayed replayed = run.checker().replay(run.machine(), cx.steps());
      if (!replayed.completed()) {
        fail(
            "the counterexample of %s does not replay: %s%n  why: %s",
            id, replayed.failure(), cx.why());
      }
      assertThat(replayed.events())
          .as("events of the replayed counterexample of %s", id)
          .isEqualTo(cx.events());
      if (monotone.contains(id)) {
        assertThat(replayed.violations())
            .as(
                "violations at the end of the replayed counterexample of %s (why: %s)",
                id, cx.why())
            .anyMatch(broken -> broken.startsWith(id + ":"));
      }
    }
  }

  private CheckReport report() {
    return ContractRun.of(this).report();
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
