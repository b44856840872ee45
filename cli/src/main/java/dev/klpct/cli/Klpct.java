package dev.klpct.cli;

import com.google.common.collect.ImmutableMap;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.core.KlpTrace;
import dev.klpct.strategies.StrategyProvider;
import dev.klpct.strategies.StrategyRegistry;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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
   * model of its own command only: reflecting over all of them took most of a short run's start-up.
   */
  static final ImmutableMap<String, Class<?>> SUBCOMMANDS =
      ImmutableMap.<String, Class<?>>builder()
          .put("list", ListCommand.class)
          .put("check", CheckCommand.class)
          .put("compare", CompareCommand.class)
          .put("ablate", AblateCommand.class)
          .put("repair", RepairCommand.class)
          .put("replay", ReplayCommand.class)
          .put("measure", MeasureCommand.class)
          .put("litmus", LitmusCommand.class)
          .put("stress", StressCommand.class)
          .buildOrThrow();

  private final Session session;

  @Option(
      names = "--classpath",
      scope = ScopeType.INHERIT,
      split = ":",
      paramLabel = "PATH",
      description =
          "Directories and jars, separated by ':', whose strategies join the built-in ones: each"
              + " StrategyProvider listed in their META-INF/services (klp-archetype generates"
              + " one), e.g. --classpath target/classes.")
  private List<Path> classpath = new ArrayList<>();

  private @Nullable StrategyRegistry withClasspath;

  /**
   * @param session the strategies every subcommand knows by name, and the writers
   */
  Klpct(Session session) {
    this.session = session;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "missing command: " + String.join(", ", SUBCOMMANDS.keySet()));
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

  /** {@code --classpath PATH} as a command line that reproduces this run needs it, or nothing. */
  List<String> classpathOptions() {
    if (classpath.isEmpty()) {
      return List.of();
    }
    return List.of(
        "--classpath "
            + ExploreOptions.quote(
                String.join(":", classpath.stream().map(Path::toString).toList())));
  }

  /** The strategies of this run: the session's, and those found on {@code --classpath}. */
  StrategyRegistry registry() {
    if (classpath.isEmpty()) {
      return session.registry();
    }
    StrategyRegistry r = withClasspath;
    if (r == null) {
      r = session.registry().plus(discovered());
      withClasspath = r;
    }
    return r;
  }

  /**
   * The strategies of the providers on {@code --classpath}, loaded next to klpct's own classes (the
   * user's code sees klpct's API and Dagger's runtime from klpct's jar).
   *
   * @throws IllegalArgumentException naming the path or the provider that does not work
   */
  private StrategyRegistry discovered() {
    List<URL> urls = new ArrayList<>();
    for (Path p : classpath) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("--classpath: " + p + ": no such file or directory");
      }
      try {
        urls.add(p.toAbsolutePath().toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("--classpath: " + p + ": " + e.getMessage(), e);
      }
    }
    // Open for the rest of the run: the strategies' code is loaded from it as they run.
    URLClassLoader loader =
        new URLClassLoader(urls.toArray(new URL[0]), getClass().getClassLoader());
    StrategyRegistry found;
    try {
      found = StrategyProvider.discover(loader);
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new IllegalArgumentException(
          "--classpath: cannot load a strategy provider: " + e.getMessage(), e);
    }
    if (found.names().isEmpty()) {
      throw new IllegalArgumentException(
          "--classpath: no strategy provider in "
              + classpath
              + " (a class implementing "
              + StrategyProvider.class.getName()
              + ", listed in META-INF/services/"
              + StrategyProvider.class.getName()
              + ")");
    }
    return found;
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
