package dev.klpct.api.klp;

/** The implementation of {@code klp_synchronize_transition()} (kernel.md §2.1, §4.0). */
public enum SyncMode {
  /**
   * Upstream: {@code schedule_on_each_cpu(klp_sync)}; every CPU must pass through {@code
   * schedule()}, which forces a CPU in user mode into the kernel.
   */
  SCHEDULE_ON_EACH_CPU("schedule-on-each-cpu"),
  /**
   * RFC v2 10/11 {@code synchronize_rcu()} with 08/11: RCU watches a CPU from the context-tracking
   * seq increment, so a read-side section in the entry work is waited for.
   */
  RCU("rcu"),
  /**
   * RFC v2 10/11 with 07/11 alone: the context-tracking work runs before {@code rcu_user_exit()},
   * while RCU does not watch, so the grace period does not wait for it.
   */
  RCU_EQS_WORK("rcu-eqs-work");

  private final String cliName;

  SyncMode(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line. */
  public String cliName() {
    return cliName;
  }

  /** Parses a command-line name. */
  public static SyncMode parse(String name) {
    for (SyncMode m : values()) {
      if (m.cliName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown sync mode '" + name + "' (known: schedule-on-each-cpu, rcu, rcu-eqs-work)");
  }
}
