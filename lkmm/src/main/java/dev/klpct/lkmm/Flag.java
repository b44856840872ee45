package dev.klpct.lkmm;

/**
 * The {@code flag} statements of {@code linux-kernel.bell}, {@code lock.cat} and {@code
 * linux-kernel.cat}: properties of an allowed execution that herd7 reports (as {@code Flag name})
 * without forbidding it. Each is named as in the model's files ({@link #catName()}).
 *
 * <p>{@code lock-final} (the final value of a spinlock is tested) is not here: it is about the
 * litmus test's final condition, not about the graph, and the litmus reader rejects such tests.
 */
public enum Flag {
  UNMATCHED_RCU_LOCK("unmatched-rcu-lock"),
  UNMATCHED_RCU_UNLOCK("unmatched-rcu-unlock"),
  UNMATCHED_SRCU_LOCK("unmatched-srcu-lock"),
  UNMATCHED_SRCU_UNLOCK("unmatched-srcu-unlock"),
  MULTIPLE_SRCU_MATCHES("multiple-srcu-matches"),
  /** {@code synchronize_srcu()} inside an RCU read-side critical section. */
  INVALID_SLEEP("invalid-sleep"),
  SRCU_BAD_VALUE_MATCH("srcu-bad-value-match"),
  /** Ordinary accesses to a spinlock or srcu_struct. */
  MIXED_LOCK_ACCESSES("mixed-lock-accesses"),
  UNPAIRED_LKW("unpaired-LKW"),
  UNPAIRED_LKR("unpaired-LKR"),
  UNMATCHED_UNLOCK("unmatched-unlock"),
  /** A plain write and a marked access to one location, po-related with no barrier between. */
  MIXED_ACCESSES("mixed-accesses"),
  DATA_RACE("data-race");

  private final String catName;

  Flag(String catName) {
    this.catName = catName;
  }

  /** The name of the flag in the model's files. */
  public String catName() {
    return catName;
  }
}
