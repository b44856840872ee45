package dev.klpct.core;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Task;
import dev.klpct.api.program.CpuProgram;

/**
 * A NOHZ_FULL CPU running one user task {@code T}: in user mode it may make a syscall (up to {@code
 * --episodes}), take one NMI ({@code --nmi}), or take an interrupt when an IPI or a work item is
 * pending for it; otherwise it stays in user mode, undisturbed, forever.
 *
 * <p>A syscall is: kernel entry ({@code ct_user_exit()}, which runs pending context-tracking work),
 * {@code CALL f} → {@code CALL g} through {@code klp_ftrace_handler()}, then {@code
 * exit_to_user_mode_loop()} ({@code schedule()} if an IPI or work item was pending, then {@code
 * klp_update_patch_state()} while {@code TIF_PATCH_PENDING}, {@code TIF_NOTIFY_SIGNAL} handling)
 * and {@code ct_user_enter()}. An interrupt is the same without the calls. An NMI from user mode is
 * {@code ct_nmi_enter()}, the calls, {@code ct_nmi_exit()}; it does not go through the exit loop.
 * Sources: kernel/entry/common.c, RFC v2 07/11.
 */
final class NohzTask implements CpuProgram {
  static final int R_MODE = 0;
  static final int R_KSTEP = 1;
  static final int R_EPIS = 2;
  static final int R_PREEMPT = 3;

  /** Bit flags (kept in one register so that states stay small). */
  static final int R_FLAGS = 4;

  private static final int REGISTERS = 5;

  static final int F_NMI_USED = 1;

  /** RCU watches this CPU (not in an extended quiescent state). */
  static final int F_WATCH = 2;

  /** This CPU's rcu_reader word is set. */
  static final int F_READER = 4;

  /** Interrupts are disabled (entry/exit code, NMI). */
  static final int F_IRQOFF = 8;

  /** The interrupts-off region counts as one level of {@link #R_PREEMPT}. */
  static final int F_IRQ_READER = 16;

  static boolean flag(dev.klpct.api.Kernel k, int f) {
    return (k.reg(R_FLAGS) & f) != 0;
  }

  static void setFlag(dev.klpct.api.Kernel k, int f, boolean on) {
    int v = k.reg(R_FLAGS);
    k.setReg(R_FLAGS, on ? v | f : v & ~f);
  }

  static final int USER = 0;
  static final int SYSCALL = 1;
  static final int IRQ = 2;
  static final int NMI = 3;

  private static final Site USER_MODE =
      Site.of("user mode", "syscall | NMI | interrupt (pending IPI or work)");
  private static final Site EXIT_IPI =
      Site.of("exit_to_user_mode_loop", "READ pending IPIs (need_resched)");
  private static final Site EXIT_SCHEDULE =
      Site.of("schedule", "run queued work / handle the IPI (klp_sync, kick_process)");
  private static final Site EXIT_FLAGS =
      Site.of("exit_to_user_mode_loop", "ti_work = read_thread_flags()");
  private static final Site EXIT_SIGNAL =
      Site.of("arch_do_signal_or_restart", "clear_thread_flag(TIF_NOTIFY_SIGNAL)");

  private final LivepatchModel m;
  private final Task task;
  private final int cpu;

  NohzTask(LivepatchModel m, Task task) {
    this.m = m;
    this.task = task;
    this.cpu = task.cpu();
  }

  @Override
  public String name() {
    return "CPU" + cpu + " (" + task.comm() + ", NOHZ_FULL)";
  }

  @Override
  public int registers() {
    return REGISTERS;
  }

  @Override
  public boolean quiescent(int[] regs) {
    return regs[R_MODE] == USER;
  }

  @Override
  public String describe(int[] regs) {
    return name() + (regs[R_MODE] == USER ? " in user mode" : " in the kernel");
  }

