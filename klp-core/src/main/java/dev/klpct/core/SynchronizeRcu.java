package dev.klpct.core;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.SyncMode;

/**
 * RFC v2 10/11's {@code klp_synchronize_transition()}: {@code synchronize_rcu()}, "which has the
 * benefit of actually respecting NOHZ_FULL". Every CPU RCU watches when the grace period begins (in
 * the kernel, inside a read-side section or not) owes it a quiescent-state report, which it can
 * give only outside a read-side section, with a full barrier; CPUs in an extended quiescent state
 * (user mode, idle) owe nothing, because they leave it with a fully ordered RMW. No CPU is
 * disturbed.
 *
 * <p>Where RCU starts watching a CPU that enters the kernel decides whether the grace period waits
 * for the context-tracking work of the entry: with 08/11 the context-tracking seq is RCU's EQS
 * counter, so RCU watches from its increment on and the work is inside a read-side section ({@code
 * --sync rcu}); with 07/11 alone the work runs before {@code rcu_user_exit()}, while RCU does not
 * watch, and the grace period does not wait for it ({@code --sync rcu-eqs-work}, kernel.md §4.3
 * V2-A3).
 */
final class SynchronizeRcu implements SynchronizeTransition {
  private static final Site SYNCHRONIZE_RCU = Site.in("synchronize_rcu");
  private static final Site QS =
      SYNCHRONIZE_RCU.label(
          "quiescent-state report: the CPU noticed the grace period, full barrier");

  private final boolean rcuWatchesCtWork;

  /**
   * @param rcuWatchesCtWork whether RCU watches from the context-tracking seq increment (08/11)
   */
  SynchronizeRcu(boolean rcuWatchesCtWork) {
    this.rcuWatchesCtWork = rcuWatchesCtWork;
  }

  @Override
  public SyncMode mode() {
    return rcuWatchesCtWork ? SyncMode.RCU : SyncMode.RCU_EQS_WORK;
  }

  @Override
  public boolean rcuWatchesCtWork() {
    return rcuWatchesCtWork;
  }

  @Override
  public boolean waitsForReaders() {
    return true;
  }

  /**
   * The CPUs the grace period waits for: those RCU watches now. A routine without primitives is
   * never replayed, so reading RCU's bookkeeping here cannot diverge.
   */
  @Override
  public int start(Kernel k, LivepatchModel m, int i) {
    int watched = 0;
    for (int cpu : m.otherCpus) {
      if (k.ghost(m.rcuReader(cpu)) != CpuContext.RCU_EQS) {
        watched |= 1 << cpu;
      }
    }
    if (k.tracing()) {
      k.note("synchronize_rcu(): waits for " + (watched == 0 ? "no CPU" : "CPUs " + cpus(watched)));
    }
    return watched;
  }

  @Override
  public boolean started(LivepatchModel m, int i) {
    return true;
  }

  /** Until one watched CPU is outside a read-side section and reports its quiescent state. */
  @Override
  public int waitForOne(Kernel k, LivepatchModel m, int waiting) {
    Guard[] outside = new Guard[m.layout.cpus()];
    for (int c = 0; c < outside.length; c++) {
      Loc reader = m.rcuReader[c];
      outside[c] =
          (waiting & (1 << c)) == 0 || reader == null
              ? Guard.never()
              : Guard.notEqual(reader, CpuContext.RCU_READER);
    }
    int cpu = k.select(SYNCHRONIZE_RCU, outside);
    k.rcu_report_qs(cpu, outside[cpu], QS);
    return cpu;
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
}
