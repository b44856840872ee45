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
import dev.klpct.checker.TinyMachine;
import dev.klpct.checker.trace.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepCacheTest {
  private static final Site S = site("s");

  @Test
  void aLogKeepsTheFirstReadOfEachLocationNotWrittenBeforeAndEveryLocationWritten() {
    StepLog log = new StepLog();
    log.start(8);
    log.read(3, 30);
    log.read(3, 31); // read again: the step's input is the first value
    log.wrote(5);
    log.read(5, 50); // what the step wrote: no input
    log.wrote(3);
    log.wrote(5);
    log.read(1, 10);

    assertThat(Arrays.copyOf(log.readAt, log.reads)).containsExactly(3, 1);
    assertThat(Arrays.copyOf(log.readValue, log.reads)).containsExactly(30, 10);
    assertThat(Arrays.copyOf(log.writeAt, log.writes)).containsExactly(5, 3);

    log.start(8); // the next step starts afresh
    log.read(5, 7);
    assertThat(Arrays.copyOf(log.readAt, log.reads)).containsExactly(5);
    assertThat(log.writes).isZero();
  }

  @Test
  void aStepIsFoundByItsFrameChoiceAndTheValuesWhereItReadAndDoesWhatItDid() {
    StepCache cache = new StepCache(2);
    StepLog log = new StepLog();
    int[] mem = {0, 7, 0, 0};
    log.start(mem.length);
    log.read(1, 7);
    mem[2] = 9; // the step's write
    log.wrote(2);
    Frame after = new Frame(1);
    after.regs[0] = 4;
    after.results[0] = 7;
    after.nres = 1;
    Footprint fp = new Footprint();
    fp.add(new Loc(1, "x", Loc.Kind.SHARED, -1L, -1L, 0), false);
    cache.add(1, 5, -1, log, mem, after, fp, StepResult.STEPPED);

    int[] other = {3, 7, 1, 8}; // the same value where the step read
    StepCache.Entry e = requireNonNull(cache.find(1, 5, -1, other));
    Frame f = new Frame(1);
    e.apply(other, f);

    assertThat(other).containsExactly(3, 7, 9, 8);
    assertThat(f.sameAs(after)).isTrue();
    assertThat(e.result).isSameAs(StepResult.STEPPED);
    assertThat(e.footprint.touchesAny(new long[] {1L << 1})).isTrue();
    after.regs[0] = 5; // the entry keeps its own copy
    assertThat(e.frame.regs[0]).isEqualTo(4);

    assertThat(cache.find(1, 5, -1, new int[] {0, 6, 0, 0})).as("another value read").isNull();
    assertThat(cache.find(1, 5, 0, other)).as("another choice").isNull();
    assertThat(cache.find(1, 4, -1, other)).as("another frame").isNull();
    assertThat(cache.find(0, 5, -1, other)).as("another CPU").isNull();
    assertThat(cache.find(1, 500, -1, other)).as("a frame beyond the table").isNull();
  }

  /**
   * Steps of one frame that read location 1, then location 2 or 3 as they found 1 or 0 there, and a
   * step of another frame that reads nothing: each is found by the values where it read, and only
   * by those.
   */
  @Test
  void stepsOfAFrameReadOneLocationAfterAnotherAndAreFoundByTheValuesThere() {
    StepCache cache = new StepCache(1);
    StepLog log = new StepLog();
    int[][] runs = {{1, 1, 2, 5}, {1, 1, 2, 6}, {1, 0, 3, 5}};
    for (int k = 0; k < runs.length; k++) {
      int[] r = runs[k];
      log.start(4);
      log.read(r[0], r[1]);
      log.read(r[2], r[3]);
      int[] mem = new int[4];
      mem[0] = 10 + k; // the write: which step was applied
      log.wrote(0);
      cache.add(0, 3, -1, log, mem, new Frame(0), new Footprint(), StepResult.STEPPED);
    }
    log.start(4);
    cache.add(0, 4, -1, log, new int[4], new Frame(0), new Footprint(), StepResult.BLOCKED);

    assertThat(applied(cache, 3, 0, 1, 5, 0)).isEqualTo(10);
    assertThat(applied(cache, 3, 0, 1, 6, 9)).isEqualTo(11);
    assertThat(applied(cache, 3, 0, 0, 0, 5)).isEqualTo(12);
    assertThat(cache.find(0, 3, -1, new int[] {0, 1, 7, 5})).as("1, then 7 at 2").isNull();
    assertThat(cache.find(0, 3, -1, new int[] {0, 0, 5, 6})).as("0, then 6 at 3").isNull();
    assertThat(cache.find(0, 3, -1, new int[] {0, 2, 5, 5})).as("2 at 1").isNull();
    assertThat(requireNonNull(cache.find(0, 4, -1, new int[] {7, 7, 7, 7})).result)
        .isSameAs(StepResult.BLOCKED);
  }

  /** What {@code mem[0]} holds after the step of CPU 0 from {@code frame} found at mem 1..3. */
  private static int applied(StepCache cache, int frame, int m0, int m1, int m2, int m3) {
    int[] mem = {m0, m1, m2, m3};
    requireNonNull(cache.find(0, frame, -1, mem)).apply(mem, new Frame(0));
    return mem[0];
  }

  @Test
  void failedStepsAreNotKeptAndAFrameKeepsABoundedNumberOfSteps() {
    StepCache cache = new StepCache(1);
    StepLog log = new StepLog();
    Frame after = new Frame(0);
    for (StepResult r :
        List.of(StepResult.error("boom"), StepResult.FINISHED, StepResult.NO_SUCH_CHOICE)) {
      log.start(1);
      cache.add(0, 0, -1, log, new int[1], after, new Footprint(), r);
      assertThat(cache.find(0, 0, -1, new int[1])).as(r.outcome().toString()).isNull();
    }
    for (int v = 0; v < StepCache.MAX_PER_FRAME + 5; v++) {
      log.start(1);
      log.read(0, v);
      cache.add(0, 0, -1, log, new int[] {v}, after, new Footprint(), StepResult.BLOCKED);
    }
    assertThat(cache.find(0, 0, -1, new int[] {StepCache.MAX_PER_FRAME - 1})).isNotNull();
    assertThat(cache.find(0, 0, -1, new int[] {StepCache.MAX_PER_FRAME})).isNull();
  }

  /**
   * Three CPUs whose steps read shared and ghost words before and after their primitive, take and
   * release a lock (blocked steps), wait, choose, count, set violation flags and wake a write
   * observer: with the cache the search finds the same levels, parents, transitions and first
   * violations as without, reduced or not, and takes many steps from the cache.
   */
  @Test
  void aSearchWithTheCacheFindsWhatItFindsWithout() {
    TinyMachine.Builder b = TinyMachine.builder("step cache", 3);
    Loc x = b.shared("x");
    Loc lock = b.shared("lock");
    Loc g = b.ghostAll("g");
    Loc seen = b.ghost("seen", 0);
    Loc count = b.ghostCommutative("count");
    Loc flags = b.ghostCommutative("flags");
    b.observer(x, (k, l, old, neu, at) -> k.setGhost(g, k.ghost(g) + (neu == 2 ? 4 : 1)));
    b.routines(
        0,
        0,
        k -> {
          int v = k.ghost(g);
          int r = k.READ_ONCE(x, S);
          k.setGhost(seen, 4 * v + r);
        },
        k -> k.spin_lock(lock, S),
        k -> {
          k.WRITE_ONCE(x, k.ghost(seen) & 3, S);
          k.ghostAdd(count, 1);
        },
        k -> k.spin_unlock(lock, S),
        k -> k.await(Guard.notEqual(x, 3), S));
    b.routines(
        1,
        0,
        k -> k.spin_lock(lock, S),
        k -> {
          if (k.atomic_add_return(1, x, S) == 2) {
            k.violate(flags, 1, "x reached 2 on CPU1");
          }
          k.ghostAdd(count, 1);
        },
        k -> k.spin_unlock(lock, S),
        k -> k.WRITE_ONCE(x, k.select(S, Guard.equal(x, 1), Guard.always()), S));
    b.routines(
        2,
        0,
        k -> k.setGhost(g, k.ghost(g) + 1),
        k -> k.atomic_add_return(2, x, S),
        k -> k.setGhost(g, k.READ_ONCE(x, S)));
    b.monotone("x1-not-flagged", s -> (s.value(flags) & 1) == 0);
    b.monotone("g-small", s -> s.value(g) < 9);
    b.terminal("x-even", s -> s.value(x) % 2 == 0);
    b.terminal("count-two", s -> s.value(count) == 2);
    ModelInstance model = ModelInstance.of(b.build(), MemoryKind.SC, ImmutableSet.of());

    for (boolean reduction : new boolean[] {true, false}) {
      List<List<ImmutableList<Step>>> withLevels = new ArrayList<>();
      List<List<ImmutableList<Step>>> withoutLevels = new ArrayList<>();
      Search with = new Search(model, options(reduction, true));
      Search.Result a = run(with, withLevels);
      Search.Result c = run(new Search(model, options(reduction, false)), withoutLevels);

      String run = "reduction " + reduction;
      assertThat(a.states()).as(run).isGreaterThan(50);
      assertThat(withLevels).as(run).isEqualTo(withoutLevels);
      assertThat(a.transitions()).as(run).isEqualTo(c.transitions());
      assertThat(a.terminalStates()).as(run).isEqualTo(c.terminalStates());
      assertThat(a.metrics()).as(run).isEqualTo(c.metrics());
      for (int p = 0; p < a.found().size(); p++) {
        Search.Found fa = a.found().get(p);
        Search.Found fc = c.found().get(p);
        assertThat(fa == null).as(run + ": " + a.propertyIds().get(p)).isEqualTo(fc == null);
        if (fa != null && fc != null) {
          assertThat(a.graph().pathTo(fa.state())).isEqualTo(c.graph().pathTo(fc.state()));
          assertThat(fa.message()).isEqualTo(fc.message());
        }
      }
      assertThat(a.found()).as(run + ": some violation found").anyMatch(f -> f != null);
      assertThat(with.stepCacheHits()).as(run + ": steps from the cache").isGreaterThan(a.states());
    }
  }

  private static Search.Result run(Search s, List<List<ImmutableList<Step>>> levels) {
    List<long[]> ids = new ArrayList<>();
    s.observeLevels(level -> ids.add(level.clone()));
    Search.Result r = s.run();
    for (long[] level : ids) {
      levels.add(Arrays.stream(level).mapToObj(id -> r.graph().pathTo(id)).toList());
    }
    return r;
  }

  private static SearchOptions options(boolean reduction, boolean stepCache) {
    return new SearchOptions(
        reduction,
        stepCache,
        Long.MAX_VALUE,
        Optional.empty(),
        1,
        Ticker.systemTicker(),
        Optional.empty(),
        ImmutableList.of(),
        Optional::empty);
  }
}
