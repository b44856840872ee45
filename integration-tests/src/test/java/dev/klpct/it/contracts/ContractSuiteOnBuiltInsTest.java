package dev.klpct.it.contracts;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Kernel;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Capability;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Livepatch;
import dev.klpct.api.klp.PatchStateUpdater;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.api.klp.Task;
import dev.klpct.api.klp.TaskSwitcher;
import dev.klpct.contracts.StrategyContract;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.common.SimpleStrategy;
import dev.klpct.strategies.common.StackCheckSwitch;
import java.util.Set;

/**
 * The contract suite on each built-in strategy in the default pair scenario, and on a strategy
 * written here. Each nested class is what a strategy author writes as a top-level test class; the
 * module's Surefire configuration runs nested {@code *Test$*} classes.
 */
class ContractSuiteOnBuiltInsTest {
  private ContractSuiteOnBuiltInsTest() {}

  private static Strategy builtIn(String name) {
    return StrategyComponent.builtIn().get(name);
  }

  /** Zijlstra 2021-10-06 11:04: keeps every contract. */
  static class Zijlstra implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("zijlstra");
    }
  }

  /** Upstream v5.15. */
  static class Baseline implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("baseline");
    }

    // By design: schedule_on_each_cpu() and the fake signals interrupt NOHZ_FULL CPUs, the
    // problem the thread set out to solve.
    @Override
    public Set<String> expectedViolations() {
      return Set.of("nohz-undisturbed");
    }
  }

  /** RFC v1, clear TIF then assign while T runs in user mode. */
  static class V1 implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("v1");
    }

    // consistency: the WHOOPSIE (Mladek 2021-10-06): CPU1 leaves user mode after CPU0 sampled
    // it, calls f with the old state and g with the new one. nohz-undisturbed: the RFC v1
    // context_tracking_state_cpu() is still synchronised with schedule_on_each_cpu().
    @Override
    public Set<String> expectedViolations() {
      return Set.of("consistency", "nohz-undisturbed");
    }
  }

  /** Mladek's is_ct_user() on the RFC v2 seq. */
  static class Mladek implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("mladek");
    }

    // The same WHOOPSIE: is_ct_user() is a sample, T1 may enter the kernel right after it.
    @Override
    public Set<String> expectedViolations() {
      return Set.of("consistency");
    }
  }

  /** RFC v2 09/11, the patch_state assignment deferred to CT_WORK_KLP. */
  static class V2 implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("v2");
    }

    // The deferred __klp_update_patch_state() can run after klp_complete_transition():
    // complete-switched (T1 not switched when the transition completes), no-stale-write (the
    // work writes after the reset; Mladek 2021-10-06 point 2), init-undefined (the next
    // transition finds patch_state defined), and, once patch 2 is on its way,
    // handler-defined-state and consistency.
    @Override
    public Set<String> expectedViolations() {
      return Set.of(
          "complete-switched",
          "no-stale-write",
          "init-undefined",
          "handler-defined-state",
          "consistency");
    }
  }

  /**
   * A user's strategy: Zijlstra's race-to-complete without the {@code smp_rmb()} between the {@code
   * TIF_PATCH_PENDING} test and the {@code klp_target_state} read ([Z1]). The barrier only orders
   * reads under weak memory, so under sequential consistency every contract still holds.
   */
  static class ZijlstraWithoutZ1 implements StrategyContract {
    @Override
    public Strategy strategy() {
      return NoZ1.STRATEGY;
    }
  }

  /** The parts of {@link ZijlstraWithoutZ1}'s strategy, written against the kernel API. */
  private static final class NoZ1 {
    private static final Site PREEMPT =
        Site.of("klp_update_patch_state", "preempt_disable_notrace()");
    private static final Site TEST =
        Site.of("klp_update_patch_state", "arch_test_bit(TIF_PATCH_PENDING)");
    private static final Site TARGET =
        Site.of("klp_update_patch_state", "__READ_ONCE(klp_target_state)");
    private static final Site ASSIGN =
        Site.of("klp_update_patch_state", "task->patch_state = klp_target_state");
    private static final Site Z2 =
        Site.of("klp_update_patch_state", "smp_mb__before_atomic() [Z2]");
    private static final Site CLEAR =
        Site.of("klp_update_patch_state", "arch_clear_bit(TIF_PATCH_PENDING)");
    private static final Site Z3 = Site.of("klp_update_patch_state", "smp_rmb() [Z3]");
    private static final Site PREEMPT_EN =
        Site.of("klp_update_patch_state", "preempt_enable_notrace()");

    /** Posts CT_WORK_KLP to a running task's CPU and races it to the update. */
    private static final TaskSwitcher SWITCHER =
        (k, lp, updater, t) -> {
          if (lp.task_curr(t)) {
            if (lp.contextTracking()
                .context_tracking_set_cpu_work(k, lp.task_cpu(t), Klp.CT_WORK_KLP)) {
              updater.klp_update_patch_state(k, lp, t);
              return 0;
            }
            return -Klp.EBUSY;
          }
          return StackCheckSwitch.assignThenClear(k, lp, t);
        };

    /** The noinstr klp_update_patch_state(), without [Z1]. */
    private static final PatchStateUpdater UPDATER =
        new PatchStateUpdater() {
          @Override
          public void klp_update_patch_state(Kernel k, Livepatch lp, Task task) {
            lp.preempt_disable_notrace(k, PREEMPT);
            if (k.test_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(task), TEST)) {
              k.WRITE_ONCE(
                  lp.patch_state(task), k.READ_ONCE(lp.klp_target_state(), TARGET), ASSIGN);
              k.smp_mb__before_atomic(Z2);
              k.clear_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(task), CLEAR);
            } else {
              k.smp_rmb(Z3);
            }
            lp.preempt_enable_notrace(k, PREEMPT_EN);
          }

          @Override
          public void ct_work_klp(Kernel k, Livepatch lp, Task current) {
            klp_update_patch_state(k, lp, current);
          }
        };

    static final Strategy STRATEGY =
        new SimpleStrategy(
            "zijlstra-no-z1",
            "Zijlstra's race-to-complete without the smp_rmb() [Z1] after the TIF test",
            SWITCHER,
            UPDATER,
            ContextTracking.SEQ_WORK,
            SyncMode.RCU,
            ImmutableSet.of(
                Capability.SWITCHES_RUNNING_TASKS,
                Capability.POSTS_CT_WORK,
                Capability.SENDS_FAKE_SIGNALS));

    private NoZ1() {}
  }
}
