package dev.klpct.strategies.kernel;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.ForwardingKernel;
import dev.klpct.api.Kernel;
import dev.klpct.api.Site;

/**
 * A {@link Kernel} that forwards every call to another ({@link ForwardingKernel}), except the
 * barriers ({@code smp_mb()}, {@code smp_rmb()}, {@code smp_wmb()}, {@code
 * smp_mb__before_atomic()}, {@code smp_mb__after_atomic()}) at the omitted sites, which it drops:
 * code run on it behaves as if those lines were not in its source. Made per call by {@link
 * PatchStateUpdaters#withoutBarriers}.
 */
final class BarrierOmittingKernel extends ForwardingKernel {
  private final Kernel k;
  private final ImmutableSet<Site> omitted;

  BarrierOmittingKernel(Kernel k, ImmutableSet<Site> omitted) {
    this.k = k;
    this.omitted = omitted;
  }

  @Override
  protected Kernel delegate() {
    return k;
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
}
