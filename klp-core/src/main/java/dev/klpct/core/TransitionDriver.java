package dev.klpct.core;

import static dev.klpct.api.klp.Klp.EBUSY;
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
import dev.klpct.api.klp.Task;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.core.LivepatchModel.Stage;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/*
 * The transition CPU (CPU0, holding klp_mutex): kernel/livepatch/transition.c and core.c as of
 * v5.15, kernel.md §2.1. Per transition of --transitions (an enable of a new patch p, or a
 * disable of the newest enabled one, which has no klp_patch_object() and instead
 * __klp_disable_patch()'s smp_wmb() before klp_start_transition(); target UNPATCHED):
 *
 *   klp_init_transition     target = PATCHED; each task: WARN_ON_ONCE(ps != UNDEFINED),
 *                           ps = UNPATCHED; smp_wmb(); each func: transition = true
 *   __klp_enable_patch      smp_wmb(); klp_patch_object(): per func, list_add_rcu on func_stack;
 *                           for a func's first patch also register_ftrace_function(): the
 *                           text poke (full barriers; x86 text_poke_bp_batch's sync IPIs to
 *                           every other CPU, waited for)
 *   klp_start_transition    pr_notice() (a full barrier: printk's ring buffer reservation;
 *                           --printk off leaves it out);
 *                           each task with ps != target: set_tsk_thread_flag(TIF_PATCH_PENDING)
 *   klp_try_complete_transition, then up to --retries delayed retries:
 *                           each task: klp_try_switch_task() -> the strategy's TaskSwitcher;
 *                           if incomplete: klp_send_signals() when
 *                           klp_signals_cnt && !(klp_signals_cnt % --signal-after)
 *   [--reverse: first transition, first failed attempt; --reversals N: any failed attempt of
 *    any transition, up to N in all] klp_reverse_transition()
 *   klp_complete_transition [UNPATCHED: klp_unpatch_objects(): per func, for its last patch
 *                           unregister_ftrace_function() (the text poke back, as above), then
 *                           list_del_rcu(); klp_synchronize_transition()]
 *                           each func: transition = false; [PATCHED: klp_synchronize_transition()]
 *                           each task: WARN_ON_ONCE(TIF), ps = UNDEFINED; target = UNDEFINED
 *
 * Form. A CpuProgram is a sequence of routines, each short straight-line kernel code between two
 * states the checker stores; what must survive from one routine to the next lives in registers.
 * So each kernel function above is one Phase, or a few when it loops over tasks or CPUs (one
 * routine per task, the loop index in a register); step() dispatches on the phase to a method
 * named after the kernel function. The registers are the constants of Reg. The two
 * klp_synchronize_transition() implementations are SynchronizeTransition objects; the two
 * klp_reverse_transition() orderings are the constants of Reversal.
 *
 * Timing assumption (fairness): the delayed work runs about a second after a failed attempt,
 * while a kernel episode, an NMI or the handling of an IPI takes microseconds. So a retry starts
 * only once every NOHZ_FULL CPU is back in user mode with no IPI pending. Without it, a bounded
 * exploration would report every strategy as never completing, because CPU1 could be inside a
 * syscall at every retry.
 *
 * klp_mutex is modelled only for the ordering its unlock and next lock give (MUTEX_LOCK): one
 * transition runs at a time by construction. The transition CPU's own task ("current", the
 * kworker) is a task only with --kworker. Not modelled: pre/post callbacks, klp_cancel_transition,
 * klp_force_transition, module loading.
 */

/**
 * The livepatch transition driver on CPU0. One routine per kernel function or per task of a
 * per-task loop; loop indices live in registers.
 */
final class TransitionDriver implements CpuProgram {
  // One site per kernel function; a label where the ablation table names a barrier, an ordered
  // access or a wait whose trace text quotes it.
  private static final Site IN_INIT = Site.in("klp_init_transition");
  private static final Site INIT_WMB = IN_INIT.label("smp_wmb()");
  private static final Site ENABLE_WMB = Site.of("__klp_enable_patch", "smp_wmb()");
  private static final Site DISABLE_WMB = Site.of("__klp_disable_patch", "smp_wmb()");
  private static final Site PATCH_FUNC =
      Site.of("klp_patch_func", "list_add_rcu(&func->stack_node, &ops->func_stack)");
  private static final Site IN_TEXT_POKE = Site.in("text_poke_bp_batch");

  /**
   * {@code register_ftrace_function()} modifies the call site with {@code text_poke_bp_batch()}
   * (under {@code text_mutex}, with {@code sync_core()} and {@code on_each_cpu()} IPIs): full
   * barriers on the patching CPU before and after the modification.
   */
  private static final Site TEXT_POKE_MB_BEFORE =
      IN_TEXT_POKE.label("full barrier before the text modification");

  private static final Site TEXT_POKE_MB_AFTER =
      IN_TEXT_POKE.label("full barrier after the last text_poke_sync()");
  private static final Site IN_TEXT_POKE_SYNC = Site.in("text_poke_sync");
  private static final Site TEXT_POKE_IPI_ORDER =
      IN_TEXT_POKE_SYNC.label("IPI send orders earlier stores (arch barrier)");

  /** {@code text_poke_bp_batch()} calls {@code text_poke_sync()} three times for a 5-byte call. */
  static final int TEXT_POKE_SYNCS = 3;

  private static final Site IN_START = Site.in("klp_start_transition");

  /**
   * The {@code pr_notice("'%s': starting %s transition")} at the top of {@code
   * klp_start_transition()}: printk stores the record in its ring buffer, whose {@code
   * desc_reserve()} reserves a descriptor with a fully ordered {@code atomic_long_try_cmpxchg()}
   * (LMM(desc_reserve:D), kernel/printk/printk_ringbuffer.c since v5.10). So a full barrier
   * separates {@code klp_patch_object()}'s {@code list_add_rcu()} calls from the TIF sets below,
   * although livepatch never says it relies on it: an inference from the kernel source (kernel.md
   * §2.1, docs/barriers.md).
   */
  private static final Site START_PRINTK =
      IN_START.label("pr_notice() [printk's desc_reserve() cmpxchg]");

  /**
   * {@code klp_mutex}: {@code klp_enable_patch()}, each {@code klp_transition_work_fn()} attempt
   * and the sysfs write that reverses a transition take it around their part of the transition
   * (kernel/livepatch/core.c and transition.c, v5.15). Only the transition CPU takes it, so it
   * never waits; what it gives is the ordering of an unlock followed by a lock of the same CPU (the
   * LKMM's po-unlock-lock-po): everything of one section before everything of the next, except a
   * store before a load. Not traced.
   */
  private static final Site MUTEX_LOCK = Site.of("klp_mutex", "mutex_lock(&klp_mutex)");

  private static final Site MUTEX_UNLOCK = Site.of("klp_mutex", "mutex_unlock(&klp_mutex)");

