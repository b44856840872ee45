package dev.klpct.strategies.v1;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.klpct.api.klp.Strategy;

/** Contributes the {@code v1} strategy (RFC v1 clear-then-assign) to the registry. */
@Module
public interface ClearThenAssignModule {
  @Provides
  @IntoMap
  @StringKey(ClearThenAssignStrategy.NAME)
  static Strategy v1() {
    return ClearThenAssignStrategy.create();
  }
}
