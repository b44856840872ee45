package com.example.klp;

import dagger.Component;
import dev.klpct.cli.Main;
import dev.klpct.strategies.AllStrategiesModule;
import dev.klpct.strategies.StrategyRegistry;
import java.io.PrintWriter;

/** The {@code klpct} command with the built-in strategies and ours. */
public final class OurKlpct {
  private OurKlpct() {}

  /** The strategy registry of this project: klpct's five and ours. */
  @Component(modules = {AllStrategiesModule.class, OurStrategiesModule.class})
  interface Strategies {
    StrategyRegistry registry();
  }

  static StrategyRegistry strategies() {
    return DaggerOurKlpct_Strategies.create().registry();
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(Main.run(strategies(), args, out, err));
  }
}
