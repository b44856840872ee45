package dev.klpct.core;

import static dev.klpct.api.klp.Klp.KLP_PATCHED;
import static dev.klpct.api.klp.Klp.KLP_UNDEFINED;
import static dev.klpct.api.klp.Klp.KLP_UNPATCHED;
import static dev.klpct.api.klp.Klp.TIF_NOTIFY_SIGNAL;
import static dev.klpct.api.klp.Klp.TIF_PATCH_PENDING;
import static dev.klpct.api.klp.Klp.stateName;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Capability;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.api.klp.Task;
import dev.klpct.api.program.CpuProgram;

/*
 * The transition CPU (CPU0, holding klp_mutex): kernel/livepatch/transition.c and core.c as of
 * v5.15, domain.md §2.1. Per transition i (enabling patch i):
 *
 *   klp_init_transition     target = PATCHED; each task: WARN_ON_ONCE(ps != UNDEFINED),
 *                           ps = UNPATCHED; smp_wmb(); each func: transition = true
 *   __klp_enable_patch      smp_wmb(); klp_patch_object(): list_add_rcu on func_stack
 *   klp_start_transition    pr_notice() (a full barrier: printk's ring buffer reservation);
 *                           each task with ps != target: set_tsk_thread_flag(TIF_PATCH_PENDING)
 *   klp_try_complete_transition, then up to --retries delayed retries:
 *                           each task: klp_try_switch_task() -> the strategy's TaskSwitcher;
 *                           if incomplete: klp_send_signals() when
 *                           klp_signals_cnt && !(klp_signals_cnt % --signal-after)
 *   [--reverse, first transition, first failed attempt] klp_reverse_transition()
 *   klp_complete_transition [UNPATCHED: klp_unpatch_objects(); klp_synchronize_transition()]
 *                           each func: transition = false; [PATCHED: klp_synchronize_transition()]
 *                           each task: WARN_ON_ONCE(TIF), ps = UNDEFINED; target = UNDEFINED
 *
 * Timing assumption (fairness): the delayed work runs about a second after a failed attempt,
 * while a kernel episode, an NMI or the handling of an IPI takes microseconds. So a retry starts
 * only once every NOHZ_FULL CPU is back in user mode with no IPI pending. Without it, a bounded
 * exploration would report every strategy as never completing, because CPU1 could be inside a
 * syscall at every retry.
 *
 * Not modelled: klp_mutex (one transition runs at a time by construction), the transition
 * CPU's own task (the kworker / sysfs writer, "current"), idle tasks, pre/post callbacks,
 * klp_cancel_transition, klp_force_transition, module loading.
 */

/**
 * The livepatch transition driver on CPU0. One routine per kernel function or per task of a
 * per-task loop; loop indices live in registers.
 */
final class TransitionDriver implements CpuProgram {
  static final Site INIT_PS = Site.of("klp_init_transition", "task->patch_state = initial");
  static final Site RESET_PS =
      Site.of("klp_complete_transition", "task->patch_state = KLP_UNDEFINED");
  private static final Site INIT_TARGET =
      Site.of("klp_init_transition", "klp_target_state = state");
  private static final Site INIT_WARN =
      Site.of("klp_init_transition", "WARN_ON_ONCE(task->patch_state != KLP_UNDEFINED)");
  private static final Site INIT_WMB = Site.of("klp_init_transition", "smp_wmb()");
  private static final Site WAKE_IDLE_ORDER =
      Site.of("wake_up_if_idle", "IPI send orders earlier stores (arch barrier)");
  private static final Site SIG_KICK_ORDER =
      Site.of("kick_process", "IPI send orders earlier stores (arch barrier)");
  private static final Site SYNC_QUEUE_ORDER =
      Site.of("schedule_on_each_cpu", "queue_work_on orders earlier stores");
  static final Site DELAY_PROPAGATE =
      Site.of("klp_transition_work_fn", "~1 s later: every store has propagated");
  static final Site SYNC_PROPAGATE =
      Site.of("klp_synchronize_transition", "grace period over: every CPU's stores visible");
  private static final Site RCU_QS =
      Site.of(
          "synchronize_rcu",
          "quiescent-state report: the CPU noticed the grace period, full barrier");
  static final Site SYNC_MB_BEFORE =
      Site.of("klp_synchronize_transition", "full barrier at the start of the wait");
  static final Site SYNC_MB_AFTER =
      Site.of("klp_synchronize_transition", "full barrier at the end of the wait");
  private static final Site INIT_TRANSITION =
      Site.of("klp_init_transition", "func->transition = true");
  private static final Site ENABLE_WMB = Site.of("__klp_enable_patch", "smp_wmb()");
  private static final Site PATCH_FUNC =
      Site.of("klp_patch_func", "list_add_rcu(&func->stack_node, &ops->func_stack)");
  private static final Site START_READ =
      Site.of("klp_start_transition", "task->patch_state != klp_target_state");
  private static final Site START_SET =
      Site.of("klp_start_transition", "set_tsk_thread_flag(TIF_PATCH_PENDING)");

