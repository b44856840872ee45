package dev.klpct.lkmm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A set of events of one execution graph, as a bit vector over the event indices {@code 0..n-1}.
 *
 * <p>Immutable; every operation returns a new set. Sets of different sizes never mix (an {@link
 * IllegalArgumentException} says so), because a set only means something for the graph it was made
 * for.
 */
public final class EventSet {
  final int n;
  final long[] words;

  EventSet(int n, long[] words) {
    this.n = n;
    this.words = words;
  }

  static int wordsFor(int n) {
    return (n + 63) >>> 6;
  }

  /** The empty set over {@code n} events. */
  public static EventSet empty(int n) {
    checkArgument(n >= 0, "negative size %s", n);
    return new EventSet(n, new long[wordsFor(n)]);
  }

  /** Every event of a graph with {@code n} events. */
  public static EventSet all(int n) {
    return empty(n).complement();
  }

  /** The events {@code i} for which {@code member} holds. */
  public static EventSet of(int n, IntPredicate member) {
    long[] w = new long[wordsFor(n)];
    for (int i = 0; i < n; i++) {
      if (member.test(i)) {
        w[i >>> 6] |= 1L << i;
      }
    }
    return new EventSet(n, w);
  }

  /** The number of events of the graph this set is a subset of. */
  public int universe() {
    return n;
  }

  public boolean contains(int i) {
    checkElementIndex(i, n);
    return (words[i >>> 6] & (1L << i)) != 0;
  }

  public boolean isEmpty() {
    for (long x : words) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  public int size() {
    int c = 0;
    for (long x : words) {
      c += Long.bitCount(x);
    }
    return c;
  }

  /** The members, in increasing order. */
  public int[] toArray() {
    int[] out = new int[size()];
    int k = 0;
    for (int wi = 0; wi < words.length; wi++) {
      long x = words[wi];
      while (x != 0) {
        out[k++] = (wi << 6) + Long.numberOfTrailingZeros(x);
        x &= x - 1;
      }
    }
    return out;
  }

  private void same(EventSet o) {
    checkArgument(o.n == n, "sets over %s and %s events", n, o.n);
  }

  public EventSet union(EventSet o) {
    same(o);
    long[] w = words.clone();
    for (int i = 0; i < w.length; i++) {
      w[i] |= o.words[i];
    }
    return new EventSet(n, w);
  }

  public EventSet intersect(EventSet o) {
    same(o);
    long[] w = words.clone();
    for (int i = 0; i < w.length; i++) {
      w[i] &= o.words[i];
    }
    return new EventSet(n, w);
  }

  public EventSet minus(EventSet o) {
    same(o);
    long[] w = words.clone();
    for (int i = 0; i < w.length; i++) {
      w[i] &= ~o.words[i];
    }
    return new EventSet(n, w);
  }

  /** The events of the graph not in this set ({@code ~S} in cat). */
  public EventSet complement() {
    long[] w = new long[words.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = ~words[i];
    }
    if ((n & 63) != 0) {
      w[w.length - 1] &= (1L << (n & 63)) - 1;
    }
    return new EventSet(n, w);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventSet s && s.n == n && Arrays.equals(s.words, words);
  }

  @Override
  public int hashCode() {
    return 31 * n + Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return Arrays.toString(toArray());
  }
}
