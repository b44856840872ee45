package dev.klpct.strategies;

import dev.klpct.api.klp.Strategy;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import javax.inject.Provider;

/**
 * Strategies of your own that the {@code klpct} command finds on its class path with {@link
 * ServiceLoader}: implement this with a public no-argument constructor, typically returning the
 * registry of a Dagger component over your modules, and list the class in {@code
 * META-INF/services/dev.klpct.strategies.StrategyProvider}. The archetype {@code klp-archetype}
 * generates both.
 */
public interface StrategyProvider {
  /** The strategies this provider contributes, by name. */
  StrategyRegistry strategies();

  /**
   * Every strategy of every provider {@code loader} finds, in one registry; empty if there is none.
   *
   * @throws IllegalArgumentException naming the providers if two contribute the same name
   * @throws java.util.ServiceConfigurationError if a listed provider cannot be loaded or made
   */
  static StrategyRegistry discover(ClassLoader loader) {
    Map<String, Provider<Strategy>> all = new HashMap<>();
    Map<String, String> from = new HashMap<>();
    for (StrategyProvider p : ServiceLoader.load(StrategyProvider.class, loader)) {
      StrategyRegistry r = p.strategies();
      for (String name : r.names()) {
        String other = from.putIfAbsent(name, p.getClass().getName());
        if (other != null) {
          throw new IllegalArgumentException(
              "strategy '"
                  + name
                  + "' is provided twice, by "
                  + other
                  + " and by "
                  + p.getClass().getName());
        }
        all.put(name, () -> r.get(name));
      }
    }
    return new StrategyRegistry(all);
  }
}
