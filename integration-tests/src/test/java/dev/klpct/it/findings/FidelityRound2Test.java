package dev.klpct.it.findings;

import static dev.klpct.contracts.KlpAssertions.assertThat;
import static dev.klpct.it.findings.SafetyContracts.SAFETY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.Ablation;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.MetricRange;
import dev.klpct.checker.Verdict;
import dev.klpct.checker.trace.TraceEvent;
import dev.klpct.core.KlpMachine;
import dev.klpct.it.Scenario;
import dev.klpct.strategies.StrategyComponent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 section 1: model defects a kernel review found. Each test failed on the model before its
 * fix (the verdict it asserts was the other way) and says which part of the model decides it.
 */
class FidelityRound2Test {
  private static CheckReport check(String strategy, String options, MemoryModel model) {
    KlpMachine m =
        KlpMachine.of(StrategyComponent.builtIn().get(strategy), Scenario.parse(options).config());
    return new Checker(CheckOptions.defaults().withMemoryModel(model)).check(m);
  }

  /**
   * §1.1: RFC v2 07/11's {@code irqentry_nmi_enter()} runs the context-tracking hook, and with it
   * the pending ct work, before {@code rcu_nmi_enter()}. With 07/11 alone ({@code rcu-eqs-work})
   * RCU does not watch the CPU while the NMI runs the work, so {@code synchronize_rcu()} in {@code
   * klp_complete_transition()} does not wait for it: zijlstra leaks a write into the next
   * transition through an NMI exactly as through a syscall. (Before the fix RCU watched from the
   * NMI's seq increment whatever --sync said, and every contract held.)
   */
  @Test
  void nmiRunsTheCtWorkBeforeRcuWatchesUnder0711Alone() {
    assertThat(check("zijlstra", "--sync rcu-eqs-work --nmi --episodes 0", MemoryModel.SC))
        .isExhaustive()
        .violates("no-stale-write", "init-undefined");
    // With 08/11 the seq increment is RCU's EQS exit: the grace period waits for the work.
    assertThat(check("zijlstra", "--sync rcu --nmi --episodes 0", MemoryModel.SC))
        .isExhaustive()
        .holds(SAFETY);
  }

  /**
   * §1.2: {@code complete-switched} is judged on what the transition CPU sees when it decides to
   * complete, its own buffered stores included. Under tso, v1's remote {@code patch_state}
   * assignment may still sit in CPU0's store buffer at {@code klp_complete_transition()}; judged on
   * memory it looked like an unswitched task (VIOLATED in 15 steps), a completion bug neither sc
   * nor lkmm has.
   */
  @Test
  void completeSwitchedIsJudgedOnWhatTheTransitionCpuSees() {
    for (MemoryModel model : MemoryModel.values()) {
      assertThat(check("v1", "", model))
          .as("v1 under %s", model)
          .isExhaustive()
          .holds("complete-switched")
          .violates("consistency");
    }
    // The judgement still finds a task that is really unswitched (v2's deferred write, V2-C).
    assertThat(check("v2", "--transitions 1", MemoryModel.TSO))
        .isExhaustive()
        .violates("complete-switched");
  }

  /**
   * §1.3: a write of the value {@code patch_state} already holds is judged too. With two NOHZ_FULL
   * CPUs and 07/11 alone, zijlstra's ct work on CPU1 reads the pre-reversal target, the reversal's
   * grace period does not wait for it, {@code klp_start_transition()} sets TIF again for T1 (whose
   * state is the pre-reversal target), and the work then rewrites that same value and clears the
   * new TIF: {@code reversal} is violated (before, the write was exempt as it changed nothing).
   */
  @Test
  void aRewriteOfThePreReversalTargetIsAReversalBug() {
    CheckReport r =
        check(
            "zijlstra",
            "--reverse --sync rcu-eqs-work --transitions 1 --nohz-cpus 2",
            MemoryModel.SC);
    assertThat(r).isExhaustive().violates("reversal", "no-stale-write");
    assertThat(r.verdict("reversal").orElseThrow().counterexample().orElseThrow().why())
        .contains("wrote the pre-reversal target KLP_PATCHED");
  }

  /**
   * §1.4: a function's first patch registers its ftrace ops, whose text modification sends sync
   * IPIs to every other CPU (x86 {@code text_poke_bp_batch()}: three per function), counted as
   * their own metric; the stacked second patch does {@code list_add_rcu()} only. A NOHZ_FULL CPU
   * still returning from such an IPI can make the first attempt fail, so a transition may now take
   * one more failed attempt than the task's syscalls alone explain.
   */
  @Test
  void aFunctionsFirstPatchRegistersItsFtraceOps() {
    CheckReport two = check("zijlstra", "", MemoryModel.SC);
    assertThat(two.metric(KlpMachine.TEXT_POKE_IPIS).orElseThrow())
        .isEqualTo(new MetricRange(KlpMachine.TEXT_POKE_IPIS, 6, 6)); // 2 functions x 3, once
    assertThat(two.metric(KlpMachine.FAILED_ATTEMPTS).orElseThrow().max()).isEqualTo(2);
    CheckReport cpus = check("baseline", "--nohz-cpus 2 --transitions 1", MemoryModel.SC);
    assertThat(cpus.metric(KlpMachine.TEXT_POKE_IPIS).orElseThrow())
        .isEqualTo(new MetricRange(KlpMachine.TEXT_POKE_IPIS, 12, 12));
  }

