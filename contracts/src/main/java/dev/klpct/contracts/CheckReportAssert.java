package dev.klpct.contracts;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.core.Contract;
import dev.klpct.core.KlpMachine;
import dev.klpct.report.StrategyResult;
import dev.klpct.report.TextReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * AssertJ assertions on a {@link CheckReport}; obtain one with {@link
 * KlpAssertions#assertThat(CheckReport)}. Contracts are named by id ({@code consistency}, {@code
 * no-stale-write}, ..., and the checker's own {@code deadlock-free} and {@code model-sound}). Only
 * HOLDS counts as holding: an INCONCLUSIVE verdict fails {@link #holds}, except where the memory
 * model alone cannot decide ({@code lkmm}'s load-buffering guard, {@link
 * CheckReport#unorderedPairs()}, after an exhaustive search): then {@link #holds} aborts the test
 * (JUnit reports it skipped, with the pairs), for it neither passed nor failed. Every failure
 * message shows the whole verdict table with the memory model, and the reason of each
 * counterexample involved; given the machine that was checked ({@link
 * KlpAssertions#assertThat(CheckReport, KlpMachine)}), also each such counterexample as the
 * CPU-column diagram {@code klpct check} prints.
 */
public final class CheckReportAssert extends AbstractAssert<CheckReportAssert, CheckReport> {
  private final @Nullable KlpMachine machine;

  CheckReportAssert(CheckReport actual, @Nullable KlpMachine machine) {
    super(actual, CheckReportAssert.class);
    this.machine = machine;
  }

  /** Verifies that each named contract HOLDS (exhaustively, not INCONCLUSIVE). */
  public CheckReportAssert holds(String... contracts) {
    return expect(Verdict.HOLDS, "hold", contracts);
  }

  /** Verifies that each named contract is VIOLATED. */
  public CheckReportAssert violates(String... contracts) {
    return expect(Verdict.VIOLATED, "be violated", contracts);
  }

  /** Verifies that each contract HOLDS (exhaustively, not INCONCLUSIVE). */
  public CheckReportAssert holds(Contract... contracts) {
    return holds(ids(contracts));
  }

  /** Verifies that each contract is VIOLATED. */
  public CheckReportAssert violates(Contract... contracts) {
    return violates(ids(contracts));
  }

  /** Verifies that each of the checker's own properties HOLDS (exhaustively, not INCONCLUSIVE). */
  public CheckReportAssert holds(BuiltInProperty... properties) {
    String[] ids = new String[properties.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = properties[i].id();
    }
    return holds(ids);
  }

  private static String[] ids(Contract... contracts) {
    String[] ids = new String[contracts.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = contracts[i].id();
    }
    return ids;
  }

  /** Verifies that every verdict in the report, the checker's own included, HOLDS. */
  public CheckReportAssert allContractsHold() {
    isNotNull();
    List<PropertyVerdict> bad = new ArrayList<>();
    for (PropertyVerdict v : actual.verdicts()) {
      if (v.verdict() != Verdict.HOLDS) {
        bad.add(v);
      }
    }
    if (!bad.isEmpty()) {
      fail("Expecting every contract to hold, but " + bad.size() + " did not:", bad);
    }
    return this;
  }

  /**
   * Verifies that the exploration visited every reachable state: no budget ran out and no verdict
   * is INCONCLUSIVE for want of exploration (verdicts the load-buffering guard leaves undecided
   * after an exhaustive search do not count here; {@link #holds} reports them).
   */
  public CheckReportAssert isExhaustive() {
    isNotNull();
    long inconclusive =
        actual.verdicts().stream().filter(v -> v.verdict() == Verdict.INCONCLUSIVE).count();
    if (!actual.stats().exhaustive() || (inconclusive > 0 && !actual.undecidedByLoadBuffering())) {
      fail(
          "Expecting an exhaustive exploration, but it stopped early ("
              + actual.stats().stopReason()
              + ") after "
              + actual.stats().states()
              + " states; "
              + inconclusive
              + " verdict(s) INCONCLUSIVE",
          ImmutableList.of());
    }
    return this;
  }

  /**
   * Verifies that {@code contract} is VIOLATED with a counterexample of at most {@code steps}
   * scheduling steps.
   */
  public CheckReportAssert hasCounterexampleNoLongerThan(String contract, int steps) {
    violates(contract);
    Counterexample cx = verdictOf(contract).counterexample().orElseThrow();
    if (cx.length() > steps) {
      fail(
          "Expecting the counterexample of "
              + contract
              + " to take at most "
              + steps
              + " steps, but it takes "
              + cx.length()
              + ":",
          ImmutableList.of(verdictOf(contract)));
    }
    return this;
  }

  private CheckReportAssert expect(Verdict expected, String verb, String... contracts) {
    isNotNull();
    if (contracts.length == 0) {
      throw new IllegalArgumentException("name at least one contract");
    }
    List<String> unknown = new ArrayList<>();
    List<PropertyVerdict> bad = new ArrayList<>();
    for (String id : contracts) {
      Optional<PropertyVerdict> v = actual.verdict(id);
      if (v.isEmpty()) {
        unknown.add(id);
      } else if (v.get().verdict() != expected) {
        bad.add(v.get());
      }
    }
    if (!unknown.isEmpty()) {
      List<String> known = new ArrayList<>();
      actual.verdicts().forEach(v -> known.add(v.property()));
      failWithMessage(
          "%s",
          "The report has no verdict for "
              + unknown
              + " (known: "
              + String.join(", ", known)
              + ")\n"
              + TextReport.verdictTable(actual));
    }
    if (!bad.isEmpty()
        && expected == Verdict.HOLDS
        && actual.undecidedByLoadBuffering()
        && bad.stream().allMatch(v -> v.verdict() == Verdict.INCONCLUSIVE)) {
      // Neither a pass nor a failure: the memory model cannot decide (docs/memory-models.md).
      Assumptions.abort(
          "Under "
              + actual.memoryModel().id()
              + " "
              + String.join(", ", contracts)
              + " cannot be proven: the view machine orders "
              + actual.unorderedPairs().size()
              + " read-then-store pair(s) the LKMM need not (load buffering), so no contract"
              + " HOLDS there; not violated in any explored execution. First pair: "
              + actual.unorderedPairs().get(0));
    }
    if (!bad.isEmpty()) {
      fail("Expecting " + String.join(", ", contracts) + " to " + verb + ", but:", bad);
    }
    return this;
  }

  private PropertyVerdict verdictOf(String contract) {
    return actual.verdict(contract).orElseThrow();
  }

  private void fail(String headline, List<PropertyVerdict> offending) {
    StringBuilder sb = new StringBuilder(headline).append('\n');
    for (PropertyVerdict v : offending) {
      sb.append(TextReport.verdictLine(v, actual)).append('\n');
    }
    sb.append('\n').append(TextReport.verdictTable(actual));
    if (machine != null) {
      StrategyResult result = StrategyResult.of(machine, actual);
      for (PropertyVerdict v : offending) {
        v.counterexample()
            .ifPresent(
                cx ->
                    sb.append(
                            String.format(
                                Locale.ROOT,
                                "%n%nCounterexample for %s under %s (%d steps, %s):%n%n",
                                v.property(),
                                actual.memoryModel().id(),
                                cx.length(),
                                cx.shortest() ? "shortest" : "not proven shortest"))
                        .append(result.diagram(cx).stripTrailing()));
      }
    }
    failWithMessage("%s", sb.toString());
  }
}
