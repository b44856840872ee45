package dev.klpct.core;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
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
  // registers after the kernel context (CpuContext.REGISTERS)
  private static final int MODE = CpuContext.REGISTERS;
  private static final int KSTEP = MODE + 1;

  /** What the task has spent of its budget: syscalls made, above a bit for the NMI taken. */
  private static final int SPENT = MODE + 2;

  /**
   * Bit {@code fn}: this CPU has handled the sync IPI of {@code fn}'s ftrace registration (and not
   * yet that of its unregistration), so its calls of {@code fn} go through {@code
   * klp_ftrace_handler()} (the CPU's view of the text).
   */
  private static final int TEXT = MODE + 3;

  private static final int REGISTERS = MODE + 4;

  // SPENT
  private static final int NMI_TAKEN = 1;
  private static final int SYSCALL_MADE = 2;

  // MODE
  private static final int USER = 0;
  private static final int SYSCALL = 1;
  private static final int IRQ = 2;
  private static final int NMI = 3;

  private static final Site USER_MODE = Site.in("user mode");
  private static final Site EXIT_TO_USER_MODE_LOOP = Site.in("exit_to_user_mode_loop");

  /** An IPI's handler sees the sender's earlier stores (arch IPI code; see exitToUser). */
  private static final Site EXIT_IPI =
      EXIT_TO_USER_MODE_LOOP.label("READ pending IPIs (need_resched)");

  private static final Site SCHEDULE = Site.in("schedule");

  /** The sync IPI of a text modification, taken in the kernel with interrupts enabled. */
  private static final Site DO_SYNC_CORE = Site.in("do_sync_core");

  private static final Site TEXT_IPI = DO_SYNC_CORE.label("READ pending IPIs (sync_core)");

  /**
   * The sync IPI's function runs from {@code flush_smp_call_function_queue()} (kernel/smp.c,
   * v5.15), which takes the CPU's queued calls with {@code llist_del_all()}, an {@code xchg()}: a
   * full barrier between everything the CPU did before and the handling. Modelled, as in {@link
   * #SCHEDULE_MB}, as {@code smp_mb__before_atomic()} before the clearing RMW. [inferred from the
   * v5.15 source; the text poke's own comments speak only of the sender's side]
   */
  static final Site SYNC_CORE_MB = DO_SYNC_CORE.label("llist_del_all(): xchg()");

  /**
   * {@code __schedule()} takes the runqueue lock and issues {@code smp_mb__after_spinlock()} before
   * it clears {@code TIF_NEED_RESCHED} (kernel/sched/core.c, v5.15): a full barrier between
   * everything the task did before and the handling of the IPI or work item. Modelled as {@code
   * smp_mb__before_atomic()} before the clearing RMW, which orders the same accesses of the model
   * (the runqueue lock is not modelled) and is no step of its own.
   */
  static final Site SCHEDULE_MB = SCHEDULE.label("rq_lock(); smp_mb__after_spinlock()");

  private static final Site ARCH_DO_SIGNAL_OR_RESTART = Site.in("arch_do_signal_or_restart");

  private final LivepatchModel m;
  private final Task task;
  private final int cpu;
  private final CpuContext ctx;

  NohzTask(LivepatchModel m, Task task) {
    this.m = m;
    this.task = task;
    this.cpu = task.cpu();
    this.ctx = m.context(cpu);
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
    return regs[MODE] == USER;
  }

  @Override
  public String describe(int[] regs) {
    return name() + (regs[MODE] == USER ? " in user mode" : " in the kernel");
  }

  @Override
  public boolean step(Kernel k) {
    int mode = k.reg(MODE);
    if (mode == USER) {
      int a =
          k.select(
              USER_MODE,
              Guard.when(k.reg(SPENT) / SYSCALL_MADE < m.config.episodes()),
              Guard.when(m.config.nmi() && (k.reg(SPENT) & NMI_TAKEN) == 0),
              Guard.notEqual(irqLoc(), 0));
      switch (a) {
        case 0 -> enter(k, SYSCALL);
        case 1 -> nmiEnter(k);
        default -> enter(k, IRQ);
      }
      return true;
    }
    int kstep = k.reg(KSTEP);
    int text = k.reg(TEXT); // registers written in this routine change only at its end
    if (mode == SYSCALL && kstep < 2 && ((text & (1 << kstep)) == 0 || m.config.mayUnpatch())) {
      // kstep 0 calls f, 1 calls g. Interrupts are on in a syscall: a pending sync IPI of a text
      // modification is taken before the call (at the exit it is handled with the other IPIs).
      // Only a registration can be pending while the text does not call the handler; an
      // unregistration (a disable, or a reversed enable, of a function's last patch) only while it
      // does, so scenarios without either need not look.
      int pending = k.smp_load_acquire(irqLoc(), TEXT_IPI);
      text = handleTextPoke(k, pending, text);
    }
    switch (kstep) {
      case 0 -> {
        m.call(k, task, LivepatchModel.F, (text & (1 << LivepatchModel.F)) != 0);
        k.setReg(KSTEP, 1);
      }
      case 1 -> {
        m.call(k, task, LivepatchModel.G, (text & (1 << LivepatchModel.G)) != 0);
        m.popAll(k, task); // g returns, then f returns
        k.setReg(KSTEP, 2);
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

  /**
   * {@code do_sync_core()} for the text-modification IPIs in {@code pending}: the CPU now sees the
   * modified call sites. Returns its view of the text, {@code text} before.
   */
  private int handleTextPoke(Kernel k, int pending, int text) {
    int ipis = pending & LivepatchModel.IRQ_TEXT_POKE;
    if (ipis == 0) {
      return text;
    }
    k.smp_mb__before_atomic(SYNC_CORE_MB);
    k.atomic_andnot(ipis, irqLoc(), DO_SYNC_CORE);
    int now = text ^ (ipis >>> 2); // a registration sets, an unregistration clears
    k.setReg(TEXT, now);
    return now;
  }

  private Loc irqLoc() {
    Loc l = m.irq[cpu];
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
    ctx.local_irq_disable(k);
    m.ct.ct_user_exit(k, m);
    ctx.local_irq_enable(k);
    k.setReg(MODE, kind);
    k.setReg(KSTEP, kind == IRQ ? 2 : 0);
  }

  private void exitToUser(Kernel k, int mode) {
    // An IPI's handler sees the sender's earlier stores: the arch IPI code orders them (arm64
    // gic_ipi_send_mask(): dsb(ishst) before the SGI; x86: weak_wrmsr_fence()).
    int pending = k.smp_load_acquire(irqLoc(), EXIT_IPI);
    if (pending != 0) {
      k.smp_mb__before_atomic(SCHEDULE_MB);
      k.atomic_andnot(pending, irqLoc(), SCHEDULE);
      // a registration's IPI sets the function's bit, an unregistration's clears it: CPU0 waits
      // for each to be handled before the next text modification of the same function
      k.setReg(TEXT, k.reg(TEXT) ^ ((pending & LivepatchModel.IRQ_TEXT_POKE) >>> 2));
    }
    int work = (1 << Klp.TIF_PATCH_PENDING) | (1 << Klp.TIF_NOTIFY_SIGNAL);
    for (int i = 0; ; i++) {
      if (i == 4) {
        throw new IllegalStateException(
            "exit_to_user_mode_loop() does not terminate: "
                + task.comm()
                + "'s work flags stay set");
      }
      int ti = k.READ_ONCE(m.flags[task.id()], EXIT_TO_USER_MODE_LOOP);
      if ((ti & work) == 0) {
        break;
      }
      if ((ti & (1 << Klp.TIF_PATCH_PENDING)) != 0) {
        m.klp_update_patch_state(k, task);
      }
      if ((ti & (1 << Klp.TIF_NOTIFY_SIGNAL)) != 0) {
        k.clear_bit(Klp.TIF_NOTIFY_SIGNAL, m.flags[task.id()], ARCH_DO_SIGNAL_OR_RESTART);
      }
    }
    ctx.local_irq_disable(k);
    m.ct.ct_user_enter(k, m);
    ctx.local_irq_enable(k);
    k.setGhost(modeLoc(), 0);
    if (k.tracing()) {
      k.note(task.comm() + " is back in user mode");
    }
    k.setReg(MODE, USER);
    if (mode == SYSCALL) {
      k.setReg(SPENT, k.reg(SPENT) + SYSCALL_MADE);
    }
  }

  private void nmiEnter(Kernel k) {
    k.setGhost(modeLoc(), 2);
    if (k.tracing()) {
      k.note(task.comm() + "'s CPU takes an NMI in user mode");
    }
    ctx.local_irq_disable(k);
    m.ct.ct_nmi_enter(k, m);
    k.setReg(MODE, NMI);
    k.setReg(KSTEP, 0);
  }

  private void nmiExit(Kernel k) {
    m.ct.ct_nmi_exit(k, m);
    ctx.local_irq_enable(k);
    k.setGhost(modeLoc(), 0);
    k.setReg(MODE, USER);
    k.setReg(SPENT, k.reg(SPENT) | NMI_TAKEN);
  }

  private Loc modeLoc() {
    Loc l = m.mode[cpu];
    if (l == null) {
      throw new IllegalStateException("no mode word for CPU" + cpu);
    }
    return l;
  }
}