  /**
   * The {@code pr_notice("'%s': starting %s transition")} at the top of {@code
   * klp_start_transition()}: printk stores the record in its ring buffer, whose {@code
   * desc_reserve()} reserves a descriptor with a fully ordered {@code atomic_long_try_cmpxchg()}
   * (LMM(desc_reserve:D), kernel/printk/printk_ringbuffer.c since v5.10). So a full barrier
   * separates {@code klp_patch_object()}'s {@code list_add_rcu()} calls from the TIF sets below,
   * although livepatch never says it relies on it. Inferred from the kernel source (domain.md is
   * silent on it).
   */
  static final Site START_PRINTK =
      Site.of("klp_start_transition", "pr_notice() [printk's desc_reserve() cmpxchg]");

  private static final Site TRY_READ =
      Site.of("klp_try_switch_task", "task->patch_state == klp_target_state");
  private static final Site WAKE_IDLE =
      Site.of("wake_up_if_idle", "send_call_function_single_ipi(cpu)");
  private static final Site SIG_TEST = Site.of("klp_send_signals", "klp_patch_pending(task)");
  private static final Site SIG_SET =
      Site.of("set_notify_signal", "test_and_set_tsk_thread_flag(TIF_NOTIFY_SIGNAL)");
  private static final Site SIG_KICK = Site.of("kick_process", "smp_send_reschedule(task_cpu(p))");
  private static final Site DELAY_USER =
      Site.of("klp_transition_work_fn", "~1 s later: CPU back in user mode");
  private static final Site DELAY_IPI =
      Site.of("klp_transition_work_fn", "~1 s later: no IPI pending");
  private static final Site REVERSE_TARGET =
      Site.of("klp_reverse_transition", "klp_target_state = !klp_target_state");
  private static final Site REVERSE_CLEAR =
      Site.of("klp_reverse_transition", "clear_tsk_thread_flag(TIF_PATCH_PENDING)");
  private static final Site REVERSE_WMB = Site.of("klp_reverse_transition", "smp_wmb()");
  private static final Site UNPATCH_FUNC =
      Site.of("klp_unpatch_func", "list_del_rcu(&func->stack_node)");
  private static final Site COMPLETE_TRANSITION =
      Site.of("klp_complete_transition", "func->transition = false");
  private static final Site COMPLETE_WARN =
      Site.of("klp_complete_transition", "WARN_ON_ONCE(test_tsk_thread_flag(TIF_PATCH_PENDING))");
  private static final Site COMPLETE_TARGET =
      Site.of("klp_complete_transition", "klp_target_state = KLP_UNDEFINED");
  private static final Site SYNC_QUEUE =
      Site.of("schedule_on_each_cpu", "queue_work_on(cpu, klp_sync)");
  private static final Site SYNC_FLUSH =
      Site.of("schedule_on_each_cpu", "flush_work(klp_sync on cpu)");
  private static final Site RCU_WAIT =
      Site.of("synchronize_rcu", "wait for a quiescent state of every CPU RCU watches");