  private static final Site IN_TRY_SWITCH = Site.in("klp_try_switch_task");
  private static final Site IN_WAKE_UP_IF_IDLE = Site.in("wake_up_if_idle");
  private static final Site WAKE_IDLE_ORDER =
      IN_WAKE_UP_IF_IDLE.label("IPI send orders earlier stores (arch barrier)");
  private static final Site IN_SEND_SIGNALS = Site.in("klp_send_signals");
  private static final Site SIG_SET =
      Site.of("set_notify_signal", "test_and_set_tsk_thread_flag(TIF_NOTIFY_SIGNAL)");
  private static final Site IN_KICK_PROCESS = Site.in("kick_process");
  private static final Site IN_TASK_CALL_FUNC = Site.in("task_call_func");
  private static final Site IN_WAKE_UP_STATE = Site.in("wake_up_state");
  private static final Site IN_TRY_TO_WAKE_UP = Site.in("try_to_wake_up");
  private static final Site WAKE_ORDER =
      IN_TRY_TO_WAKE_UP.label("IPI send orders earlier stores (arch barrier)");
  private static final Site SIG_KICK_ORDER =
      IN_KICK_PROCESS.label("IPI send orders earlier stores (arch barrier)");
  private static final Site IN_WORK_FN = Site.in("klp_transition_work_fn");
  private static final Site DELAY_PROPAGATE =
      IN_WORK_FN.label("~1 s later: every store has propagated");
  private static final Site IN_REVERSE = Site.in("klp_reverse_transition");

  /**
   * The creation order of the tasks ({@code --task-order all}): which of {@link
   * LivepatchModel#taskOrders} {@code for_each_process_thread()} walks, chosen before the first
   * transition.
   */
  private static final Site TASK_ORDER =
      Site.of("for_each_process_thread", "the tasks' creation order");

  /** The most alternatives of one {@code select}: an order is chosen in base-32 digits. */
  private static final int SELECT_MAX = 32;

  private static final Site REVERSE_WMB = IN_REVERSE.label("smp_wmb()");
  private static final Site IN_UNPATCH_FUNC = Site.in("klp_unpatch_func");
  private static final Site IN_COMPLETE = Site.in("klp_complete_transition");
  private static final Site IN_SYNCHRONIZE = Site.in("klp_synchronize_transition");
  private static final Site SYNC_PROPAGATE =
      IN_SYNCHRONIZE.label("grace period over: every CPU's stores visible");
  private static final Site SYNC_MB_BEFORE =
      IN_SYNCHRONIZE.label("full barrier at the start of the wait");
  private static final Site SYNC_MB_AFTER =
      IN_SYNCHRONIZE.label("full barrier at the end of the wait");

  /** Whether a write at {@code site} is the driver's own init or reset of a {@code patch_state}. */
  static boolean initOrReset(Site site) {
    return site.equals(IN_INIT) || site.equals(IN_COMPLETE);
  }

  /**
   * What the next routine runs: a kernel function, or one iteration of its loop over tasks or CPUs
   * (the index in {@link Reg#I}). In the order of a transition; a register holds a phase as its
   * ordinal.
   */
  @SuppressWarnings("EnumOrdinal") // registers are ints: a phase is stored as its ordinal
  enum Phase {
    /** Between transitions: enable the next patch, or stop after the last. */
    NEXT_TRANSITION("klp_enable_patch"),
    /** {@code klp_target_state = state}. */
    KLP_INIT_TRANSITION("klp_init_transition"),
    /** For each task: {@code WARN_ON_ONCE(patch_state != KLP_UNDEFINED)}; the initial state. */
    KLP_INIT_TRANSITION_TASK("klp_init_transition"),
    /** {@code smp_wmb()}; for each func: {@code func->transition = true}. */
    KLP_INIT_TRANSITION_FUNCS("klp_init_transition"),
    /** {@code smp_wmb()} before {@code klp_patch_object()}. */
    KLP_PATCH_OBJECT("__klp_enable_patch"),
    /**
     * For each func ({@link Reg#FN}): {@code list_add_rcu()}; for its first patch {@code
     * register_ftrace_function()}: a full barrier and the sync IPIs to every other CPU.
     */
    KLP_PATCH_FUNC("klp_patch_func"),
    /** For each other CPU: until it has handled the sync IPI; then the closing full barrier. */
    TEXT_POKE_SYNC_WAIT("text_poke_sync"),
    /** {@code smp_wmb()} after {@code klp_init_transition(patch, KLP_UNPATCHED)}. */
    KLP_DISABLE_PATCH("__klp_disable_patch"),
    /** {@code pr_notice()}. */
    KLP_START_TRANSITION("klp_start_transition"),
    /** For each task not in the target state: {@code set_tsk_thread_flag(TIF_PATCH_PENDING)}. */
    KLP_START_TRANSITION_TASK("klp_start_transition"),
    /** {@code complete = true}. */
    KLP_TRY_COMPLETE_TRANSITION("klp_try_complete_transition"),
    /** For each task: {@code if (!klp_try_switch_task(task)) complete = false}. */
    KLP_TRY_COMPLETE_TRANSITION_TASK("klp_try_complete_transition"),
    /** {@code klp_complete_transition()} if complete, else signals and the delayed retry. */
    KLP_TRY_COMPLETE_TRANSITION_END("klp_try_complete_transition"),
    /** For each task: {@code klp_send_signals()}'s fake signal. */
    KLP_SEND_SIGNALS("klp_send_signals"),
    /** About a second later, for each other CPU: back in user mode with no IPI pending. */
    KLP_TRANSITION_WORK_FN("klp_transition_work_fn"),
    /** The write to {@code enabled} that reverses the transition. */
    KLP_REVERSE_TRANSITION("klp_reverse_transition"),
    /** For each task: {@code clear_tsk_thread_flag(TIF_PATCH_PENDING)}. */
    KLP_REVERSE_TRANSITION_TASK("klp_reverse_transition"),
    /** After {@code klp_synchronize_transition()}: restart with {@code klp_start_transition()}. */
    KLP_REVERSE_TRANSITION_RESTART("klp_reverse_transition"),
    /** Every task switched? {@code klp_unpatch_objects()} when unpatching. */
    KLP_COMPLETE_TRANSITION("klp_complete_transition"),
    /**
     * For each func ({@link Reg#FN}): {@code list_del_rcu()}; for its last patch first {@code
     * unregister_ftrace_function()}: a full barrier and the sync IPIs to every other CPU.
     */
    KLP_UNPATCH_FUNC("klp_unpatch_func"),
    /** For each func: {@code func->transition = false}. */
    KLP_COMPLETE_TRANSITION_FUNCS("klp_complete_transition"),
    /** Before the per-task reset. */
    KLP_COMPLETE_TRANSITION_RESET("klp_complete_transition"),
    /** For each task: {@code WARN_ON_ONCE(TIF_PATCH_PENDING)}; {@code KLP_UNDEFINED}. */
    KLP_COMPLETE_TRANSITION_TASK("klp_complete_transition"),
    /** {@code klp_target_state = KLP_UNDEFINED}. */
    KLP_COMPLETE_TRANSITION_END("klp_complete_transition"),
    /** The start of the wait (one routine per CPU for {@code schedule_on_each_cpu()}). */
    KLP_SYNCHRONIZE_TRANSITION("klp_synchronize_transition"),
    /** Until every CPU waited for has passed; then back to {@link Reg#SYNC_RETURN}. */
    KLP_SYNCHRONIZE_TRANSITION_WAIT("klp_synchronize_transition"),
    /** Every transition completed. */
    DONE("klp_enable_patch"),
    /** A transition still incomplete after {@code --retries}: the model stops. */
    GAVE_UP("klp_transition_work_fn");

