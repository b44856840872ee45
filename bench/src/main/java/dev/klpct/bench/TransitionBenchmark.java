package dev.klpct.bench;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Kernel;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.api.program.Property;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.jvm.JvmOptions;
import dev.klpct.jvm.JvmRunner;
import dev.klpct.jvm.StressReport;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole transition on real threads: the kernel model of {@code klp-core} with {@code tasks}
 * NOHZ_FULL CPUs whose user tasks stay in user mode (no syscalls, no NMIs), one transition, up to 4
 * delayed retries (no real delay: a retry waits only until every NOHZ_FULL CPU is back in user
 * mode), run by {@link JvmRunner} with one thread per CPU and no jitter. One operation is one
 * execution, from the threads' start line to the last CPU going idle, including the runner's own
 * cost, which {@code emptyExecution} measures alone (the same threads running programs that end at
 * once). The counters give, per iteration, the transitions completed, the disturbances of NOHZ_FULL
 * CPUs (IPIs, fake signals, work queued by {@code schedule_on_each_cpu()}) and the failed {@code
 * klp_try_complete_transition()} rounds, and {@code transitionNanos}, the time from the CPU
 * threads' start line to the end of the transition without the runner's hand-over (JMH sums
 * counters over the measured iterations); divide by {@code transitions} for figures per transition.
 * The contracts are judged online as in {@code klpct stress}.
 *
 * <p>With more CPU threads than cores (this machine has 2), waiting CPUs yield and park, and the
 * time is dominated by the scheduler: compare strategies at the same {@code tasks}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar Transition -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class TransitionBenchmark {
  /** Registry name of the strategy. */
  @Param({"baseline", "v1", "v2", "mladek", "zijlstra"})
  public String strategy;

  /** NOHZ_FULL CPUs, each running one user task. */
  @Param({"1", "3"})
  public int tasks;

  private JvmRunner transition;
  private JvmRunner empty;

  /** What the transitions of one iteration did. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counts {
    /** Transitions completed. */
    public long transitions;

    /** IPIs, fake signals and work items sent to NOHZ_FULL CPUs. */
    public long disturbances;

    /** Failed {@code klp_try_complete_transition()} rounds. */
    public long failedAttempts;

    /**
     * Nanoseconds the transitions themselves took: from the moment all CPU threads stood at the
     * start line to the detection of the end, without the runner's hand-over.
     */
    public long transitionNanos;

    @Setup(Level.Iteration)
    public void reset() {
      transitions = 0;
      disturbances = 0;
      failedAttempts = 0;
      transitionNanos = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    KlpConfig config =
        KlpConfig.defaults().withNohzCpus(tasks).withEpisodes(0).withTransitions(1).withRetries(4);
    KlpMachine m = KlpMachine.of(StrategyComponent.builtIn().get(strategy), config);
    JvmOptions o = JvmOptions.defaults().withJitter(0);
    transition = new JvmRunner(m, o);
    empty = new JvmRunner(new NothingToDo(m.cpus()), o);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    transition.close();
    empty.close();
  }

  @Benchmark
  public StressReport transition(Counts c) {
    StressReport r = transition.run(1);
    long done = sum(r, KlpMachine.COMPLETED);
    if (done != 1 || r.stuck() != 0) {
      throw new IllegalStateException("the transition did not complete: " + r);
    }
    c.transitions += done;
    c.disturbances += sum(r, KlpMachine.DISTURBANCES);
    c.failedAttempts += sum(r, KlpMachine.FAILED_ATTEMPTS);
    c.transitionNanos += r.executionNanos();
    return r;
  }

  /** The runner's floor: the same number of CPU threads, each with nothing to do. */
  @Benchmark
  public StressReport emptyExecution() {
    return empty.run(1);
  }

  private static long sum(StressReport r, String metric) {
    return r.metric(metric).map(StressReport.MetricSummary::sum).orElse(0L);
  }

  /** A machine whose CPUs all finish at once. */
  private static final class NothingToDo implements Machine {
    private final MemoryLayout layout;

    NothingToDo(int cpus) {
      this.layout = MemoryLayout.builder(cpus).build();
    }

    @Override
    public String description() {
      return "nothing to do";
    }

    @Override
    public MemoryLayout layout() {
      return layout;
    }

    @Override
    public CpuProgram program(int cpu) {
      return new CpuProgram() {
        @Override
        public String name() {
          return "CPU" + cpu;
        }

        @Override
        public int registers() {
          return 0;
        }

        @Override
        public boolean step(Kernel k) {
          return false;
        }
      };
    }

    @Override
    public ImmutableList<Property> properties() {
      return ImmutableList.of();
    }
  }
}
