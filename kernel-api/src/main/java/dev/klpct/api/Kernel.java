package dev.klpct.api;

import java.util.function.Supplier;

/**
 * The kernel primitives that strategy and kernel-model code may use to touch shared state.
 *
 * <p>Names and semantics follow the kernel (Documentation/atomic_t.txt,
 * Documentation/atomic_bitops.txt, tools/memory-model/linux-kernel.def). The ordering each
 * primitive gives under the Linux-kernel memory model is stated on the method; a backend must
 * implement at least that ordering:
 *
 * <ul>
 *   <li>{@code READ_ONCE}/{@code WRITE_ONCE}, {@code atomic_read}/{@code atomic_set}, {@code
 *       test_bit}: relaxed (marked, unordered).
 *   <li>{@code set_bit}, {@code clear_bit}, {@code atomic_or}, {@code atomic_andnot}: RMW without
 *       return value, unordered.
 *   <li>{@code atomic_add_return}, {@code atomic_fetch_*}, {@code test_and_set_bit}: fully ordered
 *       (as if an {@code smp_mb()} came before and after).
 *   <li>{@code test_and_clear_bit}: fully ordered when it clears the bit; when the bit was already
 *       clear, ordered or not depending on the kernel version being modelled (the backend's
 *       configuration decides: 2021 generic code returned early without ordering, the Aug 2022 fix
 *       made it fully ordered).
 *   <li>{@code atomic_cmpxchg}: fully ordered on success, unordered on failure.
 *   <li>{@code smp_load_acquire} / {@code smp_store_release}: ACQUIRE / RELEASE.
 *   <li>{@code smp_mb}: full; {@code smp_rmb}: read-read; {@code smp_wmb}: write-write; {@code
 *       smp_mb__before_atomic}/{@code smp_mb__after_atomic}: full fence between the accesses before
 *       (after) and the next (previous) RMW and what follows (precedes) it.
 * </ul>
 *
 * <p><b>Determinism contract.</b> Code using a {@code Kernel} must be a deterministic function of
 * the values the primitives return and of its CPU's registers: the model checker re-runs a routine
 * from its start, feeding back recorded results, instead of suspending a thread. A routine that
 * calls different primitives on replay is reported as a finding, never explored. Past the step it
 * executes (or an {@code await} or {@code select} that blocks), the model backend runs the rest of
 * the routine "on dry": later primitives return 0 and act on nothing, register and ghost updates
 * are dropped, and an exception or failed {@code assert} there just ends the step. Code must
 * therefore not act outside this interface (no static state, no I/O): such effects would happen in
 * runs the model discards.
 *
 * <p><b>Scheduling.</b> In the model backend every shared-memory primitive is one atomic step and
 * the only place where another CPU may run. Ghost operations, register accesses and fences under
 * sequential consistency are part of the step they follow.
 *
 * <p>Every method takes the {@link Site} of the call, so that traces name the kernel function.
 */
public interface Kernel {

  /** The CPU executing this code. */
  int cpu();

  // ---- plain marked accesses ------------------------------------------------------------

  /** {@code READ_ONCE(x)}: relaxed load. */
  int READ_ONCE(Loc x, Site site);

  /** {@code WRITE_ONCE(x, v)}: relaxed store. */
  void WRITE_ONCE(Loc x, int v, Site site);

  /** {@code smp_load_acquire(x)}: ACQUIRE load. */
  int smp_load_acquire(Loc x, Site site);

  /** {@code smp_store_release(x, v)}: RELEASE store. */
  void smp_store_release(Loc x, int v, Site site);

  // ---- fences -----------------------------------------------------------------------------

  /** {@code smp_mb()}: full fence. */
  void smp_mb(Site site);

  /** {@code smp_rmb()}: orders earlier loads before later loads. */
  void smp_rmb(Site site);

  /** {@code smp_wmb()}: orders earlier stores before later stores. */
  void smp_wmb(Site site);

  /** {@code smp_mb__before_atomic()}: makes the next RMW fully ordered against what precedes. */
  void smp_mb__before_atomic(Site site);

  /** {@code smp_mb__after_atomic()}: makes the previous RMW fully ordered against what follows. */
  void smp_mb__after_atomic(Site site);

  // ---- bit operations (Documentation/atomic_bitops.txt) -----------------------------------

  /** {@code test_bit(nr, addr)}: relaxed load of one bit. */
  boolean test_bit(int nr, Loc addr, Site site);

