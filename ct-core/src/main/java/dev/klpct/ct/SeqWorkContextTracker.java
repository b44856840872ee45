package dev.klpct.ct;

import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.ContextTracker;
import dev.klpct.api.program.MemoryLayout;

/**
 * Context tracking of RFC v2 07/11 ("context_tracking: Add an atomic sequence/state count"): an
 * atomic {@code ct->seq} whose low bits are {@code CT_SEQ_WORK} (0x1), {@code CT_SEQ_NMI} (0x2) and
 * {@code CT_SEQ_USER} (0x4) above a counter in units of {@code CT_SEQ} (0x8), and an atomic {@code
 * ct->work} bit mask.
 *
 * <ul>
 *   <li>user exit: {@code seq = atomic_add_return(CT_SEQ - CT_SEQ_USER)}; if WORK, run it;
 *   <li>user enter: {@code atomic_set(work, 0); atomic_add_return(CT_SEQ_USER)};
 *   <li>NMI enter (before {@code rcu_nmi_enter()}): {@code seq = atomic_add_return(CT_SEQ_NMI)}; if
 *       WORK, run it ("NMI-enter is USER-exit"); NMI exit (after {@code rcu_nmi_exit()}): {@code
 *       atomic_set(work, 0); atomic_add_return(CT_SEQ - CT_SEQ_NMI)};
 *   <li>{@code ct_exit_user_work()}: {@code w = atomic_read(work)}; per bit: do it, {@code
 *       smp_mb__before_atomic(); atomic_andnot(bit, work)}; finally {@code smp_mb__before_atomic();
 *       atomic_andnot(CT_SEQ_WORK, seq)};
 *   <li>{@code context_tracking_set_cpu_work()}: {@code seq = atomic_read(seq)}; if {@code
 *       in_user(seq)}: {@code atomic_or(work, ct->work)} then {@code atomic_try_cmpxchg(seq, seq |
 *       CT_SEQ_WORK)}.
 * </ul>
 *
 * <p>With 08/11 ({@code rcuUsesCtSeq}) the seq is RCU's EQS counter, so RCU watches from the entry
 * increment on; with 07/11 alone RCU's own dynticks counter is bumped by {@code rcu_user_exit()}
 * (or {@code rcu_nmi_enter()}) after the work has run. Source: 07/11
 * (20210929152428.947246287@infradead.org), 08/11 (20210929152429.007420590@infradead.org).
 */
final class SeqWorkContextTracker implements ContextTracker {
  static final int CT_SEQ_WORK = 0x1;
  static final int CT_SEQ_NMI = 0x2;
  static final int CT_SEQ_USER = 0x4;
  static final int CT_SEQ = 0x8;

  private static final Site EXIT_INC =
      Site.of("ct_user_exit", "atomic_add_return(CT_SEQ - CT_SEQ_USER, &ct->seq)");
  private static final Site EXIT_RCU = Site.of("rcu_user_exit", "atomic_add_return(dynticks)");
  private static final Site ENTER_RCU = Site.of("rcu_user_enter", "atomic_add_return(dynticks)");
  private static final Site ENTER_WORK0 = Site.of("ct_user_enter", "atomic_set(&ct->work, 0)");
  private static final Site ENTER_INC =
      Site.of("ct_user_enter", "atomic_add_return(CT_SEQ_USER, &ct->seq)");
  private static final Site NMI_INC =
      Site.of("ct_nmi_enter", "atomic_add_return(CT_SEQ_NMI, &ct->seq)");
  private static final Site NMI_RCU_ENTER = Site.of("rcu_nmi_enter", "atomic_add_return(dynticks)");
  private static final Site NMI_RCU_EXIT = Site.of("rcu_nmi_exit", "atomic_add_return(dynticks)");
  private static final Site NMI_WORK0 = Site.of("ct_nmi_exit", "atomic_set(&ct->work, 0)");
  private static final Site NMI_EXIT_INC =
      Site.of("ct_nmi_exit", "atomic_add_return(CT_SEQ - CT_SEQ_NMI, &ct->seq)");
  private static final Site WORK_READ = Site.of("ct_exit_user_work", "atomic_read(&ct->work)");
  private static final Site WORK_MB1 = Site.of("ct_exit_user_work", "smp_mb__before_atomic()");
  private static final Site WORK_CLEAR =
      Site.of("ct_exit_user_work", "atomic_andnot(work, &ct->work)");
  private static final Site WORK_MB2 =
      Site.of("ct_exit_user_work", "smp_mb__before_atomic() [seq]");
  private static final Site WORK_SEQ =
      Site.of("ct_exit_user_work", "atomic_andnot(CT_SEQ_WORK, &ct->seq)");
  private static final Site SET_READ = Site.of("ct_seq_set_user_work", "atomic_read(&ct->seq)");
  private static final Site SET_OR = Site.of("ct_seq_set_user_work", "atomic_or(work, &ct->work)");
  private static final Site SET_CMPXCHG =
      Site.of("ct_seq_set_user_work", "atomic_try_cmpxchg(&ct->seq, &seq, seq | CT_SEQ_WORK)");
  private static final Site IS_USER = Site.of("is_ct_user", "atomic_read(&ct->seq)");