    private static final Phase[] ALL = values();

    /** The kernel function the phase is part of. */
    final String function;

    Phase(String function) {
      this.function = function;
    }

    static Phase of(int register) {
      return ALL[register];
    }

    int register() {
      return ordinal();
    }
  }

  /** The driver's registers: each constant's ordinal is its register. */
  @SuppressWarnings("EnumOrdinal") // declared once, in register order
  private enum Reg {
    /** The {@link Phase} of the next routine. */
    PHASE,
    /** The task, or the other CPU, a per-task (per-CPU) loop is at. */
    I,
    /** The transition running, from 1: transition {@code n} enables patch {@code n}. */
    TRANSITION,
    /** {@code klp_target_state} as CPU0 last wrote it. */
    TARGET,
    /** {@code klp_signals_cnt}. */
    SIGNALS_CNT,
    /** The delayed retries of {@code klp_try_complete_transition()} of this transition. */
    ATTEMPTS,
    /** {@code klp_try_complete_transition()}'s {@code complete}, during its loop. */
    COMPLETE,
    /** The CPUs {@code klp_synchronize_transition()} still waits for (bit set). */
    SYNC_WAITING,
    /** The {@link Phase} that follows {@code klp_synchronize_transition()}. */
    SYNC_RETURN,
    /** Whether this transition was reversed. */
    REVERSED,
    /** The patches on every function's {@code ops->func_stack} (bit {@code p}: patch p). */
    FUNC_STACK,
    /** The {@link Phase} that follows {@code klp_start_transition()}. */
    START_RETURN,
    /**
     * The function {@code klp_patch_object()}'s (or {@code klp_unpatch_objects()}'s) loop is at.
     */
    FN,
    /**
     * The reversals done so far, of every transition; the last register, which only a scenario with
     * {@code --reversals} has (so that the others' states stay as they were).
     */
    REVERSALS;

    int get(Kernel k) {
      return k.reg(ordinal());
    }

    void set(Kernel k, int value) {
      k.setReg(ordinal(), value);
    }

    Phase phase(Kernel k) {
      return Phase.of(get(k));
    }

    Phase phase(int[] registers) {
      return Phase.of(registers[ordinal()]);
    }

    void set(Kernel k, Phase phase) {
      set(k, phase.register());
    }
  }

  /**
   * Where {@code klp_reverse_transition()} flips {@code klp_target_state} (kernel.md §2.1): around
   * clearing {@code TIF_PATCH_PENDING} of every task and {@code klp_synchronize_transition()},
   * before {@code klp_start_transition()} sets it again where needed.
   */
  private enum Reversal {
    /** v5.15: flip the target, clear TIF, synchronize, start. */
    V5_15 {
      @Override
      void beforeClearingTif(TransitionDriver d, Kernel k) {
        d.flipTarget(k);
      }
    },
    /**
     * v6.4 (Josh Poimboeuf, after Petr Mladek's review, 2023): clear TIF, synchronize, flip the
     * target, {@code smp_wmb()} (the target before the TIF sets), start.
     */
    V6_4 {
      @Override
      void afterSynchronize(TransitionDriver d, Kernel k) {
        d.flipTarget(k);
        k.smp_wmb(REVERSE_WMB);
      }
    };

    void beforeClearingTif(TransitionDriver d, Kernel k) {}

    void afterSynchronize(TransitionDriver d, Kernel k) {}

    static Reversal of(KlpConfig.ReverseOrder order) {
      return switch (order) {
        case V5_15 -> V5_15;
        case V6_4 -> V6_4;
      };
    }
  }

  private static final int REGISTERS = Reg.values().length;

  private final LivepatchModel m;
  private final Reversal reversal;

  /**
   * The register holding the index of the chosen {@linkplain LivepatchModel#taskOrders task order},
   * after every {@link Reg}; -1 when there is one order (so that those scenarios' states stay as
   * they were).
   */
  private final int orderReg;

  /** The registers: the {@link Reg}s this scenario has, then {@link #orderReg} if any. */
  private final int registers;

  /** The base-32 digits of an order's index that CPU0 chooses, one per routine. */
  private final int orderDigits;

  TransitionDriver(LivepatchModel m) {
    this.m = m;
    this.reversal = Reversal.of(m.config.reverseOrder());
    int orders = m.taskOrders.length;
    int regs = m.config.reversals() > 0 ? REGISTERS : REGISTERS - 1;
    this.orderReg = orders > 1 ? regs : -1;
    this.registers = orders > 1 ? regs + 1 : regs;
    int digits = 0;
    for (long span = 1; span < orders; span *= SELECT_MAX) {
      digits++;
    }
    this.orderDigits = digits;
  }

  @Override
  public String name() {
    return "CPU0 (klp transition)";
  }

  @Override
  public int registers() {
    return registers;
  }

  /**
   * The patch this transition enables or disables, derived rather than kept in a register: an
   * enable's is fixed by the sequence (transition {@code i} of {@code --transitions N} enables
   * patch {@code i}); a disable's is the newest enabled patch, the top of {@link Reg#FUNC_STACK},
   * which keeps it until {@code klp_complete_transition()} has cleared its {@code
   * func->transition}.
   */
  private int patch(Kernel k) {
    return patch(k, m);
  }

  private static int patch(Kernel k, LivepatchModel m) {
    int t = Reg.TRANSITION.get(k);
    if (m.config.sequence().get(t - 1) == KlpConfig.Transition.ENABLE) {
      return m.patchEnabledBy(t);
    }
    return 31 - Integer.numberOfLeadingZeros(Reg.FUNC_STACK.get(k));
  }

  /**
   * The version of a function that {@code klp_check_stack()} looks for on a task's stack (kernel.md
   * §2.1, transition.c {@code klp_check_stack_func()}), from the transition CPU's own registers (it
   * wrote {@code klp_target_state} and every {@code func_stack}, under {@code klp_mutex}): with
   * target {@code KLP_UNPATCHED} the transition patch's {@code new_func}; else the next entry on
   * {@code ops->func_stack} below the transition patch, or the original function when the stack is
   * singular. Called on CPU0 only, inside {@code klp_try_switch_task()}.
   */
  static int replacedVersion(Kernel k, LivepatchModel m) {
    int p = patch(k, m);
    if (Reg.TARGET.get(k) == KLP_UNPATCHED) {
      return p;
    }
    int below = Reg.FUNC_STACK.get(k) & ((1 << p) - 1);
    return below == 0 ? 0 : 31 - Integer.numberOfLeadingZeros(below);
  }

  @Override
  public String describe(int[] r) {
    return name() + " in " + Reg.PHASE.phase(r).function + "()";
  }