  // registers
  private static final int R_PHASE = 0;
  private static final int R_I = 1;
  private static final int R_TRANS = 2;
  private static final int R_TARGET = 3;
  private static final int R_CNT = 4;
  private static final int R_ATTEMPTS = 5;
  private static final int R_COMPLETE = 6;
  private static final int R_MASK = 7;
  private static final int R_CONT = 8;
  private static final int R_REVERSED = 9;
  private static final int R_STACK = 10;
  private static final int R_AFTER_START = 11;
  private static final int REGISTERS = 12;

  // phases
  private static final int P_NEXT = 0;
  private static final int P_INIT = 1;
  private static final int P_INIT_TASK = 2;
  private static final int P_INIT_FUNCS = 3;
  private static final int P_ENABLE = 4;
  private static final int P_START = 5;
  private static final int P_START_TASK = 6;
  private static final int P_ATTEMPT = 7;
  private static final int P_TRY_TASK = 8;
  private static final int P_ATTEMPT_END = 9;
  private static final int P_SIGNALS = 10;
  private static final int P_DELAY = 11;
  private static final int P_REVERSE = 12;
  private static final int P_REVERSE_CLEAR = 13;
  private static final int P_REVERSE_AFTER_SYNC = 14;
  private static final int P_COMPLETE = 15;
  private static final int P_COMPLETE_FUNCS = 16;
  private static final int P_RESET_BEGIN = 17;
  private static final int P_RESET = 18;
  private static final int P_COMPLETE_END = 19;
  private static final int P_SYNC = 20;
  private static final int P_SYNC_WAIT = 21;
  private static final int P_DONE = 22;
  private static final int P_GAVE_UP = 23;

  private final LivepatchModel m;

  TransitionDriver(LivepatchModel m) {
    this.m = m;
  }

  @Override
  public String name() {
    return "CPU0 (klp transition)";
  }

  @Override
  public int registers() {
    return REGISTERS;
  }

  @Override
  public String describe(int[] r) {
    return name() + (r[R_PHASE] == P_SYNC_WAIT ? " in klp_synchronize_transition()" : "");
  }

  private static void go(Kernel k, int phase) {
    k.setReg(R_PHASE, phase);
  }

  private void setPhase(Kernel k, int kind) {
    k.setGhost(m.phase, (k.reg(R_TRANS) << 3) | kind);
  }

