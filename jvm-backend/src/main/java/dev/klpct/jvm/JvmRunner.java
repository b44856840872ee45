package dev.klpct.jvm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Loc;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.Metric;
import dev.klpct.api.program.Property;
import dev.klpct.api.program.StateView;
import dev.klpct.api.program.WriteObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/*
 * Running a Machine on real threads.
 *
 * 1. Threads and executions
 *    One platform thread per simulated CPU, started on the first run and kept until close().
 *    An execution runs every CPU's program from its initial state: the caller's thread (the
 *    coordinator) resets memory and registers, the CPU threads pass a Phaser together, meet
 *    again at a spinning start line (Execution.arriveAndSpin) so that they start within a few
 *    hundred nanoseconds of each other, wait a random number of spins (the jitter), and call
 *    CpuProgram.step until their program finishes or the execution is over. Each step is run
 *    exactly once: there is no replay, so registers change in place and are copied to the
 *    "committed" registers (what properties see) when the routine returns.
 *
 * 2. End of an execution
 *    Execution detects the terminal state (every CPU finished or waiting for ever) without
 *    stopping the world; see the essay there. A CPU waiting when it ends abandons its routine.
 *    A CPU's code that throws ends the execution as a model-sound finding; an execution still
 *    going after JvmOptions.executionTimeout is abandoned and counted as stuck.
 *
 * 3. Where properties are judged, and why that is sound
 *    a. Monotone properties, online: after each routine that wrote memory or ghost state, the
 *       CPU that ran it evaluates the monotone properties not yet seen violated in this
 *       execution, reading memory as it is now, and records a violation when it is itself the
 *       one that reported it (Kernel.violate with the property's id). For the livepatch
 *       contracts, which are sticky ghost flags set by the CPU whose step breaks them, this
 *       sees every violation at the step that caused it, in the thread that wrote the flag (it
 *       reads its own writes). For a property over words that several CPUs write, the reads are
 *       not one atomic snapshot, so an online evaluation can see a state that never existed;
 *       such an observation is only a candidate.
 *    b. Monotone properties, at the end: once every CPU thread has stopped, memory is quiescent
 *       and the coordinator's reads are one consistent state. A monotone property violated at
 *       any point is still violated there (that is what monotone means; the model checker
 *       verifies it), so the end check confirms every real online observation and drops the
 *       torn ones: nothing is reported that the final state does not show. A violation the
 *       online checks missed (a property of registers, say, which changes without a write) is
 *       reported from the end state, with no CPU and step.
 *    c. Terminal properties and deadlock-freedom are judged on the end state of executions that
 *       terminated, exactly as the model checker judges terminal states; never on an abandoned
 *       one, which is no terminal state.
 *    What is approximate is coverage, not verdicts: an execution is one interleaving the
 *    hardware and the scheduler happened to produce, on the hardware's memory model (TSO on
 *    x86), so a property never observed violated may still be violable.
 *
 * 4. Reproducibility
 *    Every choice a program makes comes from a per-CPU source seeded with (seed, execution, CPU),
 *    and so do the jitters; what is not reproducible is the timing of the threads.
 */

/**
 * Runs a {@link Machine} on real threads, one per simulated CPU, over and over, judging its
 * properties online, and reports every violation it observes ({@code klpct stress}).
 *
 * <p>Not thread-safe: one caller at a time. Call {@link #close()} to stop the CPU threads (they are
 * daemon threads, so a forgotten runner does not keep the JVM alive).
 */
public final class JvmRunner implements AutoCloseable {
  /** Distinct violations listed in a report; more are only counted. */
  public static final int MAX_DISTINCT = 100;

  /** Routines in a row without a primitive before a program counts as looping. */
  private static final int MAX_LOCAL_ROUTINES = 10_000;

  private final Machine machine;
  private final JvmOptions options;
  private final JvmMemory mem;
  private final Execution exec;
  private final JvmKernel[] kernels;
  private final CpuProgram[] programs;
  private final Property[] props;
  private final int[] monotone;
  private final Metric[] metrics;
  private final ImmutableList<String> ids;
  private final ImmutableList<String> statements;
  private final int deadlockIdx;
  private final int soundIdx;
  private final View view = new View();

  private final Phaser phaser;
  private Thread @Nullable [] threads;
  private volatile boolean shutdown;

  /** The execution now running, numbered from 1 (written by the coordinator between phases). */
  private long execution;

  // online observations of the running execution
  private final AtomicLong seen = new AtomicLong();
  private final AtomicReferenceArray<@Nullable Online> online;

  /** A monotone property seen violated by a step check. */
  private record Online(int cpu, long step, @Nullable String why) {}

