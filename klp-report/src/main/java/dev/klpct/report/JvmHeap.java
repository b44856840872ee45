package dev.klpct.report;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The heap use of this JVM, for the reports that show it ({@code --stats}, JSON). Read only there:
 * the first read sets up {@code java.management}'s memory pools, 20 to 25 ms that a check or a
 * litmus test printing no figures should not pay.
 */
final class JvmHeap {
  private JvmHeap() {}

  /**
   * The peak heap use of this JVM so far, in bytes: the sum of the heap pools' peaks. A process
   * that ran several checks reports the largest of them all (the pools' peaks are never reset).
   */
  static long peakBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage peak = p.getPeakUsage();
      if (p.getType() == MemoryType.HEAP && peak != null) {
        sum += peak.getUsed();
      }
    }
    return sum;
  }
}
