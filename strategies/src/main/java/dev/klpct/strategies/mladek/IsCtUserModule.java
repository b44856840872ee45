package dev.klpct.strategies.mladek;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.klpct.api.klp.Strategy;

/** Contributes the {@code mladek} strategy (is_ct_user) to the registry. */
@Module
public interface IsCtUserModule {
  @Provides
  @IntoMap
  @StringKey(IsCtUserStrategy.NAME)
  static Strategy mladek() {
    return IsCtUserStrategy.create();
  }
}
