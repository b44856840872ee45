package dev.klpct.checker.internal.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Loc;
import dev.klpct.api.RmwOp;
import dev.klpct.api.Site;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The LKMM view machine's own invariants: choices, RMW atomicity, canonical form. */
class ViewMemoryTest {
  private static final Loc X = new Loc(0, "x", Loc.Kind.SHARED, 3, 3, 0);
  private static final Loc Y = new Loc(1, "y", Loc.Kind.SHARED, 3, 3, 0);
  private static final Loc[] LAYOUT = {X, Y};
  private static final WeakMemory.Sink NONE = (x, o, n, c, s) -> {};

  private final SiteTable sites = new SiteTable();
  private final ViewMemory vm = new ViewMemory(LAYOUT, 2, sites);
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
}
