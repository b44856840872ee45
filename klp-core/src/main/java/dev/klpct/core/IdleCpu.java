package dev.klpct.core;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Task;
import dev.klpct.api.program.CpuProgram;

/**
 * An idle CPU running its idle task in {@code do_idle()}: it waits for an interrupt ({@code
 * wake_up_if_idle()}, queued work), handles it, and at the end of the idle-loop iteration calls
 * {@code klp_update_patch_state(current)} if {@code klp_patch_pending(current)} — the idle loop's
 * switch point (kernel/sched/idle.c, kernel.md §2.2). Context tracking is not active on it, so
 * remote strategies see it as "not in user mode" and only the wake-up helps. Without {@code
 * wake_up_if_idle()} (baseline, v5.15) an idle CPU that nothing wakes never switches its idle task:
 * the bug Vasily Gorbik reported on s390 in September 2021.
 */
final class IdleCpu implements CpuProgram {
  private static final Site DO_IDLE = Site.in("do_idle");

  /** The IPI orders the sender's earlier stores before its handler (arch IPI code). */
  private static final Site IPI = DO_IDLE.label("READ pending IPIs");

  private static final Site SCHEDULE_IDLE = Site.in("schedule_idle");

  /** {@code __schedule()}'s {@code smp_mb__after_spinlock()}, as in {@link NohzTask}. */
  private static final Site SCHEDULE_IDLE_MB =
      SCHEDULE_IDLE.label("rq_lock(); smp_mb__after_spinlock()");

  private final LivepatchModel m;
  private final Task idle;
  private final int cpu;
  private final CpuContext ctx;

  IdleCpu(LivepatchModel m, Task idle) {
    this.m = m;
    this.idle = idle;
    this.cpu = idle.cpu();
    this.ctx = m.context(cpu);
  }

  @Override
  public String name() {
    return "CPU" + cpu + " (" + idle.comm() + ", idle)";
  }

  @Override
  public int registers() {
    return CpuContext.REGISTERS; // the kernel context is all an idle CPU keeps
  }

  @Override
  public boolean quiescent(int[] registers) {
    return true;
  }

  @Override
  public boolean step(Kernel k) {
    Loc irq = m.irq[cpu];
    if (irq == null) {
      throw new IllegalStateException("no IPI word for CPU" + cpu);
    }
    k.await(Guard.notEqual(irq, 0), DO_IDLE); // cpuidle: wait for an interrupt
    int pending = k.smp_load_acquire(irq, IPI); // the IPI orders the sender's stores

    ctx.rcu_eqs_exit(k); // rcu_idle_exit()
    k.smp_mb__before_atomic(SCHEDULE_IDLE_MB);
    k.atomic_andnot(pending, irq, SCHEDULE_IDLE); // handle it, run queued work
    if (k.test_bit(Klp.TIF_PATCH_PENDING, m.flags[idle.id()], DO_IDLE)) { // klp_patch_pending()
      m.klp_update_patch_state(k, idle);
    }
    ctx.rcu_eqs_enter(k); // back to idle: rcu_idle_enter()
    return true;
  }
}
