package dev.klpct.cli;

import com.google.common.base.Stopwatch;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.litmus.ExactLitmusRunner;
import dev.klpct.checker.litmus.ExactResult;
import dev.klpct.checker.litmus.LitmusException;
import dev.klpct.checker.litmus.LitmusParser;
import dev.klpct.checker.litmus.LitmusResult;
import dev.klpct.checker.litmus.LitmusRunner;
import dev.klpct.checker.litmus.LitmusTest;
import dev.klpct.report.ExitCode;
import dev.klpct.report.OutputFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
final class LitmusCommand implements Callable<Integer> {
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
  String engine;

  @Option(
      names = "--format",
      paramLabel = "text|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "text";

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description =
          "Run each test N times in this JVM and report the median time of runs 2..N"
              + " (a warm JVM); with the exact engine only (default: ${DEFAULT-VALUE}).")
  int repeat = 1;

  @Mixin ExploreOptions explore = new ExploreOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MemoryModel model;
    boolean exact;
    List<Path> tests;
    try {
      model = explore.memoryModel();
      exact = exact(model);
      if (!format.equals("text") && !format.equals("json")) {
        throw new IllegalArgumentException("--format must be text or json, got '" + format + "'");
      }
      tests = expand(files);
      if (repeat < 1 || repeat > 1000) {
        throw new IllegalArgumentException("--repeat must be in 1..1000, got " + repeat);
      }
      if (!exact && repeat != 1) {
        throw new IllegalArgumentException("--repeat is for the exact engine");
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("klpct: " + e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    boolean parseError = false;
    boolean disagree = false;
    boolean inconclusive = false;
    int answered = 0;
    int rejected = 0;
    List<Double> times = new ArrayList<>();
    List<Double> cpuTimes = new ArrayList<>();
    String slowest = "";
    double slowestMs = -1;
    JsonArray json = new JsonArray();
    for (Path f : tests) {
      LitmusTest t;
      try {
        t = LitmusParser.parse(f);
      } catch (LitmusException e) {
        parseError = true;
        rejected++;
        error(err, json, f, String.valueOf(e.getMessage()));
        continue;
      } catch (IOException e) {
        parseError = true;
        rejected++;
        error(err, json, f, f + ": cannot read: " + OutputFile.reason(e));
        continue;
      }
      try {
        if (exact) {
          ExactResult r = null;
          double[] runs = new double[repeat];
          double[] cpu = new double[repeat];
          java.lang.management.ThreadMXBean threads =
              java.lang.management.ManagementFactory.getThreadMXBean();
          for (int i = 0; i < repeat; i++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            Stopwatch clock = Stopwatch.createStarted();
            r = ExactLitmusRunner.run(t);
            runs[i] = clock.elapsed().toNanos() / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
          }
          if (repeat > 1) {
            cpuTimes.add(median(java.util.Arrays.copyOfRange(cpu, 1, repeat)));
          }
          java.util.Objects.requireNonNull(r, "a run repeated at least once");
          double ms = repeat == 1 ? runs[0] : median(java.util.Arrays.copyOfRange(runs, 1, repeat));
          answered++;
          times.add(ms);
          if (ms > slowestMs) {
            slowestMs = ms;
            slowest = t.name();
          }
          disagree |= r.agrees().map(a -> !a).orElse(false);
          if (json()) {
            json.add(exactJson(f, r, ms));
          } else {
            printExact(out, f, r, ms);
          }
        } else {
          CheckOptions options = explore.toCheckOptions(klpct.session()).withMemoryModel(model);
          LitmusResult r = LitmusRunner.run(t, options);
          inconclusive |= r.outcome().isEmpty();
          disagree |= r.agrees().map(a -> !a).orElse(false);
          answered++;
          double ms = r.stats().wallSeconds() * 1000;
          times.add(ms);
          if (ms > slowestMs) {
            slowestMs = ms;
            slowest = t.name();
          }
          if (json()) {
            json.add(operationalJson(f, r));
          } else {
            printOperational(out, f, r);
          }
        }
      } catch (LitmusException e) {
        parseError = true;
        rejected++;
        error(err, json, f, String.valueOf(e.getMessage()));
      }
    }
    if (!json() && tests.size() > 1) {
      double total = times.stream().mapToDouble(Double::doubleValue).sum();
      out.println(
          "summary: "
              + tests.size()
              + " tests, "
              + answered
              + " answered, "
              + rejected
              + " unreadable or unsupported");
      if (!times.isEmpty()) {
        // which test is slowest varies from run to run unless each is timed warm (--repeat)
        out.println(
            String.format(
                Locale.ROOT,
                "time per test: median, %.1f ms; slowest%s," + " %.1f ms; all tests, %.1f ms",
                median(times.stream().mapToDouble(Double::doubleValue).toArray()),
                repeat > 1 ? " (" + slowest + ")" : "",
                slowestMs,
                total));
      }
      if (!cpuTimes.isEmpty()) {
        double[] c = cpuTimes.stream().mapToDouble(Double::doubleValue).toArray();
        out.println(
            String.format(
                Locale.ROOT,
                "CPU time per test (this thread): median, %.1f ms;"
                    + " slowest, %.1f ms; all tests, %.1f ms",
                median(c),
                java.util.Arrays.stream(c).max().orElse(0),
                java.util.Arrays.stream(c).sum()));
      }
    }
    if (json()) {
      JsonObject o = new JsonObject();
      o.addProperty("memoryModel", model.id());
      o.addProperty("engine", exact ? "exact" : "operational");
      o.add("tests", json);
      out.print(
          new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n");
    }
    out.flush();
    if (parseError) {
      return ExitCode.USAGE;
    }
    if (disagree) {
      return ExitCode.VIOLATED;
    }
    return inconclusive ? ExitCode.INCONCLUSIVE : ExitCode.HOLDS;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private boolean json() {
    return format.equals("json");
  }

  private boolean exact(MemoryModel model) {
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
        yield true;
      }
      case "operational" -> false;
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

  private void error(PrintWriter err, JsonArray json, Path f, String message) {
    if (json()) {
      JsonObject o = new JsonObject();
      o.addProperty("file", f.toString());
      o.addProperty("error", message);
      json.add(o);
    } else {
      err.println("klpct: " + message);
      err.flush();
    }
  }

  private static void printExact(PrintWriter out, Path f, ExactResult r, double ms) {
    LitmusTest t = r.test();
    out.println(f + ": " + t.name());
    out.println("  memory model: lkmm (exact)");
    out.println("  clause: " + t.clause().text());
    out.println(
        "  outcome: "
            + r.outcome().display()
            + (r.validated() ? " (condition validated)" : " (condition not validated)")
            + String.format(
                Locale.ROOT,
                ", %,d of %,d allowed executions satisfy the body" + " (%,d candidates), %.1f ms",
                r.positive(),
                r.allowed(),
                r.candidates(),
                ms));
    if (!r.flags().isEmpty()) {
      out.println("  flags: " + String.join(", ", r.flags()));
    }
    if (!r.states().isEmpty()) {
      out.println("  final states:");
      for (String s : r.states()) {
        out.println("    " + s);
      }
    }
    t.expected()
        .ifPresent(
            e ->
                out.println(
                    "  expected (Result: "
                        + e.display()
                        + "): "
                        + (e == r.outcome() ? "agrees" : "DISAGREES")));
  }

  private static void printOperational(PrintWriter out, Path f, LitmusResult r) {
    LitmusTest t = r.test();
    out.println(f + ": " + t.name());
    out.println("  memory model: " + r.model() + " (operational)");
    out.println("  clause: " + t.clause().text());
    if (r.outcome().isPresent()) {
      out.println(
          "  outcome: "
              + r.outcome().get().display()
              + (r.validated().orElse(false)
                  ? " (condition validated)"
                  : " (condition not validated)")
              + String.format(
                  Locale.ROOT,
                  ", %,d states, %.1f ms",
                  r.stats().states(),
                  r.stats().wallSeconds() * 1000));
    } else {
      out.println("  outcome: unknown (" + r.stats().stopReason() + ")");
    }
    if (!r.states().isEmpty()) {
      out.println("  final states" + (r.statesComplete() ? "" : " (incomplete)") + ":");
      for (String s : r.states()) {
        out.println("    " + s);
      }
    }
    for (String p : r.problems()) {
      out.println("  note: " + p);
    }
    if (r.expected().isPresent()) {
      String e = r.expectedSource() + ": " + r.expected().get().display();
      if (r.agrees().isEmpty()) {
        out.println("  expected (" + e + "): unknown");
      } else {
        out.println("  expected (" + e + "): " + (r.agrees().get() ? "agrees" : "DISAGREES"));
      }
    }
  }

  private static JsonObject exactJson(Path f, ExactResult r, double ms) {
    JsonObject o = new JsonObject();
    o.addProperty("file", f.toString());
    o.addProperty("name", r.test().name());
    o.addProperty("clause", r.test().clause().text());
    o.addProperty("outcome", r.outcome().display());
    o.addProperty("validated", r.validated());
    o.addProperty("positive", r.positive());
    o.addProperty("negative", r.negative());
    o.addProperty("candidates", r.candidates());
    JsonArray flags = new JsonArray();
    r.flags().forEach(flags::add);
    o.add("flags", flags);
    JsonArray states = new JsonArray();
    r.states().forEach(states::add);
    o.add("finalStates", states);
    r.test()
        .expected()
        .ifPresent(
            e -> {
              o.addProperty("expected", e.display());
              o.addProperty("agrees", e == r.outcome());
            });
    o.addProperty("wallSeconds", ms / 1000);
    return o;
  }

  private static JsonObject operationalJson(Path f, LitmusResult r) {
    JsonObject o = new JsonObject();
    o.addProperty("file", f.toString());
    o.addProperty("name", r.test().name());
    o.addProperty("clause", r.test().clause().text());
    r.outcome().ifPresent(x -> o.addProperty("outcome", x.display()));
    r.validated().ifPresent(v -> o.addProperty("validated", v));
    o.addProperty("states", r.stats().states());
    JsonArray states = new JsonArray();
    r.states().forEach(states::add);
    o.add("finalStates", states);
    o.addProperty("finalStatesComplete", r.statesComplete());
    JsonArray problems = new JsonArray();
    r.problems().forEach(problems::add);
    o.add("problems", problems);
    r.expected().ifPresent(e -> o.addProperty("expected", e.display()));
    r.agrees().ifPresent(a -> o.addProperty("agrees", a));
    o.addProperty("wallSeconds", r.stats().wallSeconds());
    return o;
  }
}