  @Override
  public boolean step(Kernel k) {
    int i = k.reg(R_I);
    int nTasks = m.tasks.size();
    switch (k.reg(R_PHASE)) {
      case P_NEXT -> {
        int next = k.reg(R_TRANS) + 1;
        if (next > m.config.transitions()) {
          go(k, P_DONE);
          return true;
        }
        k.setReg(R_TRANS, next);
        k.setReg(R_ATTEMPTS, 0);
        k.setReg(R_REVERSED, 0);
        go(k, P_INIT);
      }
      case P_INIT -> {
        if (k.tracing()) {
          k.note("transition " + k.reg(R_TRANS) + ": enable patch " + k.reg(R_TRANS));
        }
        k.WRITE_ONCE(m.target, KLP_PATCHED, INIT_TARGET);
        k.setReg(R_TARGET, KLP_PATCHED);
        k.setGhost(m.reversed, 0);
        setPhase(k, LivepatchModel.INIT);
        k.setReg(R_I, 0);
        go(k, nTasks == 0 ? P_INIT_FUNCS : P_INIT_TASK);
      }
      case P_INIT_TASK -> {
        Task t = m.tasks.get(i);
        int ps = k.READ_ONCE(m.patchState[t.id()], INIT_WARN);
        if (ps != KLP_UNDEFINED) {
          m.violate(
              k,
              Contract.INIT_UNDEFINED,
              "klp_init_transition() finds "
                  + t.comm()
                  + "->patch_state = "
                  + stateName(ps)
                  + " instead of KLP_UNDEFINED (WARN_ON_ONCE)");
        }
        k.WRITE_ONCE(m.patchState[t.id()], 1 - k.reg(R_TARGET), INIT_PS);
        next(k, i, nTasks, P_INIT_FUNCS);
      }
      case P_INIT_FUNCS -> {
        k.smp_wmb(INIT_WMB);
        int p = k.reg(R_TRANS);
        for (int fn = 0; fn < LivepatchModel.FN.length; fn++) {
          k.WRITE_ONCE(m.transition[p][fn], 1, INIT_TRANSITION);
        }
        go(k, P_ENABLE);
      }
      case P_ENABLE -> {
        k.smp_wmb(ENABLE_WMB);
        int bits = k.reg(R_STACK) | (1 << k.reg(R_TRANS));
        for (int fn = 0; fn < LivepatchModel.FN.length; fn++) {
          k.smp_store_release(m.funcStack[fn], bits, PATCH_FUNC);
        }
        k.setReg(R_STACK, bits);
        k.setReg(R_AFTER_START, P_ATTEMPT);
        go(k, P_START);
      }
      case P_START -> {
        k.smp_mb(START_PRINTK);
        setPhase(k, LivepatchModel.SWITCHING);
        k.setReg(R_CNT, 0);
        k.setReg(R_I, 0);
        go(k, nTasks == 0 ? k.reg(R_AFTER_START) : P_START_TASK);
      }
      case P_START_TASK -> {
        Task t = m.tasks.get(i);
        int ps = k.READ_ONCE(m.patchState[t.id()], START_READ);
        if (ps != k.reg(R_TARGET)) {
          k.set_bit(TIF_PATCH_PENDING, m.flags[t.id()], START_SET);
        }
        next(k, i, nTasks, k.reg(R_AFTER_START));
      }
      case P_ATTEMPT -> {
        k.setReg(R_I, 0);
        k.setReg(R_COMPLETE, 1);
        go(k, nTasks == 0 ? P_ATTEMPT_END : P_TRY_TASK);
      }
      case P_TRY_TASK -> {
        Task t = m.tasks.get(i);
        if (!klp_try_switch_task(k, t)) {
          k.setReg(R_COMPLETE, 0);
        }
        next(k, i, nTasks, P_ATTEMPT_END);
      }
      case P_ATTEMPT_END -> attemptEnd(k);
      case P_SIGNALS -> {
        Task t = m.tasks.get(i);
        klp_send_signal(k, t);
        next(k, i, nTasks, P_DELAY);
      }
      case P_DELAY -> {
        if (i >= m.otherCpus.length) {
          // About a second has passed: every store made so far has reached this CPU.
          k.wait_for_propagation(DELAY_PROPAGATE);
          go(k, P_ATTEMPT);
          return true;
        }
        int cpu = m.otherCpus[i];
        // IPIs first: handling one ends in user mode (or idle), and only CPU0 sends them
        k.await(Guard.equal(loc(m.irq[cpu]), 0), DELAY_IPI);
        if (m.mode[cpu] != null) {
          k.await(Guard.equal(loc(m.mode[cpu]), 0), DELAY_USER);
        }
        k.setReg(R_I, i + 1);
      }
      case P_REVERSE -> {
        if (k.tracing()) {
          k.note("klp_reverse_transition(): transition " + k.reg(R_TRANS) + " is reversed");
        }
        k.setGhost(m.reversed, 1);
        setPhase(k, LivepatchModel.REVERSING);
        k.setReg(R_REVERSED, 1);
        k.setReg(R_ATTEMPTS, 0);
        if (m.config.reverseOrder() == KlpConfig.ReverseOrder.V5_15) {
          flipTarget(k);
        }
        k.setReg(R_I, 0);
        go(k, nTasks == 0 ? P_REVERSE_AFTER_SYNC : P_REVERSE_CLEAR);
      }
      case P_REVERSE_CLEAR -> {
        Task t = m.tasks.get(i);
        k.clear_bit(TIF_PATCH_PENDING, m.flags[t.id()], REVERSE_CLEAR);
        if (i + 1 >= nTasks) {
          sync(k, P_REVERSE_AFTER_SYNC);
        } else {
          k.setReg(R_I, i + 1);
        }
      }
      case P_REVERSE_AFTER_SYNC -> {
        if (m.config.reverseOrder() == KlpConfig.ReverseOrder.V6_4) {
          flipTarget(k);
          k.smp_wmb(REVERSE_WMB);
        }
        k.setReg(R_AFTER_START, P_DELAY);
        go(k, P_START);
      }
      case P_COMPLETE -> {
        int tgt = k.reg(R_TARGET);
        for (Task t : m.tasks) {
          int ps = k.ghost(m.patchState[t.id()]);
          if (ps != tgt) {
            m.violate(
                k,
                Contract.COMPLETE_SWITCHED,
                "klp_complete_transition() starts while "
                    + t.comm()
                    + "->patch_state = "
                    + stateName(ps)
                    + " but klp_target_state = "
                    + stateName(tgt));
            break;
          }
        }
        setPhase(k, LivepatchModel.COMPLETING);
        if (k.tracing()) {
          k.note("klp_complete_transition() for transition " + k.reg(R_TRANS));
        }
        if (tgt == KLP_UNPATCHED) {
          int bits = k.reg(R_STACK) & ~(1 << k.reg(R_TRANS));
          for (int fn = 0; fn < LivepatchModel.FN.length; fn++) {
            k.WRITE_ONCE(m.funcStack[fn], bits, UNPATCH_FUNC);
          }
          k.setReg(R_STACK, bits);
          sync(k, P_COMPLETE_FUNCS);
        } else {
          go(k, P_COMPLETE_FUNCS);
        }
      }
      case P_COMPLETE_FUNCS -> {
        int p = k.reg(R_TRANS);
        for (int fn = 0; fn < LivepatchModel.FN.length; fn++) {
          k.WRITE_ONCE(m.transition[p][fn], 0, COMPLETE_TRANSITION);
        }
        if (k.reg(R_TARGET) == KLP_PATCHED) {
          sync(k, P_RESET_BEGIN);
        } else {
          go(k, P_RESET_BEGIN);
        }
      }
      case P_RESET_BEGIN -> {
        setPhase(k, LivepatchModel.RESETTING);
        k.setReg(R_I, 0);
        go(k, nTasks == 0 ? P_COMPLETE_END : P_RESET);
      }
      case P_RESET -> {
        Task t = m.tasks.get(i);
        if (k.test_bit(TIF_PATCH_PENDING, m.flags[t.id()], COMPLETE_WARN)) {
          m.violate(
              k,
              Contract.COMPLETE_SWITCHED,
              "klp_complete_transition() finds "
                  + "TIF_PATCH_PENDING still set on "
                  + t.comm()
                  + " (WARN_ON_ONCE)");
        }
        k.WRITE_ONCE(m.patchState[t.id()], KLP_UNDEFINED, RESET_PS);
        next(k, i, nTasks, P_COMPLETE_END);
      }
      case P_COMPLETE_END -> {
        k.WRITE_ONCE(m.target, KLP_UNDEFINED, COMPLETE_TARGET);
        k.setGhost(m.phase, (k.reg(R_TRANS) << 3) | LivepatchModel.IDLE);
        k.setGhost(m.completed, k.ghost(m.completed) + 1);
        if (k.tracing()) {
          k.note("transition " + k.reg(R_TRANS) + " complete");
        }
        go(k, P_NEXT);
      }
      case P_SYNC -> syncStep(k, i);
      case P_SYNC_WAIT -> syncWait(k);
      case P_GAVE_UP, P_DONE -> {
        return false;
      }
      default -> throw new IllegalStateException("bad phase " + k.reg(R_PHASE));
    }
    return true;
  }

