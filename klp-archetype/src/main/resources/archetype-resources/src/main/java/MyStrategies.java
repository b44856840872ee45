package ${package};

import dagger.Component;
import dev.klpct.strategies.StrategyProvider;
import dev.klpct.strategies.StrategyRegistry;

/**
 * This project's strategies for the {@code klpct} command, which finds them through {@code
 * META-INF/services/dev.klpct.strategies.StrategyProvider}: {@code klpct check --classpath
 * target/classes --strategy ${strategyName}}.
 */
public final class MyStrategies implements StrategyProvider {
  /** The Dagger graph of this project's modules. */
  @Component(modules = MyStrategyModule.class)
  interface Graph {
    StrategyRegistry registry();
  }

  @Override
  public StrategyRegistry strategies() {
    return DaggerMyStrategies_Graph.create().registry();
  }
}
