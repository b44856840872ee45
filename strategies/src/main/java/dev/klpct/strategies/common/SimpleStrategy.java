package dev.klpct.strategies.common;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.klp.Capability;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.PatchStateUpdater;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.api.klp.TaskSwitcher;

/**
 * A {@link Strategy} assembled from its parts; a value. Strategies of this module and of users
 * build theirs with it.
 */
public record SimpleStrategy(
    String name,
    String description,
    TaskSwitcher taskSwitcher,
    PatchStateUpdater patchStateUpdater,
    ContextTracking contextTracking,
    SyncMode defaultSync,
    ImmutableSet<Capability> capabilities)
    implements Strategy {
  public SimpleStrategy {
    requireNonNull(name);
    requireNonNull(description);
    requireNonNull(taskSwitcher);
    requireNonNull(patchStateUpdater);
    requireNonNull(contextTracking);
    requireNonNull(defaultSync);
    requireNonNull(capabilities);
    if (!name.matches("[a-z][a-z0-9.-]*")) {
      throw new IllegalArgumentException(
          "strategy names are lower-case letters, digits, '.' and '-': " + name);
    }
  }
}
