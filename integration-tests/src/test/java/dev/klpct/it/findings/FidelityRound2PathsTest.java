package dev.klpct.it.findings;

import static dev.klpct.contracts.KlpAssertions.assertThat;
import static dev.klpct.it.findings.SafetyContracts.SAFETY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Kernel;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Livepatch;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.Task;
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
import dev.klpct.strategies.kernel.StackCheckSwitch;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 section 2: paths the 2021 designs must survive that the model could not reach. Each test
 * asserts a verdict or a reachable behaviour that only the new path gives; before it the options
 * did not exist and the scenarios could not be written.
 */
class FidelityRound2PathsTest {
  /**
   * The handler's second {@code smp_rmb()}: {@code func->transition} before {@code patch_state}.
   */
  private static final Site HANDLER_RMB_TRANSITION =
      Site.of("klp_ftrace_handler", "smp_rmb() [transition]");

  /** Its pair: {@code patch_state} initialised before {@code func->transition = true}. */
  private static final Site INIT_WMB = Site.of("klp_init_transition", "smp_wmb()");

  private static CheckReport check(String strategy, String options, MemoryModel model) {
    return check(strategy, options, model, ImmutableSet.of());
  }

  private static CheckReport check(
      String strategy, String options, MemoryModel model, ImmutableSet<Site> weakened) {
    return check(StrategyComponent.builtIn().get(strategy), options, model, weakened);
  }

  private static CheckReport check(
      Strategy strategy, String options, MemoryModel model, ImmutableSet<Site> weakened) {
    KlpMachine m = KlpMachine.of(strategy, Scenario.parse(options).config());
    return new Checker(CheckOptions.defaults().withMemoryModel(model).withWeakened(weakened))
        .check(m);
  }

  private static boolean notes(Counterexample cx, String text) {
    return cx.events().stream()
        .anyMatch(e -> e.kind() == TraceEvent.Kind.NOTE && e.text().contains(text));
  }

  /**
   * §2.2: with a reversal possible at any failed attempt of any transition, zijlstra under 07/11
   * alone ({@code rcu-eqs-work}) breaks {@code reversal} with one NOHZ_FULL CPU: the ct work CPU0
   * posted in transition 1 is still pending when transition 2 starts; CPU1's next entry runs it, it
   * reads the new TIF and {@code klp_target_state}, CPU0 reverses transition 2 and restarts it, and
   * the work then writes the pre-reversal target. {@code --reverse} (transition 1 only, at its
   * first failed attempt) cannot reach it.
   */
  @Test
  void aReversalOfTheSecondTransitionMeetsAStaleCtWork() {
    CheckReport any = check("zijlstra", "--reversals 1 --sync rcu-eqs-work", MemoryModel.SC);
    assertThat(any).isExhaustive().violates("reversal");
    Counterexample cx = any.verdict("reversal").orElseThrow().counterexample().orElseThrow();
    assertThat(notes(cx, "transition 2 is reversed"))
        .as("transition 2 is the one reversed")
        .isTrue();
    assertThat(cx.why()).contains("wrote the pre-reversal target");
    assertThat(check("zijlstra", "--reverse --sync rcu-eqs-work", MemoryModel.SC))
        .isExhaustive()
        .holds("reversal");
  }

  /**
   * §2.2: upstream survives reversing a transition twice (each reversal restarts it and may itself
   * be reversed): baseline keeps every safety contract, and a run may now take more failed attempts
   * than one reversal allows.
   */
  @Test
  void upstreamSurvivesTwoReversalsOfOneTransition() {
    CheckReport twice = check("baseline", "--reversals 2 --transitions 1", MemoryModel.SC);
    assertThat(twice).isExhaustive().holds(SAFETY).holds("completes");
    CheckReport once = check("baseline", "--reverse --transitions 1", MemoryModel.SC);
    assertThat(twice.metric(KlpMachine.FAILED_ATTEMPTS).orElseThrow().max())
        .isGreaterThan(once.metric(KlpMachine.FAILED_ATTEMPTS).orElseThrow().max());
  }

