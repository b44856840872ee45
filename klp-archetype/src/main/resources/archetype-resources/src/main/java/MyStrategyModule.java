package ${package};

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.klpct.api.klp.Strategy;

/** Contributes {@code ${strategyName}} to a strategy registry, as klpct's own modules do. */
@Module
public interface MyStrategyModule {
  @Provides
  @IntoMap
  @StringKey(MyStrategy.NAME)
  static Strategy mine() {
    return MyStrategy.create();
  }
}