  @Override
  public boolean step(Kernel k) {
    switch (Reg.PHASE.phase(k)) {
      case NEXT_TRANSITION -> nextTransition(k);
      case KLP_INIT_TRANSITION -> klp_init_transition(k);
      case KLP_INIT_TRANSITION_TASK -> klp_init_transition(k, task(k));
      case KLP_INIT_TRANSITION_FUNCS -> klp_init_transition_funcs(k);
      case KLP_PATCH_OBJECT -> klp_patch_object(k);
      case KLP_PATCH_FUNC -> klp_patch_func(k);
      case TEXT_POKE_SYNC_WAIT -> text_poke_sync_wait(k);
      case KLP_DISABLE_PATCH -> klp_disable_patch(k);
      case KLP_START_TRANSITION -> klp_start_transition(k);
      case KLP_START_TRANSITION_TASK -> klp_start_transition(k, task(k));
      case KLP_TRY_COMPLETE_TRANSITION -> klp_try_complete_transition(k);
      case KLP_TRY_COMPLETE_TRANSITION_TASK -> klp_try_complete_transition(k, task(k));
      case KLP_TRY_COMPLETE_TRANSITION_END -> klp_try_complete_transition_end(k);
      case KLP_SEND_SIGNALS -> klp_send_signals(k, task(k));
      case KLP_TRANSITION_WORK_FN -> klp_transition_work_fn(k);
      case KLP_REVERSE_TRANSITION -> klp_reverse_transition(k);
      case KLP_REVERSE_TRANSITION_TASK -> klp_reverse_transition(k, task(k));
      case KLP_REVERSE_TRANSITION_RESTART -> klp_reverse_transition_restart(k);
      case KLP_COMPLETE_TRANSITION -> klp_complete_transition(k);
      case KLP_UNPATCH_FUNC -> klp_unpatch_func(k);
      case KLP_COMPLETE_TRANSITION_FUNCS -> klp_complete_transition_funcs(k);
      case KLP_COMPLETE_TRANSITION_RESET -> klp_complete_transition_reset(k);
      case KLP_COMPLETE_TRANSITION_TASK -> klp_complete_transition(k, task(k));
      case KLP_COMPLETE_TRANSITION_END -> klp_complete_transition_end(k);
      case KLP_SYNCHRONIZE_TRANSITION -> klp_synchronize_transition(k);
      case KLP_SYNCHRONIZE_TRANSITION_WAIT -> klp_synchronize_transition_wait(k);
      case DONE, GAVE_UP -> {
        return false;
      }
    }
    return true;
  }

  // ---- klp_enable_patch() -----------------------------------------------------------------

  /**
   * The next transition of {@code --transitions}: {@code klp_enable_patch()} of a new patch, or
   * {@code klp_disable_patch()} of the newest enabled one (the top of every function's {@code
   * func_stack}; v5.15 lets any enabled patch be disabled, but only the top one's {@code
   * func->transition} is read by the handler). With reversals a disable may find no enabled patch
   * (its enable was reversed): the sysfs write then fails with {@code -EINVAL} and no transition
   * runs.
   */
  private void nextTransition(Kernel k) {
    if (orderReg >= 0 && Reg.TRANSITION.get(k) == 0 && Reg.I.get(k) < orderDigits) {
      if (!chooseTaskOrder(k)) {
        return; // NEXT_TRANSITION again, for the next digit
      }
    }
    int next = Reg.TRANSITION.get(k) + 1;
    if (next > m.config.transitions()) {
      go(k, Phase.DONE);
      return;
    }
    Reg.TRANSITION.set(k, next);
    Reg.ATTEMPTS.set(k, 0);
    Reg.REVERSED.set(k, 0);
    if (m.config.sequence().get(next - 1) == KlpConfig.Transition.DISABLE) {
      if (Reg.FUNC_STACK.get(k) == 0) {
        if (k.tracing()) {
          k.note(
              "transition "
                  + next
                  + ": no patch is enabled (a reversal undid it), klp_disable_patch() is not"
                  + " called (enabled_store() returns -EINVAL)");
        }
        k.setGhost(m.completed, k.ghost(m.completed) + 1);
        return; // NEXT_TRANSITION again
      }
    }
    k.mutex_lock(MUTEX_LOCK); // klp_enable_patch() or enabled_store()
    go(k, Phase.KLP_INIT_TRANSITION);
  }

  /**
   * One base-32 digit (the most significant first) of the index of the task order that {@code
   * for_each_process_thread()} walks: a nondeterministic choice among the digits that keep the
   * index below the number of orders. Returns whether the order is now chosen ({@link Reg#I} back
   * at 0).
   */
  private boolean chooseTaskOrder(Kernel k) {
    int digit = Reg.I.get(k);
    long scale = 1;
    for (int d = digit + 1; d < orderDigits; d++) {
      scale *= SELECT_MAX;
    }
    long acc = k.reg(orderReg);
    long limit = (m.taskOrders.length + scale - 1) / scale; // prefixes acc * 32 + c below it
    int alternatives = (int) Math.min(SELECT_MAX, limit - acc * SELECT_MAX);
    Guard[] any = new Guard[alternatives];
    Arrays.fill(any, Guard.always());
    int c = k.select(TASK_ORDER, any);
    k.setReg(orderReg, (int) (acc * SELECT_MAX + c));
    if (digit + 1 < orderDigits) {
      Reg.I.set(k, digit + 1);
      return false;
    }
    Reg.I.set(k, 0);
    if (k.tracing()) {
      StringBuilder sb = new StringBuilder("for_each_process_thread() order: ");
      int[] order = m.taskOrders[k.reg(orderReg)];
      for (int i = 0; i < order.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(m.tasks.get(order[i]).comm());
      }
      k.note(sb.toString());
    }
    return true;
  }

  private void klp_init_transition(Kernel k) {
    boolean enable =
        m.config.sequence().get(Reg.TRANSITION.get(k) - 1) == KlpConfig.Transition.ENABLE;
    int state = enable ? KLP_PATCHED : KLP_UNPATCHED;
    if (k.tracing()) {
      k.note(
          "transition "
              + Reg.TRANSITION.get(k)
              + ": "
              + (enable ? "enable" : "disable")
              + " patch "
              + patch(k));
    }
    k.WRITE_ONCE(m.target, state, IN_INIT);
    Reg.TARGET.set(k, state);
    k.setGhost(m.reversed, 0);
    enter(k, Stage.INIT);
    forEachTask(k, Phase.KLP_INIT_TRANSITION_TASK, Phase.KLP_INIT_TRANSITION_FUNCS);
  }

  /** One task of {@code klp_init_transition()}'s loop. */
  private void klp_init_transition(Kernel k, Task t) {
    int ps = k.READ_ONCE(m.patchState[t.id()], IN_INIT);
    if (ps != KLP_UNDEFINED) {
      m.violate(
          k,
          Contract.INIT_UNDEFINED,
          () ->
              "klp_init_transition() finds "
                  + t.comm()
                  + "->patch_state = "
                  + stateName(ps)
                  + " instead of KLP_UNDEFINED (WARN_ON_ONCE)");
    }
    k.WRITE_ONCE(m.patchState[t.id()], 1 - Reg.TARGET.get(k), IN_INIT);
    nextTask(k, Phase.KLP_INIT_TRANSITION_FUNCS);
  }

