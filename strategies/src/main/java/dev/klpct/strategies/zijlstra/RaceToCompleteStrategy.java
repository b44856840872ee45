package dev.klpct.strategies.zijlstra;

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
import dev.klpct.strategies.common.SimpleStrategy;
import dev.klpct.strategies.common.StackCheckSwitch;

/**
 * Peter Zijlstra, 2021-10-06 11:04 ({@code YV1mmv5QbB/vf3/O@hirez.programming.kicks-ass.net}),
 * domain §4.5: post {@code CT_WORK_KLP}; on success CPU0 calls {@code klp_update_patch_state(T)}
 * while T's CPU, on its next kernel entry, runs the same function from the work before any
 * instrumentable code: "CPU0 and CPU1 race to complete klp_update_patch_state()". The noinstr
 * {@code klp_update_patch_state()}: {@code arch_test_bit}; then {@code smp_rmb()}, assign, {@code
 * smp_mb__before_atomic()}, {@code arch_clear_bit()}; else {@code smp_rmb()}.
 */
final class RaceToCompleteStrategy {
  static final String NAME = "zijlstra";

  private RaceToCompleteStrategy() {}

  private static final Site PREEMPT =
      Site.of("klp_update_patch_state", "preempt_disable_notrace()");
  private static final Site TEST =
      Site.of("klp_update_patch_state", "arch_test_bit(TIF_PATCH_PENDING)");
  private static final Site Z1 = Site.of("klp_update_patch_state", "smp_rmb() [Z1]");
  private static final Site TARGET =
      Site.of("klp_update_patch_state", "__READ_ONCE(klp_target_state)");
  private static final Site ASSIGN =
      Site.of("klp_update_patch_state", "task->patch_state = klp_target_state");
  private static final Site Z2 = Site.of("klp_update_patch_state", "smp_mb__before_atomic() [Z2]");
  private static final Site CLEAR =
      Site.of("klp_update_patch_state", "arch_clear_bit(TIF_PATCH_PENDING)");
  private static final Site Z3 = Site.of("klp_update_patch_state", "smp_rmb() [Z3]");
  private static final Site PREEMPT_EN =
      Site.of("klp_update_patch_state", "preempt_enable_notrace()");

  static final class PostWorkAndRaceSwitcher implements TaskSwitcher {
    @Override
    public int klp_check_and_switch_task(
        Kernel k, Livepatch lp, PatchStateUpdater updater, Task t) {
      if (lp.task_curr(t)) {
        if (lp.contextTracking()
            .context_tracking_set_cpu_work(k, lp.task_cpu(t), Klp.CT_WORK_KLP)) {
          updater.klp_update_patch_state(k, lp, t); // CPU0 races CPU1
          return 0;
        }
        return -Klp.EBUSY;
      }
      return StackCheckSwitch.assignThenClear(k, lp, t);
    }
  }

  static final class NoinstrUpdater implements PatchStateUpdater {
    @Override
    public void klp_update_patch_state(Kernel k, Livepatch lp, Task task) {
      lp.preempt_disable_notrace(k, PREEMPT);
      if (k.test_bit(Klp.TIF_PATCH_PENDING, lp.thread_flags(task), TEST)) {
        k.smp_rmb(Z1);
        k.WRITE_ONCE(lp.patch_state(task), k.READ_ONCE(lp.klp_target_state(), TARGET), ASSIGN);
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
  }

  static Strategy create() {
    return new SimpleStrategy(
        NAME,
        "Zijlstra 2021-10-06 11:04: post CT_WORK_KLP; CPU0 and the task's CPU race to complete"
            + " klp_update_patch_state() before instrumentable code",
        new PostWorkAndRaceSwitcher(),
        new NoinstrUpdater(),
        ContextTracking.SEQ_WORK,
        SyncMode.RCU,
        ImmutableSet.of(
            Capability.SWITCHES_RUNNING_TASKS,
            Capability.POSTS_CT_WORK,
            Capability.SENDS_FAKE_SIGNALS,
            Capability.WAKES_IDLE_CPUS));
  }
}
