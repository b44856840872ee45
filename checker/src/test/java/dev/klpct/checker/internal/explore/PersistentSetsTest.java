package dev.klpct.checker.internal.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Loc;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The persistent-set choice on hand-made footprints: which CPUs' steps a reduced search explores,
 * given what each enabled step touched and what each CPU may ever touch (the layout's masks).
 */
class PersistentSetsTest {
  private static final long CPU0 = 1;
  private static final long CPU1 = 2;
  private static final long CPU2 = 4;
  private static final long ALL = CPU0 | CPU1 | CPU2;

  /** Private to CPU0, CPU1, CPU2; x shared by all; y read by CPU0, written by CPU2 only. */
  private static final Loc P0 = new Loc(0, "p0", Loc.Kind.SHARED, CPU0, CPU0, 0);

  private static final Loc P1 = new Loc(1, "p1", Loc.Kind.SHARED, CPU1, CPU1, 0);
  private static final Loc P2 = new Loc(2, "p2", Loc.Kind.SHARED, CPU2, CPU2, 0);
  private static final Loc X = new Loc(3, "x", Loc.Kind.SHARED, ALL, ALL, 0);
  private static final Loc Y = new Loc(4, "y", Loc.Kind.SHARED, CPU0, CPU2, 0);
  private static final Loc[] LAYOUT = {P0, P1, P2, X, Y};

  private final PersistentSets sets = new PersistentSets(LAYOUT, 3);

  private static Footprint touching(Loc l, boolean write) {
    Footprint f = new Footprint();
    f.add(l, write);
    return f;
  }

  /** The CPUs whose steps the last {@link #choose} asked for. */
  private final boolean[] asked = new boolean[3];

  private boolean[] choose(boolean[] enabled, boolean[] alive, Footprint... footprints) {
    Arrays.fill(asked, false);
    PersistentSets.Steps steps =
        new PersistentSets.Steps() {
          @Override
          public boolean enabled(int c) {
            asked[c] = true;
            return enabled[c];
          }

          @Override
          public Footprint footprint(int c) {
            asked[c] = true;
            return footprints[c];
          }
        };
    return sets.choose(steps, alive).clone();
  }

  @Test
  void independentStepsNeedOnlyOneCpuExplored() {
    boolean[] p =
        choose(
            new boolean[] {true, true, true},
            new boolean[] {true, true, true},
            touching(P0, true),
            touching(P1, true),
            touching(P2, true));

    assertThat(p).containsExactly(true, false, false);
    // CPU0 alone is a set of one: the other CPUs' steps need not be run at this state.
    assertThat(asked).containsExactly(true, false, false);
  }

  @Test
  void aStepThatConflictsWithAnotherCpusFutureBringsThatCpuIn() {
    // Each step writes x, which every CPU may read: no CPU can be left out.
    boolean[] p =
        choose(
            new boolean[] {true, true, true},
            new boolean[] {true, true, true},
            touching(X, true),
            touching(X, true),
            touching(X, true));

    assertThat(p).containsExactly(true, true, true);
  }

  @Test
  void aReadConflictsOnlyWithCpusThatMayWrite() {
    // CPU0 reads y, which only CPU2 writes, and CPU2's write of y concerns only CPU0, its one
    // reader: {CPU0, CPU2}. CPU1's write of x would bring in everyone.
    boolean[] p =
        choose(
            new boolean[] {true, true, true},
            new boolean[] {true, true, true},
            touching(Y, false),
            touching(X, true),
            touching(Y, true));

    assertThat(p).containsExactly(true, false, true);
  }

  @Test
  void theSmallestSetWins() {
    // From CPU0: its write of x conflicts with everyone. From CPU1: only p1. CPU1 alone.
    boolean[] p =
        choose(
            new boolean[] {true, true, true},
            new boolean[] {true, true, true},
            touching(X, true),
            touching(P1, true),
            touching(X, true));

    assertThat(p).containsExactly(false, true, false);
    // CPU0's closure asked for every CPU before CPU1's set of one was found.
    assertThat(asked).containsExactly(true, true, true);
  }

  @Test
  void aBlockedCpuInTheSetBringsInTheCpusThatMayEnableIt() {
    // CPU0 (enabled) writes x; CPU1 (blocked) waits on x; CPU2 (enabled) writes p2 only.
    // From CPU2 the set is {CPU2}; from CPU0 it would be all three. CPU2 alone.
    boolean[] p =
        choose(
            new boolean[] {true, false, true},
            new boolean[] {true, true, true},
            touching(X, true),
            touching(X, false),
            touching(P2, true));
    assertThat(p).containsExactly(false, false, true);

    // Now CPU2's step writes x too: from CPU2, CPU0 and the blocked CPU1 join (they read x), and
    // CPU1, which waits on x, brings in every CPU that may write x.
    p =
        choose(
            new boolean[] {true, false, true},
            new boolean[] {true, true, true},
            touching(X, true),
            touching(X, false),
            touching(X, true));
    assertThat(p).containsExactly(true, true, true);
  }

  @Test
  void aCpuThatCanNeverActAgainIsLeftOut() {
    // CPU1 has finished (not alive): the write of x does not bring it in.
    boolean[] p =
        choose(
            new boolean[] {true, false, false},
            new boolean[] {true, false, false},
            touching(X, true),
            new Footprint(),
            new Footprint());

    assertThat(p).containsExactly(true, false, false);
  }

  @Test
  void noEnabledCpuChoosesNoneAfterAskingForEveryLiveCpu() {
    boolean[] p =
        choose(
            new boolean[] {false, false, false},
            new boolean[] {true, false, true},
            touching(X, false),
            new Footprint(),
            touching(X, false));

    assertThat(p).containsExactly(false, false, false);
    assertThat(asked).containsExactly(true, false, true);
  }

  @Test
  void theUnreducedChoiceIsEveryCpu() {
    assertThat(sets.all().clone()).containsExactly(true, true, true);
  }
}