  /** {@code set_bit(nr, addr)}: unordered RMW. */
  void set_bit(int nr, Loc addr, Site site);

  /** {@code clear_bit(nr, addr)}: unordered RMW. */
  void clear_bit(int nr, Loc addr, Site site);

  /** {@code test_and_set_bit(nr, addr)}: value-returning RMW, fully ordered. */
  boolean test_and_set_bit(int nr, Loc addr, Site site);

  /**
   * {@code test_and_clear_bit(nr, addr)}: value-returning RMW, fully ordered when the bit was set;
   * failure ordering as configured (see the class comment).
   */
  boolean test_and_clear_bit(int nr, Loc addr, Site site);

  // ---- atomic_t (Documentation/atomic_t.txt) -----------------------------------------------

  /** {@code atomic_read(v)}: relaxed load. */
  int atomic_read(Loc v, Site site);

  /** {@code atomic_set(v, i)}: relaxed store. */
  void atomic_set(Loc v, int i, Site site);

  /** {@code atomic_or(i, v)}: unordered RMW. */
  void atomic_or(int i, Loc v, Site site);

  /** {@code atomic_andnot(i, v)}: unordered RMW. */
  void atomic_andnot(int i, Loc v, Site site);

  /** {@code atomic_add_return(i, v)}: fully ordered; returns the new value. */
  int atomic_add_return(int i, Loc v, Site site);

  /** {@code atomic_fetch_or(i, v)}: fully ordered; returns the old value. */
  int atomic_fetch_or(int i, Loc v, Site site);

  /** {@code atomic_fetch_andnot(i, v)}: fully ordered; returns the old value. */
  int atomic_fetch_andnot(int i, Loc v, Site site);

  /**
   * {@code atomic_cmpxchg(v, old, new)}: returns the value found; succeeded iff it equals {@code
   * old}. Fully ordered on success, unordered on failure. ({@code atomic_try_cmpxchg} is this plus
   * a comparison.)
   */
  int atomic_cmpxchg(Loc v, int old, int neu, Site site);

  /**
   * The general value-returning RMW: {@code atomic_fetch_<op><ordering>(operand, v)}, {@code
   * xchg<ordering>(v, operand)} or {@code cmpxchg<ordering>(v, expected, operand)}. Returns the
   * value found. A {@link RmwOp#CMPXCHG} that finds a value other than {@code expected} writes
   * nothing and is unordered whatever {@code ordering} says (atomic_t.txt: "unordered on failure").
   * The named methods above are shorthands for the fully ordered forms.
   */
  int atomic_rmw(RmwOp op, Ordering ordering, Loc v, int operand, int expected, Site site);

  /**
   * A relaxed RMW that returns nothing: {@code atomic_<op>(operand, v)} ({@code atomic_add()},
   * {@code atomic_inc()}, {@code atomic_and()}, ...). It differs from a relaxed {@link #atomic_rmw}
   * only in the LKMM, where {@code smp_rmb()} does not order its read ({@code R4rmb = R \
   * Noreturn}); the default runs {@link #atomic_rmw}.
   */
  default void atomic_op(RmwOp op, Loc v, int operand, Site site) {
    atomic_rmw(op, Ordering.RELAXED, v, operand, 0, site);
  }

  // ---- locks --------------------------------------------------------------------------------

  /** {@code spin_lock(l)}: waits until the lock word is 0 and sets it to 1; ACQUIRE. */
  void spin_lock(Loc lock, Site site);

  /** {@code spin_unlock(l)}: sets the lock word to 0; RELEASE. */
  void spin_unlock(Loc lock, Site site);

  /**
   * {@code mutex_lock(m)} of a sleeping lock that no other CPU of the machine takes (the model's
   * {@code klp_mutex}, held by the transition CPU): it never waits, and its only effect on other
   * CPUs is the ordering the LKMM gives an unlock followed by a lock of the same CPU
   * (po-unlock-lock-po, in {@code ppo}): everything before this CPU's last {@link #mutex_unlock}
   * before everything after this call, except a store before a load. The site names the lock. Not a
   * scheduling step.
   */
  void mutex_lock(Site site);

  /** {@code mutex_unlock(m)} of a lock {@link #mutex_lock} took; RELEASE. */
  void mutex_unlock(Site site);

  // ---- waiting and nondeterminism ------------------------------------------------------------

  /**
   * Blocks until {@code guard} holds, then continues; a relaxed load of the guard's location.
   * Models bounded waits such as {@code smp_cond_load_relaxed} or a grace-period wait without
   * introducing cycles into the state space.
   */
  void await(Guard guard, Site site);