  /** The sites of one boundary: {@code ct_user_*} or KVM's {@code context_tracking_guest_*}. */
  private record Boundary(
      Site exitInc, Site exitRcu, Site enterRcu, Site enterWork0, Site enterInc) {}

  private static final Boundary USER =
      new Boundary(EXIT_INC, EXIT_RCU, ENTER_RCU, ENTER_WORK0, ENTER_INC);

  /**
   * 07/11 calls {@code ct_seq_user_enter()} / {@code ct_seq_user_exit()} from {@code
   * __context_tracking_enter()} / {@code __context_tracking_exit()} for any state, so guest mode
   * sets and clears {@code CT_SEQ_USER} as user mode does ("a sequence count that tracks
   * USER/GUEST,NMI state", its changelog).
   */
  private static final Boundary GUEST =
      new Boundary(
          Site.of(
              "context_tracking_guest_exit", "atomic_add_return(CT_SEQ - CT_SEQ_USER, &ct->seq)"),
          Site.of("context_tracking_guest_exit", "rcu_user_exit(): atomic_add_return(dynticks)"),
          Site.of("context_tracking_guest_enter", "rcu_user_enter(): atomic_add_return(dynticks)"),
          Site.of("context_tracking_guest_enter", "atomic_set(&ct->work, 0)"),
          Site.of("context_tracking_guest_enter", "atomic_add_return(CT_SEQ_USER, &ct->seq)"));

  private final Loc[] seq;
  private final Loc[] work;
  private final Loc[] dynticks;
  private final boolean rcuUsesCtSeq;

  SeqWorkContextTracker(
      MemoryLayout.Builder b, int driverCpu, int[] nohzCpus, boolean rcuUsesCtSeq) {
    int n = b.cpus();
    this.rcuUsesCtSeq = rcuUsesCtSeq;
    seq = new Loc[n];
    work = new Loc[n];
    dynticks = new Loc[n];
    for (int cpu : nohzCpus) {
      long both = MemoryLayout.Builder.mask(cpu, driverCpu);
      long self = MemoryLayout.Builder.mask(cpu);
      seq[cpu] = b.shared("ct[" + cpu + "].seq", both, both, CT_SEQ_USER);
      work[cpu] = b.shared("ct[" + cpu + "].work", both, both, 0);
      if (!rcuUsesCtSeq) {
        dynticks[cpu] = b.shared("rcu[" + cpu + "].dynticks", self, self, 0);
      }
    }
  }

  @Override
  public String name() {
    return rcuUsesCtSeq ? "seq-work (07/11+08/11)" : "seq-work (07/11)";
  }

  static boolean in_user(int seq) {
    return (seq & (CT_SEQ_USER | CT_SEQ_NMI)) == CT_SEQ_USER;
  }

  private Loc seq(int cpu) {
    Loc l = seq[cpu];
    if (l == null) {
      throw new IllegalStateException("CPU" + cpu + " is not a NOHZ_FULL CPU");
    }
    return l;
  }

  @Override
  public void ct_user_exit(Kernel k, Hooks hooks) {
    exit(k, hooks, USER);
  }

  @Override
  public void ct_guest_exit(Kernel k, Hooks hooks) {
    exit(k, hooks, GUEST);
  }

  private void exit(Kernel k, Hooks hooks, Boundary at) {
    int cpu = k.cpu();
    int s = k.atomic_add_return(CT_SEQ - CT_SEQ_USER, seq(cpu), at.exitInc());
    if (rcuUsesCtSeq) {
      hooks.rcuWatching(k, true);
    }
    if ((s & CT_SEQ_WORK) != 0) {
      ct_exit_user_work(k, hooks, cpu);
    }
    if (!rcuUsesCtSeq) {
      k.atomic_add_return(1, dynticks[cpu], at.exitRcu());
      hooks.rcuWatching(k, true);
    }
  }

