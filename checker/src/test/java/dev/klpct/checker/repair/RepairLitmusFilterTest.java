package dev.klpct.checker.repair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.litmus.LitmusMachine;
import dev.klpct.checker.litmus.LitmusParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The litmus filter saves exhaustive checks, and no answer of repair rests on it. Message passing
 * without barriers needs a change on each CPU, so no single change repairs it: with the filter on,
 * every single is set aside (each leaves the test Sometimes), and "no repair" would rest on the
 * filter alone.
 */
class RepairLitmusFilterTest {
  private static final String MP =
      """
      C MP+poonceonces
      {}
      P0(int *x, int *y) { WRITE_ONCE(*x, 1); WRITE_ONCE(*y, 1); }
      P1(int *x, int *y) { int r0; int r1; r0 = READ_ONCE(*y); r1 = READ_ONCE(*x); }
      exists (1:r0=1 /\\ 1:r1=0)
      """;

  private static Repair.Result repair(int maxChanges, boolean litmusFilter) throws Exception {
    return Repair.run(
        new LitmusMachine(LitmusParser.parse("MP+poonceonces.litmus", MP)),
        CheckOptions.defaults(),
        List.of(MemoryModel.LKMM),
        maxChanges,
        litmusFilter,
        line -> {});
  }

  @Test
  void noRepairThatRestsOnTheFilterAloneIsInconclusive() throws Exception {
    Repair.Result r = repair(1, true);

    assertThat(r.repairs()).isEmpty();
    assertThat(r.filtered()).isPositive();
    assertThat(r.filterOnly()).isTrue();
    assertThat(r.outcome()).isEqualTo(Repair.Outcome.INCONCLUSIVE);
  }

  @Test
  void withoutTheFilterEveryCandidateIsCheckedAndNoRepairIsAnAnswer() throws Exception {
    Repair.Result r = repair(1, false);

    assertThat(r.filtered()).isZero();
    assertThat(r.checks()).isEqualTo(r.candidates());
    assertThat(r.filterOnly()).isFalse();
    assertThat(r.outcome()).isEqualTo(Repair.Outcome.NO_REPAIR);
    assertThat(r.litmus()).as("the reordering as a litmus test, filter or not").isPresent();
  }

  /** The filter changes how many checks are run, not which minimal repairs are reported. */
  @Test
  void theRepairsFoundWithTheFilterAreMinimalRepairsFoundWithoutIt() throws Exception {
    Repair.Result filtered = repair(2, true);
    Repair.Result all = repair(2, false);

    assertThat(filtered.outcome()).isEqualTo(Repair.Outcome.REPAIRED);
    assertThat(all.outcome()).isEqualTo(Repair.Outcome.REPAIRED);
    assertThat(all.repairs()).containsAll(filtered.repairs());
    assertThat(filtered.checks()).isLessThan(all.checks());
    // Each repair is a change on each CPU: MP needs both sides ordered.
    assertThat(all.repairs()).allSatisfy(f -> assertThat(f.changes()).hasSize(2));
  }
}
