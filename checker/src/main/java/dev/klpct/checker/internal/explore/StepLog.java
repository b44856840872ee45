package dev.klpct.checker.internal.explore;

import java.util.Arrays;

/**
 * What one step saw of the memory it started from and where it wrote, for a {@link StepCache}: the
 * locations it read before writing them, in the order it first read them, with the values it found,
 * and the locations it wrote. A read of a location the step wrote before returns what the step
 * wrote, so it is no input of the step and is not logged. Not thread-safe: one per expander.
 */
final class StepLog {
  /** Per location, the number of the step that last read or wrote it. */
  private int[] seen = new int[0];

  /** Per location, the number of the step that last wrote it. */
  private int[] written = new int[0];

  private int stepNo;

  int[] readAt = new int[8];
  int[] readValue = new int[8];
  int reads;

  int[] writeAt = new int[8];
  int writes;

  /** Starts logging a step on {@code locations} memory locations. */
  void start(int locations) {
    if (seen.length < locations) {
      seen = new int[locations];
      written = new int[locations];
    }
    if (++stepNo == Integer.MAX_VALUE) {
      Arrays.fill(seen, 0);
      Arrays.fill(written, 0);
      stepNo = 1;
    }
    reads = 0;
    writes = 0;
  }

  /** The step read {@code v} at location {@code i}. */
  void read(int i, int v) {
    if (seen[i] == stepNo) {
      return;
    }
    seen[i] = stepNo;
    if (reads == readAt.length) {
      readAt = Arrays.copyOf(readAt, 2 * reads);
      readValue = Arrays.copyOf(readValue, 2 * reads);
    }
    readAt[reads] = i;
    readValue[reads++] = v;
  }

  /** The step wrote location {@code i}. */
  void wrote(int i) {
    seen[i] = stepNo;
    if (written[i] == stepNo) {
      return;
    }
    written[i] = stepNo;
    if (writes == writeAt.length) {
      writeAt = Arrays.copyOf(writeAt, 2 * writes);
    }
    writeAt[writes++] = i;
  }
}
