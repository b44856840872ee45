package dev.klpct.checker.internal.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Loc;
import dev.klpct.api.RmwOp;
import dev.klpct.api.Site;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The LKMM view machine: its invariants (choices, RMW atomicity, canonical form) and its rules, one
 * test per line of the class comment.
 */
class ViewMemoryTest {
  private static final Loc X = new Loc(0, "x", Loc.Kind.SHARED, 3, 3, 0);
  private static final Loc Y = new Loc(1, "y", Loc.Kind.SHARED, 3, 3, 0);
  private static final Loc[] LAYOUT = {X, Y};
  private static final WeakMemory.Sink NONE = (x, o, n, c, s) -> {};

  private final SiteTable sites = new SiteTable();
  private final ViewMemory vm =
      new ViewMemory(LAYOUT, 2, sites, new boolean[LAYOUT.length], new boolean[LAYOUT.length]);
  private final int site = sites.id(Site.of("f", "WRITE_ONCE"));

  private MemoryState fresh(int[] mem) {
    MemoryState s = new MemoryState();
    vm.init(s, mem);
    return s;
  }

  @Test
  void aLoadMayReadEveryStoreItHasNotSeenPastAndOnlyThose() {
    int[] mem = {0, 0};
    MemoryState s = fresh(mem);
    vm.store(s, mem, 0, 0, 1, false, 0, site, NONE);
    vm.store(s, mem, 0, 0, 2, false, 0, site, NONE);
    assertThat(mem[0]).isEqualTo(2);
    assertThat(vm.loadChoices(s, 1, 0)).isEqualTo(3); // 2, 1 or the initial 0
    assertThat(vm.load(s, mem, 1, 0, 1, false)).isEqualTo(1);
    assertThat(vm.loadChoices(s, 1, 0)).as("CoRR: never back to 0").isEqualTo(2);
    assertThat(vm.loadChoices(s, 0, 0)).as("CoWR: the writer sees its own store").isEqualTo(1);
  }

  @Test
  void nothingIsPlacedBetweenAnRmwAndTheStoreItRead() {
    int[] mem = {0, 0};
    MemoryState s = fresh(mem);
    int old = vm.rmw(s, mem, 0, 0, RmwOp.ADD, 1, 0, Integer.MIN_VALUE, false, false, 0, site, NONE);
    assertThat(old).isZero();
    // CPU1 has seen nothing: it may go after the RMW's store only, not between 0 and it.
    assertThat(vm.storeChoices(s, 1, 0)).isEqualTo(1);
    // and a second RMW may not read the initial 0 the first one already consumed
    assertThat(vm.rmwChoices(s, mem, 1, 0, RmwOp.ADD, 0, Integer.MIN_VALUE)).isEqualTo(1);
  }

  @Test
  void equalHistoriesEncodeEquallyOnceCanonical() {
    int[] memA = {0, 0};
    MemoryState a = fresh(memA);
    vm.store(a, memA, 0, 0, 1, false, 0, site, NONE);
    vm.store(a, memA, 0, 0, 2, false, 0, site, NONE);
    vm.loadLatest(a, memA, 1, 0);
    int[] memB = {0, 0};
    MemoryState b = fresh(memB);
    vm.store(b, memB, 0, 0, 2, false, 0, site, NONE);
    vm.loadLatest(b, memB, 1, 0);
    boolean[] running = {false, false};
    vm.canonicalize(a, running);
    vm.canonicalize(b, running);
    assertThat(Arrays.copyOf(a.a, a.len)).isEqualTo(Arrays.copyOf(b.a, b.len));
    assertThat(vm.loadChoices(a, 1, 0)).isEqualTo(1);
  }

  /**
   * Who wrote a store is forgotten where no later step asks (class comment of ViewMemory): not on
   * an observed location, nor for a store of 0 to a lock word, which a spin_lock may take over
   * from.
   */
  @Test
  void theCanonicalFormForgetsWhoWroteAStoreWhereNoLaterStepAsks() {
    int other = sites.id(Site.of("g", "WRITE_ONCE"));
    boolean[] none = {false, false};
    boolean[] x = {true, false};
    assertThat(afterStores(vm, site, 1)).isEqualTo(afterStores(vm, other, 1));
    assertThat(afterStores(vm, site, 0)).isEqualTo(afterStores(vm, other, 0));
    ViewMemory lockX = new ViewMemory(LAYOUT, 2, sites, none, x);
    assertThat(afterStores(lockX, site, 1)).isEqualTo(afterStores(lockX, other, 1));
    assertThat(afterStores(lockX, site, 0))
        .as("a lock word's store of 0 keeps its writer")
        .isNotEqualTo(afterStores(lockX, other, 0));
    ViewMemory observingX = new ViewMemory(LAYOUT, 2, sites, x, none);
    assertThat(afterStores(observingX, site, 1))
        .as("an observed location keeps its writers")
        .isNotEqualTo(afterStores(observingX, other, 1));
  }

