package dev.klpct.core;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Task;
import dev.klpct.api.program.CpuProgram;
import org.jspecify.annotations.Nullable;

/**
 * A sleeper of {@code --sleepers-in-f} and the housekeeping CPU it runs on once woken: a user task
 * asleep (interruptibly) inside the patched function {@code f}, which it called before the first
 * patch, at a sleep point before {@code f}'s call of {@code g}. While it sleeps there, {@code
 * klp_check_stack()} fails for it when the transition replaces that {@code f}. It wakes once, in
 * one of two ways:
 *
 * <ul>
 *   <li>by itself, at any time (what it waits for happens): {@code f} goes on, calls {@code g}
 *       through {@code klp_ftrace_handler()}, returns;
 *   <li>by {@code klp_send_signals()}'s fake signal ({@code set_notify_signal()}: {@code
 *       TIF_NOTIFY_SIGNAL}, then {@code wake_up_state()}): the interruptible sleep ends with a
 *       pending signal, {@code f} returns without calling {@code g}.
 * </ul>
 *
 * Either way the syscall then returns through {@code exit_to_user_mode_loop()} (kernel/entry/
 * common.c, v5.15): pending IPIs, {@code klp_update_patch_state(current)} while {@code
 * TIF_PATCH_PENDING}, {@code TIF_NOTIFY_SIGNAL} handled ({@code arch_do_signal_or_restart()}). In
 * user mode it may take a pending interrupt (the same exit path) or block again in a syscall
 * outside any patched function, where the stack check passes; a fake signal may wake it from there,
 * again through the exit path. [simplified] The syscall a fake signal interrupts is restarted in
 * the kernel ({@code -ERESTARTSYS} without a handler) and would call {@code f} again: that is a new
 * sleeper in {@code f}, which the model bounds to one per task.
 *
 * <p>Where it runs [inferred]: {@code try_to_wake_up()} picks a CPU in the task's affinity, and a
 * NOHZ_FULL CPU runs a single task (a second runnable task would restart its tick), so the model
 * wakes it on a housekeeping CPU of its own, where context tracking is not active: for every
 * strategy's remote path it is then a running task on a CPU that is not in user mode as context
 * tracking sees it. While it sleeps the CPU is idle and handles IPIs (text-poke syncs, queued work)
 * like an idle CPU; its own idle task is not in the task list.
 *
 * <p>Scheduling state: {@code W->on_cpu} (1 while it runs) is written only under {@code
 * W->pi_lock}, which {@code task_call_func()} holds while the strategy looks at the task.
 */
final class SleeperInF implements CpuProgram {
  private static final int STATE = CpuContext.REGISTERS;

  /**
   * The CPU's view of the text, as {@code NohzTask}'s: bit {@code fn} once {@code fn}'s call site
   * calls the handler.
   */
  private static final int TEXT = STATE + 1;

  private static final int REGISTERS = STATE + 2;

  // STATE
  private static final int ASLEEP_IN_F = 0;
  private static final int WOKEN_IN_F = 1;
  private static final int SIGNALLED_IN_F = 2;
  private static final int USER = 3;
  private static final int ASLEEP = 4;
  private static final int WOKEN = 5;

  private static final Site IN_F = Site.in("f");
  private static final Site TTWU = Site.in("try_to_wake_up");
  private static final Site SCHEDULE = ExitToUserMode.SCHEDULE;
  private static final Site IDLE = Site.in("do_idle");
  private static final Site IPI = IDLE.label("READ pending IPIs");
  private static final Site EXIT_TO_USER_MODE_LOOP = ExitToUserMode.EXIT_TO_USER_MODE_LOOP;
  private static final Site EXIT_IPI =
      EXIT_TO_USER_MODE_LOOP.label("READ pending IPIs (need_resched)");
  private static final Site TEXT_IPI =
      Site.in("do_sync_core").label("READ pending IPIs (sync_core)");
  private static final Site USER_MODE = Site.in("user mode");

  private final LivepatchModel m;
  private final Task task;
  private final int cpu;
  private final CpuContext ctx;
  private final Loc irq;
  private final Loc onCpu;
  private final Loc stackWord;
  private final Loc piLock;
  private final Loc mode;

  SleeperInF(LivepatchModel m, Task task) {
    this.m = m;
    this.task = task;
    this.cpu = m.wakeCpu[task.id()];
    this.ctx = m.context(cpu);
    this.irq = m.irq(cpu);
    this.onCpu = present(m.onCpuWord[task.id()]);
    this.stackWord = present(m.stackWord[task.id()]);
    this.piLock = present(m.piLock[task.id()]);
    this.mode = m.mode(cpu);
  }

  private static Loc present(@Nullable Loc l) {
    if (l == null) {
      throw new IllegalStateException("not a sleeper of --sleepers-in-f");
    }
    return l;
  }

  @Override
  public String name() {
    return "CPU" + cpu + " (" + task.comm() + ", housekeeping)";
  }

  @Override
  public int registers() {
    return REGISTERS;
  }

  @Override
  public boolean quiescent(int[] regs) {
    return regs[STATE] == ASLEEP;
  }