  public JvmRunner(Machine machine, JvmOptions options) {
    this.machine = machine;
    this.options = options;
    int cpus = machine.cpus();
    List<Property> ps = machine.properties();
    checkArgument(ps.size() <= 62, "at most 62 properties: %s", ps.size());
    this.props = ps.toArray(new Property[0]);
    List<Integer> mono = new ArrayList<>();
    ImmutableList.Builder<String> idb = ImmutableList.builder();
    ImmutableList.Builder<String> stb = ImmutableList.builder();
    for (int i = 0; i < props.length; i++) {
      if (props[i].kind() == Property.Kind.MONOTONE) {
        mono.add(i);
      }
      idb.add(props[i].id());
      stb.add(props[i].statement());
    }
    this.monotone = mono.stream().mapToInt(Integer::intValue).toArray();
    this.deadlockIdx = props.length;
    this.soundIdx = props.length + 1;
    this.ids =
        idb.add(BuiltInProperty.DEADLOCK_FREE.id()).add(BuiltInProperty.MODEL_SOUND.id()).build();
    this.statements =
        stb.add("No execution ends with a CPU blocked forever.")
            .add(
                "Model and strategy code stay within their declared memory and routine size and"
                    + " throw no exception.")
            .build();
    this.metrics = machine.metrics().toArray(new Metric[0]);
    this.online = new AtomicReferenceArray<>(props.length);

    @Nullable WriteObserver[] observers = new WriteObserver[machine.layout().size()];
    for (Loc l : machine.layout().locations()) {
      observers[l.index()] = machine.observer(l);
    }
    this.mem = JvmMemory.withObservers(machine.layout(), machine.kernelVariant(), observers);
    this.exec = new Execution(mem, options.ticker());
    this.kernels = new JvmKernel[cpus];
    this.programs = new CpuProgram[cpus];
    for (int c = 0; c < cpus; c++) {
      programs[c] = machine.program(c);
      kernels[c] =
          JvmKernel.checked(mem, c, programs[c].registers(), exec).randomize(0, options.jitter());
    }
    exec.attach(kernels);
    this.phaser = new Phaser(cpus + 1);
  }

  public Machine machine() {
    return machine;
  }

  public JvmOptions options() {
    return options;
  }

  /** Runs executions until {@code duration} has passed (at least one). */
  public StressReport runFor(Duration duration) {
    checkArgument(!duration.isNegative(), "negative duration: %s", duration);
    long start = options.ticker().read();
    long limit = duration.toNanos();
    return run(() -> options.ticker().read() - start < limit, start);
  }

  /**
   * Runs executions until {@code again} answers false (at least one). It is asked after each
   * execution on the calling thread, so it may count executions, watch a deadline, report progress
   * or stop on an interrupt.
   */
  public StressReport runWhile(BooleanSupplier again) {
    return run(again::getAsBoolean, options.ticker().read());
  }

  /** Runs exactly {@code n} executions. */
  public StressReport run(long n) {
    checkArgument(n >= 1, "at least one execution: %s", n);
    long[] left = {n};
    return run(() -> --left[0] > 0, options.ticker().read());
  }

  private interface Again {
    boolean again();
  }

  private StressReport run(Again again, long start) {
    checkState(!shutdown, "runner closed");
    startThreads();
    Tally tally = new Tally();
    do {
      runOne(tally);
    } while (again.again());
    double wall = (options.ticker().read() - start) / 1e9;
    return tally.report(wall);
  }

  private void startThreads() {
    if (threads != null) {
      return;
    }
    Thread[] ts = new Thread[kernels.length];
    for (int c = 0; c < ts.length; c++) {
      int cpu = c;
      ts[c] = new Thread(() -> cpuLoop(cpu), "klpct-cpu" + c);
      ts[c].setDaemon(true);
      ts[c].start();
    }
    threads = ts;
  }

