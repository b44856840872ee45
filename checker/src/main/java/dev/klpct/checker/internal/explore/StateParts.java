package dev.klpct.checker.internal.explore;

/**
 * A division of a memory system's {@link MemoryState} into a fixed number of consecutive parts that
 * change apart from one another, which a search stores apart, each distinct part once ({@link
 * StateCodec}'s recursive indexing): states that share no whole memory state still share most of
 * its parts.
 */
interface StateParts {
  /** The number of parts; the same for every state of a search. */
  int count();

  /**
   * Writes where each part of {@code s} starts into {@code bounds[0..count()-1]} and {@code s.len}
   * into {@code bounds[count()]}: part {@code k} is {@code s.a[bounds[k]..bounds[k+1])}, possibly
   * empty. A function of the ints of {@code s}, so that equal states have equal parts.
   */
  void bounds(MemoryState s, int[] bounds);
}