  private void klp_init_transition_funcs(Kernel k) {
    // patch_state inits before func->transition = true (for the ftrace handler), and
    // klp_target_state before the TIF_PATCH_PENDING sets of klp_start_transition()
    k.smp_wmb(INIT_WMB);
    int p = patch(k);
    for (int fn = 0; fn < LivepatchModel.FN.length; fn++) {
      k.WRITE_ONCE(m.transition[p][fn], 1, IN_INIT);
    }
    go(k, Reg.TARGET.get(k) == KLP_PATCHED ? Phase.KLP_PATCH_OBJECT : Phase.KLP_DISABLE_PATCH);
  }

  /**
   * {@code __klp_disable_patch()} after {@code klp_init_transition(patch, KLP_UNPATCHED)}: its
   * {@code smp_wmb()} orders the {@code func->transition} writes before the {@code
   * TIF_PATCH_PENDING} sets of {@code klp_start_transition()}, so that a task that switches itself
   * and then calls a patched function sees {@code transition} set (the pairing is the handler's
   * second {@code smp_rmb()} after {@code klp_update_patch_state()}'s {@code test_and_clear_bit}).
   * The patch stays on every {@code func_stack} until {@code klp_complete_transition()}.
   */
  private void klp_disable_patch(Kernel k) {
    k.smp_wmb(DISABLE_WMB);
    Reg.START_RETURN.set(k, Phase.KLP_TRY_COMPLETE_TRANSITION);
    go(k, Phase.KLP_START_TRANSITION);
  }

  /** {@code __klp_enable_patch()} after {@code klp_init_transition()}. */
  private void klp_patch_object(Kernel k) {
    // func->transition writes before the func_stack insertions: the handler never sees a new
    // func without transition
    k.smp_wmb(ENABLE_WMB);
    Reg.FN.set(k, 0);
    go(k, Phase.KLP_PATCH_FUNC);
  }

  /**
   * {@code klp_patch_func()} for function {@link Reg#FN} (patch.c): {@code list_add_rcu()}, and
   * when the function had no patch ({@code ops->func_stack} was empty) the ftrace registration that
   * makes its call site call {@code klp_ftrace_handler()} at all: {@code
   * register_ftrace_function()} rewrites the call site with {@code text_poke_bp_batch()} (x86),
   * whose {@code text_poke_sync()}s IPI every other CPU and wait. A CPU calls through the handler
   * once it has handled the sync (its {@code sync_core()}); before, it runs the original.
   */
  private void klp_patch_func(Kernel k) {
    int fn = Reg.FN.get(k);
    int before = Reg.FUNC_STACK.get(k);
    int patches = before | (1 << patch(k));
    k.smp_store_release(m.funcStack[fn], patches, PATCH_FUNC);
    if (before != 0) {
      nextFunc(k, fn); // a stacked patch: list_add_rcu() only
      return;
    }
    // register_ftrace_function() -> ftrace_startup() -> ... -> text_poke_bp_batch()
    textPoke(k, fn, "register_ftrace_function");
  }

  /**
   * {@code text_poke_bp_batch()} rewriting function {@code fn}'s call site (to call the handler, or
   * back to the nop): the full barrier before, one sync IPI to every other CPU (counted as {@link
   * #TEXT_POKE_SYNCS}), then {@code text_poke_sync_wait()} for each.
   */
  private void textPoke(Kernel k, int fn, String caller) {
    k.smp_mb(TEXT_POKE_MB_BEFORE);
    int ipi = LivepatchModel.irqTextPoke(fn);
    for (int cpu : m.otherCpus) {
      k.smp_mb__before_atomic(TEXT_POKE_IPI_ORDER);
      k.atomic_or(ipi, m.irq(cpu), IN_TEXT_POKE_SYNC);
      if (cpu <= m.config.nohzCpus()) {
        k.ghostAdd(m.textPokeIpis, TEXT_POKE_SYNCS);
      }
    }
    if (k.tracing()) {
      k.note(
          caller
              + "("
              + LivepatchModel.FN[fn]
              + "): text_poke_bp_batch() sends "
              + TEXT_POKE_SYNCS
              + " sync IPIs to every other CPU (modelled as one, counted as "
              + TEXT_POKE_SYNCS
              + ")");
    }
    Reg.I.set(k, 0);
    go(k, Phase.TEXT_POKE_SYNC_WAIT);
  }

  /** {@code text_poke_sync()}'s wait for the {@link Reg#I}-th other CPU. */
  private void text_poke_sync_wait(Kernel k) {
    int fn = Reg.FN.get(k);
    int i = Reg.I.get(k);
    if (i < m.otherCpus.length) {
      int ipi = LivepatchModel.irqTextPoke(fn);
      k.await(Guard.bits(m.irq(m.otherCpus[i]), ipi, 0), IN_TEXT_POKE_SYNC);
      Reg.I.set(k, i + 1);
      return;
    }
    k.smp_mb(TEXT_POKE_MB_AFTER);
    Reg.I.set(k, 0);
    // the target says which loop the text modification is part of: klp_patch_object() runs only
    // for an enable (target PATCHED), klp_unpatch_objects() only for target UNPATCHED
    if (Reg.TARGET.get(k) == KLP_PATCHED) {
      nextFunc(k, fn);
    } else {
      listDelRcu(k, fn);
    }
  }

  /** The next function of {@code klp_patch_object()}'s loop, or {@code klp_start_transition()}. */
  private void nextFunc(Kernel k, int fn) {
    if (fn + 1 < LivepatchModel.FN.length) {
      Reg.FN.set(k, fn + 1);
      go(k, Phase.KLP_PATCH_FUNC);
      return;
    }
    Reg.FUNC_STACK.set(k, Reg.FUNC_STACK.get(k) | (1 << patch(k)));
    Reg.START_RETURN.set(k, Phase.KLP_TRY_COMPLETE_TRANSITION);
    go(k, Phase.KLP_START_TRANSITION);
  }

  // ---- klp_start_transition() --------------------------------------------------------------

  private void klp_start_transition(Kernel k) {
    if (m.config.printk()) {
      k.smp_mb(START_PRINTK);
    }
    enter(k, Stage.SWITCHING);
    Reg.SIGNALS_CNT.set(k, 0);
    forEachTask(k, Phase.KLP_START_TRANSITION_TASK, Reg.START_RETURN.phase(k));
  }

  /** One task of {@code klp_start_transition()}'s loop. */
  private void klp_start_transition(Kernel k, Task t) {
    int ps = k.READ_ONCE(m.patchState[t.id()], IN_START);
    if (ps != Reg.TARGET.get(k)) {
      k.set_bit(TIF_PATCH_PENDING, m.flags[t.id()], IN_START);
    }
    nextTask(k, Reg.START_RETURN.phase(k));
  }

