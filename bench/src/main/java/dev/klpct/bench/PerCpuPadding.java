package dev.klpct.bench;

/**
 * 128 bytes in front of {@link PerCpu}'s fields: HotSpot lays out a superclass's fields before a
 * subclass's, so padding in a superclass and in the subclass surrounds the fields between them (the
 * layout Caffeine's and JCTools' padded counters use).
 */
abstract class PerCpuPadding {
  long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15;

  /** The per-CPU fields themselves. */
  abstract static class Fields extends PerCpuPadding {
    /** {@code preempt_count}: raised by {@code preempt_disable_notrace()}. */
    int preemptCount;
  }
}
