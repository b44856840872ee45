package dev.klpct.strategies.kernel;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.klpct.api.klp.Klp.TIF_PATCH_PENDING;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Kernel;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Livepatch;
import dev.klpct.api.klp.PatchStateUpdater;
import dev.klpct.api.klp.Task;

/**
 * The {@code klp_update_patch_state()} functions of the October 2021 thread, side by side, each as
 * its commit or mail has it, with the mails' reasons for each barrier beside it. Where they differ
 * is the research: how {@code TIF_PATCH_PENDING} is tested and cleared, and which barrier orders
 * what. Each is stateless and deterministic.
 *
 * <p>Every one runs inside {@code preempt_disable_notrace()}: "A variant of synchronize_rcu() is
 * used to allow patching functions where RCU is not watching, see klp_synchronize_transition()"
 * (kernel/livepatch/transition.c), so {@code klp_synchronize_transition()} waits for an update in
 * progress.
 *
 * <p>The barriers are labelled {@link Site}s, so that {@code klpct ablate} names them and {@link
 * #withoutBarriers} can take them out: {@code withoutBarriers(noinstrRace(), Z1)} is Zijlstra's
 * function without its first {@code smp_rmb()}, as if written without it.
 */
public final class PatchStateUpdaters {
  private PatchStateUpdaters() {}

  private static final Site SITE = Site.in("klp_update_patch_state");

  /**
   * The fully ordered {@code test_and_clear_tsk_thread_flag()} of {@link #upstream()}, the read
   * barrier its in-source comment relies on.
   */
  public static final Site TEST_AND_CLEAR =
      SITE.label("test_and_clear_tsk_thread_flag(TIF_PATCH_PENDING)");

  /** The {@code smp_rmb()} Petr Mladek asked for in {@link #testRmbAssignClear()}. */
  public static final Site TEST_RMB = SITE.label("smp_rmb()");

  /** [Z1] of {@link #noinstrRace()}: the {@code TIF_PATCH_PENDING} test before the target read. */
  public static final Site Z1 = SITE.label("smp_rmb() [Z1]");

  /** [Z2] of {@link #noinstrRace()}: the {@code patch_state} write before the clear. */
  public static final Site Z2 = SITE.label("smp_mb__before_atomic() [Z2]");

  /** [Z3] of {@link #noinstrRace()}: the clear {@code TIF_PATCH_PENDING} before later reads. */
  public static final Site Z3 = SITE.label("smp_rmb() [Z3]");

  private static final Site WORK = Site.in("__klp_update_patch_state");

  /**
   * Upstream's, as in v5.15 and still today (baseline, v1): {@code if
   * (test_and_clear_tsk_thread_flag(task, TIF_PATCH_PENDING)) task->patch_state =
   * READ_ONCE(klp_target_state);}. Never posts {@code CT_WORK_KLP}.
   */
  public static PatchStateUpdater upstream() {
    return Upstream.INSTANCE;
  }

  /**
   * RFC v2 09/11 (v2, 2021-09-29): test, assign, clear, without barriers; its {@code CT_WORK_KLP}
   * is {@code __klp_update_patch_state(current)}, the assignment without the test.
   */
  public static PatchStateUpdater testAssignClear() {
    return TestAssignClear.INSTANCE;
  }

  /**
   * Petr Mladek's (2021-10-06 10:12): RFC v2 09/11's test, assign, clear, with the {@code
   * smp_rmb()} ({@link #TEST_RMB}) the test needs. Never posts {@code CT_WORK_KLP}.
   */
  public static PatchStateUpdater testRmbAssignClear() {
    return TestRmbAssignClear.INSTANCE;
  }

