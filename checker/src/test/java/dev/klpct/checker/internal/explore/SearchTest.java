package dev.klpct.checker.internal.explore;

import static dev.klpct.checker.TinyMachine.site;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Guard;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.TinyMachine;
import dev.klpct.checker.Verdict;
import dev.klpct.checker.trace.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Partial-order reduction and exploration figures. */
class SearchTest {
  private static final Site W = site("writer");
  private static final Site R = site("reader");

  private static CheckReport check(Machine m, boolean reduction) {
    return new Checker(CheckOptions.defaults().withThreads(1).withReduction(reduction)).check(m);
  }

  private static void assertSameVerdicts(CheckReport a, CheckReport b) {
    assertThat(a.verdicts())
        .extracting(PropertyVerdict::property)
        .isEqualTo(b.verdicts().stream().map(PropertyVerdict::property).toList());
    for (PropertyVerdict v : a.verdicts()) {
      assertThat(b.verdict(v.property()).orElseThrow().verdict())
          .as(v.property())
          .isEqualTo(v.verdict());
    }
  }

  /** Three CPUs, each writing only its own word {@code writes} times. */
  private static Machine independentWriters(int writes) {
    TinyMachine.Builder b = TinyMachine.builder("independent writers", 3);
    Loc[] xs = new Loc[3];
    for (int c = 0; c < 3; c++) {
      Loc x = b.privateTo("x" + c, c);
      xs[c] = x;
      TinyMachine.Routine[] rs = new TinyMachine.Routine[writes];
      for (int i = 0; i < writes; i++) {
        int v = i + 1;
        rs[i] = k -> k.WRITE_ONCE(x, v, W);
      }
      b.routines(c, 0, rs);
    }
    b.terminal("sum", s -> s.value(xs[0]) + s.value(xs[1]) + s.value(xs[2]) == 3 * writes);
    b.terminal("x0-not-final", s -> s.value(xs[0]) != writes);
    b.monotone("x1-untouched", s -> s.value(xs[1]) == 0);
    return b.build();
  }

  @Test
  void reductionVisitsFewerStatesOfIndependentWritersWithTheSameVerdicts() {
    CheckReport reduced = check(independentWriters(2), true);
    CheckReport full = check(independentWriters(2), false);

    assertThat(full.stats().states()).isEqualTo(3 * 3 * 3);
    // Independent CPUs: one interleaving suffices, 1 + 3 * 2 states.
    assertThat(reduced.stats().states()).isLessThan(full.stats().states()).isEqualTo(7);
    assertThat(reduced.stats().terminalStates()).isEqualTo(1);
    assertThat(full.stats().terminalStates()).isEqualTo(1);
    assertSameVerdicts(reduced, full);
    assertThat(reduced.verdict("sum").orElseThrow().verdict()).isEqualTo(Verdict.HOLDS);
    assertThat(reduced.verdict("x0-not-final").orElseThrow().verdict()).isEqualTo(Verdict.VIOLATED);
    assertThat(reduced.verdict("x1-untouched").orElseThrow().verdict()).isEqualTo(Verdict.VIOLATED);
  }

  @Test
  void reductionKeepsInteractionsThroughSharedMemory() {
    // CPU0 publishes x = 1 and retracts it; CPU1 may observe the window; CPU2 is independent.
    TinyMachine.Builder b = TinyMachine.builder("window", 3);
    Loc x = b.shared("x", MemoryLayout.Builder.mask(0, 1), MemoryLayout.Builder.mask(0), 0);
    Loc z = b.privateTo("z", 2);
    Loc seen = b.ghost("seen", 1);
    b.routines(0, 0, k -> k.WRITE_ONCE(x, 1, W), k -> k.WRITE_ONCE(x, 0, W));
    b.routines(1, 0, k -> k.setGhost(seen, k.READ_ONCE(x, R)));
    b.routines(2, 0, k -> k.WRITE_ONCE(z, 1, W), k -> k.WRITE_ONCE(z, 2, W));
    b.terminal("never-sees-window", s -> s.value(seen) == 0);
    b.terminal("z-done", s -> s.value(z) == 2);
    Machine m = b.build();

    CheckReport reduced = check(m, true);
    CheckReport full = check(m, false);

    assertThat(reduced.verdict("never-sees-window").orElseThrow().verdict())
        .isEqualTo(Verdict.VIOLATED);
    assertThat(reduced.verdict("z-done").orElseThrow().verdict()).isEqualTo(Verdict.HOLDS);
    assertSameVerdicts(reduced, full);
    assertThat(reduced.stats().states()).isLessThan(full.stats().states());
  }

