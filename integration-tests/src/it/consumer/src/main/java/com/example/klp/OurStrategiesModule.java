package com.example.klp;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.klpct.api.klp.Strategy;

/** Contributes {@code zijlstra.no-race} and {@code zijlstra.no-z1} to the strategy registry. */
@Module
public interface OurStrategiesModule {
  @Provides
  @IntoMap
  @StringKey(NoRaceStrategy.NAME)
  static Strategy noRace() {
    return NoRaceStrategy.create();
  }

  @Provides
  @IntoMap
  @StringKey(NoZ1Strategy.NAME)
  static Strategy noZ1() {
    return NoZ1Strategy.create();
  }
}