  // ---- klp_try_complete_transition() -------------------------------------------------------

  private void klp_try_complete_transition(Kernel k) {
    Reg.COMPLETE.set(k, 1);
    forEachTask(k, Phase.KLP_TRY_COMPLETE_TRANSITION_TASK, Phase.KLP_TRY_COMPLETE_TRANSITION_END);
  }

  /** One task of {@code klp_try_complete_transition()}'s loop. */
  private void klp_try_complete_transition(Kernel k, Task t) {
    if (!klp_try_switch_task(k, t)) {
      Reg.COMPLETE.set(k, 0);
    }
    nextTask(k, Phase.KLP_TRY_COMPLETE_TRANSITION_END);
  }

  /** {@code klp_try_switch_task()}: true when the task is (now) in the target state. */
  private boolean klp_try_switch_task(Kernel k, Task t) {
    int ps = k.READ_ONCE(m.patchState[t.id()], IN_TRY_SWITCH);
    if (ps == Reg.TARGET.get(k)) {
      return true;
    }
    // task_call_func(t, klp_check_and_switch_task): t is pinned (kernel.md §2.4)
    Task seen = t;
    Loc pi = m.piLock[t.id()];
    if (pi != null) {
      // a sleeper of --sleepers-in-f may be asleep or running: task_call_func() takes p->pi_lock
      // (holding off a wake-up) and, for a queued or running task, its runqueue lock (holding off
      // a deschedule); the strategy sees it as it is while pinned
      k.spin_lock(pi, IN_TASK_CALL_FUNC);
      if (k.READ_ONCE(present(m.onCpuWord[t.id()]), IN_TASK_CALL_FUNC) != 0) {
        seen = present(m.runningView[t.id()]);
      }
    }
    // task != current compares task_struct pointers: the same task, whichever view of it
    if (m.is_current(k, t) && m.config.kworker() == KlpConfig.Kworker.ON) {
      // v5.15 klp_try_switch_task(): task_running(rq, task) && task != current; v5.16
      // klp_check_and_switch_task(): task_curr(task) && task != current. The transition CPU's
      // own task is not "running elsewhere": the strategy sees it as it sees a task it may
      // stack-check (its stack holds no patched function). Without the clause (RFC v2 03/11 as
      // first posted, --kworker no-current-clause) it is a running task like any other.
      seen = notRunning(t);
    }
    int ret = m.strategy.taskSwitcher().klp_check_and_switch_task(k, m, seen);
    if (pi != null) {
      k.spin_unlock(pi, IN_TASK_CALL_FUNC);
    }
    if (k.tracing()) {
      k.note(
          "klp_check_and_switch_task("
              + t.comm()
              + ") = "
              + ret
              + (ret == 0 ? "" : ret == -EBUSY ? " (-EBUSY: running)" : ""));
    }
    if (ret != 0
        && t.kind() == Task.Kind.IDLE
        && m.strategy.capabilities().contains(Capability.WAKES_IDLE_CPUS)) {
      // "Make idle task go through the main loop." (v5.16 klp_try_complete_transition)
      k.smp_mb__before_atomic(WAKE_IDLE_ORDER); // stores before the IPI reach its target
      k.atomic_or(LivepatchModel.IRQ_KICK, m.irq(t.cpu()), IN_WAKE_UP_IF_IDLE);
    }
    return ret == 0;
  }

  /**
   * The end of {@code klp_try_complete_transition()}: {@code klp_complete_transition()} if every
   * task switched; else {@code klp_send_signals()} every {@code --signal-after} attempts and the
   * delayed retry, or (first transition, {@code --reverse}) the reversal.
   */
  private void klp_try_complete_transition_end(Kernel k) {
    if (Reg.COMPLETE.get(k) != 0) {
      go(k, Phase.KLP_COMPLETE_TRANSITION);
      return;
    }
    k.ghostAdd(m.failedAttempts, 1);
    if (m.config.reverse() && Reg.TRANSITION.get(k) == 1 && Reg.REVERSED.get(k) == 0) {
      k.mutex_unlock(MUTEX_UNLOCK); // the end of this attempt
      go(k, Phase.KLP_REVERSE_TRANSITION);
      return;
    }
    if (m.config.reversals() > 0 // else the register does not exist
        && Reg.REVERSALS.get(k) < m.config.reversals()
        // the administrator may write to enabled now, between two attempts (klp_mutex), or not
        && k.select(IN_REVERSE, Guard.always(), Guard.always()) == 1) {
      Reg.REVERSALS.set(k, Reg.REVERSALS.get(k) + 1);
      k.mutex_unlock(MUTEX_UNLOCK); // the end of this attempt
      go(k, Phase.KLP_REVERSE_TRANSITION);
      return;
    }
    if (Reg.ATTEMPTS.get(k) >= m.config.retries()) {
      if (k.tracing()) {
        k.note(
            "transition "
                + Reg.TRANSITION.get(k)
                + " still incomplete after "
                + m.config.retries()
                + " retries: the model stops here");
      }
      k.mutex_unlock(MUTEX_UNLOCK);
      go(k, Phase.GAVE_UP);
      return;
    }
    Reg.ATTEMPTS.set(k, Reg.ATTEMPTS.get(k) + 1);
    int cnt = Reg.SIGNALS_CNT.get(k);
    Reg.SIGNALS_CNT.set(k, cnt + 1);
    Reg.I.set(k, 0);
    boolean signal = cnt != 0 && cnt % m.config.signalAfter() == 0 && !m.tasks.isEmpty();
    go(k, signal ? Phase.KLP_SEND_SIGNALS : Phase.KLP_TRANSITION_WORK_FN);
  }

  /** One task of {@code klp_send_signals()}. */
  private void klp_send_signals(Kernel k, Task t) {
    if (m.sleeperInF(t)) {
      if (k.test_bit(TIF_PATCH_PENDING, m.flags[t.id()], IN_SEND_SIGNALS)
          && !k.test_and_set_bit(TIF_NOTIFY_SIGNAL, m.flags[t.id()], SIG_SET)) {
        set_notify_signal_sleeper(k, t);
      }
      nextTask(k, Phase.KLP_TRANSITION_WORK_FN);
      return;
    }
    if (k.test_bit(TIF_PATCH_PENDING, m.flags[t.id()], IN_SEND_SIGNALS)
        // Idle tasks are not in the process list; --sleeping-tasks pass the stack check in the
        // model, so they never get here (wake_up_state would wake them).
        && t.kind() == Task.Kind.NOHZ_USER
        && !k.test_and_set_bit(TIF_NOTIFY_SIGNAL, m.flags[t.id()], SIG_SET)) {
      // set_notify_signal(): newly set and the task runs, so kick_process()
      k.smp_mb__before_atomic(SIG_KICK_ORDER); // stores before the IPI reach its target
      k.atomic_or(LivepatchModel.IRQ_KICK, m.irq(t.cpu()), IN_KICK_PROCESS);
      m.disturb(
          k,
          t.cpu(),
          () ->
              "klp_send_signals(): fake signal to "
                  + t.comm()
                  + ", kick_process() sends a reschedule IPI to NOHZ_FULL CPU"
                  + t.cpu());
    }
    nextTask(k, Phase.KLP_TRANSITION_WORK_FN);
  }

