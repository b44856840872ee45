package dev.klpct.strategies;

import dagger.Component;
import javax.inject.Singleton;

/** The Dagger graph of the built-in strategies: {@code DaggerStrategyComponent.create()}. */
@Singleton
@Component(modules = AllStrategiesModule.class)
public interface StrategyComponent {
  StrategyRegistry registry();

  /** The registry of the five built-in strategies. */
  static StrategyRegistry builtIn() {
    return DaggerStrategyComponent.create().registry();
  }
}