  /** CPU0 stores 2 to x, then {@code value} at {@code at}; the canonical state's ints. */
  private static int[] afterStores(ViewMemory m, int at, int value) {
    int[] mem = {0, 0};
    MemoryState s = new MemoryState();
    m.init(s, mem);
    m.store(s, mem, 0, 0, 2, false, 0, at, NONE);
    m.store(s, mem, 0, 0, value, false, 0, at, NONE);
    m.canonicalize(s, new boolean[] {false, false});
    assertThat(m.loadChoices(s, 1, 0)).as("CPU1 may still read every store").isEqualTo(3);
    return Arrays.copyOf(s.a, s.len);
  }

  /**
   * The parts a search stores apart tile the state, in order: S, CPU0's and CPU1's views, x's and
   * y's messages. A store to x by CPU0 changes CPU0's views and x's messages and leaves S, CPU1's
   * views and y's messages as they were, which is what lets states share those parts.
   */
  @Test
  void aStoreChangesOnlyItsCpusViewsAndItsLocationsMessagesAmongTheParts() {
    int[] mem = {0, 0};
    MemoryState s = fresh(mem);
    StateParts parts = vm.stateParts();
    assertThat(parts.count()).isEqualTo(1 + 2 + 2);
    int[] before = new int[6];
    parts.bounds(s, before);
    int[][] was = partsOf(s, before);

    vm.store(s, mem, 0, 0, 1, false, 0, site, NONE);
    int[] after = new int[6];
    parts.bounds(s, after);
    int[][] now = partsOf(s, after);

    assertThat(after[0]).isZero();
    assertThat(after[5]).isEqualTo(s.len);
    assertThat(after).isSorted();
    assertThat(now[0]).as("S").isEqualTo(was[0]);
    assertThat(now[1]).as("CPU0's views").isNotEqualTo(was[1]);
    assertThat(now[2]).as("CPU1's views").isEqualTo(was[2]);
    assertThat(now[3].length).as("x's messages: one more").isGreaterThan(was[3].length);
    assertThat(now[4]).as("y's messages").isEqualTo(was[4]);
  }

  private static int[][] partsOf(MemoryState s, int[] bounds) {
    int[][] p = new int[bounds.length - 1][];
    for (int k = 0; k < p.length; k++) {
      p[k] = Arrays.copyOfRange(s.a, bounds[k], bounds[k + 1]);
    }
    return p;
  }

  @Test
  void publishingGivesAnotherCpuWhatTheCallerHasSeenAndNoMore() {
    int[] mem = {0, 0};
    MemoryState s = fresh(mem);
    vm.store(s, mem, 0, 0, 1, false, 0, site, NONE); // CPU0: x = 1
    vm.store(s, mem, 1, 1, 1, false, 0, site, NONE); // CPU1: y = 1, which CPU0 has not seen
    MemoryState other = new MemoryState();
    other.copyFrom(s);
    vm.publishTo(s, 0, 1);
    assertThat(vm.loadChoices(s, 1, 0)).as("CPU1 now reads only x = 1").isEqualTo(1);
    assertThat(vm.loadChoices(s, 0, 1)).as("CPU0 still may read y = 0").isEqualTo(2);
    assertThat(vm.loadChoices(other, 1, 0)).as("without it CPU1 may read x = 0").isEqualTo(2);
  }

  @Test
  void aStoreThatReachedACpuGoesBeforeThatCpusLaterStoresInCoherence() {
    int[] mem = {0, 0};
    MemoryState s = fresh(mem);
    vm.store(s, mem, 1, 0, 1, false, 0, site, NONE); // CPU1: x = 1
    assertThat(vm.storeChoices(s, 0, 0)).as("CPU0 may go before or after it").isEqualTo(2);
    vm.seeAll(s, 0);
    assertThat(vm.storeChoices(s, 0, 0)).as("once it has reached CPU0: only after").isEqualTo(1);
  }

