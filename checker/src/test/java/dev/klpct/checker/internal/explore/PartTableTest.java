package dev.klpct.checker.internal.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Interning with dense ids: one id per distinct string, from any thread, through every growth. */
class PartTableTest {

  private static int[] ints(String s) {
    return s.chars().toArray();
  }

  @Test
  void equalStringsGetOneIdAndIdsAreDenseInTheOrderFirstMet() {
    PartTable t = new PartTable();
    int[] src = ints("..abc..xy..abc");

    int abc = t.intern(src, 2, 3);
    int xy = t.intern(src, 7, 2);
    int again = t.intern(src, 11, 3);
    int empty = t.intern(src, 0, 0);

    assertThat(abc).isZero();
    assertThat(xy).isEqualTo(1);
    assertThat(again).isEqualTo(abc);
    assertThat(empty).isEqualTo(2);
    assertThat(t.part(abc)).isEqualTo(ints("abc"));
    assertThat(t.part(empty)).isEmpty();
    assertThat(t.size()).isEqualTo(3);
  }

  @Test
  void idsSurviveTheTablesGrowthAndBytesCountEveryPart() {
    PartTable t = new PartTable();
    long before = t.bytes();
    for (int i = 0; i < 10_000; i++) {
      assertThat(t.intern(ints("p" + i), 0, ints("p" + i).length)).isEqualTo(i);
    }
    for (int i = 0; i < 10_000; i++) {
      assertThat(t.intern(ints("p" + i), 0, ints("p" + i).length)).isEqualTo(i);
      assertThat(t.part(i)).isEqualTo(ints("p" + i));
    }
    // each part at least an array header and its ints (four bytes each) rounded up to eight
    assertThat(t.bytes() - before).isGreaterThanOrEqualTo(10_000L * (16 + 8));
  }

  /**
   * A part looked up near another finds the id a lookup from scratch finds, whatever the two differ
   * in: no place, one, many, a place past the hash's table of weights, or the length.
   */
  @Test
  void aPartLookedUpNearAnotherGetsTheIdOfItsInts() {
    PartTable t = new PartTable();
    int[] base = IntStream.range(0, 700).map(i -> i % 7).toArray();
    int near = t.intern(base, 0, base.length);
    int[][] variants = {
      base.clone(),
      changed(base, 0),
      changed(base, 699),
      changed(base, 3, 64, 511, 512, 600),
      IntStream.range(0, 700).map(i -> i % 5).toArray(),
      Arrays.copyOf(base, 699),
      Arrays.copyOf(base, 701),
    };
    int[] ids = new int[variants.length];
    for (int v = 0; v < variants.length; v++) {
      // near a part interned earlier, and inside a larger array
      int[] b = new int[variants[v].length + 3];
      System.arraycopy(variants[v], 0, b, 3, variants[v].length);
      ids[v] = t.internNear(b, 3, variants[v].length, v == 0 ? near : ids[v - 1]);
    }
    assertThat(ids[0]).isEqualTo(near);
    for (int v = 0; v < variants.length; v++) {
      assertThat(t.intern(variants[v], 0, variants[v].length)).isEqualTo(ids[v]);
      assertThat(t.part(ids[v])).isEqualTo(variants[v]);
    }
    assertThat(t.size()).isEqualTo(variants.length); // every variant but the base's copy is new
  }

  private static int[] changed(int[] a, int... at) {
    int[] b = a.clone();
    for (int i : at) {
      b[i] += 1000 + i;
    }
    return b;
  }

  /** Two threads interning the same strings, in opposite orders, agree on every id. */
  @Test
  void threadsInterningAtOnceAgreeOnEveryId() throws Exception {
    int n = 20_000;
    PartTable t = new PartTable();
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<int[]> up = pool.submit(() -> internAll(t, n, false, start));
      Future<int[]> down = pool.submit(() -> internAll(t, n, true, start));
      int[] a = up.get();
      int[] b = down.get();
      assertThat(a).isEqualTo(b);
      assertThat(t.size()).isEqualTo(n);
      assertThat(Arrays.stream(a).sorted().toArray()).isEqualTo(IntStream.range(0, n).toArray());
    } finally {
      pool.shutdownNow();
    }
  }

  private static int[] internAll(PartTable t, int n, boolean reverse, CyclicBarrier start)
      throws Exception {
    start.await();
    int[] ids = new int[n];
    for (int k = 0; k < n; k++) {
      int i = reverse ? n - 1 - k : k;
      int[] b = ints("part-" + i);
      ids[i] = t.intern(b, 0, b.length);
    }
    return ids;
  }
}