  private void ct_exit_user_work(Kernel k, Hooks hooks, int cpu) {
    int w = k.atomic_read(work[cpu], WORK_READ);
    for (int b = 0; b < Integer.SIZE; b++) {
      int bit = 1 << b;
      if ((w & bit) == 0) {
        continue;
      }
      hooks.runWork(k, bit);
      k.smp_mb__before_atomic(WORK_MB1);
      k.atomic_andnot(bit, work[cpu], WORK_CLEAR);
    }
    k.smp_mb__before_atomic(WORK_MB2);
    k.atomic_andnot(CT_SEQ_WORK, seq[cpu], WORK_SEQ);
  }

  @Override
  public void ct_user_enter(Kernel k, Hooks hooks) {
    enter(k, hooks, USER);
  }

  @Override
  public void ct_guest_enter(Kernel k, Hooks hooks) {
    enter(k, hooks, GUEST);
  }

  private void enter(Kernel k, Hooks hooks, Boundary at) {
    int cpu = k.cpu();
    if (!rcuUsesCtSeq) {
      hooks.rcuWatching(k, false);
      k.atomic_add_return(1, dynticks[cpu], at.enterRcu());
    }
    k.atomic_set(work[cpu], 0, at.enterWork0());
    if (rcuUsesCtSeq) {
      hooks.rcuWatching(k, false);
    }
    k.atomic_add_return(CT_SEQ_USER, seq(cpu), at.enterInc());
  }

  /**
   * {@code irqentry_nmi_enter()} from user mode: 07/11's context-tracking hook runs before {@code
   * rcu_nmi_enter()}, so the work it may run ("NMI-enter is USER-exit") runs while RCU does not
   * watch the CPU, as in {@link #ct_user_exit}; with 08/11 the seq increment itself is RCU's EQS
   * exit.
   */
  @Override
  public void ct_nmi_enter(Kernel k, Hooks hooks) {
    int cpu = k.cpu();
    int s = k.atomic_add_return(CT_SEQ_NMI, seq(cpu), NMI_INC);
    if (rcuUsesCtSeq) {
      hooks.rcuWatching(k, true);
    }
    if ((s & CT_SEQ_WORK) != 0) {
      ct_exit_user_work(k, hooks, cpu);
    }
    if (!rcuUsesCtSeq) {
      k.atomic_add_return(1, dynticks[cpu], NMI_RCU_ENTER);
      hooks.rcuWatching(k, true);
    }
  }

  /**
   * {@code irqentry_nmi_exit()}: {@code rcu_nmi_exit()} and then the context-tracking hook, the
   * mirror image of the entry (07/11's hunk of kernel/entry/common.c calls {@code
   * ct_nmi_exit_irqoff()} right after {@code rcu_nmi_exit()}).
   */
  @Override
  public void ct_nmi_exit(Kernel k, Hooks hooks) {
    int cpu = k.cpu();
    if (!rcuUsesCtSeq) {
      hooks.rcuWatching(k, false);
      k.atomic_add_return(1, dynticks[cpu], NMI_RCU_EXIT);
    }
    k.atomic_set(work[cpu], 0, NMI_WORK0);
    if (rcuUsesCtSeq) {
      hooks.rcuWatching(k, false);
    }
    k.atomic_add_return(CT_SEQ - CT_SEQ_NMI, seq(cpu), NMI_EXIT_INC);
  }

  @Override
  public boolean is_ct_user(Kernel k, int cpu) {
    if (cpu < 0 || cpu >= seq.length || seq[cpu] == null) {
      return false;
    }
    return in_user(k.atomic_read(seq[cpu], IS_USER));
  }

  @Override
  public boolean context_tracking_set_cpu_work(Kernel k, int cpu, int w) {
    if (cpu < 0 || cpu >= seq.length || seq[cpu] == null) {
      return false; // !context_tracking_enabled() || !ct->active
    }
    int s = k.atomic_read(seq[cpu], SET_READ);
    if (!in_user(s)) {
      return false;
    }
    k.atomic_or(w, work[cpu], SET_OR);
    int found = k.atomic_cmpxchg(seq[cpu], s, s | CT_SEQ_WORK, SET_CMPXCHG);
    return found == s;
  }

  @Override
  public boolean supportsWork() {
    return true;
  }
}
