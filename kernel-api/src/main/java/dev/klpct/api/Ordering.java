package dev.klpct.api;

/**
 * The ordering variants of a value-returning atomic operation (Documentation/atomic_t.txt): the
 * unsuffixed form is fully ordered, {@code _relaxed}, {@code _acquire} and {@code _release} as
 * named.
 */
public enum Ordering {
  /** {@code _relaxed}: no ordering beyond the operation's own atomicity. */
  RELAXED("_relaxed"),
  /** {@code _acquire}: the load part is an ACQUIRE. */
  ACQUIRE("_acquire"),
  /** {@code _release}: the store part is a RELEASE. */
  RELEASE("_release"),
  /** Unsuffixed: as if an {@code smp_mb()} came before and after. */
  FULL("");

  private final String suffix;

  Ordering(String suffix) {
    this.suffix = suffix;
  }

  /** The kernel's suffix for the variant ({@code ""} for the fully ordered one). */
  public String suffix() {
    return suffix;
  }
}
