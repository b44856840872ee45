package dev.klpct.api;

/**
 * The read-modify-write operations of {@link Kernel#atomic_rmw}: the {@code atomic_fetch_*}, {@code
 * xchg} and {@code cmpxchg} families of Documentation/atomic_t.txt. Each returns the value it
 * found.
 */
public enum RmwOp {
  /** {@code atomic_fetch_add}: new = old + operand. */
  ADD("add"),
  /** {@code atomic_fetch_or}: new = old | operand. */
  OR("or"),
  /** {@code atomic_fetch_and}: new = old &amp; operand. */
  AND("and"),
  /** {@code atomic_fetch_andnot}: new = old &amp; ~operand. */
  ANDNOT("andnot"),
  /** {@code atomic_fetch_xor}: new = old ^ operand. */
  XOR("xor"),
  /** {@code xchg}: new = operand. */
  XCHG("xchg"),
  /**
   * {@code cmpxchg}: new = operand if old equals the expected value; otherwise nothing is written
   * and the operation is a plain (unordered) load.
   */
  CMPXCHG("cmpxchg");

  private final String kernelName;

  RmwOp(String kernelName) {
    this.kernelName = kernelName;
  }

  /** The value the operation writes when it finds {@code old}. */
  public int apply(int old, int operand) {
    return switch (this) {
      case ADD -> old + operand;
      case OR -> old | operand;
      case AND -> old & operand;
      case ANDNOT -> old & ~operand;
      case XOR -> old ^ operand;
      case XCHG, CMPXCHG -> operand;
    };
  }

  /** The kernel's spelling, e.g. {@code andnot}. */
  public String kernelName() {
    return kernelName;
  }
}
