package dev.klpct.cli;

import com.google.common.base.Stopwatch;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.litmus.ExactLitmusRunner;
import dev.klpct.checker.litmus.ExactResult;
import dev.klpct.checker.litmus.LitmusException;
import dev.klpct.checker.litmus.LitmusParser;
import dev.klpct.checker.litmus.LitmusRunner;
import dev.klpct.checker.litmus.LitmusTest;
import dev.klpct.report.ExitCode;
import dev.klpct.report.LitmusReport;
import dev.klpct.report.OutputFile;
import dev.klpct.report.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code klpct litmus}: herd7-style C litmus tests under a memory model.
 *
 * <p>Two engines. {@code exact} (the default under {@code lkmm}) enumerates a test's candidate
 * executions as herd7 does and checks each against the Linux-kernel memory model's axioms ({@link
 * ExactLitmusRunner}); its verdict and execution counts are herd7's. {@code operational} runs the
 * test on the model checker's memory system for the model, the one the kernel model is checked on
 * ({@link LitmusRunner}); it covers the primitives of the kernel model only, and is kept to measure
 * that memory system against the exact one.
 *
 * <p>What it found is a {@link LitmusReport}, printed as every report is ({@code --format text,
 * markdown, json or html}, {@code --output}). A file it cannot read or run is said on standard
 * error as it is met, except in JSON, which carries it.
 */
@Command(
    name = "litmus",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Run C litmus tests (herd7's format, the kernel's dialect) under a memory model"
            + " and report Never/Sometimes/Always for the final clause. Exit 0 all agree with their"
            + " Result line (or have none), 1 some disagree, 2 unreadable or unsupported file,"
            + " 3 inconclusive.")
final class LitmusCommand implements Callable<Integer>, OutputOptions.Reporting {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description =
          "Litmus test files, or directories searched recursively for *.litmus"
              + " (in sorted order).")
  List<Path> files;

  @Option(
      names = "--engine",
      paramLabel = "exact|operational",
      description =
          "exact: every candidate execution against the axioms of the Linux-kernel"
              + " memory model, as herd7 does (lkmm only; the default there); operational: the"
              + " model checker's memory system, the one the kernel model runs on (the default"
              + " for sc and tso).")
  @Nullable String engine;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description =
          "Run each test N times in this JVM and report the median time of runs 2..N"
              + " (a warm JVM); with the exact engine only (default: ${DEFAULT-VALUE}).")
  int repeat = 1;

  @Mixin ExploreOptions explore = new ExploreOptions();

  @Mixin OutputOptions output = new OutputOptions();

  @Override
  public ImmutableSet<ReportFormat> formats() {
    return ImmutableSet.of(
        ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.JSON, ReportFormat.HTML);
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    MemoryModel model;
    LitmusReport.Engine how;
    List<Path> tests;
    try {
      model = explore.memoryModel();
      how = engine(model);
      tests = expand(files);
      if (repeat < 1 || repeat > 1000) {
        throw new IllegalArgumentException("--repeat must be in 1..1000, got " + repeat);
      }
      if (how != LitmusReport.Engine.EXACT && repeat != 1) {
        throw new IllegalArgumentException("--repeat is for the exact engine");
      }
      output.checkWritable();
    } catch (IllegalArgumentException | IOException e) {
      err.println("klpct: " + e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    ImmutableList.Builder<LitmusReport.Test> results = ImmutableList.builder();
    for (Path f : tests) {
      LitmusReport.Test r;
      try {
        LitmusTest t = LitmusParser.parse(f);
        r = how == LitmusReport.Engine.EXACT ? exact(f, t) : operational(f, t, model);
      } catch (LitmusException e) {
        r = new LitmusReport.Unreadable(f.toString(), String.valueOf(e.getMessage()));
      } catch (IOException e) {
        r = new LitmusReport.Unreadable(f.toString(), f + ": cannot read: " + OutputFile.reason(e));
      }
      if (r instanceof LitmusReport.Unreadable u && output.format() != ReportFormat.JSON) {
        // as it is met, like every input error; the JSON form carries it instead
        err.println("klpct: " + u.message());
        err.flush();
      }
      results.add(r);
    }
    LitmusReport report = new LitmusReport(model, how, repeat, results.build());
    output.print(report, klpct.session());
    return report.exitCode();
  }

  /** {@code t} on the exact engine, {@link #repeat} times, timed by the wall and this thread. */
  private LitmusReport.Exact exact(Path f, LitmusTest t) throws LitmusException {
    ExactResult r = null;
    double[] runs = new double[repeat];
    double[] cpu = new double[repeat];
    // The CPU time is reported for repeated runs only; a single run does not load
    // java.management for it (a twentieth of a small test's command).
    ThreadMXBean threads = repeat == 1 ? null : ManagementFactory.getThreadMXBean();
    for (int i = 0; i < repeat; i++) {
      long cpu0 = threads == null ? 0 : threads.getCurrentThreadCpuTime();
      Stopwatch clock = Stopwatch.createStarted();
      r = ExactLitmusRunner.run(t);
      runs[i] = clock.elapsed().toNanos() / 1e6;
      cpu[i] = threads == null ? 0 : (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
    }
    Objects.requireNonNull(r, "a run repeated at least once");
    return repeat == 1
        ? new LitmusReport.Exact(f.toString(), r, runs[0], OptionalDouble.empty())
        : new LitmusReport.Exact(
            f.toString(),
            r,
            median(Arrays.copyOfRange(runs, 1, repeat)),
            OptionalDouble.of(median(Arrays.copyOfRange(cpu, 1, repeat))));
  }

  private LitmusReport.Operational operational(Path f, LitmusTest t, MemoryModel model)
      throws LitmusException {
    CheckOptions options = explore.toCheckOptions(klpct.session()).withMemoryModel(model);
    return new LitmusReport.Operational(f.toString(), LitmusRunner.run(t, options));
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private LitmusReport.Engine engine(MemoryModel model) {
    String e = engine == null ? (model == MemoryModel.LKMM ? "exact" : "operational") : engine;
    return switch (e) {
      case "exact" -> {
        if (model != MemoryModel.LKMM) {
          throw new IllegalArgumentException(
              "--engine exact is the Linux-kernel memory model:"
                  + " use it with --memory-model lkmm ("
                  + model.id()
                  + " is operational only)");
        }
        yield LitmusReport.Engine.EXACT;
      }
      case "operational" -> LitmusReport.Engine.OPERATIONAL;
      default ->
          throw new IllegalArgumentException(
              "--engine must be exact or operational, got '" + e + "'");
    };
  }

  /** Files as given; directories replaced by their {@code *.litmus} files, sorted. */
  static List<Path> expand(List<Path> args) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : args) {
      if (Files.isDirectory(p)) {
        int before = out.size();
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> f.toString().endsWith(".litmus") && Files.isRegularFile(f))
              .sorted()
              .forEach(out::add);
        }
        if (out.size() == before) {
          // a folder without tests is a mistake in the command line, not a run that passed
          throw new IllegalArgumentException(p + ": a folder with no *.litmus file in it");
        }
      } else {
        out.add(p);
      }
    }
    return out;
  }
}
