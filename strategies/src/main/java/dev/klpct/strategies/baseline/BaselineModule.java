package dev.klpct.strategies.baseline;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.klpct.api.klp.Strategy;

/** Contributes the {@code baseline} strategy to the registry. */
@Module
public interface BaselineModule {
  @Provides
  @IntoMap
  @StringKey(BaselineStrategy.NAME)
  static Strategy baseline() {
    return BaselineStrategy.create();
  }
}