  /**
   * Peter Zijlstra's noinstr one (2021-10-06 11:04): test; {@code smp_rmb()} ({@link #Z1}), assign,
   * {@code smp_mb__before_atomic()} ({@link #Z2}), clear; else {@code smp_rmb()} ({@link #Z3}). Its
   * {@code CT_WORK_KLP} is the same function on the task's own CPU: "CPU0 and CPU1 race to complete
   * klp_update_patch_state()".
   */
  public static PatchStateUpdater noinstrRace() {
    return NoinstrRace.INSTANCE;
  }

  /**
   * {@code updater} without the barriers ({@code smp_mb()}, {@code smp_rmb()}, {@code smp_wmb()},
   * {@code smp_mb__before_atomic()}, {@code smp_mb__after_atomic()}) it calls at {@code barriers},
   * as if its source had no such line; its other calls, at these sites or not, run as written. In
   * {@code klp_update_patch_state()} and in its {@code CT_WORK_KLP} work alike.
   *
   * @param barriers labelled sites of {@code updater}'s barriers, e.g. {@link #Z1}
   */
  public static PatchStateUpdater withoutBarriers(PatchStateUpdater updater, Site... barriers) {
    checkArgument(barriers.length > 0, "withoutBarriers() needs a barrier to take out");
    return new WithoutBarriers(updater, ImmutableSet.copyOf(barriers));
  }

  /**
   * v5.15 kernel/livepatch/transition.c. The test_and_clear "also serves as a read barrier", the
   * comment says, for the two reads that follow the test of {@code TIF_PATCH_PENDING}: the {@code
   * klp_target_state} read here (pairs with the {@code smp_wmb()} in {@code klp_init_transition()},
   * and since v6.4 in {@code klp_reverse_transition()}) and a later {@code func->transition} read
   * by {@code klp_ftrace_handler()} on this CPU (see {@code __klp_disable_patch()}).
   */
  private enum Upstream implements PatchStateUpdater {
    INSTANCE;

    @Override
    public void klp_update_patch_state(Kernel k, Livepatch lp, Task task) {
      lp.preempt_disable_notrace(k, SITE);
      // also a read barrier: TIF_PATCH_PENDING before klp_target_state (and func->transition)
      if (k.test_and_clear_bit(TIF_PATCH_PENDING, lp.thread_flags(task), TEST_AND_CLEAR)) {
        k.WRITE_ONCE(lp.patch_state(task), k.READ_ONCE(lp.klp_target_state(), SITE), SITE);
      }
      lp.preempt_enable_notrace(k, SITE);
    }
  }

  /**
   * RFC v2 09/11 "context_tracking,livepatch: Dont disturb NOHZ_FULL"
   * (20210929152429.067060646@infradead.org): the test_and_clear became a test, the assignment and
   * a clear, and the barrier went with it, which Mladek's review pointed out (see {@link
   * TestRmbAssignClear}).
   */
  private enum TestAssignClear implements PatchStateUpdater {
    INSTANCE;

    @Override
    public void klp_update_patch_state(Kernel k, Livepatch lp, Task task) {
      lp.preempt_disable_notrace(k, SITE);
      if (k.test_bit(TIF_PATCH_PENDING, lp.thread_flags(task), SITE)) {
        k.WRITE_ONCE(lp.patch_state(task), k.READ_ONCE(lp.klp_target_state(), SITE), SITE);
        k.clear_bit(TIF_PATCH_PENDING, lp.thread_flags(task), SITE);
      }
      lp.preempt_enable_notrace(k, SITE);
    }

    /**
     * {@code __klp_update_patch_state(current)}, run by {@code ct_exit_user_work()} on the task's
     * next kernel entry: the assignment, unconditionally; the switcher cleared TIF already.
     */
    @Override
    public void ct_work_klp(Kernel k, Livepatch lp, Task current) {
      k.WRITE_ONCE(lp.patch_state(current), k.READ_ONCE(lp.klp_target_state(), WORK), WORK);
    }
  }

  /**
   * Petr Mladek, 2021-10-06 10:12 ({@code YV1aYaHEynjSAUuI@alley}), reviewing RFC v2 09/11: the
   * same test, assignment and clear, called remotely by her {@code is_ct_user()} switcher as well.
   */
  private enum TestRmbAssignClear implements PatchStateUpdater {
    INSTANCE;

