package dev.klpct.it.findings;

/** The findings' safety contracts: every contract judged on each step, except nohz-undisturbed. */
final class SafetyContracts {
  private SafetyContracts() {}

  /** The ids, for {@code holds(...)}. */
  static final String[] SAFETY = {
    "consistency",
    "handler-defined-state",
    "init-undefined",
    "complete-switched",
    "no-stale-write",
    "reversal"
  };
}
