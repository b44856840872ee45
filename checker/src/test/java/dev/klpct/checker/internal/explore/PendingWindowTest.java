package dev.klpct.checker.internal.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PendingWindowTest {

  /**
   * A segment of the store is filled by one thread at a time, without a lock: every successor of a
   * segment must be kept for the same slot, the one owning the segment, whichever thread found it.
   */
  @Test
  void everySuccessorIsKeptForTheSlotOwningItsSegment() {
    Random r = new Random(5);
    for (int slots : new int[] {1, 2, 3}) {
      PendingWindow w = new PendingWindow();
      w.clear(slots);
      for (int i = 0; i < 2000; i++) {
        byte[] b = new byte[1 + r.nextInt(40)];
        r.nextBytes(b);
        w.add(b, 0, b.length, i, i % 3, i % 5);
      }
      int kept = 0;
      for (int s = 0; s < slots; s++) {
        PendingSuccessors p = w.forSlot(s);
        kept += p.size();
        for (int i = 0; i < p.size(); i++) {
          assertThat(StateStore.segmentOf(p.hash(i)) % slots)
              .as("slot of %d of %d", s, slots)
              .isEqualTo(s);
        }
      }
      assertThat(kept).isEqualTo(2000);
    }
  }

  /** Within a chunk the successors are numbered in the order they were found, over all slots. */
  @Test
  void successorsAreNumberedWithinTheirChunkAcrossSlots() {
    Random r = new Random(6);
    PendingWindow w = new PendingWindow();
    w.clear(2);
    int[] chunkSizes = {7, 0, 30};
    for (int size : chunkSizes) {
      w.startChunk();
      int[] before = {w.forSlot(0).size(), w.forSlot(1).size()};
      for (int i = 0; i < size; i++) {
        byte[] b = new byte[8];
        r.nextBytes(b);
        w.add(b, 0, b.length, i, 0, 0);
      }
      assertThat(w.forSlot(0).size() - before[0] + w.forSlot(1).size() - before[1]).isEqualTo(size);
      boolean[] seen = new boolean[size];
      for (int s = 0; s < 2; s++) {
        PendingSuccessors p = w.forSlot(s);
        int last = -1;
        for (int i = before[s]; i < p.size(); i++) {
          assertThat(p.seq(i)).as("numbers rise within a slot's list").isGreaterThan(last);
          last = p.seq(i);
          seen[p.seq(i)] = true;
        }
      }
      for (int i = 0; i < size; i++) {
        assertThat(seen[i]).as("number %d of a chunk of %d", i, size).isTrue();
      }
    }
  }
}