    @Override
    public void klp_update_patch_state(Kernel k, Livepatch lp, Task task) {
      lp.preempt_disable_notrace(k, SITE);
      if (k.test_bit(TIF_PATCH_PENDING, lp.thread_flags(task), SITE)) {
        // "This would require smp_rmb() here. It will make sure that we will read the right
        // @klp_target_state when TIF_PATCH_PENDING is set." klp_init_transition() writes the
        // target and klp_start_transition() sets the flag later, with the smp_wmb() of
        // klp_init_transition() and of __klp_enable_patch() between them.
        k.smp_rmb(TEST_RMB);
        k.WRITE_ONCE(lp.patch_state(task), k.READ_ONCE(lp.klp_target_state(), SITE), SITE);
        // No smp_wmb() before the clear: klp_complete_transition() calls
        // klp_synchronize_transition() "aka synchronize_rcu()" before it resets
        // klp_target_state. "This is why the original code worked."
        k.clear_bit(TIF_PATCH_PENDING, lp.thread_flags(task), SITE);
      }
      lp.preempt_enable_notrace(k, SITE);
    }
  }

  /**
   * Peter Zijlstra, 2021-10-06 11:04 ({@code YV1mmv5QbB/vf3/O@hirez.programming.kicks-ass.net}),
   * the seed of the thread: a noinstr {@code klp_update_patch_state()} that the task's CPU runs
   * from {@code CT_WORK_KLP} before any instrumentable code, while the transition CPU may run it
   * for the same task. {@code arch_test_bit()}, {@code __READ_ONCE()} and {@code arch_clear_bit()}
   * are {@code test_bit}, {@code READ_ONCE} and {@code clear_bit} here; the plain assignment a
   * {@code WRITE_ONCE}.
   */
  private enum NoinstrRace implements PatchStateUpdater {
    INSTANCE;

    @Override
    public void klp_update_patch_state(Kernel k, Livepatch lp, Task task) {
      lp.preempt_disable_notrace(k, SITE);
      if (k.test_bit(TIF_PATCH_PENDING, lp.thread_flags(task), SITE)) {
        // Order loads of TIF_PATCH_PENDING vs klp_target_state. See klp_init_transition().
        k.smp_rmb(Z1);
        k.WRITE_ONCE(lp.patch_state(task), k.READ_ONCE(lp.klp_target_state(), SITE), SITE);
        // Concurrent against self; must observe updated task->patch_state if
        // !TIF_PATCH_PENDING. (Mladek, 12:29: smp_wmb() would do, as the writer set patch_state
        // itself; Peter, 13:41: both are NOPs on the same architectures.)
        k.smp_mb__before_atomic(Z2);
        k.clear_bit(TIF_PATCH_PENDING, lp.thread_flags(task), SITE);
      } else {
        k.smp_rmb(Z3); // see smp_mb__before_atomic() above
      }
      lp.preempt_enable_notrace(k, SITE);
    }

    /** The same function on the task's CPU: both CPUs write the same value; either may win. */
    @Override
    public void ct_work_klp(Kernel k, Livepatch lp, Task current) {
      klp_update_patch_state(k, lp, current);
    }
  }

  /** An updater run on a kernel that drops its barrier calls at some sites. */
  private record WithoutBarriers(PatchStateUpdater updater, ImmutableSet<Site> omitted)
      implements PatchStateUpdater {
    @Override
    public void klp_update_patch_state(Kernel k, Livepatch lp, Task task) {
      updater.klp_update_patch_state(new BarrierOmittingKernel(k, omitted), lp, task);
    }

    @Override
    public void ct_work_klp(Kernel k, Livepatch lp, Task current) {
      updater.ct_work_klp(new BarrierOmittingKernel(k, omitted), lp, current);
    }
  }
}
