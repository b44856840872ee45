package dev.klpct.strategies;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Sets;
import dev.klpct.api.klp.Strategy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

  /**
   * This registry's strategies and {@code more}'s, e.g. the built-in strategies and those {@link
   * StrategyProvider#discover} finds.
   *
   * @throws IllegalArgumentException naming the strategies both have
   */
  public StrategyRegistry plus(StrategyRegistry more) {
    Set<String> both = Sets.intersection(names(), more.names());
    if (!both.isEmpty()) {
      throw new IllegalArgumentException(
          "strategies in both registries: " + String.join(", ", both));
    }
    Map<String, Provider<Strategy>> all = new HashMap<>(byName);
    all.putAll(more.byName);
    return new StrategyRegistry(all);
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
