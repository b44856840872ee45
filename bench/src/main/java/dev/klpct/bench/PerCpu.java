package dev.klpct.bench;

/**
 * The per-CPU data of {@link OneTaskKernel}'s CPUs: {@code __preempt_count}, which x86 keeps in
 * per-CPU memory and changes with one {@code incl %gs:__preempt_count}. A field of an object of its
 * own is the Java equivalent (no bounds check, unlike a register array), padded on both sides (by
 * {@link PerCpuPadding} before it and the fields below after it) so that the two CPUs' counters
 * never share a cache line.
 *
 * <p>Plain accesses: only the CPU's own thread touches its counter, as in the kernel.
 */
final class PerCpu extends PerCpuPadding.Fields {
  long q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, q13, q14, q15;
}