  @Test
  void aFullFenceMakesTheOtherSideOfStoreBufferingSeeTheStore() {
    int[] mem = {0, 0};
    MemoryState s = fresh(mem);
    vm.store(s, mem, 0, 0, 1, false, 0, site, NONE); // CPU0: x = 1
    vm.mb(s, 0); // CPU0: smp_mb()
    vm.store(s, mem, 1, 1, 1, false, 0, site, NONE); // CPU1: y = 1
    vm.mb(s, 1); // CPU1: smp_mb()
    assertThat(vm.loadChoices(s, 1, 0)).as("CPU1 after its fence: only x = 1").isEqualTo(1);
    assertThat(vm.loadChoices(s, 0, 1)).as("CPU0 fenced first: may still read y = 0").isEqualTo(2);
  }

  // ---- the rules of the class comment, one by one -------------------------------------------

  /** CPU0: x = 1; [smp_wmb()]; y = 1. CPU1 has read y = 1. */
  private MemoryState messagePassing(int[] mem, boolean wmb) {
    MemoryState s = fresh(mem);
    vm.store(s, mem, 0, 0, 1, false, 0, site, NONE);
    if (wmb) {
      vm.wmb(s, 0);
    }
    vm.store(s, mem, 0, 1, 1, false, 0, site, NONE);
    assertThat(vm.load(s, mem, 1, 1, 0, false)).isEqualTo(1);
    return s;
  }

  @Test
  void smpRmbMakesWhatEarlierLoadsCarriedBinding() {
    MemoryState s = messagePassing(new int[] {0, 0}, true);
    assertThat(vm.loadChoices(s, 1, 0)).as("before smp_rmb(): x = 0 still readable").isEqualTo(2);
    vm.rmb(s, 1);
    assertThat(vm.loadChoices(s, 1, 0)).as("VR ⊔= ACQ: only x = 1").isEqualTo(1);
  }

  @Test
  void smpWmbOrdersTheCpusOwnStoresForPlainStoresToCarry() {
    MemoryState s = messagePassing(new int[] {0, 0}, false);
    vm.rmb(s, 1);
    assertThat(vm.loadChoices(s, 1, 0)).as("without smp_wmb() y = 1 carries nothing").isEqualTo(2);
  }

  @Test
  void aReleaseStoreCarriesWhatItsCpuHadSeenAndAnAcquireLoadTakesIt() {
    for (boolean acquire : new boolean[] {false, true}) {
      int[] mem = {0, 0};
      MemoryState s = fresh(mem);
      vm.store(s, mem, 0, 0, 1, false, 0, site, NONE); // CPU0: x = 1
      vm.store(s, mem, 0, 1, 1, true, 0, site, NONE); // CPU0: smp_store_release(y, 1)
      assertThat(vm.load(s, mem, 1, 1, 0, acquire)).isEqualTo(1); // CPU1 reads y = 1
      assertThat(vm.loadChoices(s, 1, 0))
          .as("x choices of CPU1 after a%s load of y = 1", acquire ? "n acquire" : " plain")
          .isEqualTo(acquire ? 1 : 2);
    }
  }

  @Test
  void spinLockAfterTheCpusOwnUnlockOrdersWhatCameBefore() {
    // po-unlock-lock-po: CPU1 has read y = 1 (ACQ carries x = 1), unlocked, and takes a lock:
    // VR ⊔= ACQ, so its later loads of x see x = 1 without any smp_rmb().
    MemoryState s = messagePassing(new int[] {0, 0}, true);
    assertThat(vm.loadChoices(s, 1, 0)).isEqualTo(2);
    MemoryStep cpu1 = new FakeStep(1, new int[] {0, 0});
    vm.bind(s);
    vm.locking(cpu1);
    assertThat(vm.loadChoices(s, 1, 0)).as("no unlock before: nothing joined").isEqualTo(2);
    vm.unlocked(cpu1);
    vm.locking(cpu1);
    assertThat(vm.loadChoices(s, 1, 0)).isEqualTo(1);
  }

  /** The step of {@code cpu}: what a memory system's lock hooks read of it. */
  private static final class FakeStep implements MemoryStep {
    private final int cpu;
    private final int[] values;

    FakeStep(int cpu, int[] values) {
      this.cpu = cpu;
      this.values = values;
    }

    @Override
    public int cpu() {
      return cpu;
    }

    @Override
    public int[] values() {
      return values;
    }

    @Override
    public int choose(int outcomes) {
      return 0;
    }

    @Override
    public void touch(Loc x, boolean write) {}

    @Override
    public void touchFenceOrder() {}

    @Override
    public boolean recording() {
      return false;
    }

    @Override
    public void remark(@Nullable String note) {}

    @Override
    public int siteId() {
      return 0;
    }

    @Override
    public void stored(Loc x, int old, int neu) {}

    @Override
    public void stored(Loc x, int old, int neu, int cpu, int siteId) {}
  }
}