  /** Stops the CPU threads; the runner cannot run again. */
  @Override
  public void close() {
    if (shutdown) {
      return;
    }
    shutdown = true;
    Thread[] ts = threads;
    if (ts == null) {
      return;
    }
    phaser.arriveAndDeregister(); // releases the threads waiting at the start line
    for (Thread t : ts) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  // ---- the coordinator ---------------------------------------------------------------------

  private void runOne(Tally tally) {
    long n = ++execution;
    mem.reset();
    exec.reset();
    seen.set(0);
    for (int i = 0; i < props.length; i++) {
      online.set(i, null);
    }
    for (int c = 0; c < kernels.length; c++) {
      kernels[c].beginExecution(seedFor(n, c));
    }
    phaser.arriveAndAwaitAdvance(); // start
    int phase = phaser.arrive(); // the CPU threads arrive here when the execution is over
    try {
      phaser.awaitAdvanceInterruptibly(
          phase, options.executionTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      exec.timeOut();
      phaser.awaitAdvance(phase);
    } catch (InterruptedException e) {
      exec.timeOut();
      phaser.awaitAdvance(phase);
      Thread.currentThread().interrupt();
    }
    judge(n, tally);
  }

  private long seedFor(long n, int cpu) {
    long z = options.seed() * 0x9E3779B97F4A7C15L + n * 0xBF58476D1CE4E5B9L + cpu;
    z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 29);
  }

  /** Judges the end state of execution {@code n}; every CPU thread has stopped. */
  private void judge(long n, Tally tally) {
    int end = exec.end();
    for (int i : monotone) {
      boolean holds;
      try {
        holds = props[i].holds(view);
      } catch (RuntimeException e) {
        tally.add(soundIdx, n, -1, -1, ids.get(i) + ": property threw " + e);
        continue;
      }
      if (holds) {
        continue; // an online observation, if any, was a torn read
      }
      Online o = online.get(i);
      String why = o != null && o.why() != null ? o.why() : whyAnywhere(ids.get(i));
      if (why == null) {
        why = props[i].explain(view);
      }
      tally.add(i, n, o == null ? -1 : o.cpu(), o == null ? -1 : o.step(), why);
    }
    if (end == Execution.TERMINATED) {
      for (int i = 0; i < props.length; i++) {
        if (props[i].kind() != Property.Kind.TERMINAL) {
          continue;
        }
        try {
          if (!props[i].holds(view)) {
            tally.add(i, n, -1, -1, props[i].explain(view));
          }
        } catch (RuntimeException e) {
          tally.add(soundIdx, n, -1, -1, ids.get(i) + ": property threw " + e);
        }
      }
      StringBuilder blocked = new StringBuilder();
      for (int c = 0; c < kernels.length; c++) {
        if (!kernels[c].finished && !programs[c].quiescent(kernels[c].committed)) {
          blocked
              .append(blocked.length() == 0 ? "deadlock: " : "; ")
              .append(programs[c].describe(kernels[c].committed))
              .append(" waits forever");
        }
      }
      if (blocked.length() > 0) {
        tally.add(deadlockIdx, n, -1, -1, blocked.toString());
      }
      tally.metrics(view);
      tally.busyNanos += exec.elapsedNanos();
    } else if (end == Execution.FAILED) {
      Execution.Failure f = exec.failure();
      tally.add(
          soundIdx,
          n,
          f == null ? -1 : f.cpu(),
          f == null ? -1 : f.step(),
          f == null ? "failed" : f.message());
    } else {
      tally.stuck++;
    }
  }

  /** The first violation text any CPU recorded for {@code id} in this execution. */
  private @Nullable String whyAnywhere(String id) {
    for (JvmKernel k : kernels) {
      String w = whyIn(k, id);
      if (w != null) {
        return w;
      }
    }
    return null;
  }

  private static @Nullable String whyIn(JvmKernel k, String id) {
    for (String w : k.whys) {
      if (w.startsWith(id + ":")) {
        return w;
      }
    }
    return null;
  }

  // ---- the CPU threads -----------------------------------------------------------------------

  private void cpuLoop(int cpu) {
    JvmKernel k = kernels[cpu];
    k.thread = Thread.currentThread();
    CpuProgram p = programs[cpu];
    while (true) {
      phaser.arriveAndAwaitAdvance();
      if (shutdown) {
        phaser.arriveAndDeregister();
        return;
      }
      runCpu(k, p);
      phaser.arriveAndAwaitAdvance();
    }
  }

  /** Runs CPU {@code k}'s program for one execution. */
  private void runCpu(JvmKernel k, CpuProgram p) {
    exec.arriveAndSpin();
    k.jitter();
    int idle = 0;
    try {
      while (!exec.over()) {
        k.beginRoutine();
        boolean more = p.step(k);
        if (!more) {
          if (k.primitives != 0) {
            throw new JvmModelError(
                p.name() + ": routine called primitives and then returned" + " false");
          }
          exec.finished(k);
          return;
        }
        k.commitRoutine();
        if (k.primitives != 0) {
          idle = 0;
        } else if (++idle > MAX_LOCAL_ROUTINES) {
          throw new JvmModelError(
              p.name()
                  + ": more than "
                  + MAX_LOCAL_ROUTINES
                  + " routines without a primitive (a loop that never touches memory?)");
        }
        if (k.wrote) {
          checkOnline(k);
        }
      }
    } catch (Execution.Terminated t) {
      // the execution ended while this CPU waited: its routine is abandoned
    } catch (JvmModelError e) {
      exec.fail(k.cpu(), k.steps + 1, String.valueOf(e.getMessage()));
    } catch (RuntimeException | StackOverflowError e) {
      StackTraceElement[] st = e.getStackTrace();
      exec.fail(
          k.cpu(),
          k.steps + 1,
          p.name()
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + " thrown at "
              + (st.length == 0 ? "?" : st[0].toString()));
    }
  }

  /** Judges the monotone properties after a step of {@code k} that wrote something. */
  private void checkOnline(JvmKernel k) {
    long s = seen.get();
    for (int i : monotone) {
      long bit = 1L << i;
      if ((s & bit) != 0 || props[i].holds(view)) {
        continue;
      }
      // Attribute the violation to the CPU that recorded why; a CPU that merely notices
      // another's flag leaves it to that CPU's own check (or to the end-of-execution check).
      String why = whyIn(k, ids.get(i));
      if (why != null && (seen.getAndAccumulate(bit, (a, b) -> a | b) & bit) == 0) {
        online.set(i, new Online(k.cpu(), k.steps, why));
      }
    }
  }

  /** The live state, read without stopping anyone (a consistent state once all have stopped). */
  private final class View implements StateView {
    @Override
    public int value(Loc loc) {
      return mem.value(loc);
    }

    @Override
    public int register(int cpu, int index) {
      return kernels[cpu].committed[index];
    }

    @Override
    public boolean finished(int cpu) {
      return kernels[cpu].finished;
    }
  }

  // ---- results ----------------------------------------------------------------------------

  /** What the executions of one run showed. Used by the coordinator only. */
  private final class Tally {
    final long[] violating = new long[ids.size()];
    final StressReport.@Nullable Violation[] first = new StressReport.Violation[ids.size()];
    final Map<String, long[]> counts = new LinkedHashMap<>();
    final Map<String, StressReport.Violation> distinct = new LinkedHashMap<>();
    final int[] min = new int[metrics.length];
    final int[] max = new int[metrics.length];
    final long[] sum = new long[metrics.length];

    /** The last execution before this run. */
    final long base = execution;

    long terminated;
    long busyNanos;
    long stuck;
    long omitted;

    /** The last execution counted for each property (one count per execution). */
    final long[] lastCounted = new long[ids.size()];

    Tally() {
      Arrays.fill(min, Integer.MAX_VALUE);
      Arrays.fill(max, Integer.MIN_VALUE);
    }

    void add(int prop, long n, int cpu, long step, String why) {
      if (lastCounted[prop] != n) {
        lastCounted[prop] = n;
        violating[prop]++;
      }
      String key = prop + "\n" + why;
      long[] c = counts.get(key);
      if (c != null) {
        c[0]++;
        return;
      }
      StressReport.Violation v = new StressReport.Violation(ids.get(prop), n, cpu, step, why, 1);
      if (first[prop] == null) {
        first[prop] = v;
      }
      if (distinct.size() >= MAX_DISTINCT) {
        omitted++;
        return;
      }
      counts.put(key, new long[] {1});
      distinct.put(key, v);
    }

    void metrics(StateView v) {
      terminated++;
      for (int i = 0; i < metrics.length; i++) {
        int x = metrics[i].value(v);
        min[i] = Math.min(min[i], x);
        max[i] = Math.max(max[i], x);
        sum[i] += x;
      }
    }

    StressReport report(double wall) {
      long runs = execution - base;
      ImmutableList.Builder<StressReport.Outcome> os = ImmutableList.builder();
      for (int i = 0; i < ids.size(); i++) {
        StressReport.Violation f = first[i];
        os.add(
            new StressReport.Outcome(
                ids.get(i),
                statements.get(i),
                violating[i],
                Optional.ofNullable(f == null ? null : withCount(f))));
      }
      ImmutableList.Builder<StressReport.Violation> vs = ImmutableList.builder();
      for (Map.Entry<String, StressReport.Violation> e : distinct.entrySet()) {
        vs.add(withCount(e.getValue()));
      }
      ImmutableList.Builder<StressReport.MetricSummary> ms = ImmutableList.builder();
      for (int i = 0; i < metrics.length && terminated > 0; i++) {
        ms.add(new StressReport.MetricSummary(metrics[i].id(), min[i], max[i], sum[i], terminated));
      }
      return new StressReport(
          machine.description(),
          options.seed(),
          runs,
          wall,
          terminated,
          busyNanos,
          stuck,
          os.build(),
          vs.build(),
          omitted,
          ms.build());
    }

    private StressReport.Violation withCount(StressReport.Violation v) {
      long[] c = counts.get(ids.indexOf(v.property()) + "\n" + v.description());
      long count = c == null ? 1 : c[0];
      return new StressReport.Violation(
          v.property(), v.execution(), v.cpu(), v.step(), v.description(), count);
    }
  }
}
