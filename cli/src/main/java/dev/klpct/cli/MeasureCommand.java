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
@Command(
    name = "measure",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Benchmark the checker on named configurations (warm JVM, medians).")
final class MeasureCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Option(
      names = "--config",
      split = ",",
      paramLabel = "NAME",
      description =
          "pair (default scenario, every strategy), scaled2 (zijlstra --nohz-cpus 2"
              + " --episodes 1 --reverse --nmi --sleeping-tasks 1), scaled3 (the issue's"
              + " --nohz-cpus 3 --episodes 3 --reverse --nmi --sleeping-tasks 1, time-limited),"
              + " none (only --litmus). Default: pair,scaled2.")
  List<String> configs = List.of("pair", "scaled2");

  @Option(
      names = "--runs",
      description = "Measured runs per configuration (default: ${DEFAULT-VALUE}).")
  int runs = 5;

  @Option(names = "--warmup", description = "Warm-up runs (default: ${DEFAULT-VALUE}).")
  int warmup = 2;

  @Option(names = "--threads", description = "Exploring threads (default: processors).")
  Integer threads;

  @Option(
      names = "--memory-model",
      paramLabel = "MODEL",
      description = "Memory model of every run: sc, tso or lkmm (default: ${DEFAULT-VALUE}).")
  String memoryModel = "sc";

  @Option(
      names = "--litmus",
      paramLabel = "DIR",
      description = "Also time every *.litmus file in DIR (median wall time per test).")
  java.nio.file.Path litmusDir;

  @Option(
      names = "--time-limit",
      paramLabel = "D",
      description = "Per-run limit for scaled3 (default: ${DEFAULT-VALUE}).")
  String timeLimit = "20s";

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (runs < 1 || warmup < 0) {
      throw new IllegalArgumentException("--runs must be >= 1 and --warmup >= 0");
    }
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    model = dev.klpct.checker.MemoryModel.of(memoryModel);
    out.printf(
        Locale.ROOT,
        "klpct measure: %d warm-up + %d measured runs, %d thread(s), memory"
            + " model %s, Java %s%n",
        warmup,
        runs,
        t,
        model,
        Runtime.version());
    if (litmusDir != null) {
      litmus(out, t);
    }
    if (!configs.equals(List.of("none"))) {
      out.printf(
          Locale.ROOT,
          "%-28s %12s %10s %14s %12s %8s%n",
          "configuration",
          "states",
          "median s",
          "states/s",
          "bytes/state",
          "verdict");
    }
    for (String c : configs) {
      switch (c) {
        case "pair" -> {
          for (String s : klpct.registry().names()) {
            run(out, "pair/" + s, klpct.machine(s, KlpConfig.defaults()), t, Optional.empty());
          }
        }
        case "scaled2" ->
            run(
                out,
                "scaled2/zijlstra",
                klpct.machine(
                    "zijlstra",
                    KlpConfig.defaults()
                        .withNohzCpus(2)
                        .withEpisodes(1)
                        .withReverse(true)
                        .withNmi(true)
                        .withSleepingTasks(1)),
                t,
                Optional.empty());
        case "scaled3" ->
            run(
                out,
                "scaled3/zijlstra",
                klpct.machine(
                    "zijlstra",
                    KlpConfig.defaults()
                        .withNohzCpus(3)
                        .withEpisodes(3)
                        .withReverse(true)
                        .withNmi(true)
                        .withSleepingTasks(1)),
                t,
                ExploreOptions.parseDuration(timeLimit));
        case "none" -> {}
        default ->
            throw new IllegalArgumentException(
                "unknown --config '" + c + "' (known: pair, scaled2, scaled3, none)");
      }
    }
    out.flush();
    return Exit.HOLDS;
  }

  private void run(
      PrintWriter out, String name, KlpMachine m, int threads, Optional<Duration> limit) {
    CheckOptions o =
        CheckOptions.defaults().withThreads(threads).withTimeLimit(limit).withMemoryModel(model);
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
    out.printf(
        Locale.ROOT,
        "%-28s %,12d %10.3f %,14.0f %12.1f %8s%n",
        name,
        last.stats().states(),
        median(wall),
        median(rate),
        last.stats().bytesPerState(),
        last.stats().exhaustive() ? last.overall().name() : "CUT");
    out.flush();
  }

  private dev.klpct.checker.MemoryModel model = dev.klpct.checker.MemoryModel.SC;

  private void litmus(PrintWriter out, int threads) {
    List<java.nio.file.Path> files;
    try (java.util.stream.Stream<java.nio.file.Path> st = java.nio.file.Files.list(litmusDir)) {
      files = st.filter(p -> p.toString().endsWith(".litmus")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot list --litmus " + litmusDir + ": " + e);
    }
    out.printf(Locale.ROOT, "%-60s %10s %10s%n", "litmus test", "states", "median ms");
    double worst = 0;
    for (java.nio.file.Path f : files) {
      dev.klpct.checker.litmus.LitmusTest test;
      try {
        test = dev.klpct.checker.litmus.LitmusParser.parse(f);
      } catch (dev.klpct.checker.litmus.LitmusException | java.io.IOException e) {
        out.println(f.getFileName() + ": skipped: " + e.getMessage());
        continue;
      }
      CheckOptions o = CheckOptions.defaults().withThreads(threads).withMemoryModel(model);
      double[] ms = new double[runs];
      long states = 0;
      try {
        for (int i = 0; i < warmup + runs; i++) {
          long t0 = System.nanoTime();
          dev.klpct.checker.litmus.LitmusResult r =
              dev.klpct.checker.litmus.LitmusRunner.run(test, o);
          long t1 = System.nanoTime();
          if (i >= warmup) {
            ms[i - warmup] = (t1 - t0) / 1e6;
            states = r.stats().states();
          }
        }
      } catch (dev.klpct.checker.litmus.LitmusException e) {
        out.println(f.getFileName() + ": skipped: " + e.getMessage());
        continue;
      }
      double med = median(ms);
      worst = Math.max(worst, med);
      out.printf(Locale.ROOT, "%-60s %,10d %10.1f%n", test.name(), states, med);
    }
    out.printf(Locale.ROOT, "slowest litmus test: %.1f ms (median)%n", worst);
  }

  private static double median(double[] values) {
    double[] s = Arrays.copyOf(values, values.length);
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
