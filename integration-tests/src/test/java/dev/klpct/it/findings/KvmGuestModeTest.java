package dev.klpct.it.findings;

import static dev.klpct.contracts.KlpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.checker.trace.TraceEvent;
import dev.klpct.core.KlpMachine;
import dev.klpct.it.Scenario;
import dev.klpct.strategies.StrategyComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §2.1: a KVM vCPU thread on the NOHZ_FULL CPU ({@code --vcpu-tasks 1}), whose kernel
 * episode is a {@code KVM_RUN} that enters guest mode from inside {@code vcpu_run()}. RFC v2
 * 07/11's seq sets {@code CT_SEQ_USER} in guest mode too, so {@code
 * context_tracking_set_cpu_work()} and Mladek's {@code is_ct_user()} succeed there, and the guest
 * exit runs the ct work, while {@code vcpu_run()} (the patched {@code f}, {@code --vcpu-run
 * patched}) is on the vCPU's stack; 2021's {@code CONTEXT_GUEST} is not {@code CONTEXT_USER} for
 * v1. Before this path the options did not exist ({@code Unknown option: '--vcpu-tasks'}) and
 * zijlstra kept every safety contract.
 */
class KvmGuestModeTest {
  private static final String PATCHED = "--vcpu-tasks 1";
  private static final String UNPATCHED = "--vcpu-tasks 1 --vcpu-run unpatched";

  private static CheckReport check(String strategy, String options, MemoryModel model) {
    KlpMachine m =
        KlpMachine.of(StrategyComponent.builtIn().get(strategy), Scenario.parse(options).config());
    return new Checker(CheckOptions.defaults().withMemoryModel(model)).check(m);
  }

  /** The violated contracts with their shortest counterexamples' lengths. */
  private static Map<String, Integer> violated(CheckReport r) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (PropertyVerdict v : r.verdicts()) {
      if (v.verdict() == Verdict.VIOLATED) {
        m.put(v.property(), v.counterexample().orElseThrow().length());
      }
    }
    return m;
  }

  private static void pin(
      String options, MemoryModel model, Map<String, ImmutableMap<String, Integer>> expected) {
    for (Map.Entry<String, ImmutableMap<String, Integer>> e : expected.entrySet()) {
      CheckReport r = check(e.getKey(), options, model);
      assertThat(r).as("%s %s %s", e.getKey(), options, model).isExhaustive();
      assertThat(violated(r))
          .as("%s %s under %s: violated contracts and lengths", e.getKey(), options, model)
          .containsExactlyInAnyOrderEntriesOf(e.getValue());
      for (PropertyVerdict v : r.verdicts()) {
        if (!e.getValue().containsKey(v.property())) {
          // under lkmm a contract not violated is INCONCLUSIVE (the load-buffering guard)
          assertThat(v.verdict())
              .as("%s %s under %s: %s", e.getKey(), options, model, v.property())
              .isIn(
                  model == MemoryModel.LKMM
                      ? List.of(Verdict.HOLDS, Verdict.INCONCLUSIVE)
                      : List.of(Verdict.HOLDS));
        }
      }
    }
  }

  private static ImmutableMap<String, Integer> v2(
      int consistency, int handler, int init, int complete, int stale, int nohz) {
    return ImmutableMap.of(
        "consistency", consistency,
        "handler-defined-state", handler,
        "init-undefined", init,
        "complete-switched", complete,
        "no-stale-write", stale,
        "nohz-undisturbed", nohz);
  }

  private static ImmutableMap<String, Integer> consistencyAndNohz(int consistency, int nohz) {
    return ImmutableMap.of("consistency", consistency, "nohz-undisturbed", nohz);
  }

  @Test
  void everyStrategyWithAVcpuInGuestModeUnderSc() {
    pin(
        PATCHED,
        MemoryModel.SC,
        ImmutableMap.of(
            "baseline", ImmutableMap.of("nohz-undisturbed", 36),
            "v1", consistencyAndNohz(50, 37),
            "mladek", consistencyAndNohz(44, 44),
            "v2", v2(48, 53, 44, 32, 39, 44),
            "zijlstra", consistencyAndNohz(50, 44)));
  }

  @Test
  void everyStrategyWhenOnlyTheExitHandlersArePatchedUnderSc() {
    pin(
        UNPATCHED,
        MemoryModel.SC,
        ImmutableMap.of(
            "baseline", ImmutableMap.of("nohz-undisturbed", 36),
            "v1", consistencyAndNohz(50, 37),
            "mladek", consistencyAndNohz(46, 41),
            "v2", v2(61, 59, 44, 32, 39, 41),
            "zijlstra", ImmutableMap.of("nohz-undisturbed", 41)));
  }

  @Test
  void everyStrategyWithAVcpuInGuestModeUnderTso() {
    pin(
        PATCHED,
        MemoryModel.TSO,
        ImmutableMap.of(
            "baseline", ImmutableMap.of("nohz-undisturbed", 43),
            "v1", consistencyAndNohz(57, 44),
            "mladek", consistencyAndNohz(50, 50),
            "v2", v2(53, 65, 54, 37, 48, 50),
            "zijlstra", consistencyAndNohz(55, 50)));
  }

  @Test
  void zijlstraAndMladekWithAVcpuInGuestModeUnderLkmm() {
    pin(
        PATCHED,
        MemoryModel.LKMM,
        ImmutableMap.of(
            "mladek", consistencyAndNohz(54, 57), "zijlstra", consistencyAndNohz(60, 57)));
  }

  private static List<String> notes(Counterexample cx) {
    return cx.events().stream()
        .filter(e -> e.kind() == TraceEvent.Kind.NOTE)
        .map(TraceEvent::text)
        .toList();
  }

  /**
   * zijlstra's consistency violation is guest mode's: CPU0 posts {@code CT_WORK_KLP} while T1 is in
   * guest mode with {@code f} of the original on its stack, the guest exit runs the work (which
   * switches T1, TIF being set), and the exit handler {@code g} runs the new patch. With nothing
   * klp-managed on the stack in guest mode ({@code --vcpu-run unpatched}) zijlstra keeps every
   * safety contract: switching in guest mode is then as safe as in user mode.
   */
  @Test
  void zijlstraSwitchesAVcpuWhoseGuestRunsInsidePatchedCode() {
    CheckReport r = check("zijlstra", PATCHED, MemoryModel.SC);
    Counterexample cx = r.verdict("consistency").orElseThrow().counterexample().orElseThrow();
    assertThat(notes(cx))
        .containsSubsequence(
            "T1 runs f of the original (patch_state KLP_UNPATCHED)",
            "T1 enters guest mode",
            "T1 runs g of patch 1 (patch_state KLP_PATCHED)");
    assertThat(cx.why()).contains("T1 runs g of patch 1 while f of the original");
    assertThat(check("zijlstra", UNPATCHED, MemoryModel.SC))
        .isExhaustive()
        .holds(
            "consistency",
            "handler-defined-state",
            "init-undefined",
            "complete-switched",
            "no-stale-write",
            "reversal",
            "completes");
  }
}