  /**
   * §2.3: a disable transition exercises the handler's second {@code smp_rmb()} and its pairing
   * with {@code klp_init_transition()}'s {@code smp_wmb()}. When a patch is enabled, the handler's
   * first read ({@code func_stack}, which the new patch joins after the {@code transition} writes)
   * already orders its later reads; when it is disabled the patch has long been on {@code
   * func_stack}, so only the second read barrier keeps the handler from reading {@code transition}
   * set and a {@code patch_state} older than {@code klp_init_transition()}'s ({@code
   * KLP_UNDEFINED}: the WARN). Under lkmm, removing either barrier breaks {@code
   * handler-defined-state} with the disable and not without it.
   */
  @Test
  void aDisableNeedsTheHandlersSecondReadBarrier() {
    String disable = "--transitions enable,disable";
    assertThat(
            check("baseline", disable, MemoryModel.LKMM)
                .verdict("handler-defined-state")
                .orElseThrow()
                .verdict())
        .isNotEqualTo(Verdict.VIOLATED);
    for (Site site : new Site[] {HANDLER_RMB_TRANSITION, INIT_WMB}) {
      assertThat(check("baseline", disable, MemoryModel.LKMM, ImmutableSet.of(site)))
          .as("without %s", site)
          .isExhaustive()
          .violates("handler-defined-state");
      assertThat(
              check("baseline", "--transitions 2", MemoryModel.LKMM, ImmutableSet.of(site))
                  .verdict("handler-defined-state")
                  .orElseThrow()
                  .verdict())
          .as("two enables without %s", site)
          .isNotEqualTo(Verdict.VIOLATED);
    }
  }

  /**
   * §2.3: {@code klp_unpatch_func()} unregisters a function's ftrace ops when the disabled patch is
   * its last one (text modification with sync IPIs, the metric {@code text-poke-ipis}); a disable
   * of a stacked patch is {@code list_del_rcu()} only. Upstream keeps every contract but the
   * NOHZ_FULL promise either way.
   */
  @Test
  void disablingTheLastPatchUnregistersItsFtraceOps() {
    CheckReport last = check("baseline", "--transitions enable,disable", MemoryModel.SC);
    assertThat(last).isExhaustive().holds(SAFETY).holds("completes");
    assertThat(last.metric(KlpMachine.TEXT_POKE_IPIS).orElseThrow())
        .isEqualTo(new MetricRange(KlpMachine.TEXT_POKE_IPIS, 12, 12)); // register + unregister
    CheckReport stacked = check("baseline", "--transitions enable,enable,disable", MemoryModel.SC);
    assertThat(stacked).isExhaustive().holds(SAFETY).holds("completes");
    assertThat(stacked.metric(KlpMachine.TEXT_POKE_IPIS).orElseThrow())
        .isEqualTo(new MetricRange(KlpMachine.TEXT_POKE_IPIS, 6, 6)); // patch 1 stays
  }

  /**
   * §2.4: a sleeper asleep inside {@code f} fails the stack check ({@code -EADDRINUSE}) while the
   * transition replaces the {@code f} on its stack, so the transition waits for it to wake. With no
   * fake signal within the retries ({@code --signal-after 64}) an execution in which it does not
   * wake by itself leaves the transition incomplete, for zijlstra, which needs no signal for its
   * NOHZ_FULL task; with the fake signal every execution completes ({@code set_notify_signal()}'s
   * {@code wake_up_state()} wakes it, it returns from {@code f} and switches itself in {@code
   * exit_to_user_mode_loop()}). Before the option existed sleepers always passed the stack check.
   */
  @Test
  void aSleeperInFBlocksTheTransitionUntilTheFakeSignalWakesIt() {
    String noSignal = "--transitions 1 --signal-after 64";
    assertThat(check("zijlstra", noSignal, MemoryModel.SC)).isExhaustive().holds("completes");
    assertThat(check("zijlstra", noSignal + " --sleeping-tasks 1", MemoryModel.SC))
        .isExhaustive()
        .holds("completes");
    CheckReport blocked = check("zijlstra", noSignal + " --sleepers-in-f 1", MemoryModel.SC);
    assertThat(blocked).isExhaustive().violates("completes").holds(SAFETY);
    Counterexample cx = blocked.verdict("completes").orElseThrow().counterexample().orElseThrow();
    assertThat(notes(cx, "klp_check_and_switch_task(W1) = -" + Klp.EADDRINUSE))
        .as("the stack check fails on the sleeper")
        .isTrue();
    CheckReport signalled = check("zijlstra", "--transitions 1 --sleepers-in-f 1", MemoryModel.SC);
    assertThat(signalled).isExhaustive().holds("completes").holds(SAFETY);
    assertThat(signalled.metric(KlpMachine.FAILED_ATTEMPTS).orElseThrow().max())
        .as("a run that waits for the fake signal")
        .isGreaterThanOrEqualTo(2);
  }

