package dev.klpct.api;

import static java.util.Objects.requireNonNull;

/**
 * One call site of a kernel primitive: the kernel function it belongs to and what it does there.
 *
 * <p>Sites are declared once as constants next to the code that uses them, so that traces read
 * like the kernel ({@code klp_update_patch_state: test_and_clear_bit(TIF_PATCH_PENDING)}) and so
 * that a memory model can weaken the ordering of one site at a time. Sites compare by value.
 *
 * @param function the kernel function the call belongs to, e.g. {@code klp_update_patch_state}
 * @param what a short description of the primitive at this site, e.g. {@code smp_rmb()}
 */
public record Site(String function, String what) {
  public Site {
    requireNonNull(function);
    requireNonNull(what);
    if (function.isBlank()) {
      throw new IllegalArgumentException("site needs a kernel function name");
    }
  }

  public static Site of(String function, String what) {
    return new Site(function, what);
  }

  @Override
  public String toString() {
    return function + ": " + what;
  }
}
