package dev.klpct.cli;

import com.google.common.collect.ImmutableSet;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.jvm.JvmOptions;
import dev.klpct.jvm.JvmRunner;
import dev.klpct.jvm.StressReport;
import dev.klpct.report.ReportFormat;
import dev.klpct.report.StressResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code klpct stress}: one strategy on real threads, one per simulated CPU, over and over for a
 * while, with the contracts judged online (the JVM backend, {@link JvmRunner}).
 *
 * <p>Output, in this order: the command line that reproduces the run; the strategy; one line {@code
 * N executions in S s (R executions/s, each U us from start line to end on average), T threads (one
 * per CPU), seed X, jitter J, ARCH}; a table with one row per contract, {@code not observed} or
 * {@code VIOLATED in K of N executions}; if any, the violations, each distinct one once as {@code
 * CONTRACT execution E, CPUc step s (K executions): DESCRIPTION} (or {@code at its end} instead of
 * the CPU and step when the end state showed it); the metrics over the executions that terminated;
 * and a closing sentence. With {@code --format json}, the same as one JSON object ({@code
 * dev.klpct.report.JsonReport}). Exit 1 if a shown contract was observed violated, else 3 if an
 * execution had to be abandoned (stuck), else 0 — which means only that nothing was observed.
 */
@Command(
    name = "stress",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Run one strategy on real threads (one per CPU) repeatedly for a while and"
            + " check the contracts online. Sampling cannot prove absence: klpct check decides."
            + " Exit 0 nothing observed (which proves nothing), 1 a contract observed violated,"
            + " 2 usage error, 3 an execution got stuck or the run was interrupted.")
final class StressCommand implements Callable<Integer>, OutputOptions.Reporting {
  @ParentCommand Klpct klpct;

  @Option(
      names = "--strategy",
      required = true,
      paramLabel = "NAME",
      description = "Strategy to run (see klpct list).")
  String strategy;

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Option(
      names = "--duration",
      paramLabel = "D",
      description = "How long to run, e.g. 500ms, 10s, 2m (default: ${DEFAULT-VALUE}).")
  String duration = "10s";

  @Option(
      names = "--contract",
      split = ",",
      paramLabel = "ID",
      description = "Report only these contracts (default: all).")
  @Nullable List<String> contracts;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the CPUs' choices and jitter (default: ${DEFAULT-VALUE}).")
  long seed = JvmOptions.DEFAULT_SEED;

  @Option(
      names = "--jitter",
      paramLabel = "N",
      description =
          "Up to N spin-wait iterations before each choice, to vary the timing"
              + " (default: ${DEFAULT-VALUE}; 0 = none).")
  int jitter = JvmOptions.DEFAULT_JITTER;

  @Mixin OutputOptions output = new OutputOptions();

  @Mixin ProgressOptions progress = new ProgressOptions();

  @Override
  public ImmutableSet<ReportFormat> formats() {
    return ImmutableSet.of(ReportFormat.TEXT, ReportFormat.JSON);
  }

  @Override
  public Integer call() {
    Session session = klpct.session();
    Duration d = ExploreOptions.parseDuration("--duration", duration).orElseThrow();
    if (jitter < 0) {
      throw new IllegalArgumentException("--jitter must be >= 0, got " + jitter);
    }
    KlpConfig config = scenario.toConfig();
    KlpMachine m = klpct.machine(strategy, config);
    List<String> wanted = ContractIds.validate(contracts);
    JvmOptions o =
        JvmOptions.defaults().withSeed(seed).withJitter(jitter).withTicker(session.ticker());
    output.checkWritable();
    Progress p = progress.start(session, "stress " + strategy);
    long start = session.ticker().read();
    long[] executions = {0};
    StressReport r;
    try (JvmRunner runner = new JvmRunner(m, o)) {
      r =
          runner.runWhile(
              () -> {
                executions[0]++;
                long elapsed = session.ticker().read() - start;
                p.show(
                    String.format(
                        Locale.ROOT,
                        "%,d executions of %s",
                        executions[0],
                        StressResult.durationText(d)));
                return elapsed < d.toNanos() && !session.interrupt().triggered();
              });
    } finally {
      p.clear();
    }
    StressResult result = StressResult.of(m, r, d, jitter).withContracts(wanted);
    Optional<String> stopped = session.interrupt().reason();
    if (stopped.isPresent()) {
      result = result.withInterrupted(stopped.get());
    }
    output.print(result, session);
    return result.exitCode();
  }
}