  /**
   * The rest of {@code set_notify_signal()} for a sleeper of {@code --sleepers-in-f} (a user task),
   * once {@code TIF_NOTIFY_SIGNAL} is newly set: {@code wake_up_state(t, TASK_INTERRUPTIBLE)} takes
   * {@code p->pi_lock} and, if the task is asleep, wakes it ({@code try_to_wake_up()} queues it on
   * its housekeeping CPU and IPIs that CPU out of its idle loop); if it runs, {@code
   * kick_process()} sends a reschedule IPI to its CPU. Neither is a NOHZ_FULL CPU.
   */
  private void set_notify_signal_sleeper(Kernel k, Task t) {
    Loc pi = present(m.piLock[t.id()]);
    int cpu = m.wakeCpu[t.id()];
    k.spin_lock(pi, IN_WAKE_UP_STATE);
    boolean asleep = k.READ_ONCE(present(m.onCpuWord[t.id()]), IN_WAKE_UP_STATE) == 0;
    if (asleep) {
      k.smp_mb__before_atomic(WAKE_ORDER); // stores before the IPI reach its target
      k.atomic_or(LivepatchModel.IRQ_WAKE, m.irq(cpu), IN_TRY_TO_WAKE_UP);
    }
    k.spin_unlock(pi, IN_WAKE_UP_STATE);
    if (!asleep) {
      k.smp_mb__before_atomic(SIG_KICK_ORDER);
      k.atomic_or(LivepatchModel.IRQ_KICK, m.irq(cpu), IN_KICK_PROCESS);
    }
    if (k.tracing()) {
      k.note(
          "klp_send_signals(): fake signal to "
              + t.comm()
              + (asleep
                  ? ", wake_up_state() wakes it on CPU" + cpu
                  : ", running: kick_process() sends a reschedule IPI to CPU" + cpu));
    }
  }

  /** {@code t} as {@code task_curr(t) && t != current} sees {@code current}: not running. */
  private static Task notRunning(Task t) {
    return new Task(t.id(), t.comm(), Task.Kind.SLEEPING, -1);
  }

  private static <T> T present(@Nullable T x) {
    if (x == null) {
      throw new IllegalStateException("not a sleeper of --sleepers-in-f");
    }
    return x;
  }

  /** The delayed work, about a second later: one routine per other CPU, then the retry. */
  private void klp_transition_work_fn(Kernel k) {
    int i = Reg.I.get(k);
    if (i == 0) {
      // the end of the attempt (klp_enable_patch(), klp_transition_work_fn() or the reversal)
      k.mutex_unlock(MUTEX_UNLOCK);
    }
    if (i >= m.otherCpus.length) {
      // About a second has passed: every store made so far has reached this CPU.
      k.wait_for_propagation(DELAY_PROPAGATE);
      k.mutex_lock(MUTEX_LOCK);
      go(k, Phase.KLP_TRY_COMPLETE_TRANSITION);
      return;
    }
    int cpu = m.otherCpus[i];
    // IPIs first: handling one ends in user mode (or idle), and only CPU0 sends them
    k.await(Guard.equal(m.irq(cpu), 0), IN_WORK_FN);
    if (m.mode[cpu] != null) {
      // a vCPU thread may also be in guest mode: KVM_RUN lasts as long as the guest runs
      Task t = m.onCpu[cpu];
      k.await(
          t != null && m.isVcpu(t) ? Guard.bits(m.mode(cpu), 3, 0) : Guard.equal(m.mode(cpu), 0),
          IN_WORK_FN);
    }
    Reg.I.set(k, i + 1);
  }

  // ---- klp_reverse_transition() ------------------------------------------------------------

  private void klp_reverse_transition(Kernel k) {
    if (k.tracing()) {
      k.note("klp_reverse_transition(): transition " + Reg.TRANSITION.get(k) + " is reversed");
    }
    k.mutex_lock(MUTEX_LOCK); // enabled_store()
    k.setGhost(m.reversed, 1);
    enter(k, Stage.REVERSING);
    Reg.REVERSED.set(k, 1);
    Reg.ATTEMPTS.set(k, 0);
    reversal.beforeClearingTif(this, k);
    forEachTask(k, Phase.KLP_REVERSE_TRANSITION_TASK, Phase.KLP_REVERSE_TRANSITION_RESTART);
  }

  /** One task of {@code klp_reverse_transition()}'s loop, then the synchronize. */
  private void klp_reverse_transition(Kernel k, Task t) {
    k.clear_bit(TIF_PATCH_PENDING, m.flags[t.id()], IN_REVERSE);
    int i = Reg.I.get(k);
    if (i + 1 >= m.tasks.size()) {
      // "let remaining klp_update_patch_state() complete"
      klp_synchronize_transition(k, Phase.KLP_REVERSE_TRANSITION_RESTART);
    } else {
      Reg.I.set(k, i + 1);
    }
  }

  private void klp_reverse_transition_restart(Kernel k) {
    reversal.afterSynchronize(this, k);
    Reg.START_RETURN.set(k, Phase.KLP_TRANSITION_WORK_FN);
    go(k, Phase.KLP_START_TRANSITION);
  }

  private void flipTarget(Kernel k) {
    int target = 1 - Reg.TARGET.get(k);
    k.WRITE_ONCE(m.target, target, IN_REVERSE);
    Reg.TARGET.set(k, target);
  }

  // ---- klp_complete_transition() -----------------------------------------------------------

  private void klp_complete_transition(Kernel k) {
    int target = Reg.TARGET.get(k);
    for (Task t : m.tasks) {
      // CPU0 decides to complete: judge patch_state as CPU0 will see it, its own buffered stores
      // included (under tso v1's remote assignment may still be in CPU0's store buffer).
      int ps = k.ghostSeen(m.patchState[t.id()]);
      if (ps != target) {
        m.violate(
            k,
            Contract.COMPLETE_SWITCHED,
            () ->
                "klp_complete_transition() starts while "
                    + t.comm()
                    + "->patch_state = "
                    + stateName(ps)
                    + " but klp_target_state = "
                    + stateName(target));
        break;
      }
    }
    enter(k, Stage.COMPLETING);
    if (k.tracing()) {
      k.note("klp_complete_transition() for transition " + Reg.TRANSITION.get(k));
    }
    if (target == KLP_UNPATCHED) {
      // klp_unpatch_objects(), then klp_synchronize_transition(): no handler may still see the
      // removed funcs
      Reg.FN.set(k, 0);
      go(k, Phase.KLP_UNPATCH_FUNC);
    } else {
      go(k, Phase.KLP_COMPLETE_TRANSITION_FUNCS);
    }
  }

