package dev.klpct.strategies;

import dagger.Module;
import dagger.multibindings.Multibinds;
import dev.klpct.api.klp.Strategy;
import java.util.Map;

/** Declares the strategy map, so that a component with no strategy module still compiles. */
@Module
public interface StrategyMapModule {
  @Multibinds
  Map<String, Strategy> strategies();
}
