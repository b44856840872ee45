package dev.klpct.it.findings;

import static dev.klpct.contracts.KlpAssertions.assertThat;
import static dev.klpct.it.findings.SafetyContracts.SAFETY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.trace.TraceEvent;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.StrategyRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the thread found, in the default pair scenario (CPU0 drives two transitions, CPU1 runs T1 in
 * user mode with one kernel episode calling f, which calls g).
 */
class ThreadFindingsTest {
  private static final Map<String, CheckReport> REPORTS = new HashMap<>();

  @BeforeAll
  static void checkEveryThreadStrategy() {
    StrategyRegistry registry = StrategyComponent.builtIn();
    Checker checker = new Checker(CheckOptions.defaults().withThreads(1));
    for (String name : List.of("baseline", "v1", "v2", "mladek", "zijlstra")) {
      REPORTS.put(name, checker.check(KlpMachine.of(registry.get(name), KlpConfig.defaults())));
    }
  }

  private static CheckReport report(String strategy) {
    return REPORTS.get(strategy);
  }

  private static Counterexample counterexample(String strategy, String contract) {
    return report(strategy).verdict(contract).orElseThrow().counterexample().orElseThrow();
  }

  @Test
  void v1HasTheWhoopsie() {
    assertThat(report("v1")).isExhaustive().violates("consistency");
    assertWhoopsie(counterexample("v1", "consistency"), "context_tracking_state_cpu");
  }

  @Test
  void mladekHasTheWhoopsie() {
    assertThat(report("mladek")).isExhaustive().violates("consistency");
    assertWhoopsie(counterexample("mladek", "consistency"), "is_ct_user");
  }

  @Test
  void v2WritesStalePatchStateFromTheDeferredWork() {
    assertThat(report("v2")).isExhaustive().violates("init-undefined", "no-stale-write");
    // Mladek 2021-10-06, point 2: the delayed work on T1's CPU writes patch_state after the
    // driver has reset it, and the next klp_init_transition() finds it defined.
    assertThat(counterexample("v2", "no-stale-write").events())
        .anyMatch(
            e ->
                e.cpu() == 1
                    && e.kind() == TraceEvent.Kind.PRIMITIVE
                    && e.function().equals("__klp_update_patch_state")
                    && e.text().startsWith("WRITE_ONCE(T1->patch_state"));
    assertThat(counterexample("v2", "init-undefined").why())
        .startsWith("init-undefined: klp_init_transition() finds T1->patch_state = KLP_PATCHED");
  }

  @Test
  void baselineIsSafeButDisturbsTheIsolatedCpu() {
    assertThat(report("baseline")).isExhaustive().holds(SAFETY).violates("nohz-undisturbed");
  }

  /**
   * zijlstra keeps every safety contract. Since the first patch's ftrace registration is modelled
   * (issue 9 §1.4), T1 may still be returning from its sync IPI when the first attempt runs, so
   * with the default --signal-after 1 a second failed attempt sends the fake signal; with the
   * kernel's spacing of signals (--signal-after 3 here already) every contract holds.
   */
  @Test
  void zijlstraKeepsEveryContract() {
    assertThat(report("zijlstra")).isExhaustive().holds(SAFETY).violates("nohz-undisturbed");
    assertThat(
            new Checker(CheckOptions.defaults().withThreads(1))
                .check(
                    KlpMachine.of(
                        StrategyComponent.builtIn().get("zijlstra"),
                        KlpConfig.defaults().withSignalAfter(3))))
        .isExhaustive()
        .allContractsHold();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "v1, consistency",
    "mladek, consistency",
    "v2, init-undefined",
    "v2, no-stale-write",
    "baseline, nohz-undisturbed"
  })
  void findingsAreShortestCounterexamples(String strategy, String contract) {
    Counterexample cx = counterexample(strategy, contract);
    assertThat(cx.shortest())
        .as("%s %s is proven shortest (%s)", strategy, contract, cx.why())
        .isTrue();
  }

  @Test
  void whoopsieShapeRejectsOtherTraces() {
    // The shape check must discriminate: v1's trace has no is_ct_user() sample, and v2's
    // consistency violation mixes patch 2 and patch 1 after a stale write, not the original
    // and patch 1 around a racing switch.
    assertThatThrownBy(() -> assertWhoopsie(counterexample("v1", "consistency"), "is_ct_user"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CPU0 samples CPU1 with is_ct_user");
    assertThatThrownBy(
            () -> assertWhoopsie(counterexample("v2", "consistency"), "ct_seq_set_user_work"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("runs f of the original");
  }

  /**
   * The WHOOPSIE of 2021-10-06: CPU0 samples T1's CPU in user mode; T1 then enters the kernel and
   * calls f, whose handler reads the old patch_state; CPU0 writes the new patch_state; T1's call of
   * g reads it and runs patch 1. (The note "runs f of the original" comes at the end of the
   * handler, so it may follow CPU0's write; the read that decided it never does.)
   */
  private static void assertWhoopsie(Counterexample cx, String observer) {
    List<TraceEvent> ev = cx.events();
    String trace = cx.why() + "\n" + String.join("\n", ev.stream().map(Object::toString).toList());
    assertThat(cx.why()).startsWith("consistency:").contains("two patch versions");

    int observed = first(ev, 0, e -> e.cpu() == 0 && e.function().equals(observer));
    assertThat(observed).as("CPU0 samples CPU1 with %s in%n%s", observer, trace).isNotNegative();
    int enters =
        first(
            ev,
            observed + 1,
            e ->
                e.cpu() == 1
                    && e.kind() == TraceEvent.Kind.NOTE
                    && e.text().contains("T1 enters the kernel"));
    assertThat(enters).as("T1 enters the kernel after CPU0's sample in%n%s", trace).isNotNegative();
    int runsF =
        first(
            ev,
            enters + 1,
            e ->
                e.cpu() == 1
                    && e.kind() == TraceEvent.Kind.NOTE
                    && e.text().contains("runs f of the original"));
    assertThat(runsF).as("T1 then runs f of the original in%n%s", trace).isNotNegative();
    int readOld =
        last(
            ev,
            runsF,
            e ->
                e.cpu() == 1
                    && e.function().equals("klp_ftrace_handler")
                    && e.text().equals("READ_ONCE(T1->patch_state) = 0"));
    assertThat(readOld)
        .as("f's handler read the old patch_state after kernel entry in%n%s", trace)
        .isGreaterThan(enters);
    int write =
        first(
            ev,
            readOld + 1,
            e ->
                e.cpu() == 0
                    && e.kind() == TraceEvent.Kind.PRIMITIVE
                    && e.text().startsWith("WRITE_ONCE(T1->patch_state, 1)"));
    assertThat(write)
        .as("CPU0 writes the new T1->patch_state after that read in%n%s", trace)
        .isNotNegative();
    int runsG =
        first(
            ev,
            Math.max(write, runsF) + 1,
            e ->
                e.cpu() == 1
                    && e.kind() == TraceEvent.Kind.NOTE
                    && e.text().contains("runs g of patch 1"));
    assertThat(runsG).as("T1 later runs g of patch 1 in%n%s", trace).isNotNegative();
  }

  private static int first(List<TraceEvent> ev, int from, Predicate<TraceEvent> p) {
    for (int i = from; i < ev.size(); i++) {
      if (p.test(ev.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static int last(List<TraceEvent> ev, int before, Predicate<TraceEvent> p) {
    for (int i = before - 1; i >= 0; i--) {
      if (p.test(ev.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