  private static Loc loc(Loc l) {
    if (l == null) {
      throw new IllegalStateException("missing location");
    }
    return l;
  }

  private static void next(Kernel k, int i, int n, int after) {
    if (i + 1 >= n) {
      k.setReg(R_I, 0);
      go(k, after);
    } else {
      k.setReg(R_I, i + 1);
    }
  }

  private void flipTarget(Kernel k) {
    int t = 1 - k.reg(R_TARGET);
    k.WRITE_ONCE(m.target, t, REVERSE_TARGET);
    k.setReg(R_TARGET, t);
  }

  /** {@code klp_try_switch_task()}: true when the task is (now) in the target state. */
  private boolean klp_try_switch_task(Kernel k, Task t) {
    int ps = k.READ_ONCE(m.patchState[t.id()], TRY_READ);
    if (ps == k.reg(R_TARGET)) {
      return true;
    }
    // task_call_func(t, klp_check_and_switch_task): t is pinned (domain §2.4)
    int ret =
        m.strategy
            .taskSwitcher()
            .klp_check_and_switch_task(k, m, m.strategy.patchStateUpdater(), t);
    if (k.tracing()) {
      k.note(
          "klp_check_and_switch_task("
              + t.comm()
              + ") = "
              + ret
              + (ret == 0 ? "" : ret == -dev.klpct.api.klp.Klp.EBUSY ? " (-EBUSY: running)" : ""));
    }
    if (ret != 0
        && t.kind() == Task.Kind.IDLE
        && m.strategy.capabilities().contains(Capability.WAKES_IDLE_CPUS)) {
      // "Make idle task go through the main loop." (v5.16 klp_try_complete_transition)
      k.smp_mb__before_atomic(WAKE_IDLE_ORDER); // stores before the IPI reach its target
      k.atomic_or(LivepatchModel.IRQ_KICK, loc(m.irq[t.cpu()]), WAKE_IDLE);
    }
    return ret == 0;
  }

