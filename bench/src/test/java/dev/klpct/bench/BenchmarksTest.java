package dev.klpct.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.api.klp.Klp;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.Verdict;
import dev.klpct.jvm.StressReport;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.StrategyRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/**
 * The benchmarks are generated and set up correctly; no benchmark is measured here. Each test calls
 * the benchmark methods once, directly, on states built as JMH would build them.
 */
class BenchmarksTest {
  private static final List<Class<?>> BENCHMARKS =
      List.of(
          UpdatePatchStateBenchmark.class,
          MemoryFloorBenchmark.class,
          PrimitiveBenchmark.class,
          RemoteSwitchBenchmark.class,
          TransitionBenchmark.class,
          CheckerBenchmark.class);

  /** JMH's annotation processor ran: without it benchmarks.jar would have nothing to run. */
  @Test
  void theBenchmarkListNamesEveryBenchmark() throws IOException {
    String list;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
      assertThat(in)
          .as("META-INF/BenchmarkList (is jmh-generator-annprocess on the processor" + " path?)")
          .isNotNull();
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Class<?> c : BENCHMARKS) {
      assertThat(list).contains(" " + c.getName() + " ");
    }
    assertThat(list)
        .contains(
            "UpdatePatchStateBenchmark_fastPath_jmhTest",
            "UpdatePatchStateBenchmark_slowPath_jmhTest",
            "RemoteSwitchBenchmark_moving_jmhTest",
            "TransitionBenchmark_transition_jmhTest",
            "CheckerBenchmark_check_jmhTest");
  }

  /** A renamed strategy must not silently empty a benchmark. */
  @Test
  void everyStrategyParamIsARegisteredStrategy() throws ReflectiveOperationException {
    StrategyRegistry registry = StrategyComponent.builtIn();
    for (Class<?> c : BENCHMARKS) {
      for (Field f : c.getFields()) {
        Param p = f.getAnnotation(Param.class);
        if (p != null && f.getName().equals("strategy")) {
          for (String name : p.value()) {
            assertThat(registry.names()).as("%s.strategy", c.getSimpleName()).contains(name);
          }
        }
      }
    }
  }

  @Test
  void slowPathSwitchesTheTaskAndFastPathLeavesItAlone() {
    for (String s : StrategyComponent.builtIn().names()) {
      UpdatePatchStateBenchmark b = new UpdatePatchStateBenchmark();
      b.strategy = s;
      b.testAndClear = "2021";
      b.setUp();
      OneTaskKernel k = kernelOf(b);
      b.fastPath();
      assertThat(k.memory().value(k.patchState())).as(s).isEqualTo(Klp.KLP_UNPATCHED);
      b.slowPath();
      assertThat(k.memory().value(k.patchState())).as(s).isEqualTo(Klp.KLP_PATCHED);
      assertThat(k.memory().value(k.flags()) & (1 << Klp.TIF_PATCH_PENDING)).as(s).isZero();
      assertThat(k.cpu1Data().preemptCount).as(s).isZero();
      assertThat(k.cpu0Data().preemptCount).as(s).isZero();
    }
  }

  @Test
  void builtInRunsTheFirstParametersSetUpInTheJvmAndRefusesOthers() {
    List<UpdatePatchStateBenchmark> states = new ArrayList<>();
    for (String s : StrategyComponent.builtIn().names()) {
      UpdatePatchStateBenchmark b = new UpdatePatchStateBenchmark();
      b.strategy = s;
      b.testAndClear = "2021";
      b.setUp();
      states.add(b);
    }
    String claimed = UpdatePatchStateBenchmark.builtInParameters();
    assertThat(claimed).startsWith("strategy=");
    String name = UpdatePatchStateBenchmark.class.getName();
    for (UpdatePatchStateBenchmark b : states) {
      boolean owner = claimed.equals("strategy=" + b.strategy + ", testAndClear=2021");
      b.checkBuiltIn(name + ".fastPath"); // the pluggable benchmarks run anywhere
      if (!owner) {
        assertThatThrownBy(() -> b.checkBuiltIn(name + ".fastPathBuiltIn"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(claimed)
            .hasMessageContaining("-f 1");
      }
    }
    // the built-in fixture is the kernel of the first setUp() in this JVM (perhaps another
    // test's): its fast path leaves that kernel's task alone, its slow path switches it
    OneTaskKernel k = UpdatePatchStateBenchmark.builtInKernel();
    k.memory().reset();
    UpdatePatchStateBenchmark any = states.get(0);
    any.fastPathBuiltIn();
    assertThat(k.memory().value(k.patchState())).isEqualTo(Klp.KLP_UNPATCHED);
    any.slowPathBuiltIn();
    assertThat(k.memory().value(k.patchState())).isEqualTo(Klp.KLP_PATCHED);
    assertThat(k.memory().value(k.flags()) & (1 << Klp.TIF_PATCH_PENDING)).isZero();
    assertThat(k.cpu1Data().preemptCount).isZero();
  }

  private static OneTaskKernel kernelOf(UpdatePatchStateBenchmark b) {
    try {
      Field f = UpdatePatchStateBenchmark.class.getDeclaredField("kernel");
      f.setAccessible(true);
      return (OneTaskKernel) f.get(b);
    } catch (ReflectiveOperationException e) {
      throw new LinkageError(e.getMessage(), e);
    }
  }

  @Test
  void remoteSwitchOfAQuietTaskSucceedsExceptForBaseline() {
    for (String s : StrategyComponent.builtIn().names()) {
      RemoteSwitchBenchmark b = new RemoteSwitchBenchmark();
      b.strategy = s;
      b.setUp();
      RemoteSwitchBenchmark.Outcomes o = new RemoteSwitchBenchmark.Outcomes();
      for (int i = 0; i < 3; i++) {
        b.quiet(o);
        b.cpu1(); // one round trip: runs posted work, switches itself if still pending
      }
      if (s.equals("baseline")) {
        assertThat(o.busy).as(s).isEqualTo(3);
      } else {
        assertThat(o.switched).as(s).isEqualTo(3);
      }
    }
  }

  @Test
  void aTransitionCompletesOnRealThreadsForEveryStrategy() {
    for (String s : StrategyComponent.builtIn().names()) {
      TransitionBenchmark b = new TransitionBenchmark();
      b.strategy = s;
      b.tasks = 1;
      b.setUp();
      try {
        TransitionBenchmark.Counts c = new TransitionBenchmark.Counts();
        StressReport r = b.transition(c);
        assertThat(c.transitions).as(s).isEqualTo(1);
        assertThat(c.transitionNanos).as(s).isPositive();
        assertThat(r.executions()).isEqualTo(1);
        if (s.equals("baseline")) {
          assertThat(c.disturbances).as(s).isPositive(); // fake signal and schedule_on_each_cpu
        }
        assertThat(b.emptyExecution().executions()).isEqualTo(1);
      } finally {
        b.tearDown();
      }
    }
  }

  @Test
  void checkerBenchmarkCountsStatesOfTheDefaultPair() {
    CheckerBenchmark b = new CheckerBenchmark();
    b.strategy = "zijlstra";
    b.config = "pair";
    b.setUp();
    CheckerBenchmark.Rate rate = new CheckerBenchmark.Rate();
    CheckerBenchmark.Store store = new CheckerBenchmark.Store();
    CheckReport r = b.check(rate, store);
    // zijlstra keeps every safety contract; with the default --signal-after 1 its fake signal can
    // follow the failed attempt the first patch's registration IPIs cause (nohz-undisturbed).
    assertThat(r.verdict("consistency").orElseThrow().verdict()).isEqualTo(Verdict.HOLDS);
    assertThat(rate.states).isEqualTo(r.stats().states()).isGreaterThan(1000);
    assertThat(store.storedStates).isEqualTo(r.stats().states());
    assertThat((double) store.storeBytes / store.storedStates)
        .isCloseTo(r.stats().bytesPerState(), Offset.offset(0.01));
  }

  @Test
  void checkerBenchmarkChecksUnderTheMemoryModelItIsGiven() {
    CheckerBenchmark b = new CheckerBenchmark();
    b.strategy = "zijlstra";
    b.config = "pair";
    b.memoryModel = "tso";
    b.setUp();

    CheckReport r = b.check(new CheckerBenchmark.Rate(), new CheckerBenchmark.Store());

    assertThat(r.memoryModel()).isEqualTo(MemoryModel.TSO);
  }
}
