package dev.klpct.core;

import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import org.jspecify.annotations.Nullable;

/**
 * The kernel context of one CPU other than the transition CPU: its preemption count, whether its
 * interrupts are off, and whether RCU watches it. Every program of such a CPU ({@link NohzTask},
 * {@link IdleCpu}) reserves the first {@link #REGISTERS} registers for it, and only this class
 * reads or writes them.
 *
 * <p>It also keeps RCU's view of the CPU for {@code synchronize_rcu()} in the ghost word {@code
 * cpu<n>.rcu_reader} (absent under {@code schedule_on_each_cpu()}): {@link #RCU_EQS} in an extended
 * quiescent state (user mode, idle), {@link #RCU_READER} inside a read-side section, {@link
 * #RCU_WATCHING} otherwise. A read-side section is a {@code preempt_disable_notrace()} region, or
 * the interrupts-off entry and NMI code, while RCU watches the CPU. Model bookkeeping, not kernel
 * memory: entering or leaving a section is part of the adjacent step, not a step of its own.
 *
 * <p>Sources: include/linux/preempt.h, kernel/rcu/tree.c ({@code rcu_eqs_enter/exit}), kernel.md
 * §2.4 (the regions {@code klp_synchronize_transition()} waits for).
 */
final class CpuContext {
  /** Registers the context takes, from register 0 of its CPU's program. */
  static final int REGISTERS = 2;

  /** {@code preempt_count()}: preemption depth, one level for the interrupts-off read section. */
  private static final int PREEMPT_COUNT = 0;

  /** The bits below. */
  private static final int FLAGS = 1;

  /** RCU watches this CPU (it is not in an extended quiescent state). */
  private static final int WATCHED = 1;

  /** This CPU's {@code rcu_reader} word says {@link #RCU_READER}. */
  private static final int READER = 2;

  /** Interrupts are off (entry and exit code, NMI). */
  private static final int IRQS_OFF = 4;

  /** The interrupts-off region counts as one level of {@link #PREEMPT_COUNT}. */
  private static final int IRQS_OFF_READER = 8;

  /** {@code rcu_reader}: in an extended quiescent state (user mode, idle): RCU ignores the CPU. */
  static final int RCU_EQS = 0;

  /** {@code rcu_reader}: in a read-side section (preemption or interrupts off). */
  static final int RCU_READER = 1;

  /** {@code rcu_reader}: RCU watches, outside read-side sections: owes a grace period a report. */
  static final int RCU_WATCHING = 2;

  private final @Nullable Loc rcuReader;

  /**
   * @param rcuReader this CPU's {@code rcu_reader} ghost word, or null when nothing waits for
   *     read-side sections ({@code schedule_on_each_cpu()})
   */
  CpuContext(@Nullable Loc rcuReader) {
    this.rcuReader = rcuReader;
  }

  /** {@code preempt_disable_notrace()}: starts a read-side section if RCU watches. */
  void preempt_disable(Kernel k) {
    int depth = k.reg(PREEMPT_COUNT);
    k.setReg(PREEMPT_COUNT, depth + 1);
    if (depth == 0 && flag(k, WATCHED)) {
      readerBegin(k);
    }
  }

  /** {@code preempt_enable_notrace()}: ends the read-side section at depth 0. */
  void preempt_enable(Kernel k) {
    int depth = k.reg(PREEMPT_COUNT) - 1;
    k.setReg(PREEMPT_COUNT, depth);
    if (depth == 0) {
      readerEnd(k);
    }
  }

  /** {@code local_irq_disable()}, as entry code and NMIs run. */
  void local_irq_disable(Kernel k) {
    setFlag(k, IRQS_OFF, true);
  }

  /**
   * {@code local_irq_enable()}: ends the interrupts-off read-side section {@link #rcu_eqs_exit}.
   */
  void local_irq_enable(Kernel k) {
    setFlag(k, IRQS_OFF, false);
    if (flag(k, IRQS_OFF_READER)) {
      setFlag(k, IRQS_OFF_READER, false);
      preempt_enable(k);
    }
  }

  /**
   * {@code rcu_eqs_exit()} ({@code rcu_user_exit()}, {@code rcu_idle_exit()}, {@code
   * rcu_nmi_enter()}): RCU starts watching this CPU. Code with interrupts off is an RCU-sched
   * read-side section from then on, until interrupts are enabled again.
   */
  void rcu_eqs_exit(Kernel k) {
    setWatched(k, true);
    if (flag(k, IRQS_OFF) && k.reg(PREEMPT_COUNT) == 0) {
      k.setReg(PREEMPT_COUNT, 1);
      setFlag(k, IRQS_OFF_READER, true);
      readerBegin(k);
    }
  }

  /** {@code rcu_eqs_enter()}: RCU stops watching this CPU (user mode, idle). */
  void rcu_eqs_enter(Kernel k) {
    setWatched(k, false);
  }

  private void setWatched(Kernel k, boolean watched) {
    setFlag(k, WATCHED, watched);
    Loc r = rcuReader;
    if (r != null && !flag(k, READER)) {
      k.setGhost(r, watched ? RCU_WATCHING : RCU_EQS);
    }
  }

  private void readerBegin(Kernel k) {
    Loc r = rcuReader;
    if (r != null && !flag(k, READER)) {
      setFlag(k, READER, true);
      k.setGhost(r, RCU_READER);
    }
  }

  private void readerEnd(Kernel k) {
    Loc r = rcuReader;
    if (r != null && flag(k, READER)) {
      setFlag(k, READER, false);
      k.setGhost(r, flag(k, WATCHED) ? RCU_WATCHING : RCU_EQS);
    }
  }

  private static boolean flag(Kernel k, int f) {
    return (k.reg(FLAGS) & f) != 0;
  }

  private static void setFlag(Kernel k, int f, boolean on) {
    int v = k.reg(FLAGS);
    k.setReg(FLAGS, on ? v | f : v & ~f);
  }
}
