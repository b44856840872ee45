package dev.klpct.bench;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpMachine;
import dev.klpct.core.KlpPreset;
import dev.klpct.strategies.StrategyComponent;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Model checker throughput on named configurations, one exploring thread unless {@link #threads}
 * says otherwise: checks per second (the primary score), distinct states per second ({@code
 * states}, reported per second by JMH) and the visited-state store's bytes per state ({@code
 * storeBytes / storedStates}). The configurations are the {@link KlpPreset}s, those of {@code klpct
 * measure} and docs/performance.md:
 *
 * <ul>
 *   <li>{@code pair}: the default scenario (one NOHZ_FULL CPU, one syscall, two transitions);
 *   <li>{@code episodes}: the default scenario grown by {@code --episodes 6} (189,047 states under
 *       sc);
 *   <li>{@code scaled2}: {@code --nohz-cpus 2 --episodes 1 --reverse --nmi --sleeping-tasks 1}
 *       (30,531,008 states, about a minute per check on one thread: give it {@code -r 120s} and a
 *       larger heap).
 * </ul>
 *
 * <p>{@link #memoryModel} runs them under a weak memory model too: the load-buffering guard's
 * dependency probes and the view-based memory are hot paths of their own.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar Checker -f 1 -wi 3 -i 5 -w 1s -r 1s
 * java -jar bench/target/benchmarks.jar Checker -p config=episodes -p memoryModel=sc,lkmm -wi 3 -i 5
 * java -jar bench/target/benchmarks.jar Checker -p config=scaled2 -p threads=1,2 -jvmArgsAppend \
 *     -Xmx8g -f 1 -wi 1 -i 3 -w 120s -r 120s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class CheckerBenchmark {
  /** Registry name of the strategy. */
  @Param({"zijlstra"})
  public String strategy;

  /**
   * Named configuration, a {@link KlpPreset}: {@code pair}, {@code episodes} or {@code scaled2}.
   */
  @Param({"pair"})
  public String config;

  /**
   * Exploring threads: 1, or 2 for the parallel search (its speed-up over one thread is the ratio
   * of the two scores on an otherwise idle machine).
   */
  @Param({"1"})
  public int threads = 1;

  /** Memory model by id ({@code sc}, {@code tso} or {@code lkmm}). */
  @Param({"sc"})
  public String memoryModel = "sc";

  private KlpMachine machine;
  private CheckOptions options = CheckOptions.defaults().withThreads(1);

  /** Distinct states explored; JMH reports it per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Rate {
    public long states;

    @Setup(Level.Iteration)
    public void reset() {
      states = 0;
    }
  }

  /**
   * The visited-state store's bytes and the states in it, summed over the checks (JMH sums event
   * counters over iterations too): {@code storeBytes / storedStates} is the bytes per state.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Store {
    public long storeBytes;
    public long storedStates;

    @Setup(Level.Iteration)
    public void reset() {
      storeBytes = 0;
      storedStates = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    machine =
        KlpMachine.of(StrategyComponent.builtIn().get(strategy), KlpPreset.of(config).config());
    options =
        CheckOptions.defaults().withThreads(threads).withMemoryModel(MemoryModel.of(memoryModel));
  }

  @Benchmark
  public CheckReport check(Rate rate, Store store) {
    CheckReport r = new Checker(options).check(machine);
    rate.states += r.stats().states();
    store.storeBytes += r.stats().storeBytes();
    store.storedStates += r.stats().states();
    return r;
  }
}
