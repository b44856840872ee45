package dev.klpct.core;

import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Task;

/**
 * The kernel's way back to user mode as every user task of the model takes it (a NOHZ_FULL task, a
 * vCPU thread after a VM exit, a sleeper woken in {@code f}): {@code schedule()} handling the IPIs
 * and work items pending for the CPU, and {@code exit_to_user_mode_loop()} handling {@code
 * TIF_PATCH_PENDING} and {@code TIF_NOTIFY_SIGNAL} (kernel/entry/common.c, v5.15). One copy, so
 * that the tasks cannot drift apart.
 */
final class ExitToUserMode {
  private ExitToUserMode() {}

  static final Site SCHEDULE = Site.in("schedule");

  /**
   * {@code __schedule()} takes the runqueue lock and issues {@code smp_mb__after_spinlock()} before
   * it clears {@code TIF_NEED_RESCHED} (kernel/sched/core.c, v5.15): a full barrier between
   * everything the task did before and the handling of the IPI or work item. Modelled as {@code
   * smp_mb__before_atomic()} before the clearing RMW, which orders the same accesses of the model
   * (the runqueue lock is not modelled) and is no step of its own.
   */
  static final Site SCHEDULE_MB = SCHEDULE.label("rq_lock(); smp_mb__after_spinlock()");

  static final Site EXIT_TO_USER_MODE_LOOP = Site.in("exit_to_user_mode_loop");

  static final Site ARCH_DO_SIGNAL_OR_RESTART = Site.in("arch_do_signal_or_restart");

  /**
   * {@code schedule()} for the IPIs and work items {@code pending} on the CPU (read from {@code
   * irq}, non-zero): clears them, and toggles in register {@code textReg} the functions whose
   * text-poke sync IPI this handles (a registration's IPI sets the function's bit, an
   * unregistration's clears it: CPU0 waits for each to be handled before the next text modification
   * of the same function). Returns the register's new value.
   */
  static int schedule(Kernel k, Loc irq, int pending, int textReg) {
    k.smp_mb__before_atomic(SCHEDULE_MB);
    k.atomic_andnot(pending, irq, SCHEDULE);
    int text = k.reg(textReg) ^ ((pending & LivepatchModel.IRQ_TEXT_POKE) >>> 2);
    k.setReg(textReg, text);
    return text;
  }

  /**
   * {@code exit_to_user_mode_loop()} for {@code task}: until none of its work flags is set, {@code
   * klp_update_patch_state(current)} for {@code TIF_PATCH_PENDING} and {@code
   * arch_do_signal_or_restart()}'s clearing of {@code TIF_NOTIFY_SIGNAL}.
   *
   * @throws IllegalStateException if the flags stay set (a model or strategy bug)
   */
  static void exit_to_user_mode_loop(Kernel k, LivepatchModel m, Task task) {
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
        return;
      }
      if ((ti & (1 << Klp.TIF_PATCH_PENDING)) != 0) {
        m.klp_update_patch_state(k, task);
      }
      if ((ti & (1 << Klp.TIF_NOTIFY_SIGNAL)) != 0) {
        k.clear_bit(Klp.TIF_NOTIFY_SIGNAL, m.flags[task.id()], ARCH_DO_SIGNAL_OR_RESTART);
      }
    }
  }
}
