package dev.klpct.core;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.SyncMode;

/**
 * Upstream {@code klp_synchronize_transition()}: {@code schedule_on_each_cpu(klp_sync)} with an
 * empty work function, "a hard force of synchronize_rcu()" that also waits for CPUs RCU does not
 * watch. It queues the work on every other CPU, one routine per CPU, and waits until each has run
 * it. A CPU in user mode takes an interrupt for it (the work runs at the {@code schedule()} of
 * {@code exit_to_user_mode_loop()}, never inside a preempt-disabled region), so every queued work
 * on a NOHZ_FULL CPU is a disturbance (kernel.md §2.5 (b)).
 */
final class ScheduleOnEachCpu implements SynchronizeTransition {
  private static final Site SCHEDULE_ON_EACH_CPU = Site.in("schedule_on_each_cpu");
  private static final Site QUEUE_ORDER =
      SCHEDULE_ON_EACH_CPU.label("queue_work_on orders earlier stores");

  @Override
  public SyncMode mode() {
    return SyncMode.SCHEDULE_ON_EACH_CPU;
  }

  @Override
  public boolean rcuWatchesCtWork() {
    return true;
  }

  @Override
  public boolean waitsForReaders() {
    return false;
  }

  /** {@code queue_work_on(cpu, system_wq, klp_sync)} for the {@code i}-th other CPU. */
  @Override
  public int start(Kernel k, LivepatchModel m, int i) {
    int cpu = m.otherCpus[i];
    k.smp_mb__before_atomic(QUEUE_ORDER); // stores before the IPI reach its target
    k.atomic_or(LivepatchModel.IRQ_SYNC, m.irq(cpu), SCHEDULE_ON_EACH_CPU);
    if (m.nohz(cpu)) {
      m.disturb(
          k,
          cpu,
          () ->
              "klp_synchronize_transition():"
                  + " schedule_on_each_cpu() queues work on NOHZ_FULL CPU"
                  + cpu);
    }
    return 1 << cpu;
  }

  @Override
  public boolean started(LivepatchModel m, int i) {
    return i + 1 >= m.otherCpus.length;
  }

  /** {@code flush_work()}: until one CPU has run its {@code klp_sync}. */
  @Override
  public int waitForOne(Kernel k, LivepatchModel m, int waiting) {
    Guard[] ran = new Guard[m.layout.cpus()];
    for (int c = 0; c < ran.length; c++) {
      Loc irq = m.irq[c];
      ran[c] =
          (waiting & (1 << c)) == 0 || irq == null
              ? Guard.never()
              : Guard.bits(irq, LivepatchModel.IRQ_SYNC, 0);
    }
    return k.select(SCHEDULE_ON_EACH_CPU, ran);
  }
}
