package com.example.klp;

import dagger.Component;
import dev.klpct.cli.Main;
import dev.klpct.strategies.AllStrategiesModule;
import dev.klpct.strategies.StrategyRegistry;
import java.io.PrintWriter;

/** The {@code klpct} command with the built-in strategies and {@code zijlstra.no-race}. */
public final class NoRaceKlpct {
  private NoRaceKlpct() {}

  /** The strategy registry of this project: klpct's five and ours. */
  @Component(modules = {AllStrategiesModule.class, NoRaceModule.class})
  interface Strategies {
    StrategyRegistry registry();
  }

  static StrategyRegistry strategies() {
    return DaggerNoRaceKlpct_Strategies.create().registry();
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(Main.run(strategies(), args, out, err));
  }
}