  private void attemptEnd(Kernel k) {
    if (k.reg(R_COMPLETE) != 0) {
      go(k, P_COMPLETE);
      return;
    }
    k.ghostAdd(m.failedAttempts, 1);
    if (m.config.reverse() && k.reg(R_TRANS) == 1 && k.reg(R_REVERSED) == 0) {
      go(k, P_REVERSE);
      return;
    }
    if (k.reg(R_ATTEMPTS) >= m.config.retries()) {
      if (k.tracing()) {
        k.note(
            "transition "
                + k.reg(R_TRANS)
                + " still incomplete after "
                + m.config.retries()
                + " retries: the model stops here");
      }
      go(k, P_GAVE_UP);
      return;
    }
    k.setReg(R_ATTEMPTS, k.reg(R_ATTEMPTS) + 1);
    int cnt = k.reg(R_CNT);
    k.setReg(R_CNT, cnt + 1);
    k.setReg(R_I, 0);
    go(
        k,
        cnt != 0 && cnt % m.config.signalAfter() == 0 && !m.tasks.isEmpty() ? P_SIGNALS : P_DELAY);
  }

  /** One task of {@code klp_send_signals()}. */
  private void klp_send_signal(Kernel k, Task t) {
    if (!k.test_bit(TIF_PATCH_PENDING, m.flags[t.id()], SIG_TEST)) {
      return;
    }
    if (t.kind() != Task.Kind.NOHZ_USER) {
      // Idle tasks are not in the process list; sleeping tasks pass the stack check in the
      // model, so they never get here (wake_up_state would wake them).
      return;
    }
    boolean was = k.test_and_set_bit(TIF_NOTIFY_SIGNAL, m.flags[t.id()], SIG_SET);
    if (!was) {
      k.smp_mb__before_atomic(SIG_KICK_ORDER); // stores before the IPI reach its target
      k.atomic_or(LivepatchModel.IRQ_KICK, loc(m.irq[t.cpu()]), SIG_KICK);
      k.ghostAdd(m.disturbances, 1);
      m.violate(
          k,
          Contract.NOHZ_UNDISTURBED,
          "klp_send_signals(): fake signal to "
              + t.comm()
              + ", kick_process() sends a reschedule IPI to NOHZ_FULL CPU"
              + t.cpu());
    }
  }

  // ---- klp_synchronize_transition() -------------------------------------------------------