  @Override
  public boolean step(Kernel k) {
    int mode = k.reg(R_MODE);
    if (mode == USER) {
      int a =
          k.select(
              USER_MODE,
              Guard.when(k.reg(R_EPIS) < m.config.episodes()),
              Guard.when(m.config.nmi() && !flag(k, F_NMI_USED)),
              Guard.notEqual(irqLoc(), 0));
      switch (a) {
        case 0 -> enter(k, SYSCALL);
        case 1 -> nmiEnter(k);
        default -> enter(k, IRQ);
      }
      return true;
    }
    int kstep = k.reg(R_KSTEP);
    switch (kstep) {
      case 0 -> {
        m.call(k, task, LivepatchModel.F);
        k.setReg(R_KSTEP, 1);
      }
      case 1 -> {
        m.call(k, task, LivepatchModel.G);
        m.popAll(k, task); // g returns, then f returns
        k.setReg(R_KSTEP, 2);
      }
      default -> {
        if (mode == NMI) {
          nmiExit(k);
        } else {
          exitToUser(k, mode);
        }
      }
    }
    return true;
  }

  private dev.klpct.api.Loc irqLoc() {
    dev.klpct.api.Loc l = m.irq[cpu];
    if (l == null) {
      throw new IllegalStateException("no IPI word for CPU" + cpu);
    }
    return l;
  }

  private void enter(Kernel k, int kind) {
    k.setGhost(modeLoc(), 1);
    if (k.tracing()) {
      k.note(
          task.comm() + " enters the kernel (" + (kind == SYSCALL ? "syscall" : "interrupt") + ")");
    }
    setFlag(k, F_IRQOFF, true);
    m.ct.ct_user_exit(k, m);
    m.irqsOn(k);
    k.setReg(R_MODE, kind);
    k.setReg(R_KSTEP, kind == IRQ ? 2 : 0);
  }

  private void exitToUser(Kernel k, int mode) {
    // An IPI's handler sees the sender's earlier stores: the arch IPI code orders them (arm64
    // gic_ipi_send_mask(): dsb(ishst) before the SGI; x86: weak_wrmsr_fence()).
    int pending = k.smp_load_acquire(irqLoc(), EXIT_IPI);
    if (pending != 0) {
      k.atomic_andnot(pending, irqLoc(), EXIT_SCHEDULE);
    }
    int work = (1 << Klp.TIF_PATCH_PENDING) | (1 << Klp.TIF_NOTIFY_SIGNAL);
    for (int i = 0; ; i++) {
      if (i == 4) {
        throw new IllegalStateException(
            "exit_to_user_mode_loop() does not terminate: "
                + task.comm()
                + "'s work flags stay set");
      }
      int ti = k.READ_ONCE(m.flags[task.id()], EXIT_FLAGS);
      if ((ti & work) == 0) {
        break;
      }
      if ((ti & (1 << Klp.TIF_PATCH_PENDING)) != 0) {
        m.strategy.patchStateUpdater().klp_update_patch_state(k, m, task);
      }
      if ((ti & (1 << Klp.TIF_NOTIFY_SIGNAL)) != 0) {
        k.clear_bit(Klp.TIF_NOTIFY_SIGNAL, m.flags[task.id()], EXIT_SIGNAL);
      }
    }
    setFlag(k, F_IRQOFF, true);
    m.ct.ct_user_enter(k, m);
    m.irqsOn(k);
    k.setGhost(modeLoc(), 0);
    if (k.tracing()) {
      k.note(task.comm() + " is back in user mode");
    }
    k.setReg(R_MODE, USER);
    if (mode == SYSCALL) {
      k.setReg(R_EPIS, k.reg(R_EPIS) + 1);
    }
  }

  private void nmiEnter(Kernel k) {
    k.setGhost(modeLoc(), 2);
    if (k.tracing()) {
      k.note(task.comm() + "'s CPU takes an NMI in user mode");
    }
    setFlag(k, F_IRQOFF, true);
    m.ct.ct_nmi_enter(k, m);
    k.setReg(R_MODE, NMI);
    k.setReg(R_KSTEP, 0);
  }

  private void nmiExit(Kernel k) {
    m.ct.ct_nmi_exit(k, m);
    m.irqsOn(k);
    k.setGhost(modeLoc(), 0);
    k.setReg(R_MODE, USER);
    setFlag(k, F_NMI_USED, true);
  }

  private dev.klpct.api.Loc modeLoc() {
    dev.klpct.api.Loc l = m.mode[cpu];
    if (l == null) {
      throw new IllegalStateException("no mode word for CPU" + cpu);
    }
    return l;
  }
}
