package dev.klpct.report;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.litmus.ExactResult;
import dev.klpct.checker.litmus.LitmusResult;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What {@code klpct litmus} reports: every litmus file it was given, in the order run, with what
 * one engine made of it under one memory model, and the exit code that follows.
 *
 * <p>The exit code is that of the worst file: 2 if a file could not be read or run ({@link
 * Unreadable}), else 1 if an outcome disagrees with the test's own expectation, else 3 if an
 * operational run was cut short before its outcome was settled, else 0. Unlike the other reports,
 * the JSON form does not carry it: its shape predates the report model and is kept as it was.
 *
 * @param memoryModel the memory model every test ran under
 * @param engine the engine every test ran on
 * @param repeat how often each test ran with the exact engine; above 1, times are the median of
 *     runs 2..N (a warm JVM) and the summary names the slowest test
 * @param tests one per file, in the order run
 */
public record LitmusReport(
    MemoryModel memoryModel, Engine engine, int repeat, ImmutableList<Test> tests)
    implements Report {
  public LitmusReport {
    requireNonNull(memoryModel);
    requireNonNull(engine);
    requireNonNull(tests);
    checkArgument(repeat >= 1, "repeat %s", repeat);
    checkArgument(repeat == 1 || engine == Engine.EXACT, "repeat is for the exact engine");
    checkArgument(
        engine != Engine.EXACT || memoryModel == MemoryModel.LKMM, "the exact engine is lkmm's");
  }

  /** How the tests were run. */
  public enum Engine {
    /** Every candidate execution against the LKMM's axioms, as herd7 does ({@code lkmm} only). */
    EXACT("exact"),
    /** The model checker's memory system, the one the kernel model is checked on. */
    OPERATIONAL("operational");

    private final String cliName;

    Engine(String cliName) {
      this.cliName = cliName;
    }

    /** The name on the command line ({@code --engine exact}) and in the JSON form. */
    public String cliName() {
      return cliName;
    }
  }

  /** One file given to {@code klpct litmus} and what came of it. */
  public sealed interface Test permits Answered, Unreadable {
    /** The file as it was given, or as found in a folder given. */
    String file();
  }

  /** A test an engine ran to an answer (or, operationally, until a budget cut it short). */
  public sealed interface Answered extends Test permits Exact, Operational {
    /** The test's name, from its first line. */
    String name();

    /** Its wall time in milliseconds (with {@link #repeat} above 1, the median of runs 2..N). */
    double millis();

    /**
     * Whether the outcome agrees with what the test documents, if it documents it and it is known.
     */
    Optional<Boolean> agrees();
  }

  /**
   * A test run by the exact engine ({@code ExactLitmusRunner}).
   *
   * @param cpuMillis this thread's CPU time in milliseconds, the median of runs 2..N; only when
   *     {@link #repeat} is above 1
   */
  public record Exact(String file, ExactResult result, double millis, OptionalDouble cpuMillis)
      implements Answered {
    public Exact {
      requireNonNull(file);
      requireNonNull(result);
      requireNonNull(cpuMillis);
    }

    @Override
    public String name() {
      return result.test().name();
    }

    @Override
    public Optional<Boolean> agrees() {
      return result.agrees();
    }
  }

  /** A test run on the model checker ({@code LitmusRunner}); its time is the search's. */
  public record Operational(String file, LitmusResult result) implements Answered {
    public Operational {
      requireNonNull(file);
      requireNonNull(result);
    }

    @Override
    public String name() {
      return result.test().name();
    }

    @Override
    public double millis() {
      return result.stats().wallSeconds() * 1000;
    }

    @Override
    public Optional<Boolean> agrees() {
      return result.agrees();
    }
  }

  /**
   * A file that could not be read, parsed, or run on the engine (a primitive it does not support).
   *
   * @param message what went wrong, naming the file
   */
  public record Unreadable(String file, String message) implements Test {
    public Unreadable {
      requireNonNull(file);
      requireNonNull(message);
    }
  }

  /** The tests answered, in order. */
  public ImmutableList<Answered> answered() {
    return tests.stream()
        .filter(Answered.class::isInstance)
        .map(Answered.class::cast)
        .collect(ImmutableList.toImmutableList());
  }

  /** How many files could not be read or run. */
  public long unreadable() {
    return tests.stream().filter(Unreadable.class::isInstance).count();
  }

  /** The first of the slowest tests answered, if any was. */
  public Optional<Answered> slowest() {
    Answered slowest = null;
    for (Answered a : answered()) {
      if (slowest == null || a.millis() > slowest.millis()) {
        slowest = a;
      }
    }
    return Optional.ofNullable(slowest);
  }

  @Override
  public int exitCode() {
    if (unreadable() > 0) {
      return ExitCode.USAGE;
    }
    if (answered().stream().anyMatch(a -> a.agrees().equals(Optional.of(false)))) {
      return ExitCode.VIOLATED;
    }
    boolean cut =
        tests.stream().anyMatch(t -> t instanceof Operational o && o.result().outcome().isEmpty());
    return cut ? ExitCode.INCONCLUSIVE : ExitCode.HOLDS;
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