  private void sync(Kernel k, int cont) {
    k.setReg(R_CONT, cont);
    k.setReg(R_I, 0);
    k.setReg(R_MASK, 0);
    go(k, m.otherCpus.length == 0 ? cont : P_SYNC);
  }

  private void syncStep(Kernel k, int i) {
    if (i == 0) {
      // Both synchronize_rcu() (a strong fence in the LKMM: gp is in strong-fence) and
      // schedule_on_each_cpu() (queue_work/flush_work wake-ups) order the caller's earlier
      // accesses before everything the wait allows to run.
      k.smp_mb(SYNC_MB_BEFORE);
    }
    if (m.sync != SyncMode.SCHEDULE_ON_EACH_CPU) {
      // synchronize_rcu(): every CPU RCU watches now (in the kernel, in a read-side section or
      // not) owes this grace period a quiescent-state report, which it can give only outside a
      // read-side section, with a full barrier; CPUs in an extended quiescent state (user mode,
      // idle) owe nothing (they leave it with a fully ordered RMW). A routine without
      // primitives is never replayed, so reading RCU's bookkeeping here cannot diverge.
      int mask = 0;
      for (int cpu : m.otherCpus) {
        if (k.ghost(loc(m.rcuReader[cpu])) != CpuContext.RCU_EQS) {
          mask |= 1 << cpu;
        }
      }
      if (k.tracing()) {
        k.note("synchronize_rcu(): waits for " + (mask == 0 ? "no CPU" : "CPUs " + cpus(mask)));
      }
      k.setReg(R_MASK, mask);
      go(k, P_SYNC_WAIT);
      return;
    }
    int cpu = m.otherCpus[i];
    k.smp_mb__before_atomic(SYNC_QUEUE_ORDER); // stores before the IPI reach its target
    k.atomic_or(LivepatchModel.IRQ_SYNC, loc(m.irq[cpu]), SYNC_QUEUE);
    if (m.mode[cpu] != null) {
      k.ghostAdd(m.disturbances, 1);
      m.violate(
          k,
          Contract.NOHZ_UNDISTURBED,
          "klp_synchronize_transition():"
              + " schedule_on_each_cpu() queues work on NOHZ_FULL CPU"
              + cpu);
    }
    k.setReg(R_MASK, k.reg(R_MASK) | (1 << cpu));
    if (i + 1 >= m.otherCpus.length) {
      go(k, P_SYNC_WAIT);
    } else {
      k.setReg(R_I, i + 1);
    }
  }

  private static String cpus(int mask) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < 32; c++) {
      if ((mask & (1 << c)) != 0) {
        b.append(b.length() == 0 ? "" : ",").append(c);
      }
    }
    return b.toString();
  }

  private void syncWait(Kernel k) {
    int mask = k.reg(R_MASK);
    if (mask == 0) {
      // Every CPU passed a quiescent state with a full barrier: the caller sees their stores.
      k.wait_for_propagation(SYNC_PROPAGATE);
      k.smp_mb(SYNC_MB_AFTER);
      go(k, k.reg(R_CONT));
      return;
    }
    int cpus = m.layout.cpus();
    Guard[] alts = new Guard[cpus];
    for (int c = 0; c < cpus; c++) {
      if ((mask & (1 << c)) == 0) {
        alts[c] = Guard.never();
      } else if (m.sync == SyncMode.SCHEDULE_ON_EACH_CPU) {
        alts[c] = Guard.bits(loc(m.irq[c]), LivepatchModel.IRQ_SYNC, 0);
      } else {
        alts[c] = Guard.notEqual(loc(m.rcuReader[c]), CpuContext.RCU_READER);
      }
    }
    int done = k.select(m.sync == SyncMode.SCHEDULE_ON_EACH_CPU ? SYNC_FLUSH : RCU_WAIT, alts);
    if (m.sync != SyncMode.SCHEDULE_ON_EACH_CPU) {
      k.rcu_report_qs(done, alts[done], RCU_QS);
    }
    k.setReg(R_MASK, mask & ~(1 << done));
  }
}
