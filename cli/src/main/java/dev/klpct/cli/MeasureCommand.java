package dev.klpct.cli;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.litmus.LitmusException;
import dev.klpct.checker.litmus.LitmusParser;
import dev.klpct.checker.litmus.LitmusResult;
import dev.klpct.checker.litmus.LitmusRunner;
import dev.klpct.checker.litmus.LitmusTest;
import dev.klpct.core.KlpMachine;
import dev.klpct.core.KlpPreset;
import dev.klpct.report.ExitCode;
import dev.klpct.report.OutputFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code klpct measure}: the checker's benchmark harness. Runs named configurations ({@link
 * KlpPreset}, shared with the JMH {@code CheckerBenchmark}) in one warm JVM, discards warm-up runs
 * and reports medians, one line per configuration as soon as it is measured; the figures in
 * docs/performance.md come from here. Not a test: nothing is asserted.
 *
 * <p>It declares its own {@code --threads}, {@code --memory-model} and {@code --time-limit} rather
 * than the {@link ExploreOptions} mixin, whose values it parses the same way: there {@code
 * --time-limit} is one deadline for the whole command, here it limits each run (and scaled3's
 * defaults to {@link #SCALED3_LIMIT}); the mixin's {@code --max-states} and {@code --no-reduction}
 * would change what is measured; and its {@code --memory-model} takes a list.
 */
@Command(
    name = "measure",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Benchmark the checker on named configurations (warm JVM, medians), one line per"
            + " configuration as it is measured. Exit 0, 2 usage error, 3 a run was cut short.")
final class MeasureCommand implements Callable<Integer> {
  /** The per-run limit of scaled3 when --time-limit is not given. */
  static final Duration SCALED3_LIMIT = Duration.ofSeconds(20);

  @ParentCommand Klpct klpct;

  @Option(
      names = "--config",
      split = ",",
      paramLabel = "NAME",
      description =
          "pair (default scenario, every strategy), episodes (zijlstra, the default scenario"
              + " with --episodes 6), scaled2 (zijlstra --nohz-cpus 2"
              + " --episodes 1 --reverse --nmi --sleeping-tasks 1), scaled3 (the issue's"
              + " --nohz-cpus 3 --episodes 3 --reverse --nmi --sleeping-tasks 1, time-limited),"
              + " none (only --litmus). Default: pair,scaled2.")
  List<String> configs = List.of("pair", "scaled2");

  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "Measured runs per configuration (default: ${DEFAULT-VALUE}).")
  int runs = 5;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description = "Warm-up runs (default: ${DEFAULT-VALUE}).")
  int warmup = 2;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Exploring threads (default: processors).")
  @Nullable Integer threads;

  @Option(
      names = "--memory-model",
      paramLabel = "MODEL",
      split = ",",
      description = "Memory model of every run: sc, tso or lkmm (default: sc).")
  List<String> memoryModel = new ArrayList<>(List.of(CheckOptions.defaults().memoryModel().id()));

  @Option(
      names = "--litmus",
      paramLabel = "DIR",
      description = "Also time every *.litmus file in DIR (median wall time per test).")
  @Nullable Path litmusDir;

  @Option(
      names = "--time-limit",
      paramLabel = "D",
      description =
          "Limit of each run, litmus tests included (default: none, "
              + "20s for scaled3); a run cut short shows CUT.")
  @Nullable String timeLimit;

  @Mixin ProgressOptions progress = new ProgressOptions();

  private boolean cut;

  @Override
  public Integer call() {
    Session session = klpct.session();
    PrintWriter out = session.out();
    if (runs < 1 || runs > 1000) {
      throw new IllegalArgumentException("--runs must be in 1..1000, got " + runs);
    }
    if (warmup < 0 || warmup > 1000) {
      throw new IllegalArgumentException("--warmup must be in 0..1000, got " + warmup);
    }
    if (configs.isEmpty() || configs.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException(
          "--config needs configuration names: " + KlpPreset.ids() + " or none");
    }
    for (String c : configs) {
      if (!c.equals("none") && Arrays.stream(KlpPreset.values()).noneMatch(k -> k.id().equals(c))) {
        throw new IllegalArgumentException(
            "unknown --config '" + c + "' (known: " + KlpPreset.ids() + ", none)");
      }
    }
    MemoryModel model = ExploreOptions.memoryModel(memoryModel);
    Optional<Duration> limit = ExploreOptions.parseDuration("--time-limit", timeLimit);
    CheckOptions base = CheckOptions.defaults();
    int t = ExploreOptions.threads(threads);
    List<Path> litmus = litmusDir == null ? List.of() : litmusFiles(litmusDir);
    CheckOptions o =
        base.withThreads(t)
            .withMemoryModel(model)
            .withTicker(session.ticker())
            .withStop(session.interrupt());
    Progress p = progress.start(session, "measure");
    out.printf(
        Locale.ROOT,
        "klpct measure: %d warm-up + %d measured runs, %d thread(s), memory"
            + " model %s, Java %s%n",
        warmup,
        runs,
        t,
        model,
        Runtime.version());
    out.flush();
    try {
      if (litmusDir != null) {
        litmus(out, o.withTimeLimit(limit), litmus, p);
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
        out.flush();
      }
      for (String c : configs) {
        if (!c.equals("none")) {
          KlpPreset preset = KlpPreset.of(c);
          Collection<String> strategies =
              preset == KlpPreset.PAIR ? klpct.registry().names() : List.of("zijlstra");
          Optional<Duration> l =
              preset == KlpPreset.SCALED3 ? limit.or(() -> Optional.of(SCALED3_LIMIT)) : limit;
          for (String s : strategies) {
            run(out, p, c + "/" + s, klpct.machine(s, preset.config()), o, l);
          }
        }
        if (session.interrupt().triggered()) {
          break;
        }
      }
    } finally {
      p.clear();
    }
    Optional<String> stopped = session.interrupt().reason();
    if (stopped.isPresent()) {
      out.println("measure " + stopped.get() + ": the lines above are what was measured");
    }
    out.flush();
    return cut || stopped.isPresent() ? ExitCode.INCONCLUSIVE : ExitCode.HOLDS;
  }

  private void run(
      PrintWriter out,
      Progress p,
      String name,
      KlpMachine m,
      CheckOptions base,
      Optional<Duration> limit) {
    if (klpct.session().interrupt().triggered()) {
      return;
    }
    CheckOptions o = base.withTimeLimit(limit).withProgress(Optional.of(p));
    List<CheckReport> rs = new ArrayList<>();
    for (int i = 0; i < warmup + runs; i++) {
      p.label(name + (i < warmup ? " warm-up " + (i + 1) : " run " + (i - warmup + 1)));
      CheckReport r = new Checker(o).check(m);
      if (i >= warmup) {
        rs.add(r);
      }
      if (klpct.session().interrupt().triggered()) {
        return;
      }
    }
    p.clear();
    double[] wall = rs.stream().mapToDouble(r -> r.stats().wallSeconds()).toArray();
    double[] rate = rs.stream().mapToDouble(r -> r.stats().statesPerSecond()).toArray();
    CheckReport last = rs.get(rs.size() - 1);
    cut |= !last.stats().exhaustive();
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

  private static List<Path> litmusFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "--litmus " + dir + ": " + (Files.exists(dir) ? "not a folder" : "no such folder"));
    }
    try (Stream<Path> st = Files.list(dir)) {
      return st.filter(f -> f.toString().endsWith(".litmus")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot list --litmus " + dir + ": " + OutputFile.reason(e));
    }
  }

  private void litmus(PrintWriter out, CheckOptions o, List<Path> files, Progress p) {
    out.printf(Locale.ROOT, "%-60s %10s %10s%n", "litmus test", "states", "median ms");
    out.flush();
    double worst = 0;
    for (Path f : files) {
      LitmusTest test;
      try {
        test = LitmusParser.parse(f);
      } catch (LitmusException | IOException e) {
        out.println(f.getFileName() + ": skipped: " + e.getMessage());
        continue;
      }
      double[] ms = new double[runs];
      long states = 0;
      boolean exhaustive = true;
      try {
        for (int i = 0; i < warmup + runs; i++) {
          p.label("litmus " + test.name());
          long t0 = klpct.session().ticker().read();
          LitmusResult r = LitmusRunner.run(test, o);
          long t1 = klpct.session().ticker().read();
          if (i >= warmup) {
            ms[i - warmup] = (t1 - t0) / 1e6;
            states = r.stats().states();
            exhaustive &= r.stats().exhaustive();
          }
          if (klpct.session().interrupt().triggered()) {
            return;
          }
        }
      } catch (LitmusException e) {
        // accepted by the parser but outside what the view machine runs
        out.println(f.getFileName() + ": skipped: " + e.getMessage());
        continue;
      }
      p.clear();
      cut |= !exhaustive;
      double med = median(ms);
      worst = Math.max(worst, med);
      out.printf(
          Locale.ROOT,
          "%-60s %,10d %10.1f%s%n",
          test.name(),
          states,
          med,
          exhaustive ? "" : " CUT");
      out.flush();
    }
    out.printf(Locale.ROOT, "slowest litmus test: %.1f ms (median)%n", worst);
    out.flush();
  }

  private static double median(double[] values) {
    double[] s = Arrays.copyOf(values, values.length);
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
