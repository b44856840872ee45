package dev.klpct.checker.internal.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InsertionBatchTest {

  /** {@code n} successors, a third of them repeating an earlier one, of lengths 3 to 40. */
  private static PendingSuccessors successors(int n, long seed) {
    Random r = new Random(seed);
    PendingSuccessors p = new PendingSuccessors();
    for (int i = 0; i < n; i++) {
      long v = i > 0 && r.nextInt(3) == 0 ? r.nextInt(i) : i;
      int len = 3 + (int) (v % 38);
      byte[] b =
          Arrays.copyOf(ByteBuffer.allocate(8).putLong(v * 0x9E3779B97F4A7C15L).array(), len);
      p.add(b, 0, len, StateStore.hash(b, 0, len), 1000 + i, i % 3, i % 5, i / 4);
    }
    return p;
  }

  @Test
  void batchesInsertWhatOneByOneInsertsUnderTheSameIds() {
    PendingSuccessors p = successors(1000, 7);
    StateStore one = new StateStore();
    long[] expected = new long[p.size()];
    for (int i = 0; i < p.size(); i++) {
      long id = p.insertInto(one, i);
      expected[i] = id >= 0 ? id : -1;
    }

    StateStore batched = new StateStore();
    long[] outcome = new long[p.size()];
    Arrays.fill(outcome, Long.MIN_VALUE);
    InsertionBatch batch = new InsertionBatch();
    int fresh = 0;
    for (int i = 0; i < p.size(); i++) {
      fresh += batch.add(p, i, i, batched, outcome);
    }
    fresh += batch.insert(batched, outcome);

    assertThat(outcome).containsExactly(expected);
    assertThat(fresh).isEqualTo(Arrays.stream(expected).filter(id -> id >= 0).count());
    assertThat(batched.size()).isEqualTo(one.size()).isLessThan(p.size());
    for (long id : expected) {
      if (id >= 0) {
        assertThat(batched.parent(id)).isEqualTo(one.parent(id));
        assertThat(batched.cpu(id)).isEqualTo(one.cpu(id));
        assertThat(batched.choice(id)).isEqualTo(one.choice(id));
      }
    }
  }

  @Test
  void aBatchNotFullInsertsNothingUntilAskedAndOutcomesGoWhereTheyWereAddedFor() {
    PendingSuccessors p = successors(InsertionBatch.SIZE - 1, 11);
    StateStore s = new StateStore();
    long[] outcome = new long[2 * p.size()];
    InsertionBatch batch = new InsertionBatch();
    for (int i = 0; i < p.size(); i++) {
      assertThat(batch.add(p, i, 2 * i + 1, s, outcome)).isZero(); // odd places only
    }
    assertThat(s.size()).isZero();

    int fresh = batch.insert(s, outcome);

    assertThat(s.size()).isEqualTo(fresh).isPositive();
    StateStore one = new StateStore();
    for (int i = 0; i < p.size(); i++) {
      long id = p.insertInto(one, i);
      assertThat(outcome[2 * i]).isZero();
      assertThat(outcome[2 * i + 1]).isEqualTo(id >= 0 ? id : -1);
    }
    assertThat(batch.insert(s, outcome)).isZero(); // emptied
  }
}
