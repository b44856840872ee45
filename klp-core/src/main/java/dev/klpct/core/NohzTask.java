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
 *
 * <p>A KVM vCPU thread ({@code --vcpu-tasks}) makes {@code KVM_RUN} ioctls instead of plain
 * syscalls: after the entry, {@code vcpu_run()} loops on {@code vcpu_enter_guest()}, which (unless
 * {@code kvm_vcpu_exit_request()} sees {@code TIF_NOTIFY_SIGNAL}) disables interrupts and enters
 * guest mode through {@code context_tracking_guest_enter()}. In guest mode the CPU may exit of the
 * guest's own accord (an exit that needs user space, which ends the ioctl) or because an IPI is
 * pending for it. After the VM exit, {@code context_tracking_guest_exit()} (which runs pending
 * context-tracking work), interrupts on (the IPI is handled), the exit handler, and either the next
 * guest entry or the return to user mode through {@code exit_to_user_mode_loop()}. With {@code
 * --vcpu-run patched} the patched {@code f} is {@code vcpu_run()}, on the stack the whole time, and
 * {@code g} the exit handler; with {@code unpatched} the exit handler is {@code f}, calling {@code
 * g}. {@code TIF_PATCH_PENDING} is not part of {@code XFER_TO_GUEST_MODE_WORK}: a vCPU switches
 * itself only on its way back to user mode. Sources: arch/x86/kvm/x86.c ({@code vcpu_run}, {@code
 * vcpu_enter_guest}), arch/x86/kvm/vmx/vmx.c ({@code vmx_vcpu_enter_exit}),
 * include/linux/context_tracking.h, include/linux/entry-kvm.h, kernel/entry/kvm.c (v5.15).
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

  /**
   * A vCPU thread's register after the others: why its guest last exited ({@link #EXIT_FOR_USER} or
   * {@link #EXIT_FOR_IPI}). Other tasks do not have it, so that their states are encoded as before
   * vCPU threads existed.
   */
  private static final int EXIT_REASON = REGISTERS;

  // EXIT_REASON
  private static final int EXIT_FOR_IPI = 0;
  private static final int EXIT_FOR_USER = 1;

  // SPENT
  private static final int NMI_TAKEN = 1;
  private static final int SYSCALL_MADE = 2;

  // MODE
  private static final int USER = 0;
  private static final int SYSCALL = 1;
  private static final int IRQ = 2;
  private static final int NMI = 3;

  /** In the kernel for a {@code KVM_RUN} ioctl, outside guest mode. */
  private static final int KVM_RUN = 4;

  /** In guest mode (a vCPU thread). */
  private static final int GUEST = 5;

  // KSTEP of KVM_RUN
  private static final int K_CALL_VCPU_RUN = 0;
  private static final int K_ENTER_GUEST = 1;
  private static final int K_EXIT_HANDLER = 2;
  private static final int K_EXIT_HANDLER_CALLEE = 3;
  private static final int K_RETURN = 4;

  private static final Site USER_MODE = Site.in("user mode");
  private static final Site EXIT_TO_USER_MODE_LOOP = ExitToUserMode.EXIT_TO_USER_MODE_LOOP;

  /** An IPI's handler sees the sender's earlier stores (arch IPI code; see exitToUser). */
  private static final Site EXIT_IPI =
      EXIT_TO_USER_MODE_LOOP.label("READ pending IPIs (need_resched)");

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

  /** {@link ExitToUserMode#SCHEDULE_MB}. */
  static final Site SCHEDULE_MB = ExitToUserMode.SCHEDULE_MB;

  private static final Site GUEST_MODE = Site.in("guest mode");

  /**
   * {@code vcpu_enter_guest()}: {@code kvm_vcpu_exit_request()} reads the thread flags ({@code
   * xfer_to_guest_mode_work_pending()}); {@code TIF_NOTIFY_SIGNAL} makes {@code KVM_RUN} return
   * {@code -EINTR} to user space.
   */
  private static final Site KVM_VCPU_EXIT_REQUEST =
      Site.of("vcpu_enter_guest", "kvm_vcpu_exit_request(): READ_ONCE(flags)");

  /** The host IPI that caused (or came with) a VM exit, handled once interrupts are on again. */
  private static final Site VM_EXIT_IPI =
      Site.of("vcpu_enter_guest", "local_irq_enable(): READ pending IPIs");

  private final LivepatchModel m;
  private final Task task;
  private final int cpu;
  private final CpuContext ctx;

  /** Whether this task is a KVM vCPU thread ({@code --vcpu-tasks}). */
  private final boolean vcpu;

  NohzTask(LivepatchModel m, Task task) {
    this.m = m;
    this.task = task;
    this.cpu = task.cpu();
    this.ctx = m.context(cpu);
    this.vcpu = m.isVcpu(task);
  }

  @Override
  public String name() {
    return "CPU" + cpu + " (" + task.comm() + (vcpu ? ", vCPU" : "") + ", NOHZ_FULL)";
  }

  @Override
  public int registers() {
    return vcpu ? REGISTERS + 1 : REGISTERS;
  }

  @Override
  public boolean quiescent(int[] regs) {
    return regs[MODE] == USER || regs[MODE] == GUEST;
  }

  @Override
  public String describe(int[] regs) {
    return name()
        + switch (regs[MODE]) {
          case USER -> " in user mode";
          case GUEST -> " in guest mode";
          default -> " in the kernel";
        };
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
        case 0 -> enter(k, vcpu ? KVM_RUN : SYSCALL);
        case 1 -> nmiEnter(k);
        default -> enter(k, IRQ);
      }
      return true;
    }
    if (mode == GUEST) {
      guestMode(k);
      return true;
    }
    if (mode == KVM_RUN) {
      kvmRun(k, k.reg(KSTEP));
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
   * A call of {@code fn} in the kernel with interrupts on: a pending sync IPI of a text
   * modification is taken first, as in a syscall.
   */
  private void callWithInterruptsOn(Kernel k, int fn) {
    int text = k.reg(TEXT);
    if ((text & (1 << fn)) == 0 || m.config.mayUnpatch()) {
      int pending = k.smp_load_acquire(irqLoc(), TEXT_IPI);
      text = handleTextPoke(k, pending, text);
    }
    m.call(k, task, fn, (text & (1 << fn)) != 0);
  }

  /** The kernel part of a vCPU thread's {@code KVM_RUN}, step {@code kstep}. */
  private void kvmRun(Kernel k, int kstep) {
    switch (kstep) {
      case K_CALL_VCPU_RUN -> {
        // kvm_arch_vcpu_ioctl_run() -> vcpu_run(): f stays on the stack until the ioctl returns
        callWithInterruptsOn(k, LivepatchModel.F);
        k.setReg(KSTEP, K_ENTER_GUEST);
      }
      case K_ENTER_GUEST -> {
        int ti = k.READ_ONCE(m.flags[task.id()], KVM_VCPU_EXIT_REQUEST);
        if ((ti & (1 << Klp.TIF_NOTIFY_SIGNAL)) != 0) {
          // xfer_to_guest_mode_handle_work(): kvm_handle_signal_exit(), -EINTR to user space
          k.setReg(KSTEP, K_RETURN);
          return;
        }
        ctx.local_irq_disable(k);
        m.ct.ct_guest_enter(k, m);
        k.setGhost(modeLoc(), LivepatchModel.MODE_GUEST);
        if (k.tracing()) {
          k.note(task.comm() + " enters guest mode");
        }
        k.setReg(MODE, GUEST);
      }
      case K_EXIT_HANDLER -> {
        // interrupts are on again: the IPI that caused the VM exit is handled (a text poke's
        // sync_core(), a reschedule or queued work at xfer_to_guest_mode_handle_work()'s
        // schedule())
        int pending = k.smp_load_acquire(irqLoc(), VM_EXIT_IPI);
        int text = pending != 0 ? ExitToUserMode.schedule(k, irqLoc(), pending, TEXT) : k.reg(TEXT);
        if (m.config.vcpuRun() == KlpConfig.VcpuRun.PATCHED) {
          // vcpu_run() (f) -> the exit handler (g), which returns
          m.call(k, task, LivepatchModel.G, (text & (1 << LivepatchModel.G)) != 0);
          m.pop(k, task);
          afterExitHandler(k);
        } else {
          m.call(k, task, LivepatchModel.F, (text & (1 << LivepatchModel.F)) != 0);
          k.setReg(KSTEP, K_EXIT_HANDLER_CALLEE);
        }
      }
      case K_EXIT_HANDLER_CALLEE -> {
        callWithInterruptsOn(k, LivepatchModel.G);
        m.popAll(k, task);
        afterExitHandler(k);
      }
      default -> {
        m.popAll(k, task); // vcpu_run() returns, and the ioctl
        k.setReg(EXIT_REASON, EXIT_FOR_IPI);
        exitToUser(k, SYSCALL);
      }
    }
  }

  /** After the exit handler: back to user space, or (after an IPI) the next guest entry. */
  private void afterExitHandler(Kernel k) {
    k.setReg(KSTEP, k.reg(EXIT_REASON) == EXIT_FOR_USER ? K_RETURN : K_ENTER_GUEST);
  }

  /**
   * Guest mode: a VM exit of the guest's own accord that needs user space (once per {@code
   * KVM_RUN}), or one caused by an IPI pending for this CPU; otherwise the guest runs on forever.
   */
  private void guestMode(Kernel k) {
    int a =
        k.select(
            GUEST_MODE,
            Guard.when(k.reg(EXIT_REASON) != EXIT_FOR_USER),
            Guard.notEqual(irqLoc(), 0));
    int reason = a == 0 ? EXIT_FOR_USER : EXIT_FOR_IPI;
    // in the kernel from the VM exit on, as a syscall is from its entry (see enter())
    k.setGhost(modeLoc(), LivepatchModel.MODE_KERNEL);
    m.ct.ct_guest_exit(k, m);
    ctx.local_irq_enable(k);
    if (k.tracing()) {
      k.note(
          task.comm()
              + " exits guest mode"
              + (reason == EXIT_FOR_USER ? " (an exit user space handles)" : " (an IPI)"));
    }
    k.setReg(EXIT_REASON, reason);
    k.setReg(MODE, KVM_RUN);
    k.setReg(KSTEP, K_EXIT_HANDLER);
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
          task.comm()
              + " enters the kernel ("
              + switch (kind) {
                case SYSCALL -> "syscall";
                case KVM_RUN -> "KVM_RUN ioctl";
                default -> "interrupt";
              }
              + ")");
    }
    ctx.local_irq_disable(k);
    m.ct.ct_user_exit(k, m);
    ctx.local_irq_enable(k);
    k.setReg(MODE, kind);
    if (kind == KVM_RUN) {
      k.setReg(EXIT_REASON, EXIT_FOR_IPI);
      k.setReg(
          KSTEP, m.config.vcpuRun() == KlpConfig.VcpuRun.PATCHED ? K_CALL_VCPU_RUN : K_ENTER_GUEST);
    } else {
      k.setReg(KSTEP, kind == IRQ ? 2 : 0);
    }
  }

  private void exitToUser(Kernel k, int mode) {
    // An IPI's handler sees the sender's earlier stores: the arch IPI code orders them (arm64
    // gic_ipi_send_mask(): dsb(ishst) before the SGI; x86: weak_wrmsr_fence()).
    int pending = k.smp_load_acquire(irqLoc(), EXIT_IPI);
    if (pending != 0) {
      ExitToUserMode.schedule(k, irqLoc(), pending, TEXT);
    }
    ExitToUserMode.exit_to_user_mode_loop(k, m, task);
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
