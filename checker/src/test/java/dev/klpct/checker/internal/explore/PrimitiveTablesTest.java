package dev.klpct.checker.internal.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Ordering;
import dev.klpct.checker.litmus.Primitive.Fence;
import dev.klpct.checker.litmus.Primitive.Load;
import dev.klpct.checker.litmus.Primitive.Lock;
import dev.klpct.checker.litmus.Primitive.LockOp;
import dev.klpct.checker.litmus.Primitive.Rmw;
import dev.klpct.checker.litmus.Primitive.Store;
import dev.klpct.lkmm.Event.FenceKind;
import dev.klpct.lkmm.Event.Mode;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The kernel model's primitive table ({@link Primitive}) and the litmus dialect's ({@link
 * dev.klpct.checker.litmus.Primitive}, herd7's {@code linux-kernel.def}) are kept apart on purpose:
 * their columns barely intersect (trace formats and model-time steps on one side, LKMM event modes,
 * RCU and SRCU on the other). What keeps them honest is this test: on every name both have, they
 * agree on the kind of access, the RMW operation, the ordering and whether a value is returned.
 */
class PrimitiveTablesTest {

  /** The names both tables have; a row added to either with a shared name must join here. */
  private static final Set<String> SHARED =
      Set.of(
          "READ_ONCE",
          "WRITE_ONCE",
          "smp_load_acquire",
          "smp_store_release",
          "atomic_read",
          "atomic_set",
          "smp_mb",
          "smp_rmb",
          "smp_wmb",
          "smp_mb__before_atomic",
          "smp_mb__after_atomic",
          "spin_lock",
          "spin_unlock",
          "atomic_or",
          "atomic_andnot",
          "atomic_add_return",
          "atomic_fetch_or",
          "atomic_fetch_andnot",
          "atomic_cmpxchg");

  @Test
  void theTablesShareNineteenNames() {
    Set<String> shared = new TreeSet<>();
    for (Primitive p : Primitive.values()) {
      if (dev.klpct.checker.litmus.Primitive.named(p.kernelName).isPresent()) {
        shared.add(p.kernelName);
      }
    }
    assertThat(shared).containsExactlyInAnyOrderElementsOf(SHARED).hasSize(19);
  }

  @Test
  void onEverySharedNameTheTablesAgree() {
    int checked = 0;
    for (Primitive k : Primitive.values()) {
      if (k == Primitive.MB_AFTER_RMW || k == Primitive.TAC_EARLY_READ) {
        continue; // parts of another primitive's step, named after it
      }
      Optional<dev.klpct.checker.litmus.Primitive> named =
          dev.klpct.checker.litmus.Primitive.named(k.kernelName);
      if (named.isEmpty()) {
        continue;
      }
      dev.klpct.checker.litmus.Primitive d = named.get();
      String what = k.kernelName;
      assertThat(d.returns())
          .as(what + " returns a value")
          .isEqualTo(k.result != Primitive.Result.NONE);
      switch (k.shape) {
        case LOAD -> {
          assertThat(d).as(what).isInstanceOf(Load.class);
          assertThat(ordering(((Load) d).mode())).as(what).isEqualTo(k.ordering);
        }
        case STORE -> {
          if (d instanceof Lock l) {
            assertThat(l.op()).as(what).isEqualTo(LockOp.UNLOCK);
            assertThat(k.ordering).as(what).isEqualTo(Ordering.RELEASE);
          } else {
            assertThat(d).as(what).isInstanceOf(Store.class);
            assertThat(((Store) d).fenceAfter()).as(what).isFalse();
            assertThat(ordering(((Store) d).mode())).as(what).isEqualTo(k.ordering);
          }
        }
        case RMW -> {
          if (d instanceof Lock l) {
            assertThat(l.op()).as(what).isEqualTo(LockOp.LOCK);
            assertThat(k.ordering).as(what).isEqualTo(Ordering.ACQUIRE);
          } else {
            assertThat(d).as(what).isInstanceOf(Rmw.class);
            Rmw r = (Rmw) d;
            assertThat(r.op().name()).as(what).isEqualTo(String.valueOf(k.rmwOp));
            assertThat(ordering(r.mode())).as(what).isEqualTo(k.ordering);
          }
        }
        case FENCE -> {
          assertThat(d).as(what).isInstanceOf(Fence.class);
          assertThat(ordering(((Fence) d).kind())).as(what).isEqualTo(k.ordering);
        }
        default -> throw new AssertionError(what + ": a " + k.shape + " row in both tables");
      }
      checked++;
    }
    assertThat(checked).isEqualTo(SHARED.size());
  }

  /** The kernel ordering of an LKMM access mode; NORETURN RMWs are unordered, as ONCE ones. */
  private static Ordering ordering(Mode m) {
    return switch (m) {
      case ONCE, NORETURN -> Ordering.RELAXED;
      case ACQUIRE -> Ordering.ACQUIRE;
      case RELEASE -> Ordering.RELEASE;
      case MB -> Ordering.FULL;
      case PLAIN -> throw new AssertionError("the dialect has no plain-access primitive");
    };
  }

  /** The kernel ordering of a fence: the full ones order everything, the others a kind. */
  private static Ordering ordering(FenceKind f) {
    return switch (f) {
      case MB, BEFORE_ATOMIC, AFTER_ATOMIC -> Ordering.FULL;
      case RMB, WMB -> Ordering.RELAXED;
      default -> throw new AssertionError("no kernel-model fence of kind " + f);
    };
  }
}
