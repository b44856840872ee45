package dev.klpct.strategies.zijlstra;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.klpct.api.klp.Strategy;

/** Contributes the {@code zijlstra} strategy (ct_work race-to-complete) to the registry. */
@Module
public interface RaceToCompleteModule {
  @Provides
  @IntoMap
  @StringKey(RaceToCompleteStrategy.NAME)
  static Strategy zijlstra() {
    return RaceToCompleteStrategy.create();
  }
}