  /**
   * Nondeterministic choice among the alternatives whose guard holds; returns the index chosen. In
   * the model backend every enabled alternative is explored; blocks while none holds. The guards
   * are relaxed loads. In a real-thread backend, spins until one holds and picks one.
   */
  int select(Site site, Guard... alternatives);

  /**
   * Model time passing: waits until every store any CPU has made so far is visible to this CPU, and
   * makes what this CPU had seen or stored before the wait visible to every CPU. Not a kernel
   * function. The transition driver uses it where the kernel relies on elapsed time or a grace
   * period: klp_transition_work_fn() runs about a second after the previous attempt (long enough
   * for every store to reach every CPU), and synchronize_rcu() returns only after every CPU passed
   * a quiescent state with a full barrier after the grace period began (its kernel-doc: a CPU whose
   * read-side section extends beyond the return executed a full barrier after the beginning of
   * synchronize_rcu() and before that section began; a CPU in the kernel reports its quiescent
   * state with barriers, one entering the kernel from user mode or idle does so with a fully
   * ordered RMW), so the caller's earlier stores reach every CPU. Without it a weak memory model
   * could keep a store invisible across any number of retries, which no hardware does. A no-op
   * under sequential consistency; a real-thread backend issues a full fence.
   */
  void wait_for_propagation(Site site);

  /**
   * Model of one CPU's quiescent-state report in a grace period this CPU waits for (in {@code
   * synchronize_rcu()}, after the full barrier it starts with): {@code cpu} has noticed the grace
   * period and reports with a full barrier, so what this CPU had seen or stored when the grace
   * period began is visible to {@code cpu} from now on. This is what lets synchronize_rcu()'s
   * kernel-doc promise that a CPU whose read-side section extends beyond the return executed a full
   * barrier after the beginning of synchronize_rcu() and before that section began. Not a kernel
   * function. Waits until {@code outside} holds (the model's bookkeeping says {@code cpu} is
   * outside read-side sections: a CPU reports only there), in the same step as the report. A no-op
   * under sequential consistency (callers choose {@code cpu} by the same guard); a real-thread
   * backend waits and issues a full fence.
   */
  void rcu_report_qs(int cpu, Guard outside, Site site);

  // ---- CPU-private state and model bookkeeping ------------------------------------------------

  /**
   * Reads a CPU register (program-private state that survives between routines). No scheduling
   * point.
   */
  int reg(int index);

  /** Writes a CPU register. No scheduling point; takes effect when the routine completes. */
  void setReg(int index, int value);

  /**
   * Reads a location for model bookkeeping: no scheduling point, no ordering; for shared memory,
   * the latest value in coherence order. Must never influence which primitives are called (the
   * replay checksum catches code that does).
   */
  int ghost(Loc x);

  /**
   * Reads a location for model bookkeeping as this CPU will see it once its own stores land: the
   * latest value in coherence order, except that a store still in this CPU's own store buffer
   * counts (so under sequential consistency and the LKMM view machine, whose stores join coherence
   * order at once, it is {@link #ghost}). Contracts about a decision this CPU took are judged on
   * it, so that a store this CPU made and that has not reached memory yet is not mistaken for a
   * missing one. Same rules as {@link #ghost}: no scheduling point, no ordering, and it must never
   * influence which primitives are called.
   */
  default int ghostSeen(Loc x) {
    return ghost(x);
  }

  /** Writes a ghost location (model bookkeeping; no scheduling point, no ordering). */
  void setGhost(Loc x, int v);

  /**
   * Records a contract violation: or-s {@code bit} into the ghost flag word {@code flags} and, when
   * a trace is being recorded, attaches {@code why} to the current step.
   */
  void violate(Loc flags, int bit, String why);

  /**
   * {@link #violate(Loc, int, String)} with the reason built only if this kernel keeps it. The
   * model checker keeps reasons only while it records a trace, and a search runs the same violating
   * step in millions of states: building each reason there was a few per cent of its time.
   */
  default void violate(Loc flags, int bit, Supplier<String> why) {
    violate(flags, bit, why.get());
  }

  /** Adds {@code delta} to a commutative ghost counter. */
  void ghostAdd(Loc counter, int delta);

  /** Attaches a note to the current step of a recorded trace (no effect otherwise). */
  void note(String text);

  /** Whether notes are being recorded; lets callers skip building note strings. */
  boolean tracing();
}