  /**
   * {@code klp_unpatch_func()} for function {@link Reg#FN} (patch.c, v5.15): if the patch is the
   * only one on {@code ops->func_stack} ({@code list_is_singular()}), {@code
   * unregister_ftrace_function()} first puts the call site back to the nop with {@code
   * text_poke_bp_batch()} (the same full barriers and sync IPIs as the registration; a CPU that has
   * handled its IPI no longer calls the handler), then {@code list_del_rcu()}; otherwise {@code
   * list_del_rcu()} only.
   */
  private void klp_unpatch_func(Kernel k) {
    int fn = Reg.FN.get(k);
    if (Reg.FUNC_STACK.get(k) == 1 << patch(k)) {
      // unregister_ftrace_function() -> ftrace_shutdown() -> ... -> text_poke_bp_batch()
      textPoke(k, fn, "unregister_ftrace_function");
      return;
    }
    listDelRcu(k, fn);
  }

  /** {@code list_del_rcu()} of function {@code fn}, then the next function or the synchronize. */
  private void listDelRcu(Kernel k, int fn) {
    int patches = Reg.FUNC_STACK.get(k) & ~(1 << patch(k));
    k.WRITE_ONCE(m.funcStack[fn], patches, IN_UNPATCH_FUNC);
    if (fn + 1 < LivepatchModel.FN.length) {
      Reg.FN.set(k, fn + 1);
      go(k, Phase.KLP_UNPATCH_FUNC);
      return;
    }
    Reg.FN.set(k, 0);
    // Reg.FUNC_STACK keeps the patch until its func->transition is cleared: see patch()
    klp_synchronize_transition(k, Phase.KLP_COMPLETE_TRANSITION_FUNCS);
  }

  private void klp_complete_transition_funcs(Kernel k) {
    int p = patch(k);
    for (int fn = 0; fn < LivepatchModel.FN.length; fn++) {
      k.WRITE_ONCE(m.transition[p][fn], 0, IN_COMPLETE);
    }
    if (Reg.TARGET.get(k) == KLP_UNPATCHED) {
      Reg.FUNC_STACK.set(k, Reg.FUNC_STACK.get(k) & ~(1 << p)); // klp_unpatch_objects() done
    }
    if (Reg.TARGET.get(k) == KLP_PATCHED) {
      // "Prevent klp_ftrace_handler() from seeing KLP_UNDEFINED"
      klp_synchronize_transition(k, Phase.KLP_COMPLETE_TRANSITION_RESET);
    } else {
      go(k, Phase.KLP_COMPLETE_TRANSITION_RESET);
    }
  }

  private void klp_complete_transition_reset(Kernel k) {
    enter(k, Stage.RESETTING);
    forEachTask(k, Phase.KLP_COMPLETE_TRANSITION_TASK, Phase.KLP_COMPLETE_TRANSITION_END);
  }

  /** One task of {@code klp_complete_transition()}'s reset loop. */
  private void klp_complete_transition(Kernel k, Task t) {
    if (k.test_bit(TIF_PATCH_PENDING, m.flags[t.id()], IN_COMPLETE)) {
      m.violate(
          k,
          Contract.COMPLETE_SWITCHED,
          () ->
              "klp_complete_transition() finds "
                  + "TIF_PATCH_PENDING still set on "
                  + t.comm()
                  + " (WARN_ON_ONCE)");
    }
    k.WRITE_ONCE(m.patchState[t.id()], KLP_UNDEFINED, IN_COMPLETE);
    nextTask(k, Phase.KLP_COMPLETE_TRANSITION_END);
  }

  private void klp_complete_transition_end(Kernel k) {
    k.WRITE_ONCE(m.target, KLP_UNDEFINED, IN_COMPLETE);
    k.mutex_unlock(MUTEX_UNLOCK); // the end of the attempt that completed
    k.setGhost(m.phase, Stage.IDLE.word(Reg.TRANSITION.get(k)));
    k.setGhost(m.completed, k.ghost(m.completed) + 1);
    if (k.tracing()) {
      k.note("transition " + Reg.TRANSITION.get(k) + " complete");
    }
    go(k, Phase.NEXT_TRANSITION);
  }

  // ---- klp_synchronize_transition() -------------------------------------------------------

  /** Calls {@code klp_synchronize_transition()}, which continues with {@code then}. */
  private void klp_synchronize_transition(Kernel k, Phase then) {
    Reg.SYNC_RETURN.set(k, then);
    Reg.I.set(k, 0);
    Reg.SYNC_WAITING.set(k, 0);
    go(k, m.otherCpus.length == 0 ? then : Phase.KLP_SYNCHRONIZE_TRANSITION);
  }

  /** The start of the wait, at the {@link Reg#I}-th other CPU. */
  private void klp_synchronize_transition(Kernel k) {
    int i = Reg.I.get(k);
    if (i == 0) {
      // Both synchronize_rcu() (a strong fence in the LKMM: gp is in strong-fence) and
      // schedule_on_each_cpu() (queue_work/flush_work wake-ups) order the caller's earlier
      // accesses before everything the wait allows to run.
      k.smp_mb(SYNC_MB_BEFORE);
    }
    Reg.SYNC_WAITING.set(k, Reg.SYNC_WAITING.get(k) | m.sync.start(k, m, i));
    if (m.sync.started(m, i)) {
      go(k, Phase.KLP_SYNCHRONIZE_TRANSITION_WAIT);
    } else {
      Reg.I.set(k, i + 1);
    }
  }

  private void klp_synchronize_transition_wait(Kernel k) {
    int waiting = Reg.SYNC_WAITING.get(k);
    if (waiting == 0) {
      // Every CPU passed a quiescent state with a full barrier: the caller sees their stores.
      k.wait_for_propagation(SYNC_PROPAGATE);
      k.smp_mb(SYNC_MB_AFTER);
      go(k, Reg.SYNC_RETURN.phase(k));
      return;
    }
    int passed = m.sync.waitForOne(k, m, waiting);
    Reg.SYNC_WAITING.set(k, waiting & ~(1 << passed));
  }

  // ---- loops and phases ---------------------------------------------------------------------

  private static void go(Kernel k, Phase phase) {
    Reg.PHASE.set(k, phase);
  }

  /** The task of the current per-task loop iteration. */
  private Task task(Kernel k) {
    int i = Reg.I.get(k);
    return m.tasks.get(orderReg < 0 ? i : m.taskOrders[k.reg(orderReg)][i]);
  }

  /** Starts a loop over the tasks with {@code body}, or goes to {@code after} if there are none. */
  private void forEachTask(Kernel k, Phase body, Phase after) {
    Reg.I.set(k, 0);
    go(k, m.tasks.isEmpty() ? after : body);
  }

  /** Ends one task's iteration: the next task, or {@code after} once every task had its turn. */
  private void nextTask(Kernel k, Phase after) {
    int i = Reg.I.get(k);
    if (i + 1 >= m.tasks.size()) {
      Reg.I.set(k, 0);
      go(k, after);
    } else {
      Reg.I.set(k, i + 1);
    }
  }

  /** Records that the transition has entered {@code stage}, for the contracts. */
  private void enter(Kernel k, Stage stage) {
    k.setGhost(m.phase, stage.word(Reg.TRANSITION.get(k)));
  }
}
