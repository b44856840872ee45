package dev.klpct.ct;

import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.ContextTracker;
import dev.klpct.api.program.MemoryLayout;

/**
 * Context tracking as in v5.15 plus RFC v1 6/7: a plain per-CPU {@code context_tracking.state}
 * ({@code CONTEXT_KERNEL}/{@code CONTEXT_USER}) written with {@code __this_cpu_write}, and RCU's
 * separate dynticks counter, whose {@code atomic_add_return} in {@code rcu_user_exit()} / {@code
 * rcu_user_enter()} is the full barrier 6/7 relies on.
 *
 * <p>Entry (6/7 order): {@code state = CONTEXT_KERNEL}, then {@code rcu_user_exit()}. Exit: {@code
 * rcu_user_enter()}, then {@code state = CONTEXT_USER}. KVM's guest enter and exit run the same
 * code with {@code CONTEXT_GUEST} ({@link #ct_guest_enter}). NMIs do not touch the state (2021
 * behaviour, which is what makes RFC v1's V1-C race possible). No work posting. Source:
 * kernel/context_tracking.c (v5.13), RFC v1 6/7 (20210922110836.244770922@infradead.org).
 */
final class StateContextTracker implements ContextTracker {
  static final int CONTEXT_KERNEL = 0;
  static final int CONTEXT_USER = 1;
  static final int CONTEXT_GUEST = 2;

  private static final Site EXIT_STATE =
      Site.of("__context_tracking_exit", "state = CONTEXT_KERNEL");
  private static final Site EXIT_RCU = Site.of("rcu_user_exit", "atomic_add_return(dynticks)");
  private static final Site ENTER_RCU = Site.of("rcu_user_enter", "atomic_add_return(dynticks)");
  private static final Site ENTER_STATE =
      Site.of("__context_tracking_enter", "state = CONTEXT_USER");
  private static final Site GUEST_ENTER_RCU =
      Site.of("context_tracking_guest_enter", "rcu_user_enter(): atomic_add_return(dynticks)");
  private static final Site GUEST_ENTER_STATE =
      Site.of("context_tracking_guest_enter", "state = CONTEXT_GUEST");
  private static final Site GUEST_EXIT_STATE =
      Site.of("context_tracking_guest_exit", "state = CONTEXT_KERNEL");
  private static final Site GUEST_EXIT_RCU =
      Site.of("context_tracking_guest_exit", "rcu_user_exit(): atomic_add_return(dynticks)");
  private static final Site STATE_CPU =
      Site.of("context_tracking_state_cpu", "READ_ONCE(ct->state)");

  private final Loc[] state;
  private final Loc[] dynticks;

  StateContextTracker(MemoryLayout.Builder b, int driverCpu, int[] nohzCpus) {
    int n = b.cpus();
    state = new Loc[n];
    dynticks = new Loc[n];
    for (int cpu : nohzCpus) {
      long self = MemoryLayout.Builder.mask(cpu);
      state[cpu] =
          b.shared(
              "ct[" + cpu + "].state",
              self | MemoryLayout.Builder.mask(driverCpu),
              self,
              CONTEXT_USER);
      dynticks[cpu] = b.shared("rcu[" + cpu + "].dynticks", self, self, 0);
    }
  }

  @Override
  public String name() {
    return "state-2021";
  }

  private Loc state(int cpu) {
    Loc l = state[cpu];
    if (l == null) {
      throw new IllegalStateException("CPU" + cpu + " is not a NOHZ_FULL CPU");
    }
    return l;
  }

  @Override
  public void ct_user_exit(Kernel k, Hooks hooks) {
    contextTrackingExit(k, hooks, EXIT_STATE, EXIT_RCU);
  }

  @Override
  public void ct_user_enter(Kernel k, Hooks hooks) {
    contextTrackingEnter(k, hooks, CONTEXT_USER, ENTER_RCU, ENTER_STATE);
  }

  /**
   * {@code __context_tracking_enter(state)}: {@code rcu_user_enter()} (RCU stops watching: an
   * extended quiescent state), then the state.
   */
  private void contextTrackingEnter(Kernel k, Hooks hooks, int state, Site rcu, Site write) {
    int cpu = k.cpu();
    hooks.rcuWatching(k, false);
    k.atomic_add_return(1, dynticks[cpu], rcu);
    k.WRITE_ONCE(state(cpu), state, write);
  }

  /**
   * {@code __context_tracking_exit(state)} in the order of RFC v1 6/7: the state back to {@code
   * CONTEXT_KERNEL}, then {@code rcu_user_exit()}.
   */
  private void contextTrackingExit(Kernel k, Hooks hooks, Site write, Site rcu) {
    int cpu = k.cpu();
    k.WRITE_ONCE(state(cpu), CONTEXT_KERNEL, write);
    k.atomic_add_return(1, dynticks[cpu], rcu);
    hooks.rcuWatching(k, true);
  }

  /**
   * {@code __context_tracking_enter(CONTEXT_GUEST)}: the same code as the user enter, {@code
   * rcu_user_enter()} (guest mode is an RCU extended quiescent state) and then the state, which is
   * {@code CONTEXT_GUEST}: {@link #is_ct_user} does not see the CPU in user mode.
   */
  @Override
  public void ct_guest_enter(Kernel k, Hooks hooks) {
    contextTrackingEnter(k, hooks, CONTEXT_GUEST, GUEST_ENTER_RCU, GUEST_ENTER_STATE);
  }

  /** {@code __context_tracking_exit(CONTEXT_GUEST)}, in the order of 6/7 as the user exit. */
  @Override
  public void ct_guest_exit(Kernel k, Hooks hooks) {
    contextTrackingExit(k, hooks, GUEST_EXIT_STATE, GUEST_EXIT_RCU);
  }

  @Override
  public void ct_nmi_enter(Kernel k, Hooks hooks) {
    hooks.rcuWatching(k, true); // rcu_nmi_enter(); the context-tracking state stays USER
  }

  @Override
  public void ct_nmi_exit(Kernel k, Hooks hooks) {
    hooks.rcuWatching(k, false);
  }

  @Override
  public boolean is_ct_user(Kernel k, int cpu) {
    if (cpu < 0 || cpu >= state.length || state[cpu] == null) {
      return false; // CONTEXT_DISABLED on a CPU without tracking
    }
    return k.READ_ONCE(state[cpu], STATE_CPU) == CONTEXT_USER;
  }

  @Override
  public boolean context_tracking_set_cpu_work(Kernel k, int cpu, int work) {
    return false;
  }

  @Override
  public boolean supportsWork() {
    return false;
  }
}
