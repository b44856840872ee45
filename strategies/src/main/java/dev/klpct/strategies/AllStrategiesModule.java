package dev.klpct.strategies;

import dagger.Module;
import dev.klpct.strategies.baseline.BaselineModule;
import dev.klpct.strategies.mladek.IsCtUserModule;
import dev.klpct.strategies.v1.ClearThenAssignModule;
import dev.klpct.strategies.v2.DeferredModule;
import dev.klpct.strategies.zijlstra.RaceToCompleteModule;

/** The five strategies of the October 2021 thread. Include it, plus your own modules. */
@Module(
    includes = {
      StrategyMapModule.class,
      BaselineModule.class,
      ClearThenAssignModule.class,
      DeferredModule.class,
      IsCtUserModule.class,
      RaceToCompleteModule.class
    })
public interface AllStrategiesModule {}
