package dev.klpct.api.program;

/**
 * What distinguishes the modelled kernel's primitives from one kernel version to another, where the
 * ordering a primitive gives changed. A {@link Machine} says which kernel it models ({@link
 * Machine#kernelVariant()}), and every backend reads it from there, so a configuration cannot be
 * checked with one kernel's semantics and stress-tested with another's.
 *
 * <p>Today one difference matters to the Oct 2021 thread; a new one becomes a new component with
 * its 2021 value in {@link #LINUX_2021}.
 *
 * @param testAndClearBitOrderedOnFailure whether {@code test_and_clear_bit()} that finds the bit
 *     already clear is fully ordered: {@code false} for the 2021 generic bitops, which returned
 *     early after a {@code READ_ONCE} (Documentation/atomic_bitops.txt: "unordered on failure"),
 *     {@code true} since the Aug 2022 fix ("locking/atomic: Make test_and_*_bit() ordered on
 *     failure", v6.0 and stable)
 */
public record KernelVariant(boolean testAndClearBitOrderedOnFailure) {

  /** The kernels of the Oct 2021 thread: {@code test_and_clear_bit()} unordered on failure. */
  public static final KernelVariant LINUX_2021 = new KernelVariant(false);

  /** Kernels since the Aug 2022 bitops fix: {@code test_and_clear_bit()} always fully ordered. */
  public static final KernelVariant LINUX_2022 = new KernelVariant(true);

  /** This variant with {@code test_and_clear_bit()}'s failure ordering replaced. */
  public KernelVariant withTestAndClearBitOrderedOnFailure(boolean ordered) {
    return new KernelVariant(ordered);
  }
}