  /**
   * §1.4: the full barrier of {@code klp_start_transition()}'s {@code pr_notice()} is a scenario
   * option. Without it a second patch's {@code list_add_rcu()} on {@code g}'s {@code func_stack} is
   * not ordered before the relaxed {@code set_bit(TIF_PATCH_PENDING)}: T1 switches and runs {@code
   * f} of patch 2 and {@code g} of patch 1. With it lkmm finds no such execution.
   */
  @Test
  void theConsistencyOfASecondPatchLeansOnThePrintkBarrier() {
    assertThat(check("zijlstra", "--printk off", MemoryModel.LKMM))
        .isExhaustive()
        .violates("consistency");
    assertThat(
            check("zijlstra", "", MemoryModel.LKMM).verdict("consistency").orElseThrow().verdict())
        .isNotEqualTo(Verdict.VIOLATED);
    assertThat(check("zijlstra", "--printk off", MemoryModel.TSO))
        .isExhaustive()
        .holds("consistency");
  }

  /**
   * §1.6: {@code nohz-undisturbed} is NOHZ_FULL's promise, about a CPU whose task runs in user
   * mode. zijlstra with three syscalls sends its fake signal after a failed attempt, which needs T1
   * in the kernel; sent while T1 is still there it is a disturbance only (the shortest
   * counterexample used to be exactly that). It is a violation only once T1 is back in user mode
   * when the IPI is sent, which the kernel allows too (T1 may return between the attempt and {@code
   * klp_send_signals()}); with the kernel's 15 attempts per signal it does not happen here.
   */
  @Test
  void nohzUndisturbedIsAboutTasksInUserMode() {
    CheckReport z = check("zijlstra", "--episodes 3", MemoryModel.SC);
    Counterexample cx = z.verdict("nohz-undisturbed").orElseThrow().counterexample().orElseThrow();
    assertThat(cx.why()).endsWith("while its task runs in user mode");
    List<TraceEvent> ev = cx.events();
    int lastEntry = -1;
    int lastReturn = -1;
    for (int i = 0; i < ev.size(); i++) {
      String t = ev.get(i).text();
      if (ev.get(i).kind() == TraceEvent.Kind.NOTE && t.contains("T1 enters the kernel")) {
        lastEntry = i;
      }
      if (ev.get(i).kind() == TraceEvent.Kind.NOTE && t.contains("T1 is back in user mode")) {
        lastReturn = i;
      }
    }
    assertThat(lastReturn).as("T1 is in user mode when the IPI is sent").isGreaterThan(lastEntry);
    assertThat(z.metric(KlpMachine.DISTURBANCES).orElseThrow().max()).isPositive();
    assertThat(check("zijlstra", "--episodes 3 --signal-after 3", MemoryModel.SC))
        .isExhaustive()
        .holds("nohz-undisturbed");
  }

  /**
   * §1.5: removing the v6.4 {@code smp_wmb()} of {@code klp_reverse_transition()} or the printk
   * barrier of {@code klp_start_transition()} alone breaks nothing under lkmm, because each covers
   * for the other: removing both breaks consistency. Pairwise ablation over the sites whose removal
   * alone broke nothing says so (`klpct ablate --pairwise`). (The {@code smp_wmb()} of {@code
   * klp_init_transition()}, the third of the trio, is now also covered by the full barriers
   * of the first patch's text modification in a one-transition scenario, so it pairs with neither.)
   */
  @Test
  void pairwiseAblationFindsBarriersThatCoverForEachOther() {
    KlpMachine m =
        KlpMachine.of(
            StrategyComponent.builtIn().get("zijlstra"),
            Scenario.parse("--transitions 1 --reverse --reverse-order v6.4").config());
    List<MemoryModel> lkmm = List.of(MemoryModel.LKMM);
    Ablation.Result single = Ablation.run(m, CheckOptions.defaults(), lkmm, line -> {});
    List<Ablation.Row> trio =
        single.rows().stream()
            .filter(
                r ->
                    r.site().function().equals("klp_reverse_transition")
                        || r.site().what().startsWith("pr_notice()")
                        || (r.site().function().equals("klp_init_transition")
                            && r.site().what().equals("smp_wmb()")))
            .toList();
    // Each alone breaks nothing; under lkmm "not needed" is no proof while the load-buffering
    // guard finds unordered pairs, so the rows are INCONCLUSIVE, but not cut short.
    assertThat(trio)
        .hasSize(3)
        .allMatch(
            r -> r.broken().isEmpty() && !r.cutShort() && r.outcome() != Ablation.Outcome.NEEDED,
            "each breaks nothing alone");
    Ablation.Pairwise pairwise =
        Ablation.redundantPairs(
            m,
            CheckOptions.defaults(),
            lkmm,
            new Ablation.Result(ImmutableList.copyOf(trio), single.baseline()),
            line -> {});
    List<Ablation.RedundantPair> pairs = pairwise.pairs();
    assertThat(pairs).hasSize(1);
    // The two pairs with klp_init_transition()'s smp_wmb() break nothing, which under lkmm the
    // load-buffering guard does not let count as a proof: listed as undecided, not dropped.
    assertThat(pairwise.undecided())
        .hasSize(2)
        .allMatch(
            pair ->
                pair.stream()
                    .anyMatch(
                        x ->
                            x.function().equals("klp_init_transition")
                                && x.what().equals("smp_wmb()")));
    Ablation.RedundantPair p = pairs.get(0);
    assertThat(List.of(p.first().function(), p.second().function()))
        .containsExactlyInAnyOrder("klp_reverse_transition", "klp_start_transition");
    assertThat(p.broken()).contains("consistency");
    assertThat(p.model()).isEqualTo(MemoryModel.LKMM);
  }
}
