package dev.klpct.api.klp;

import com.google.common.collect.ImmutableSet;

/**
 * A livepatch transition strategy: the three interchangeable parts plus what they run on.
 * Implementations are immutable and thread-safe.
 */
public interface Strategy {

  /** Stable lower-case name, e.g. {@code zijlstra}. */
  String name();

  /** One-line description with its origin (mail or commit). */
  String description();

  TaskSwitcher taskSwitcher();

  PatchStateUpdater patchStateUpdater();

  /** The context tracking the strategy was written against. */
  ContextTracking contextTracking();

  /** The {@code klp_synchronize_transition()} the strategy's series used. */
  SyncMode defaultSync();

  default ImmutableSet<Capability> capabilities() {
    return ImmutableSet.of();
  }
}