  @Test
  void reductionKeepsEnablingWritesOfBlockedCpus() {
    // CPU0 waits for flag; CPU1 sets it after an independent write; CPU2 never touches it.
    TinyMachine.Builder b = TinyMachine.builder("enable", 3);
    Loc flag = b.shared("flag", MemoryLayout.Builder.mask(0, 1), MemoryLayout.Builder.mask(1), 0);
    Loc y = b.privateTo("y", 1);
    Loc z = b.privateTo("z", 2);
    Loc done = b.ghost("done", 0);
    b.routines(
        0,
        0,
        k -> {
          k.await(Guard.equal(flag, 1), site("wait"));
          k.setGhost(done, 1);
        });
    b.routines(1, 0, k -> k.WRITE_ONCE(y, 1, W), k -> k.WRITE_ONCE(flag, 1, W));
    b.routines(2, 0, k -> k.WRITE_ONCE(z, 1, W));
    b.terminal("done", s -> s.value(done) == 1);
    Machine m = b.build();

    CheckReport reduced = check(m, true);
    CheckReport full = check(m, false);

    assertSameVerdicts(reduced, full);
    assertThat(reduced.overall()).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void statsDescribeTheExploration() {
    CheckReport r = check(independentWriters(2), false);

    assertThat(r.stats().depth()).isEqualTo(7); // six steps, plus the empty last level
    assertThat(r.stats().transitions()).isEqualTo(3 * 2 * 9); // 3 CPUs x 2 steps x 3^2 others
    assertThat(r.stats().exhaustive()).isTrue();
    assertThat(r.stats().storeBytes()).isPositive();
    assertThat(r.stats().threads()).isEqualTo(1);
    assertThat(r.machine()).isEqualTo("independent writers");
  }

  @Test
  void reductionKeepsVerdictsWhenAGhostIsReadBeforeThePrimitive() {
    TinyMachine.Builder b = TinyMachine.builder("ghost read", 2);
    Loc x0 = b.privateTo("x0", 0);
    Loc y1 = b.privateTo("y1", 1);
    Loc g = b.ghostAll("G");
    Loc h = b.ghost("H0", 0);
    b.routines(
        0,
        0,
        k -> {
          int v = k.ghost(g); // bookkeeping only: does not decide which primitive runs
          k.READ_ONCE(x0, R);
          k.setGhost(h, v);
        });
    b.routines(
        1,
        0,
        k -> {
          k.WRITE_ONCE(y1, 1, W);
          k.setGhost(g, 1);
        });
    b.terminal("h-zero", s -> s.value(h) == 0);
    Machine m = b.build();

    // Today: HOLDS with reduction (3 states), VIOLATED without (5 states).
    assertSameVerdicts(check(m, true), check(m, false));
  }

  /**
   * Four CPUs each writing their own word four times, CPU4 writing a shared word 1, 2, 3 and CPU5
   * reading it three times: levels of several hundred states, which several threads share.
   */
  private static Machine wideLevels() {
    TinyMachine.Builder b = TinyMachine.builder("wide levels", 6);
    Loc[] xs = new Loc[4];
    for (int c = 0; c < 4; c++) {
      Loc x = b.privateTo("x" + c, c);
      xs[c] = x;
      b.routines(
          c,
          0,
          k -> k.WRITE_ONCE(x, 1, W),
          k -> k.WRITE_ONCE(x, 2, W),
          k -> k.WRITE_ONCE(x, 3, W),
          k -> k.WRITE_ONCE(x, 4, W));
    }
    Loc shared =
        b.shared("shared", MemoryLayout.Builder.mask(4, 5), MemoryLayout.Builder.mask(4), 0);
    Loc seen = b.ghost("seen", 5);
    b.routines(
        4,
        0,
        k -> k.WRITE_ONCE(shared, 1, W),
        k -> k.WRITE_ONCE(shared, 2, W),
        k -> k.WRITE_ONCE(shared, 3, W));
    b.routines(
        5,
        0,
        k -> k.setGhost(seen, k.READ_ONCE(shared, R) == 2 ? 1 : 0),
        k -> k.READ_ONCE(shared, R),
        k -> k.READ_ONCE(shared, R));
    b.monotone("never-sees-2", s -> s.value(seen) == 0);
    // first violated in the middle of the widest levels: which state is found first follows the
    // order of those levels, which the insertions make
    b.monotone(
        "fewer-than-nine-writes",
        s -> s.value(xs[0]) + s.value(xs[1]) + s.value(xs[2]) + s.value(xs[3]) < 9);
    b.terminal("x0-before-x1", s -> s.value(xs[0]) == 4 && s.value(xs[1]) < 4);
    b.terminal("shared-is-3", s -> s.value(shared) == 3);
    return b.build();
  }

  /**
   * Searches {@code model} unreduced, with windows of {@code window} states if positive; adds to
   * {@code levels} every level, as the paths to its states in the order it was expanded.
   */
  private static Search.Result search(
      ModelInstance model, int threads, int window, List<List<ImmutableList<Step>>> levels) {
    return search(model, threads, window, Long.MAX_VALUE, ImmutableList.of(), levels);
  }

  /**
   * As {@link #search(ModelInstance, int, int, List)}, stopping after {@code maxStates} states or
   * once every property of {@code stopAfter} is found violated, as the shortest-counterexample
   * search does.
   */
  private static Search.Result search(
      ModelInstance model,
      int threads,
      int window,
      long maxStates,
      ImmutableList<String> stopAfter,
      List<List<ImmutableList<Step>>> levels) {
    Search s = new Search(model, options(false, threads, maxStates, stopAfter));
    List<long[]> ids = new ArrayList<>();
    s.observeLevels(level -> ids.add(level.clone()));
    Search.Result r = window > 0 ? s.windows(window).run() : s.run();
    for (long[] level : ids) {
      levels.add(Arrays.stream(level).mapToObj(id -> r.graph().pathTo(id)).toList());
    }
    return r;
  }

  /** Options without a time limit, progress or stop reason. */
  private static SearchOptions options(
      boolean reduction, int threads, long maxStates, ImmutableList<String> stopAfter) {
    return new SearchOptions(
        reduction,
        true,
        maxStates,
        Optional.empty(),
        threads,
        Ticker.systemTicker(),
        Optional.empty(),
        stopAfter,
        Optional::empty);
  }

  @Test
  void levelsSplitIntoManyWindowsGiveOneThreadsParentsAndLevels() {
    // Small windows make every wide level several rounds, each inserting the window before while
    // expanding the next: what a level of more than 8,192 states does in a real search.
    ModelInstance model = ModelInstance.of(wideLevels(), MemoryKind.SC, ImmutableSet.of());
    List<List<ImmutableList<Step>>> oneLevels = new ArrayList<>();
    Search.Result one = search(model, 1, 0, oneLevels);
    assertThat(oneLevels)
        .as("levels wide enough for several threads")
        .anyMatch(l -> l.size() > 600);
    assertThat(one.states()).isGreaterThan(5_000);
    assertThat(one.found()).as("violations found").filteredOn(f -> f != null).hasSize(3);
    for (int threads : new int[] {2, 3}) {
      for (int window : new int[] {1, 64, 100, 1000}) {
        List<List<ImmutableList<Step>>> levels = new ArrayList<>();
        Search.Result more = search(model, threads, window, levels);
        String run = threads + " threads, windows of " + window;
        // each level holds the same states, reached through the same parents, in the same order
        assertThat(levels).as(run).isEqualTo(oneLevels);
        assertThat(more.states()).as(run).isEqualTo(one.states());
        assertThat(more.transitions()).as(run).isEqualTo(one.transitions());
        assertThat(more.terminalStates()).as(run).isEqualTo(one.terminalStates());
        assertThat(more.depth()).as(run).isEqualTo(one.depth());
        assertSameFirstViolations(more, one, run);
      }
    }
  }

  /**
   * {@code more} found the first violation of each property that {@code one} found, in the
   * single-threaded order (same level, same rank), reached by the same path, and no other.
   */
  private static void assertSameFirstViolations(Search.Result more, Search.Result one, String run) {
    for (int p = 0; p < one.found().size(); p++) {
      Search.Found a = one.found().get(p);
      Search.Found b = more.found().get(p);
      String what = run + ": " + one.propertyIds().get(p);
      if (a == null) {
        assertThat(b).as(what).isNull();
        continue;
      }
      assertThat(more.graph().pathTo(requireNonNull(b, what).state()))
          .as(what)
          .isEqualTo(one.graph().pathTo(a.state()));
    }
  }

  @Test
  void aSearchCutByItsStateBudgetStopsAfterTheSameWindowsOnAnyNumberOfThreads() {
    // The shortest-counterexample search: unreduced, stopping once its properties are found
    // violated, within a state budget. Whether the budget cuts it before it reaches a violation
    // decides which counterexample a check prints, so the cut must not depend on the threads.
    ModelInstance model = ModelInstance.of(wideLevels(), MemoryKind.SC, ImmutableSet.of());
    ImmutableList<String> stopAfter = ImmutableList.of("never-sees-2", "fewer-than-nine-writes");
    int cut = 0;
    int cutAfterAViolation = 0;
    for (long budget : new long[] {300, 1_000, 2_000, 3_000, 4_500}) {
      for (int window : new int[] {64, 100}) {
        Search.Result one = search(model, 1, window, budget, stopAfter, new ArrayList<>());
        if (!one.exhaustive()) {
          cut++;
          if (one.found().stream().anyMatch(f -> f != null)) {
            cutAfterAViolation++;
          }
        }
        for (int threads : new int[] {2, 3}) {
          Search.Result more = search(model, threads, window, budget, stopAfter, new ArrayList<>());
          String run = "budget " + budget + ", " + threads + " threads, windows of " + window;
          assertThat(more.states()).as(run).isEqualTo(one.states());
          assertThat(more.exhaustive()).as(run).isEqualTo(one.exhaustive());
          assertThat(more.stopReason()).as(run).isEqualTo(one.stopReason());
          assertThat(more.depth()).as(run).isEqualTo(one.depth());
          assertSameFirstViolations(more, one, run);
        }
      }
    }
    assertThat(cut).as("searches the budget cut").isPositive();
    assertThat(cutAfterAViolation).as("of them, after a violation was found").isPositive();
  }

  /**
   * The reduced search's first model-sound violation of {@code m}, one thread: where it was found
   * (the path to the state, then the failing step) and why.
   */
  private static String reducedSearchSoundness(Machine m) {
    SearchOptions o = options(true, 1, Long.MAX_VALUE, ImmutableList.of());
    Search.Result r = new Search(ModelInstance.of(m, MemoryKind.SC, ImmutableSet.of()), o).run();
    Search.Found f = r.found().get(r.propertyIds().indexOf(BuiltInProperty.MODEL_SOUND.id()));
    assertThat(f).as("model-sound violation").isNotNull();
    return r.graph().pathTo(requireNonNull(f).state()) + " then " + f.extra() + ": " + f.message();
  }

  /** CPU0 writes its own word twice, independent of anything CPU1 may do; then {@code cpu1}. */
  private static Machine privateStepsThen(TinyMachine.Routine cpu1, TinyMachine.Builder b) {
    Loc mine = b.privateTo("cpu0_only", 0);
    b.routines(0, 0, k -> k.WRITE_ONCE(mine, 1, W), k -> k.WRITE_ONCE(mine, 2, W));
    b.routines(1, 0, cpu1);
    return b.build();
  }

  @Test
  void aStepTheChoiceDoesNotNeedIsCheckedWhereItIsFirstRun() {
    // The persistent-set choice is CPU0 alone until CPU0 has finished, so CPU1's step is first run
    // two steps in, unchanged, and its write outside the layout is found there.
    TinyMachine.Builder b = TinyMachine.builder("bad write after private steps", 2);
    Loc notMine = b.privateTo("cpu0_too", 0);
    String found = reducedSearchSoundness(privateStepsThen(k -> k.WRITE_ONCE(notMine, 3, W), b));

    assertThat(found)
        .startsWith("[Step[cpu=0, choice=-1], Step[cpu=0, choice=-1]] then Step[cpu=1, choice=-1]")
        .contains("wrote cpu0_too, which the layout does not let CPU1 write");
  }

  @Test
  void anExceptionInAStepTheChoiceDoesNotNeedIsFoundWhereItIsFirstRun() {
    TinyMachine.Builder b = TinyMachine.builder("throws after private steps", 2);
    Loc x = b.privateTo("cpu1_only", 1);
    String found =
        reducedSearchSoundness(
            privateStepsThen(
                k -> {
                  if (k.READ_ONCE(x, R) == 0) {
                    throw new IllegalStateException("boom");
                  }
                },
                b));

    assertThat(found)
        .startsWith("[Step[cpu=0, choice=-1], Step[cpu=0, choice=-1]] then Step[cpu=1, choice=-1]")
        .contains("IllegalStateException: boom");
  }
}
