package dev.klpct.api;

import static java.util.Objects.requireNonNull;

/**
 * Where a kernel primitive is called: the kernel function it belongs to and, where needed, a label.
 *
 * <p>Traces name the function of every step ({@code klp_update_patch_state()}) and print the
 * primitive itself ({@code test_bit(0, T1->flags) = 1}), so most calls need no more than their
 * function: declare one {@link #in} site per function and pass it to every call there. Label a call
 * ({@link #label}) where it must be told apart from the others of its function: a barrier or an
 * ordered access, which {@code klpct ablate} weakens one site at a time and lists by label (write
 * the label as the table should show it, e.g. {@code smp_rmb() [Z1]}), or two calls of one
 * primitive that mean different things.
 *
 * <pre>{@code
 * static final Site SITE = Site.in("klp_update_patch_state");
 * static final Site Z1 = SITE.label("smp_rmb() [Z1]");
 * }</pre>
 *
 * <p>Sites compare by value (function and label); the hash is computed once because the model
 * checker mixes it into every replayed step.
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
   * The site of the calls in {@code function} that need no label of their own.
   *
   * @param function the kernel function, e.g. {@code klp_update_patch_state}
   */
  public static Site in(String function) {
    return new Site(function, "");
  }

  /**
   * The site of a labelled call in the same function.
   *
   * @param label what tells the call apart, e.g. {@code smp_rmb() [Z1]}
   */
  public Site label(String label) {
    if (label.isBlank()) {
      throw new IllegalArgumentException("a label needs text: " + function);
    }
    return new Site(function, label);
  }

  /**
   * The site of a call in {@code function}, with a label: {@code Site.in(function).label(what)}.
   *
   * @param function the kernel function the call belongs to, e.g. {@code klp_update_patch_state}
   * @param what a short description of the call, e.g. {@code smp_rmb()}
   */
  public static Site of(String function, String what) {
    return new Site(function, what);
  }

  /** The kernel function the call belongs to. */
  public String function() {
    return function;
  }

  /** The label, or {@code ""} for the unlabelled calls of a function. */
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
    return what.isEmpty() ? function : function + ": " + what;
  }
}
