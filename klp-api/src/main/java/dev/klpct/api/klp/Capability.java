package dev.klpct.api.klp;

/** Optional properties a strategy declares, so tests and reports can filter on them. */
public enum Capability {
  /** Switches tasks running in user mode on NOHZ_FULL CPUs without an IPI. */
  SWITCHES_RUNNING_TASKS,
  /** Posts context-tracking work ({@code CT_WORK_KLP}). */
  POSTS_CT_WORK,
  /** Sends fake signals to tasks that do not switch. */
  SENDS_FAKE_SIGNALS,
  /**
   * Calls {@code wake_up_if_idle(cpu)} for an idle task that did not switch, so that it goes
   * through the idle loop's switch point (RFC v1 5/7, merged for v5.16 as 5de62ea84abd).
   */
  WAKES_IDLE_CPUS
}
