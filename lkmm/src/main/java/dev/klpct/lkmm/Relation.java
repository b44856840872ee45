package dev.klpct.lkmm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary relation over the events of one execution graph: an {@code n × n} bit matrix, one row of
 * {@code ceil(n / 64)} words per event.
 *
 * <p>The operations are those of herd7's cat language, named after them: {@link #union} ({@code
 * |}), {@link #intersect} ({@code &}), {@link #minus} ({@code \}), {@link #seq} ({@code ;}), {@link
 * #inverse} ({@code ^-1}), {@link #plus} ({@code +}), {@link #star} ({@code *}), {@link #opt}
 * ({@code ?}), {@link #id(EventSet)} ({@code [S]}) and {@link #cross} ({@code S1 * S2}). Litmus
 * tests have a few dozen events, so a row is usually one {@code long} and composing two relations
 * costs one OR per pair in the left one.
 *
 * <p>Immutable; every operation returns a new relation. Relations of different sizes never mix.
 */
public final class Relation {
  final int n;
  final int w;
  final long[] bits;

  private Relation(int n, long[] bits) {
    this.n = n;
    this.w = EventSet.wordsFor(n);
    this.bits = bits;
  }

  /** The empty relation over {@code n} events. */
  public static Relation empty(int n) {
    checkArgument(n >= 0, "negative size %s", n);
    return new Relation(n, new long[n * EventSet.wordsFor(n)]);
  }

  /** {@code [S]}: the identity on the events of {@code s}. */
  public static Relation id(EventSet s) {
    Relation r = empty(s.n);
    for (int i : s.toArray()) {
      r.set(i, i);
    }
    return r;
  }

  /** {@code A * B}: every pair from {@code a} to {@code b}. */
  public static Relation cross(EventSet a, EventSet b) {
    checkArgument(a.n == b.n, "sets over %s and %s events", a.n, b.n);
    Relation r = empty(a.n);
    for (int i : a.toArray()) {
      System.arraycopy(b.words, 0, r.bits, i * r.w, r.w);
    }
    return r;
  }

  /** A mutable builder over {@code n} events. */
  public static Builder builder(int n) {
    return new Builder(n);
  }

  /** Collects pairs; {@link #build()} may be called once. */
  public static final class Builder {
    private final Relation r;

    private Builder(int n) {
      r = empty(n);
    }

    /** Adds the pair {@code (from, to)}. */
    @CanIgnoreReturnValue
    public Builder add(int from, int to) {
      checkElementIndex(from, r.n);
      checkElementIndex(to, r.n);
      r.set(from, to);
      return this;
    }

    public Relation build() {
      return r;
    }
  }

  private void set(int i, int j) {
    bits[i * w + (j >>> 6)] |= 1L << j;
  }

  /** The number of events of the graph this relation is over. */
  public int universe() {
    return n;
  }

  public boolean contains(int from, int to) {
    checkElementIndex(from, n);
    checkElementIndex(to, n);
    return (bits[from * w + (to >>> 6)] & (1L << to)) != 0;
  }

  /** The events {@code to} with {@code (from, to)} in the relation. */
  public EventSet successors(int from) {
    checkElementIndex(from, n);
    return new EventSet(n, Arrays.copyOfRange(bits, from * w, from * w + w));
  }

  /** The pairs, as {@code {from, to}}, in row-major order. */
  public List<int[]> pairs() {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < w; k++) {
        long x = bits[i * w + k];
        while (x != 0) {
          out.add(new int[] {i, (k << 6) + Long.numberOfTrailingZeros(x)});
          x &= x - 1;
        }
      }
    }
    return out;
  }

  public boolean isEmpty() {
    for (long x : bits) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private void same(Relation o) {
    checkArgument(o.n == n, "relations over %s and %s events", n, o.n);
  }

  public Relation union(Relation o) {
    same(o);
    long[] b = bits.clone();
    for (int i = 0; i < b.length; i++) {
      b[i] |= o.bits[i];
    }
    return new Relation(n, b);
  }

  public Relation intersect(Relation o) {
    same(o);
    long[] b = bits.clone();
    for (int i = 0; i < b.length; i++) {
      b[i] &= o.bits[i];
    }
    return new Relation(n, b);
  }

  public Relation minus(Relation o) {
    same(o);
    long[] b = bits.clone();
    for (int i = 0; i < b.length; i++) {
      b[i] &= ~o.bits[i];
    }
    return new Relation(n, b);
  }

  /**
   * {@code this ; o}: the pairs {@code (a, c)} with some {@code b} such that {@code (a, b)} is here
   * and {@code (b, c)} in {@code o}.
   */
  public Relation seq(Relation o) {
    same(o);
    long[] b = new long[bits.length];
    for (int i = 0; i < n; i++) {
      int row = i * w;
      for (int k = 0; k < w; k++) {
        long x = bits[row + k];
        while (x != 0) {
          int j = (k << 6) + Long.numberOfTrailingZeros(x);
          x &= x - 1;
          int src = j * w;
          for (int m = 0; m < w; m++) {
            b[row + m] |= o.bits[src + m];
          }
        }
      }
    }
    return new Relation(n, b);
  }

  public Relation inverse() {
    Relation r = empty(n);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < w; k++) {
        long x = bits[i * w + k];
        while (x != 0) {
          int j = (k << 6) + Long.numberOfTrailingZeros(x);
          x &= x - 1;
          r.set(j, i);
        }
      }
    }
    return r;
  }

  /**
   * {@code r+}: the transitive closure. Row by row, a search over successors that reuses the closed
   * rows of the events already done (their whole closure at once), so a sparse relation (what the
   * model's relations are) costs about one OR per pair it relates.
   */
  public Relation plus() {
    long[] b = new long[bits.length];
    if (isEmpty()) {
      return new Relation(n, b);
    }
    long[] done = new long[w];
    for (int i = 0; i < n; i++) {
      int row = i * w;
      System.arraycopy(bits, row, b, row, w);
      Arrays.fill(done, 0L);
      while (true) {
        int j = -1;
        for (int m = 0; m < w; m++) {
          long pending = b[row + m] & ~done[m];
          if (pending != 0) {
            j = (m << 6) + Long.numberOfTrailingZeros(pending);
            break;
          }
        }
        if (j < 0) {
          break;
        }
        int src = j * w;
        if (j < i) {
          // row j is closed: everything it reaches needs no further search
          for (int m = 0; m < w; m++) {
            b[row + m] |= b[src + m];
            done[m] |= b[src + m];
          }
          done[j >>> 6] |= 1L << j;
        } else {
          done[j >>> 6] |= 1L << j;
          for (int m = 0; m < w; m++) {
            b[row + m] |= bits[src + m];
          }
        }
      }
    }
    return new Relation(n, b);
  }

  /** {@code r*}: the reflexive transitive closure, reflexive on every event of the graph. */
  public Relation star() {
    return isEmpty() ? opt() : plus().opt();
  }

  /** {@code r?}: the relation or the identity on every event of the graph. */
  public Relation opt() {
    long[] b = bits.clone();
    for (int i = 0; i < n; i++) {
      b[i * w + (i >>> 6)] |= 1L << i;
    }
    return new Relation(n, b);
  }

  /** {@code [a] ; r ; [b]}. */
  public Relation restrict(EventSet a, EventSet b) {
    return restrictDomain(a).restrictRange(b);
  }

  /** {@code [a] ; r}. */
  public Relation restrictDomain(EventSet a) {
    checkArgument(a.n == n, "set over %s events, relation over %s", a.n, n);
    long[] b = bits.clone();
    for (int i = 0; i < n; i++) {
      if ((a.words[i >>> 6] & (1L << i)) == 0) {
        Arrays.fill(b, i * w, i * w + w, 0L);
      }
    }
    return new Relation(n, b);
  }

  /** {@code r ; [b]}. */
  public Relation restrictRange(EventSet s) {
    checkArgument(s.n == n, "set over %s events, relation over %s", s.n, n);
    long[] b = bits.clone();
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < w; m++) {
        b[i * w + m] &= s.words[m];
      }
    }
    return new Relation(n, b);
  }

  /** {@code r \ id}. */
  public Relation minusId() {
    long[] b = bits.clone();
    for (int i = 0; i < n; i++) {
      b[i * w + (i >>> 6)] &= ~(1L << i);
    }
    return new Relation(n, b);
  }

  /** {@code domain(r)}. */
  public EventSet domain() {
    long[] s = new long[w];
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < w; m++) {
        if (bits[i * w + m] != 0) {
          s[i >>> 6] |= 1L << i;
          break;
        }
      }
    }
    return new EventSet(n, s);
  }

  /** {@code range(r)}. */
  public EventSet range() {
    long[] s = new long[w];
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < w; m++) {
        s[m] |= bits[i * w + m];
      }
    }
    return new EventSet(n, s);
  }

  /** Whether no event is related to itself. */
  public boolean isIrreflexive() {
    for (int i = 0; i < n; i++) {
      if ((bits[i * w + (i >>> 6)] & (1L << i)) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the relation has no cycle. Repeatedly removes events with no predecessor among the
   * remaining ones (Kahn's algorithm on bit rows), which avoids computing the closure.
   */
  public boolean isAcyclic() {
    long[] remaining = EventSet.all(n).words;
    boolean progress = true;
    int left = n;
    while (left > 0 && progress) {
      progress = false;
      // in-edges from remaining events: union of their rows
      long[] hasPred = new long[w];
      for (int wi = 0; wi < w; wi++) {
        long x = remaining[wi];
        while (x != 0) {
          int i = (wi << 6) + Long.numberOfTrailingZeros(x);
          x &= x - 1;
          for (int m = 0; m < w; m++) {
            hasPred[m] |= bits[i * w + m];
          }
        }
      }
      for (int m = 0; m < w; m++) {
        long sources = remaining[m] & ~hasPred[m];
        if (sources != 0) {
          remaining[m] &= ~sources;
          left -= Long.bitCount(sources);
          progress = true;
        }
      }
    }
    return left == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Relation r && r.n == n && Arrays.equals(r.bits, bits);
  }

  @Override
  public int hashCode() {
    return 31 * n + Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int[] p : pairs()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(p[0]).append("->").append(p[1]);
    }
    return sb.append('}').toString();
  }
}
