package dev.klpct.api.klp;

import dev.klpct.api.Kernel;

/**
 * Context tracking of NOHZ_FULL CPUs ({@code kernel/context_tracking.c}): what a CPU does on the
 * user/kernel boundary and how another CPU can observe it or post work to it.
 *
 * <p>All entry and exit methods run on the CPU that crosses the boundary ({@code k.cpu()}).
 * Implementations are stateless apart from the memory locations they were created with.
 */
public interface ContextTracker {

  /** Short name, e.g. {@code state-2021} or {@code seq-work}. */
  String name();

  /** {@code ct_user_exit()} (2021: {@code user_exit()}): kernel entry from user mode. */
  void ct_user_exit(Kernel k, Hooks hooks);

  /** {@code ct_user_enter()}: return to user mode. */
  void ct_user_enter(Kernel k, Hooks hooks);

  /**
   * {@code context_tracking_guest_enter()} ({@code guest_enter_irqoff()}, called by KVM with
   * interrupts off just before VM entry): {@code __context_tracking_enter(CONTEXT_GUEST)}. RCU
   * treats guest mode as an extended quiescent state, as it does user mode.
   */
  void ct_guest_enter(Kernel k, Hooks hooks);

  /**
   * {@code context_tracking_guest_exit()} ({@code guest_exit_irqoff()}, right after the VM exit,
   * interrupts still off): {@code __context_tracking_exit(CONTEXT_GUEST)}, which runs pending
   * context-tracking work where the tracker has any.
   */
  void ct_guest_exit(Kernel k, Hooks hooks);

  /** NMI entry while in user mode ({@code irqentry_nmi_enter} hook of RFC v2 07/11). */
  void ct_nmi_enter(Kernel k, Hooks hooks);

  /** NMI exit. */
  void ct_nmi_exit(Kernel k, Hooks hooks);

  /**
   * Remote sample: whether {@code cpu} is in user mode and not in an NMI, as another CPU sees it
   * now. (RFC v1: {@code context_tracking_state_cpu(cpu) == CONTEXT_USER}, false in {@code
   * CONTEXT_GUEST}; Mladek: {@code is_ct_user()} on the 07/11 seq, whose USER bit guest mode sets
   * too.)
   */
  boolean is_ct_user(Kernel k, int cpu);

  /**
   * {@code context_tracking_set_cpu_work(cpu, work)}: posts work to run on {@code cpu}'s next
   * kernel entry; {@code true} guarantees the CPU will run it before instrumentable code. Trackers
   * without work support return {@code false}.
   */
  boolean context_tracking_set_cpu_work(Kernel k, int cpu, int work);

  /** Whether {@link #context_tracking_set_cpu_work} can succeed. */
  boolean supportsWork();

  /** Callbacks from context tracking into the rest of the kernel model. */
  interface Hooks {
    /**
     * Runs one context-tracking work item ({@code ct_exit_user_work}), e.g. {@link
     * Klp#CT_WORK_KLP}.
     */
    void runWork(Kernel k, int work);

    /** RCU starts (or stops) watching this CPU ({@code rcu_user_exit}/{@code rcu_user_enter}). */
    void rcuWatching(Kernel k, boolean watching);

    /** Whether RCU's EQS state is the context-tracking seq itself (RFC v2 08/11). */
    boolean rcuUsesCtSeq();
  }
}
