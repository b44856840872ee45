package dev.klpct.api;

import static java.util.Objects.requireNonNull;

/**
 * One call site of a kernel primitive: the kernel function it belongs to and what it does there.
 *
 * <p>Sites are declared once as constants next to the code that uses them, so that traces read like
 * the kernel ({@code klp_update_patch_state: test_and_clear_bit(TIF_PATCH_PENDING)}) and so that a
 * memory model can weaken the ordering of one site at a time. Sites compare by value; the hash is
 * computed once because the model checker mixes it into every replayed step.
 */
public final class Site {
  private final String function;
  private final String what;
  private final int hash;

  private Site(String function, String what) {
    this.function = requireNonNull(function);
    this.what = requireNonNull(what);
    if (function.isBlank()) {
      throw new IllegalArgumentException("site needs a kernel function name");
    }
    this.hash = function.hashCode() * 31 + what.hashCode();
  }

  /**
   * The site of a call in {@code function}.
   *
   * @param function the kernel function the call belongs to, e.g. {@code klp_update_patch_state}
   * @param what a short description of the primitive at this site, e.g. {@code smp_rmb()}
   */
  public static Site of(String function, String what) {
    return new Site(function, what);
  }

  /** The kernel function the call belongs to. */
  public String function() {
    return function;
  }

  /** What the primitive does at this site. */
  public String what() {
    return what;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Site s
        && s.hash == hash
        && s.function.equals(function)
        && s.what.equals(what);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return function + ": " + what;
  }
}
