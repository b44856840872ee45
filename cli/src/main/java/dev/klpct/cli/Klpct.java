package dev.klpct.cli;

import com.google.common.collect.ImmutableMap;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.core.KlpTrace;
import dev.klpct.strategies.StrategyRegistry;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code klpct} command: subcommands only. */
@Command(
    name = "klpct",
    mixinStandardHelpOptions = true,
    versionProvider = Klpct.Version.class,
    description = {
      "Model checker for Linux livepatch transition strategies on NOHZ_FULL systems.",
      "Exit codes: 0 all contracts hold, 1 a contract is violated, 2 usage or input error,"
          + " 3 inconclusive (a budget, the time limit or Ctrl-C cut a search short),"
          + " 4 internal error."
    })
final class Klpct implements Runnable {
  static final String VERSION = KlpTrace.VERSION;

  /**
   * The subcommands by name, in the order help lists them. Registered by {@link
   * Main#commandLine(Session, String...)}, not in the annotation, so that a run builds the picocli
   * model of its own command only: reflecting over all eight took most of a short run's start-up.
   */
  static final ImmutableMap<String, Class<?>> SUBCOMMANDS =
      ImmutableMap.<String, Class<?>>builder()
          .put("list", ListCommand.class)
          .put("check", CheckCommand.class)
          .put("compare", CompareCommand.class)
          .put("ablate", AblateCommand.class)
          .put("replay", ReplayCommand.class)
          .put("measure", MeasureCommand.class)
          .put("litmus", LitmusCommand.class)
          .put("stress", StressCommand.class)
          .buildOrThrow();

  private final Session session;

  /**
   * @param session the strategies every subcommand knows by name, and the writers
   */
  Klpct(Session session) {
    this.session = session;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this),
        "missing command: list, check, compare, ablate, replay, litmus, stress or measure");
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"klpct " + VERSION + " (Java " + Runtime.version() + ")"};
    }
  }

  /** This run's strategies, writers, interrupt and clock; subcommands reach it here. */
  Session session() {
    return session;
  }

  /** The strategies of this run. */
  StrategyRegistry registry() {
    return session.registry();
  }

  /**
   * Checks {@code m} with {@code options}, reporting to {@code progress} (which is silent with
   * {@code --quiet}) and erasing its line afterwards.
   */
  CheckReport check(KlpMachine m, CheckOptions options, Progress progress) {
    try {
      return new Checker(options.withProgress(Optional.of(progress))).check(m);
    } finally {
      progress.clear();
    }
  }

  KlpMachine machine(String strategy, KlpConfig config) {
    return KlpMachine.of(registry().get(strategy), config);
  }
}
