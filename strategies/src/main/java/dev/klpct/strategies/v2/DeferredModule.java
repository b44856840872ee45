package dev.klpct.strategies.v2;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.klpct.api.klp.Strategy;

/** Contributes the {@code v2} strategy (RFC v2 deferred) to the registry. */
@Module
public interface DeferredModule {
  @Provides
  @IntoMap
  @StringKey(DeferredStrategy.NAME)
  static Strategy v2() {
    return DeferredStrategy.create();
  }
}