  /**
   * §2.4 and the contracts: a sleeper that wakes by itself in {@code f} goes on to call {@code g}
   * through the handler, so a switch that lands while {@code f} is on its stack is seen by {@code
   * consistency}. A variant of baseline that switches non-running tasks without {@code
   * klp_check_stack()} breaks it with a sleeper in {@code f} (the woken task runs the original
   * {@code f} and patch 1's {@code g}), and with the sleepers the model had before (outside any
   * patched function) breaks nothing.
   */
  @Test
  void aSwitchUnderTheSleepersFrameIsAConsistencyViolation() {
    Strategy noStackCheck =
        StrategyComponent.builtIn().get("baseline").toBuilder()
            .name("baseline.no-stack-check")
            .taskSwitcher(FidelityRound2PathsTest::switchWithoutStackCheck)
            .build();
    String options = "--transitions 1";
    assertThat(
            check(noStackCheck, options + " --sleeping-tasks 1", MemoryModel.SC, ImmutableSet.of()))
        .isExhaustive()
        .holds(SAFETY);
    CheckReport inF =
        check(noStackCheck, options + " --sleepers-in-f 1", MemoryModel.SC, ImmutableSet.of());
    assertThat(inF).isExhaustive().violates("consistency");
    Counterexample cx = inF.verdict("consistency").orElseThrow().counterexample().orElseThrow();
    assertThat(cx.why()).contains("W1 runs g of patch 1 while f of the original");
    assertThat(check("baseline", options + " --sleepers-in-f 1", MemoryModel.SC))
        .isExhaustive()
        .holds(SAFETY);
  }

  /** Upstream's switch of a task that is not running, without its {@code klp_check_stack()}. */
  private static int switchWithoutStackCheck(Kernel k, Livepatch lp, Task t) {
    if (lp.task_curr(t)) {
      return -Klp.EBUSY;
    }
    k.clear_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(t), Site.in("klp_check_and_switch_task"));
    k.WRITE_ONCE(
        lp.patch_state(t),
        k.READ_ONCE(lp.klp_target_state(), Site.in("klp_check_and_switch_task")),
        Site.in("klp_check_and_switch_task"));
    return 0;
  }

  /**
   * §2.5: the kworker running the transition is {@code current} on CPU0 and has {@code
   * TIF_PATCH_PENDING} set like every task. With v5.15's {@code task != current} clause CPU0
   * stack-checks it (no patched function on its stack) and switches it, and every strategy
   * completes as before; without it (RFC v2 03/11 as first posted) it is "running" at every
   * attempt, no strategy's remote path can switch a task on a CPU without context tracking, a
   * kthread never passes an exit to user mode, and no strategy completes the first transition. A
   * strategy that applies the clause itself through {@code Livepatch.is_current()} completes even
   * then.
   */
  @Test
  void theKworkerSwitchesItselfOnlyWithTheCurrentClause() {
    for (String strategy : new String[] {"baseline", "v1", "v2", "mladek", "zijlstra"}) {
      assertThat(check(strategy, "--transitions 1 --kworker on", MemoryModel.SC))
          .as(strategy)
          .isExhaustive()
          .holds("completes");
      CheckReport posted =
          check(strategy, "--transitions 1 --kworker no-current-clause", MemoryModel.SC);
      assertThat(posted).as(strategy).isExhaustive().violates("completes");
      Counterexample cx = posted.verdict("completes").orElseThrow().counterexample().orElseThrow();
      assertThat(notes(cx, "klp_check_and_switch_task(kworker/0:1) = -" + Klp.EBUSY))
          .as("%s: CPU0's own task is busy", strategy)
          .isTrue();
    }
    Strategy ownClause =
        StrategyComponent.builtIn().get("baseline").toBuilder()
            .name("baseline.own-clause")
            .taskSwitcher(
                (k, lp, t) ->
                    lp.task_curr(t) && !lp.is_current(k, t)
                        ? -Klp.EBUSY
                        : StackCheckSwitch.clearThenAssign(k, lp, t))
            .build();
    assertThat(
            check(
                ownClause,
                "--transitions 1 --kworker no-current-clause",
                MemoryModel.SC,
                ImmutableSet.of()))
        .isExhaustive()
        .holds("completes")
        .holds(SAFETY);
  }
}
