package dev.klpct.strategies;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.klpct.api.klp.Strategy;
import java.util.Locale;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Provider;

/**
 * The strategies known to a Dagger graph, by name. Strategies are built only when asked for.
 * Lookups normalise case and fail with the list of known names.
 */
public final class StrategyRegistry {
  private final ImmutableSortedMap<String, Provider<Strategy>> byName;

  @Inject
  public StrategyRegistry(Map<String, Provider<Strategy>> strategies) {
    this.byName = ImmutableSortedMap.copyOf(strategies);
  }

  /** Known names, sorted. */
  public ImmutableSortedSet<String> names() {
    return byName.keySet();
  }

  /**
   * The strategy called {@code name}.
   *
   * @throws IllegalArgumentException naming the known strategies if there is none
   */
  public Strategy get(String name) {
    Provider<Strategy> p = byName.get(name.trim().toLowerCase(Locale.ROOT));
    if (p == null) {
      throw new IllegalArgumentException(
          "unknown strategy '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    Strategy s = p.get();
    if (!s.name().equals(name.trim().toLowerCase(Locale.ROOT))) {
      throw new IllegalStateException(
          "strategy registered as '" + name + "' calls itself '" + s.name() + "'");
    }
    return s;
  }
}
