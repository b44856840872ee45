package dev.klpct.api;

import java.util.function.Supplier;

/**
 * A {@link Kernel} that forwards every call to {@link #delegate()}; a subclass overrides only what
 * it changes (as Guava's {@code Forwarding*} classes do). It forwards the interface's default
 * methods too ({@link #atomic_op}, {@link #ghostSeen}): a backend that overrides one of them gives
 * it its own meaning (an {@code atomic_op} returns nothing, which the LKMM treats apart from a
 * relaxed {@code atomic_rmw}), and a wrapper must not turn it back into the default.
 *
 * <p>Every method of {@code Kernel} is overridden here; a test fails when one is added to the
 * interface and not to this class.
 */
public abstract class ForwardingKernel implements Kernel {

  /** Constructor for use by subclasses. */
  protected ForwardingKernel() {}

  /** The kernel every call not overridden goes to. */
  protected abstract Kernel delegate();

  @Override
  public int cpu() {
    return delegate().cpu();
  }

  @Override
  public int READ_ONCE(Loc x, Site site) {
    return delegate().READ_ONCE(x, site);
  }

  @Override
  public void WRITE_ONCE(Loc x, int v, Site site) {
    delegate().WRITE_ONCE(x, v, site);
  }

  @Override
  public int smp_load_acquire(Loc x, Site site) {
    return delegate().smp_load_acquire(x, site);
  }

  @Override
  public void smp_store_release(Loc x, int v, Site site) {
    delegate().smp_store_release(x, v, site);
  }

  @Override
  public void smp_mb(Site site) {
    delegate().smp_mb(site);
  }

  @Override
  public void smp_rmb(Site site) {
    delegate().smp_rmb(site);
  }

  @Override
  public void smp_wmb(Site site) {
    delegate().smp_wmb(site);
  }

  @Override
  public void smp_mb__before_atomic(Site site) {
    delegate().smp_mb__before_atomic(site);
  }

  @Override
  public void smp_mb__after_atomic(Site site) {
    delegate().smp_mb__after_atomic(site);
  }

  @Override
  public boolean test_bit(int nr, Loc addr, Site site) {
    return delegate().test_bit(nr, addr, site);
  }

  @Override
  public void set_bit(int nr, Loc addr, Site site) {
    delegate().set_bit(nr, addr, site);
  }

  @Override
  public void clear_bit(int nr, Loc addr, Site site) {
    delegate().clear_bit(nr, addr, site);
  }

  @Override
  public boolean test_and_set_bit(int nr, Loc addr, Site site) {
    return delegate().test_and_set_bit(nr, addr, site);
  }

  @Override
  public boolean test_and_clear_bit(int nr, Loc addr, Site site) {
    return delegate().test_and_clear_bit(nr, addr, site);
  }

  @Override
  public int atomic_read(Loc v, Site site) {
    return delegate().atomic_read(v, site);
  }

  @Override
  public void atomic_set(Loc v, int i, Site site) {
    delegate().atomic_set(v, i, site);
  }

  @Override
  public void atomic_or(int i, Loc v, Site site) {
    delegate().atomic_or(i, v, site);
  }

  @Override
  public void atomic_andnot(int i, Loc v, Site site) {
    delegate().atomic_andnot(i, v, site);
  }

  @Override
  public int atomic_add_return(int i, Loc v, Site site) {
    return delegate().atomic_add_return(i, v, site);
  }

  @Override
  public int atomic_fetch_or(int i, Loc v, Site site) {
    return delegate().atomic_fetch_or(i, v, site);
  }

  @Override
  public int atomic_fetch_andnot(int i, Loc v, Site site) {
    return delegate().atomic_fetch_andnot(i, v, site);
  }

  @Override
  public int atomic_cmpxchg(Loc v, int old, int neu, Site site) {
    return delegate().atomic_cmpxchg(v, old, neu, site);
  }

  @Override
  public int atomic_rmw(RmwOp op, Ordering ordering, Loc v, int operand, int expected, Site site) {
    return delegate().atomic_rmw(op, ordering, v, operand, expected, site);
  }

  @Override
  public void atomic_op(RmwOp op, Loc v, int operand, Site site) {
    delegate().atomic_op(op, v, operand, site);
  }

  @Override
  public void spin_lock(Loc lock, Site site) {
    delegate().spin_lock(lock, site);
  }

  @Override
  public void spin_unlock(Loc lock, Site site) {
    delegate().spin_unlock(lock, site);
  }

  @Override
  public void mutex_lock(Site site) {
    delegate().mutex_lock(site);
  }

  @Override
  public void mutex_unlock(Site site) {
    delegate().mutex_unlock(site);
  }

  @Override
  public void await(Guard guard, Site site) {
    delegate().await(guard, site);
  }

  @Override
  public int select(Site site, Guard... alternatives) {
    return delegate().select(site, alternatives);
  }

  @Override
  public void wait_for_propagation(Site site) {
    delegate().wait_for_propagation(site);
  }

  @Override
  public void rcu_report_qs(int cpu, Guard outside, Site site) {
    delegate().rcu_report_qs(cpu, outside, site);
  }

  @Override
  public int reg(int index) {
    return delegate().reg(index);
  }

  @Override
  public void setReg(int index, int value) {
    delegate().setReg(index, value);
  }

  @Override
  public int ghost(Loc x) {
    return delegate().ghost(x);
  }

  @Override
  public int ghostSeen(Loc x) {
    return delegate().ghostSeen(x);
  }

  @Override
  public void setGhost(Loc x, int v) {
    delegate().setGhost(x, v);
  }

  @Override
  public void violate(Loc flags, int bit, String why) {
    delegate().violate(flags, bit, why);
  }

  @Override
  public void violate(Loc flags, int bit, Supplier<String> why) {
    delegate().violate(flags, bit, why);
  }

  @Override
  public void ghostAdd(Loc counter, int delta) {
    delegate().ghostAdd(counter, delta);
  }

  @Override
  public void note(String text) {
    delegate().note(text);
  }

  @Override
  public boolean tracing() {
    return delegate().tracing();
  }
}