  @Override
  public String describe(int[] regs) {
    return name()
        + switch (regs[STATE]) {
          case ASLEEP_IN_F -> ": " + task.comm() + " asleep in f";
          case ASLEEP -> ": " + task.comm() + " asleep outside f";
          case USER -> ": " + task.comm() + " in user mode";
          default -> ": " + task.comm() + " in the kernel";
        };
  }

  @Override
  public boolean step(Kernel k) {
    switch (k.reg(STATE)) {
      case ASLEEP_IN_F -> {
        int a = k.select(IN_F, Guard.always(), Guard.notEqual(irq, 0));
        if (a == 0) {
          wake(k, WOKEN_IN_F, "wakes by itself in f");
        } else {
          idle(k, SIGNALLED_IN_F);
        }
      }
      case WOKEN_IN_F -> {
        int text = k.reg(TEXT);
        if ((text & (1 << LivepatchModel.G)) == 0 || m.config.mayUnpatch()) {
          // interrupts are on: a pending sync IPI of a text modification is taken before the call
          text = handleTextPoke(k, k.smp_load_acquire(irq, TEXT_IPI), text);
        }
        m.call(k, task, LivepatchModel.G, (text & (1 << LivepatchModel.G)) != 0);
        returnFromF(k);
      }
      case SIGNALLED_IN_F -> returnFromF(k); // the sleep ends with -ERESTARTSYS, no call of g
      case WOKEN -> exitToUser(k);
      case USER -> {
        if (k.select(USER_MODE, Guard.notEqual(irq, 0), Guard.always()) == 0) {
          exitToUser(k); // an interrupt, and the same exit path
        } else {
          block(k);
        }
      }
      case ASLEEP -> {
        k.await(Guard.notEqual(irq, 0), IDLE);
        idle(k, WOKEN);
      }
      default -> throw new IllegalStateException("state " + k.reg(STATE));
    }
    return true;
  }

  /** Scheduled in: {@code on_cpu} under the lock {@code task_call_func()} takes. */
  private void wake(Kernel k, int next, String how) {
    // running from here on for the retry's fairness wait (set with the first step of the wake-up)
    k.setGhost(mode, 1);
    k.spin_lock(piLock, TTWU);
    k.WRITE_ONCE(onCpu, 1, TTWU);
    k.spin_unlock(piLock, TTWU);
    ctx.rcu_eqs_exit(k);
    if (k.tracing()) {
      k.note(task.comm() + " " + how + " and runs on CPU" + cpu);
    }
    k.setReg(STATE, next);
  }

  /**
   * The idle CPU takes its pending IPIs ({@code schedule_idle()}); if one is the wake-up of {@code
   * try_to_wake_up()}, the task runs ({@code next}).
   */
  private void idle(Kernel k, int next) {
    ctx.rcu_eqs_exit(k);
    int pending = k.smp_load_acquire(irq, IPI);
    if ((pending & LivepatchModel.IRQ_WAKE) != 0) {
      // being woken: running for the retry's fairness wait once the wake-up IPI is taken
      k.setGhost(mode, 1);
    }
    ExitToUserMode.schedule(k, irq, pending, TEXT);
    if ((pending & LivepatchModel.IRQ_WAKE) != 0) {
      wake(k, next, "is woken by the fake signal");
    } else {
      ctx.rcu_eqs_enter(k);
    }
  }

  private int handleTextPoke(Kernel k, int pending, int text) {
    int ipis = pending & LivepatchModel.IRQ_TEXT_POKE;
    if (ipis == 0) {
      return text;
    }
    k.smp_mb__before_atomic(NohzTask.SYNC_CORE_MB);
    k.atomic_andnot(ipis, irq, Site.in("do_sync_core"));
    int now = text ^ (ipis >>> 2);
    k.setReg(TEXT, now);
    return now;
  }

  /** {@code f} returns: its frame leaves the stack; then the syscall's exit path. */
  private void returnFromF(Kernel k) {
    m.popAll(k, task);
    k.WRITE_ONCE(stackWord, 0, IN_F);
    if (k.tracing()) {
      k.note(task.comm() + " returns from f");
    }
    exitToUser(k);
  }

  /** {@code exit_to_user_mode_loop()}, as for a NOHZ_FULL task; then user mode. */
  private void exitToUser(Kernel k) {
    int pending = k.smp_load_acquire(irq, EXIT_IPI);
    if (pending != 0) {
      ExitToUserMode.schedule(k, irq, pending, TEXT);
    }
    ExitToUserMode.exit_to_user_mode_loop(k, m, task);
    if (k.tracing()) {
      k.note(task.comm() + " is in user mode on CPU" + cpu);
    }
    k.setReg(STATE, USER);
  }

  /** A syscall that sleeps outside any patched function: scheduled out, the CPU goes idle. */
  private void block(Kernel k) {
    k.spin_lock(piLock, SCHEDULE);
    k.WRITE_ONCE(onCpu, 0, SCHEDULE);
    k.spin_unlock(piLock, SCHEDULE);
    ctx.rcu_eqs_enter(k);
    k.setGhost(mode, 0);
    if (k.tracing()) {
      k.note(task.comm() + " sleeps outside any patched function");
    }
    k.setReg(STATE, ASLEEP);
  }
}
