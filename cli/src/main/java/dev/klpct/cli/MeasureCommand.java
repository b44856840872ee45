package dev.klpct.cli;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code klpct measure}: the checker's benchmark harness. Runs named configurations in one warm
 * JVM, discards warm-up runs and reports medians; the figures in docs/performance.md come from
 * here. Not a test: nothing is asserted.
 */
@Command(name = "measure", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Benchmark the checker on named configurations (warm JVM, medians).")
final class MeasureCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Option(names = "--config", split = ",", paramLabel = "NAME",
      description = "pair (default scenario, every strategy), scaled2 (zijlstra --nohz-cpus 2"
          + " --episodes 1 --reverse --nmi --sleeping-tasks 1), scaled3 (the issue's"
          + " --nohz-cpus 3 --episodes 3 --reverse --nmi --sleeping-tasks 1, time-limited)."
          + " Default: pair,scaled2.")
  List<String> configs = List.of("pair", "scaled2");

  @Option(names = "--runs", description = "Measured runs per configuration (default: ${DEFAULT-VALUE}).")
  int runs = 5;

  @Option(names = "--warmup", description = "Warm-up runs (default: ${DEFAULT-VALUE}).")
  int warmup = 2;

  @Option(names = "--threads", description = "Exploring threads (default: processors).")
  Integer threads;

  @Option(names = "--time-limit", paramLabel = "D",
      description = "Per-run limit for scaled3 (default: ${DEFAULT-VALUE}).")
  String timeLimit = "20s";

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (runs < 1 || warmup < 0) {
      throw new IllegalArgumentException("--runs must be >= 1 and --warmup >= 0");
    }
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    out.printf(Locale.ROOT, "klpct measure: %d warm-up + %d measured runs, %d thread(s), Java %s%n",
        warmup, runs, t, Runtime.version());
    out.printf(Locale.ROOT, "%-28s %12s %10s %14s %12s %8s%n", "configuration", "states",
        "median s", "states/s", "bytes/state", "verdict");
    for (String c : configs) {
      switch (c) {
        case "pair" -> {
          for (String s : klpct.registry().names()) {
            run(out, "pair/" + s, klpct.machine(s, KlpConfig.defaults()), t, Optional.empty());
          }
        }
        case "scaled2" -> run(out, "scaled2/zijlstra", klpct.machine("zijlstra",
            KlpConfig.defaults().withNohzCpus(2).withEpisodes(1).withReverse(true)
                .withNmi(true).withSleepingTasks(1)), t, Optional.empty());
        case "scaled3" -> run(out, "scaled3/zijlstra", klpct.machine("zijlstra",
            KlpConfig.defaults().withNohzCpus(3).withEpisodes(3).withReverse(true)
                .withNmi(true).withSleepingTasks(1)), t,
            ExploreOptions.parseDuration(timeLimit));
        default -> throw new IllegalArgumentException(
            "unknown --config '" + c + "' (known: pair, scaled2, scaled3)");
      }
    }
    out.flush();
    return Exit.HOLDS;
  }

  private void run(PrintWriter out, String name, KlpMachine m, int threads,
      Optional<Duration> limit) {
    CheckOptions o = CheckOptions.defaults().withThreads(threads).withTimeLimit(limit);
    List<CheckReport> rs = new ArrayList<>();
    for (int i = 0; i < warmup + runs; i++) {
      CheckReport r = new Checker(o).check(m);
      if (i >= warmup) {
        rs.add(r);
      }
    }
    double[] wall = rs.stream().mapToDouble(r -> r.stats().wallSeconds()).toArray();
    double[] rate = rs.stream().mapToDouble(r -> r.stats().statesPerSecond()).toArray();
    CheckReport last = rs.get(rs.size() - 1);
    out.printf(Locale.ROOT, "%-28s %,12d %10.3f %,14.0f %12.1f %8s%n", name,
        last.stats().states(), median(wall), median(rate), last.stats().bytesPerState(),
        last.stats().exhaustive() ? last.overall().name() : "CUT");
    out.flush();
  }

  private static double median(double[] values) {
    double[] s = Arrays.copyOf(values, values.length);
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
