package dev.klpct.lkmm;

/**
 * The checks an execution must pass to be allowed, in the order herd7 evaluates them, each named as
 * in the model's files ({@link #catName()}).
 */
public enum Axiom {
  /**
   * {@code lock.cat}: a {@code spin_lock()} inside a critical section of the same lock deadlocks,
   * so no execution has one.
   */
  LOCK_NEST("lock-nest"),
  /** {@code lock.cat}: {@code spin_is_locked()} inside a critical section returns true. */
  NESTED_IS_LOCKED("nested-is-locked"),
  /** {@code lock.cat}: at most one lock-write per lock is never unlocked. */
  UNMATCHED_LOCKS("unmatched-locks"),
  /**
   * herd7's {@code cos-opt.cat}: the coherence edges the test itself forces ({@code obsco}, the
   * initial write first, a never-unlocked lock-write last) are acyclic.
   */
  CONS_CO("ConsCo"),
  /** {@code acyclic po-loc | com}: sequential consistency per location. */
  COHERENCE("coherence"),
  /** {@code empty rmw & (fre ; coe)}: nothing comes between the read and write of an RMW. */
  ATOMIC("atomic"),
  /** {@code acyclic hb}. */
  HAPPENS_BEFORE("happens-before"),
  /** {@code acyclic pb}. */
  PROPAGATION("propagation"),
  /** {@code irreflexive rb}: the RCU grace-period guarantee. */
  RCU("rcu"),
  /** {@code empty wr-incoh | rw-incoh | ww-incoh}: coherence for plain accesses. */
  PLAIN_COHERENCE("plain-coherence");

  private final String catName;

  Axiom(String catName) {
    this.catName = catName;
  }

  /** The name of the check in the model's files. */
  public String catName() {
    return catName;
  }
}
