package dev.klpct.checker.litmus;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.ImmutableIntArray;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether sequential consistency allows a set of straight-line per-CPU programs to run to their
 * end: a depth-first search over interleavings of their program orders, in which each next element
 * of a CPU runs only where {@link Step} allows it in the state reached, with visited (positions,
 * state) pairs cut off. The state says what the question is about: memory's values (a litmus test's
 * outcome) or each location's last writer (an execution's reads-from).
 */
final class ScInterleavings {
  private ScInterleavings() {}

  /** One element's effect on the search state. */
  @FunctionalInterface
  interface Step<S> {
    /**
     * The state after element {@code index} of CPU {@code cpu} runs in {@code state}, or null when
     * it cannot run there. Must not change {@code state}: states are kept as visited.
     */
    @Nullable S apply(S state, int cpu, int index);
  }

  /**
   * Whether some interleaving of CPUs whose program lengths are {@code lengths} runs every element,
   * from {@code initial}. States must implement {@code equals} and {@code hashCode}.
   */
  static <S> boolean exist(int[] lengths, S initial, Step<S> step) {
    return search(lengths, new int[lengths.length], initial, step, new HashSet<>());
  }

  private static <S> boolean search(
      int[] lengths, int[] pos, S state, Step<S> step, Set<List<Object>> seen) {
    boolean done = true;
    for (int c = 0; c < lengths.length; c++) {
      done &= pos[c] == lengths[c];
    }
    if (done) {
      return true;
    }
    if (!seen.add(ImmutableList.of(ImmutableIntArray.copyOf(pos), state))) {
      return false;
    }
    for (int c = 0; c < lengths.length; c++) {
      if (pos[c] == lengths[c]) {
        continue;
      }
      S next = step.apply(state, c, pos[c]);
      if (next == null) {
        continue;
      }
      pos[c]++;
      boolean ok = search(lengths, pos, next, step, seen);
      pos[c]--;
      if (ok) {
        return true;
      }
    }
    return false;
  }
}
