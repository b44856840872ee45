package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.checker.CheckOptions;
import dev.klpct.strategies.StrategyComponent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link ConcurrentChecks}' contract (order, concurrency, interrupt, failure, deadline share) with
 * checks that wait for each other, so that the order they end in is forced, not left to timing; and
 * {@code klpct compare} printing the same whether its checks run one at a time or at once.
 */
class ConcurrentChecksTest {
  private static final long WAIT_SECONDS = 60;

  private static Session session() {
    return Session.of(
        StrategyComponent.builtIn(),
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
  }

  private static List<Integer> run(
      Session s, int threads, int n, Function<Integer, Function<CheckOptions, Integer>> check) {
    List<ConcurrentChecks.Check<Integer>> checks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      checks.add(new ConcurrentChecks.Check<>("check " + i, check.apply(i)));
    }
    Deadline d = Deadline.of(s, Optional.empty(), "");
    return new ConcurrentChecks(s, d, Progress.start(s, true, "test"))
        .run(CheckOptions.defaults().withThreads(threads).withStop(d), checks);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS))
          .as("waited for another check")
          .isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits until {@code o}'s stop condition says why to stop, and returns that. */
  private static String awaitStop(CheckOptions o) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (o.stop().reason().isEmpty()) {
      assertThat(System.nanoTime() - end).as("stopped in time").isNegative();
      Thread.onSpinWait();
    }
    return o.stop().reason().orElseThrow();
  }

  @Test
  void resultsComeInTheChecksOrderNotTheOrderTheyEnd() {
    // Each check but the last ends only after the next one has ended: they end last to first.
    int n = 4;
    List<CountDownLatch> ended = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ended.add(new CountDownLatch(1));
    }
    List<Integer> endOrder = Collections.synchronizedList(new ArrayList<>());
    List<Integer> results =
        run(
            session(),
            n,
            n,
            i ->
                o -> {
                  if (i + 1 < n) {
                    await(ended.get(i + 1));
                  }
                  endOrder.add(i);
                  ended.get(i).countDown();
                  return i * 10;
                });

    assertThat(endOrder).containsExactly(3, 2, 1, 0);
    assertThat(results).containsExactly(0, 10, 20, 30);
  }

  @Test
  void atMostThreadsChecksRunAtOnceEachOnOneThread() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> threads = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch twoRan = new CountDownLatch(2);
    List<Integer> results =
        run(
            session(),
            2,
            7,
            i ->
                o -> {
                  most.accumulateAndGet(running.incrementAndGet(), Math::max);
                  threads.add(o.threads());
                  // The first two wait for each other: two checks did run at once.
                  twoRan.countDown();
                  await(twoRan);
                  running.decrementAndGet();
                  return i;
                });

    assertThat(results).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(most.get()).isEqualTo(2);
    assertThat(threads).hasSize(7).containsOnly(1);
  }

  @Test
  void oneAtATimeTheyRunInTheCallingThreadOnAllTheThreads() {
    Thread caller = Thread.currentThread();
    List<Boolean> inCaller = Collections.synchronizedList(new ArrayList<>());
    Function<Integer, Function<CheckOptions, Integer>> threadsInCaller =
        i ->
            o -> {
              inCaller.add(Thread.currentThread() == caller);
              return o.threads();
            };
    // --threads 1: one at a time, on one thread.
    List<Integer> one = run(session(), 1, 3, threadsInCaller);
    // A single check keeps every thread asked for.
    List<Integer> single = run(session(), 4, 1, threadsInCaller);

    assertThat(one).containsExactly(1, 1, 1);
    assertThat(single).containsExactly(4);
    assertThat(inCaller).containsOnly(true).hasSize(4);
  }

  @Test
  void anInterruptStartsNoMoreChecksAndStopsThoseRunning() {
    Session s = session();
    CountDownLatch secondStarted = new CountDownLatch(1);
    List<String> reasons = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger started = new AtomicInteger();
    List<Integer> results =
        run(
            s,
            2,
            6,
            i ->
                o -> {
                  started.incrementAndGet();
                  if (i == 0) {
                    await(secondStarted);
                    s.interrupt().trigger("interrupted (Ctrl-C)");
                  } else {
                    secondStarted.countDown();
                  }
                  reasons.add(awaitStop(o));
                  return i;
                });

    // Both running checks stopped through their stop condition and are reported, in order;
    // none started after the interrupt.
    assertThat(results).containsExactly(0, 1);
    assertThat(started.get()).isEqualTo(2);
    assertThat(reasons).containsOnly("interrupted (Ctrl-C)").hasSize(2);
  }

  @Test
  void theFirstCheckRunsEvenAfterAnInterrupt() {
    Session s = session();
    s.interrupt().trigger("interrupted (Ctrl-C)");
    List<Integer> results = run(s, 2, 5, i -> o -> i);

    assertThat(results).containsExactly(0);
  }

  @Test
  void aFailureStopsTheOtherChecksAndIsRethrownAsItWas() {
    IllegalArgumentException boom = new IllegalArgumentException("strategy x: bad option");
    CountDownLatch firstRunning = new CountDownLatch(1);
    List<String> reasons = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger started = new AtomicInteger();

    assertThatThrownBy(
            () ->
                run(
                    session(),
                    2,
                    6,
                    i ->
                        o -> {
                          started.incrementAndGet();
                          if (i == 0) {
                            firstRunning.countDown();
                            reasons.add(awaitStop(o));
                            return i;
                          }
                          await(firstRunning);
                          throw boom;
                        }))
        .isSameAs(boom);
    assertThat(reasons).containsExactly("another check failed");
    assertThat(started.get()).isEqualTo(2);
  }

  @Test
  void aShareOfTheTimeLeftIsItsPartOfWhatRunsAtOnce() {
    ManualTicker clock = new ManualTicker(0);
    Session s =
        new Session(
            StrategyComponent.builtIn(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()),
            false,
            new Interrupt(),
            clock,
            0);
    Deadline d = Deadline.of(s, Optional.of(Duration.ofSeconds(60)), "60s");

    clock.set(6);
    Deadline sixAtTwo = d.share(6, 2); // 54 s left, three checks per slot: 18 s each
    Deadline sixAtOne = d.share(6, 1); // one after the other: 9 s each
    Deadline twoAtTwo = d.share(2, 2); // the last two run at once: all that is left

    clock.set(6 + 9);
    assertThat(sixAtOne.reason()).contains("--time-limit 60s reached (this check's share: 9.0 s)");
    assertThat(sixAtTwo.reason()).isEmpty();
    clock.set(6 + 18);
    assertThat(sixAtTwo.reason()).contains("--time-limit 60s reached (this check's share: 18.0 s)");
    assertThat(twoAtTwo.reason()).isEmpty();
    clock.set(60);
    assertThat(twoAtTwo.reason()).contains("--time-limit 60s reached");
  }

  /** Wall times and rates differ from run to run; everything else must not. */
  private static final Pattern TIMING =
      Pattern.compile("(\"(?:wallSeconds|statesPerSecond|peakHeapBytes)\": )[-0-9.eE+]+");

  @Test
  void compareSaysTheSameWhetherItsChecksRunOneAtATimeOrAtOnce() {
    // lkmm first: its checks take several times longer than sc's, so with two or three at once
    // the sc checks behind them end first; v2 under lkmm is the longest of all.
    String[] args = {
      "compare",
      "--strategies",
      "v2,baseline,zijlstra",
      "--memory-model",
      "lkmm,sc",
      "--transitions",
      "1",
      "-q",
      "--threads"
    };
    // One at a time against two at once (text) and three at once (JSON: every figure the checks
    // report, timings aside).
    List<String> outputs = new ArrayList<>();
    for (String[] run :
        List.of(
            new String[] {"1", "text"},
            new String[] {"2", "text"},
            new String[] {"1", "json"},
            new String[] {"3", "json"})) {
      List<String> a = new ArrayList<>(List.of(args));
      a.addAll(List.of(run[0], "--format", run[1]));
      KlpctCommandTest.Result r = KlpctCommandTest.run(a.toArray(String[]::new));
      assertThat(r.err()).as("stderr of %s", a).isEmpty();
      outputs.add("exit " + r.exit() + "\n" + TIMING.matcher(r.out()).replaceAll("$1#"));
    }

    assertThat(outputs.get(0))
        .containsSubsequence(
            "memory model: lkmm", "v2 ", "baseline ", "zijlstra ", "memory model: sc", "v2 ")
        .isEqualTo(outputs.get(1));
    assertThat(outputs.get(2)).contains("\"threads\": 1").isEqualTo(outputs.get(3));
  }
}
