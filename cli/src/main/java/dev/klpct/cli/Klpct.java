package dev.klpct.cli;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.strategies.StrategyRegistry;
import java.io.PrintStream;
import java.util.Optional;
import picocli.CommandLine.Command;

/** The {@code klpct} command: subcommands only. */
@Command(
    name = "klpct",
    mixinStandardHelpOptions = true,
    versionProvider = Klpct.Version.class,
    description = {
      "Model checker for Linux livepatch transition strategies on NOHZ_FULL systems.",
      "Exit codes: 0 all contracts hold, 1 a contract is violated, 2 usage or input error,"
          + " 3 inconclusive (a budget ran out), 4 internal error."
    },
    subcommands = {
      ListCommand.class,
      CheckCommand.class,
      CompareCommand.class,
      AblateCommand.class,
      ReplayCommand.class,
      MeasureCommand.class,
      LitmusCommand.class,
      StressCommand.class
    })
final class Klpct implements Runnable {
  static final String VERSION = "0.1.0";

  private final StrategyRegistry registry;

  /**
   * @param registry the strategies every subcommand knows by name
   */
  Klpct(StrategyRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        new picocli.CommandLine(this),
        "missing command: list, check, compare, ablate, replay, litmus, stress or measure");
  }

  /** Supplies {@code --version}. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"klpct " + VERSION + " (Java " + Runtime.version() + ")"};
    }
  }

  /** The strategies of this run; subcommands reach it through {@code @ParentCommand}. */
  StrategyRegistry registry() {
    return registry;
  }

  /** Checks one strategy, with progress on stderr when it is a terminal. */
  static CheckReport check(KlpMachine m, CheckOptions base, PrintStream err) {
    Optional<Progress> p = Progress.ifTerminal(err, m.strategy().name());
    CheckOptions o = base.withProgress(p.map(x -> (CheckOptions.ProgressListener) x));
    try {
      return new Checker(o).check(m);
    } finally {
      p.ifPresent(Progress::clear);
    }
  }

  KlpMachine machine(String strategy, KlpConfig config) {
    return KlpMachine.of(registry().get(strategy), config);
  }
}
