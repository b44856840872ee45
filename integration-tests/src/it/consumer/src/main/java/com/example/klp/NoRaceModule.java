package com.example.klp;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.klpct.api.klp.Strategy;

/** Contributes {@code zijlstra.no-race} to the strategy registry. */
@Module
public interface NoRaceModule {
  @Provides
  @IntoMap
  @StringKey(NoRaceStrategy.NAME)
  static Strategy noRace() {
    return NoRaceStrategy.create();
  }
}
