package dev.klpct.strategies.kernel;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import dev.klpct.api.Site;

/**
 * A {@link Kernel} that forwards every call to another, except the barriers ({@code smp_mb()},
 * {@code smp_rmb()}, {@code smp_wmb()}, {@code smp_mb__before_atomic()}, {@code
 * smp_mb__after_atomic()}) at the omitted sites, which it drops: code run on it behaves as if those
 * lines were not in its source. Made per call by {@link PatchStateUpdaters#withoutBarriers}.
 */
final class BarrierOmittingKernel implements Kernel {
  private final Kernel k;
  private final ImmutableSet<Site> omitted;

  BarrierOmittingKernel(Kernel k, ImmutableSet<Site> omitted) {
    this.k = k;
    this.omitted = omitted;
  }

  // ---- the barriers ---------------------------------------------------------------------------

  @Override
  public void smp_mb(Site site) {
    if (!omitted.contains(site)) {
      k.smp_mb(site);
    }
  }

  @Override
  public void smp_rmb(Site site) {
    if (!omitted.contains(site)) {
      k.smp_rmb(site);
    }
  }

  @Override
  public void smp_wmb(Site site) {
    if (!omitted.contains(site)) {
      k.smp_wmb(site);
    }
  }

  @Override
  public void smp_mb__before_atomic(Site site) {
    if (!omitted.contains(site)) {
      k.smp_mb__before_atomic(site);
    }
  }

  @Override
  public void smp_mb__after_atomic(Site site) {
    if (!omitted.contains(site)) {
      k.smp_mb__after_atomic(site);
    }
  }

  // ---- everything else, forwarded ---------------------------------------------------------------

  @Override
  public int cpu() {
    return k.cpu();
  }

  @Override
  public int READ_ONCE(Loc x, Site site) {
    return k.READ_ONCE(x, site);
  }

  @Override
  public void WRITE_ONCE(Loc x, int v, Site site) {
    k.WRITE_ONCE(x, v, site);
  }

  @Override
  public int smp_load_acquire(Loc x, Site site) {
    return k.smp_load_acquire(x, site);
  }

  @Override
  public void smp_store_release(Loc x, int v, Site site) {
    k.smp_store_release(x, v, site);
  }

  @Override
  public boolean test_bit(int nr, Loc addr, Site site) {
    return k.test_bit(nr, addr, site);
  }

  @Override
  public void set_bit(int nr, Loc addr, Site site) {
    k.set_bit(nr, addr, site);
  }

  @Override
  public void clear_bit(int nr, Loc addr, Site site) {
    k.clear_bit(nr, addr, site);
  }

  @Override
  public boolean test_and_set_bit(int nr, Loc addr, Site site) {
    return k.test_and_set_bit(nr, addr, site);
  }

  @Override
  public boolean test_and_clear_bit(int nr, Loc addr, Site site) {
    return k.test_and_clear_bit(nr, addr, site);
  }

  @Override
  public int atomic_read(Loc v, Site site) {
    return k.atomic_read(v, site);
  }

  @Override
  public void atomic_set(Loc v, int i, Site site) {
    k.atomic_set(v, i, site);
  }

  @Override
  public void atomic_or(int i, Loc v, Site site) {
    k.atomic_or(i, v, site);
  }

  @Override
  public void atomic_andnot(int i, Loc v, Site site) {
    k.atomic_andnot(i, v, site);
  }

  @Override
  public int atomic_add_return(int i, Loc v, Site site) {
    return k.atomic_add_return(i, v, site);
  }

  @Override
  public int atomic_fetch_or(int i, Loc v, Site site) {
    return k.atomic_fetch_or(i, v, site);
  }

  @Override
  public int atomic_fetch_andnot(int i, Loc v, Site site) {
    return k.atomic_fetch_andnot(i, v, site);
  }

  @Override
  public int atomic_cmpxchg(Loc v, int old, int neu, Site site) {
    return k.atomic_cmpxchg(v, old, neu, site);
  }

  @Override
  public int atomic_rmw(RmwOp op, Ordering ordering, Loc v, int operand, int expected, Site site) {
    return k.atomic_rmw(op, ordering, v, operand, expected, site);
  }

  @Override
  public void spin_lock(Loc lock, Site site) {
    k.spin_lock(lock, site);
  }

  @Override
  public void spin_unlock(Loc lock, Site site) {
    k.spin_unlock(lock, site);
  }

  @Override
  public void mutex_lock(Site site) {
    k.mutex_lock(site);
  }

  @Override
  public void mutex_unlock(Site site) {
    k.mutex_unlock(site);
  }

  @Override
  public void await(Guard guard, Site site) {
    k.await(guard, site);
  }

  @Override
  public int select(Site site, Guard... alternatives) {
    return k.select(site, alternatives);
  }

  @Override
  public void wait_for_propagation(Site site) {
    k.wait_for_propagation(site);
  }

  @Override
  public void rcu_report_qs(int cpu, Guard outside, Site site) {
    k.rcu_report_qs(cpu, outside, site);
  }

  @Override
  public int reg(int index) {
    return k.reg(index);
  }

  @Override
  public void setReg(int index, int value) {
    k.setReg(index, value);
  }

  @Override
  public int ghost(Loc x) {
    return k.ghost(x);
  }

  @Override
  public int ghostSeen(Loc x) {
    return k.ghostSeen(x);
  }

  @Override
  public void setGhost(Loc x, int v) {
    k.setGhost(x, v);
  }

  @Override
  public void violate(Loc flags, int bit, String why) {
    k.violate(flags, bit, why);
  }

  @Override
  public void ghostAdd(Loc counter, int delta) {
    k.ghostAdd(counter, delta);
  }

  @Override
  public void note(String text) {
    k.note(text);
  }

  @Override
  public boolean tracing() {
    return k.tracing();
  }
}
