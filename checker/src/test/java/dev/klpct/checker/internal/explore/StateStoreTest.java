package dev.klpct.checker.internal.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StateStoreTest {

  private static byte[] bytesOf(StateStore s, long id) {
    byte[] chunk = s.chunk(id);
    int off = StateStore.offsetInChunk(chunk, id);
    return Arrays.copyOfRange(chunk, off, off + StateStore.length(chunk, id));
  }

  private static byte[] state(long n, int len) {
    ByteBuffer b = ByteBuffer.allocate(Math.max(len, 8));
    b.putLong(n);
    return Arrays.copyOf(b.array(), len);
  }

  @Test
  void insertReturnsTheExistingIdForAnEqualState() {
    StateStore s = new StateStore();
    byte[] a = {1, 2, 3};

    long id = s.insert(a, a.length, StateStore.NO_PARENT, 0, 0xFF);
    long again = s.insert(new byte[] {1, 2, 3, 99}, 3, 17, 1, 2); // only len bytes count

    assertThat(id).isNotNegative();
    assertThat(again).isEqualTo(-1 - id);
    assertThat(s.size()).isEqualTo(1);
    // the first insertion's record is kept
    assertThat(s.parent(id)).isEqualTo(StateStore.NO_PARENT);
    assertThat(s.cpu(id)).isZero();
    assertThat(s.choice(id)).isEqualTo(0xFF);
  }

  @Test
  void statesThatDifferOnlyInLengthAreDistinct() {
    StateStore s = new StateStore();
    byte[] zeros = new byte[300];

    long a = s.insert(zeros, 3, StateStore.NO_PARENT, 0, 0);
    long b = s.insert(zeros, 4, a, 0, 0);
    long c = s.insert(zeros, 200, a, 0, 0);
    long d = s.insert(zeros, 0, a, 0, 0);

    assertThat(List.of(a, b, c, d)).allMatch(x -> x >= 0).doesNotHaveDuplicates();
    assertThat(bytesOf(s, c)).hasSize(200);
    assertThat(bytesOf(s, d)).isEmpty();
    assertThat(s.size()).isEqualTo(4);
  }

  @Test
  void manyStatesStayDistinctAndRetrievableWithTheirParents() {
    StateStore s = new StateStore();
    Random rnd = new Random(7);
    int n = 200_000;
    long[] ids = new long[n];
    byte[][] states = new byte[n][];
    for (int i = 0; i < n; i++) {
      // lengths across the 1- and 2-byte header boundary (0x80) and up to a few hundred
      int len = 8 + rnd.nextInt(i % 50 == 0 ? 400 : 140);
      byte[] b = state(i, len);
      for (int j = 8; j < len; j++) {
        b[j] = (byte) rnd.nextInt();
      }
      states[i] = b;
      long parent = i == 0 ? StateStore.NO_PARENT : ids[rnd.nextInt(i)];
      ids[i] = s.insert(b, len, parent, i % 64, i % 33 == 0 ? 0xFF : i % 32);
      assertThat(ids[i]).isNotNegative();
    }
    assertThat(s.size()).isEqualTo(n);
    assertThat(s.bytes()).isPositive();

    Map<Long, Integer> byId = new HashMap<>();
    for (int i = 0; i < n; i++) {
      assertThat(byId.put(ids[i], i)).isNull();
    }
    Random again = new Random(7);
    for (int i = 0; i < n; i++) {
      int len = 8 + again.nextInt(i % 50 == 0 ? 400 : 140);
      for (int j = 8; j < len; j++) {
        again.nextInt();
      }
      long parent = i == 0 ? StateStore.NO_PARENT : ids[again.nextInt(i)];
      assertThat(bytesOf(s, ids[i])).isEqualTo(states[i]);
      assertThat(s.parent(ids[i])).isEqualTo(parent);
      assertThat(s.cpu(ids[i])).isEqualTo(i % 64);
      assertThat(s.choice(ids[i])).isEqualTo(i % 33 == 0 ? 0xFF : i % 32);
      // re-inserting finds the same id
      assertThat(s.insert(states[i], states[i].length, 0, 0, 0)).isEqualTo(-1 - ids[i]);
    }
    assertThat(s.size()).isEqualTo(n);
  }

  /**
   * Large records fill every segment past its first blocks (1, 1, 3, 7 and 15 chunks) into the
   * 31-chunk ones: each record is still found, whole, at its id.
   */
  @Test
  void recordsStayRetrievableAcrossEveryKindOfBlock() {
    StateStore s = new StateStore();
    int len = 20_000;
    int n = 12_000; // 240 MB: about 57 chunks of 256 KiB per segment
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = s.insert(bigState(i, len), len, i == 0 ? StateStore.NO_PARENT : ids[i - 1], 1, 2);
      assertThat(ids[i]).isNotNegative();
    }
    for (int i = 0; i < n; i++) {
      assertThat(bytesOf(s, ids[i])).isEqualTo(bigState(i, len));
      assertThat(s.parent(ids[i])).isEqualTo(i == 0 ? StateStore.NO_PARENT : ids[i - 1]);
    }
    assertThat(s.size()).isEqualTo(n);
  }

  private static byte[] bigState(int i, int len) {
    byte[] b = new byte[len];
    new Random(i).nextBytes(b);
    return b;
  }

  /**
   * The discipline of a parallel search: each thread inserts the states of its own segments, all
   * threads at once. The ids are those of one thread inserting everything in the same order, as
   * they depend only on the order of the insertions into each segment.
   */
  @Test
  void threadsFillingTheirOwnSegmentsAtOnceGiveOneThreadsIds() throws Exception {
    int n = 40_000;
    int threads = 4;
    StateStore one = new StateStore();
    long[] expected = new long[n];
    for (int i = 0; i < n; i++) {
      byte[] b = state(i % (n / 2), 12); // every state twice
      long id = one.insert(b, b.length, StateStore.NO_PARENT, 0, 0);
      expected[i] = id < 0 ? -1 - id : id;
    }
    StateStore s = new StateStore();
    long[] ids = new long[n];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int slot = t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < n; i++) {
                    byte[] b = state(i % (n / 2), 12);
                    long h = StateStore.hash(b, 0, b.length);
                    if (StateStore.segmentOf(h) % threads == slot) {
                      long id = s.insert(b, b.length, StateStore.NO_PARENT, 0, 0);
                      ids[i] = id < 0 ? -1 - id : id;
                    }
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ids).isEqualTo(expected);
    assertThat(s.size()).isEqualTo(n / 2);
  }

  @Test
  void rejectsEncodingsTooLongForTheLengthHeader() {
    StateStore s = new StateStore();
    byte[] big = new byte[0x8000];

    long ok = s.insert(big, 0x7FFF, StateStore.NO_PARENT, 0, 0);
    assertThat(bytesOf(s, ok)).hasSize(0x7FFF);
    assertThatThrownBy(() -> s.insert(big, 0x8000, StateStore.NO_PARENT, 0, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("too long");
  }
}
