package dev.klpct.lkmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.klpct.lkmm.Event.FenceKind;
import dev.klpct.lkmm.Event.LockKind;
import dev.klpct.lkmm.Event.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The model on execution graphs built by hand: each test is one classic execution, with the check
 * that forbids it (or none) as {@code linux-kernel.cat} says, and as {@code
 * tools/memory-model/Documentation/explanation.txt} explains.
 */
class LkmmTest {
  private static final int X = 0;
  private static final int Y = 1;

  /** Builds a graph: events in program order per thread, then rf and co by index. */
  private static final class G {
    final EventStructure.Builder s = EventStructure.builder();
    final List<Event> events = new ArrayList<>();
    final List<int[]> rf = new ArrayList<>();
    final List<int[]> co = new ArrayList<>();
    int n;

    @CanIgnoreReturnValue
    int add(Event e) {
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i).thread() == e.thread() && e.thread() >= 0) {
          s.po(i, n);
        }
      }
      events.add(e);
      s.add(e);
      return n++;
    }

    @CanIgnoreReturnValue
    G rf(int w, int r) {
      rf.add(new int[] {w, r});
      return this;
    }

    @CanIgnoreReturnValue
    G co(int a, int b) {
      co.add(new int[] {a, b});
      return this;
    }

    ExecutionGraph graph() {
      EventStructure es = s.build();
      Relation.Builder r = Relation.builder(n);
      rf.forEach(p -> r.add(p[0], p[1]));
      Relation.Builder c = Relation.builder(n);
      co.forEach(p -> c.add(p[0], p[1]));
      return ExecutionGraph.of(es, r.build(), c.build());
    }

    Optional<Axiom> failed() {
      return Lkmm.check(graph()).failed();
    }
  }

  private static Event w(int t, int loc) {
    return new Event.Write(t, loc, Mode.ONCE, false);
  }

  private static Event r(int t, int loc) {
    return new Event.Read(t, loc, Mode.ONCE, false);
  }

  private static Event f(int t, FenceKind k) {
    return new Event.Fence(t, k);
  }

  /** MP with the reader seeing the flag but not the data; {@code fence} between the writes. */
  private static G mp(FenceKind writer, FenceKind reader) {
    G g = new G();
    int ix = g.add(new Event.InitWrite(X));
    int iy = g.add(new Event.InitWrite(Y));
    int wx = g.add(w(0, X));
    if (writer != null) {
      g.add(f(0, writer));
    }
    int wy = g.add(w(0, Y));
    int ry = g.add(r(1, Y));
    if (reader != null) {
      g.add(f(1, reader));
    }
    int rx = g.add(r(1, X));
    return g.rf(wy, ry).rf(ix, rx).co(ix, wx).co(iy, wy);
  }

  @Test
  void messagePassingNeedsFencesOnBothSides() {
    assertThat(mp(null, null).failed()).isEmpty();
    assertThat(mp(FenceKind.WMB, null).failed()).isEmpty();
    assertThat(mp(null, FenceKind.RMB).failed()).isEmpty();
    // prop from the read of x to the read of y (fre ; wmb ; rfe) closes an hb cycle with rmb
    assertThat(mp(FenceKind.WMB, FenceKind.RMB).failed()).contains(Axiom.HAPPENS_BEFORE);
    assertThat(mp(FenceKind.MB, FenceKind.MB).failed()).contains(Axiom.HAPPENS_BEFORE);
  }

  /** SB with both reads of the initial values. */
  private static G sb(FenceKind fence) {
    G g = new G();
    int ix = g.add(new Event.InitWrite(X));
    int iy = g.add(new Event.InitWrite(Y));
    int wx = g.add(w(0, X));
    if (fence != null) {
      g.add(f(0, fence));
    }
    int ry = g.add(r(0, Y));
    int wy = g.add(w(1, Y));
    if (fence != null) {
      g.add(f(1, fence));
    }
    int rx = g.add(r(1, X));
    return g.rf(iy, ry).rf(ix, rx).co(ix, wx).co(iy, wy);
  }

  @Test
  void storeBufferingNeedsStrongFences() {
    assertThat(sb(null).failed()).isEmpty();
    assertThat(sb(FenceKind.WMB).failed()).isEmpty();
    assertThat(sb(FenceKind.RMB).failed()).isEmpty();
    assertThat(sb(FenceKind.MB).failed()).contains(Axiom.PROPAGATION);
    // a grace period is a strong fence too
    assertThat(sb(FenceKind.SYNC_RCU).failed()).contains(Axiom.PROPAGATION);
  }

  @Test
  void accessesToOneLocationFollowCoherence() {
    // CoRR: herd7 never generates this candidate (cos-opt.cat's ConsCo rejects it first)
    G g = new G();
    int ix = g.add(new Event.InitWrite(X));
    int wx = g.add(w(0, X));
    int r1 = g.add(r(1, X));
    int r2 = g.add(r(1, X));
    g.rf(wx, r1).rf(ix, r2).co(ix, wx);
    assertThat(g.failed()).contains(Axiom.CONS_CO);
    // CoWW given a coherence order against program order: the coherence axiom
    G h = new G();
    int iy = h.add(new Event.InitWrite(X));
    int w1 = h.add(w(0, X));
    int w2 = h.add(w(0, X));
    h.co(iy, w2).co(w2, w1);
    assertThat(h.failed()).contains(Axiom.COHERENCE);
  }

  @Test
  void nothingComesBetweenTheHalvesOfAnRmw() {
    G g = new G();
    int ix = g.add(new Event.InitWrite(X));
    int rd = g.add(new Event.Read(0, X, Mode.ONCE, true));
    int wr = g.add(new Event.Write(0, X, Mode.ONCE, true));
    int other = g.add(w(1, X));
    g.s.rmw(rd, wr);
    g.rf(ix, rd).co(ix, other).co(other, wr);
    assertThat(g.failed()).contains(Axiom.ATOMIC);
  }

  /** RCU-MP: the writer waits for a grace period; the reader is in a read-side section. */
  @Test
  void gracePeriodOutlastsReadSideSections() {
    G g = new G();
    int ix = g.add(new Event.InitWrite(X));
    int iy = g.add(new Event.InitWrite(Y));
    int wx = g.add(w(0, X));
    g.add(f(0, FenceKind.SYNC_RCU));
    int wy = g.add(w(0, Y));
    g.add(f(1, FenceKind.RCU_LOCK));
    int ry = g.add(r(1, Y));
    int rx = g.add(r(1, X));
    g.add(f(1, FenceKind.RCU_UNLOCK));
    g.rf(wy, ry).rf(ix, rx).co(ix, wx).co(iy, wy);
    assertThat(g.failed()).contains(Axiom.RCU);
  }

  @Test
  void plainAccessesRaceUnlessOrdered() {
    G g = new G();
    int ix = g.add(new Event.InitWrite(X));
    int wx = g.add(new Event.Write(0, X, Mode.PLAIN, false));
    int rx = g.add(new Event.Read(1, X, Mode.PLAIN, false));
    g.rf(ix, rx).co(ix, wx);
    LkmmVerdict v = Lkmm.check(g.graph());
    assertThat(v.allowed()).isTrue();
    assertThat(v.flags()).containsExactly(Flag.DATA_RACE);
  }

  @Test
  void twoLocksNeverUnlockedDeadlock() {
    G g = new G();
    int il = g.add(new Event.InitWrite(X));
    g.add(new Event.Lock(0, X, LockKind.LKR));
    int k0 = g.add(new Event.Lock(0, X, LockKind.LKW));
    g.add(new Event.Lock(1, X, LockKind.LKR));
    int k1 = g.add(new Event.Lock(1, X, LockKind.LKW));
    g.co(il, k0).co(k0, k1);
    assertThat(g.failed()).contains(Axiom.UNMATCHED_LOCKS);
  }

  @Test
  void criticalSectionsOfOneLockAreOrdered() {
    // P0: lock; W x; unlock.  P1: lock; R x (initial); unlock; P1's section after P0's in co
    G g = new G();
    int ix = g.add(new Event.InitWrite(X));
    int il = g.add(new Event.InitWrite(Y));
    g.add(new Event.Lock(0, Y, LockKind.LKR));
    int k0 = g.add(new Event.Lock(0, Y, LockKind.LKW));
    int wx = g.add(w(0, X));
    g.add(new Event.Lock(0, Y, LockKind.UL));
    g.add(new Event.Lock(1, Y, LockKind.LKR));
    int k1 = g.add(new Event.Lock(1, Y, LockKind.LKW));
    int rx = g.add(r(1, X));
    g.add(new Event.Lock(1, Y, LockKind.UL));
    g.rf(ix, rx).co(ix, wx).co(il, k0).co(k0, k1);
    assertThat(g.failed()).contains(Axiom.HAPPENS_BEFORE);
  }

  @Test
  void graphsThatAreNotCandidatesAreRefused() {
    EventStructure.Builder b = EventStructure.builder();
    int a = b.add(w(0, X));
    int c = b.add(w(1, X));
    b.po(a, c);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not within one thread");

    G unread = new G();
    unread.add(new Event.InitWrite(X));
    unread.add(r(0, X));
    assertThatThrownBy(unread::graph)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 0 rf sources");

    G unordered = new G();
    int ix = unordered.add(new Event.InitWrite(X));
    unordered.add(w(0, X));
    unordered.add(w(1, X));
    unordered.co(ix, 1);
    assertThatThrownBy(unordered::graph)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("co does not order");
  }
}
