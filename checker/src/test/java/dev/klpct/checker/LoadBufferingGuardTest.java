package dev.klpct.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.BuiltInProperty;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The view machine's load-buffering guard (docs/memory-models.md): under {@code lkmm} a contract
 * that no execution violates is INCONCLUSIVE, not HOLDS, while a CPU executes a read and then,
 * unordered, a store to another location that other CPUs could turn into load buffering. Shapes of
 * LB+po+po: CPU0 reads x then writes y, CPU1 reads y then writes x.
 */
class LoadBufferingGuardTest {
  private static final Site R0 = Site.of("cpu0_reads", "READ_ONCE(x)");
  private static final Site W0 = Site.of("cpu0_writes", "WRITE_ONCE(y)");
  private static final Site R1 = Site.of("cpu1_reads", "READ_ONCE(y)");
  private static final Site W1 = Site.of("cpu1_writes", "WRITE_ONCE(x)");
  private static final Site F = Site.of("fence", "smp_mb()");

  /** CPU0 runs {@code cpu0(k, x, y)}, CPU1 reads y then writes x (ctrl-dependent on nothing). */
  private static CheckReport lb(MemoryModel model, BiConsumer<Kernel, Loc[]> cpu0) {
    TinyMachine.Builder b = TinyMachine.builder("lb", 2);
    Loc x = b.shared("x");
    Loc y = b.shared("y");
    b.routines(0, 1, k -> cpu0.accept(k, new Loc[] {x, y}));
    b.routines(
        1,
        1,
        k -> {
          k.setReg(1, k.READ_ONCE(y, R1));
          k.smp_mb(F);
          k.WRITE_ONCE(x, 1, W1);
        });
    b.terminal("not-both-one", s -> !(s.register(0, 1) == 1 && s.register(1, 1) == 1));
    return new Checker(CheckOptions.defaults().withThreads(1).withMemoryModel(model))
        .check(b.build());
  }

  private static Verdict verdict(CheckReport r, String id) {
    return r.verdict(id).orElseThrow().verdict();
  }

  @Test
  void anUnorderedReadThenWriteMakesLkmmInconclusiveAndNamesTheSites() {
    CheckReport r =
        lb(
            MemoryModel.LKMM,
            (k, l) -> {
              k.setReg(1, k.READ_ONCE(l[0], R0));
              k.WRITE_ONCE(l[1], 1, W0);
            });

    assertThat(verdict(r, "not-both-one")).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(verdict(r, BuiltInProperty.MODEL_SOUND.id())).isEqualTo(Verdict.HOLDS);
    assertThat(r.unorderedPairs())
        .containsExactly(
            "cpu0_reads: READ_ONCE(x) reads x, then cpu0_writes: WRITE_ONCE(y) writes y");
  }

  @Test
  void otherModelsAreNotGuarded() {
    CheckReport r =
        lb(
            MemoryModel.SC,
            (k, l) -> {
              k.setReg(1, k.READ_ONCE(l[0], R0));
              k.WRITE_ONCE(l[1], 1, W0);
            });

    assertThat(verdict(r, "not-both-one")).isEqualTo(Verdict.HOLDS);
    assertThat(r.unorderedPairs()).isEmpty();
  }

  @Test
  void aFullFenceOrdersThePair() {
    CheckReport r =
        lb(
            MemoryModel.LKMM,
            (k, l) -> {
              k.setReg(1, k.READ_ONCE(l[0], R0));
              k.smp_mb(F);
              k.WRITE_ONCE(l[1], 1, W0);
            });

    assertThat(r.unorderedPairs()).isEmpty();
    assertThat(verdict(r, "not-both-one")).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void anAcquireReadOrAReleaseStoreOrdersThePair() {
    CheckReport acquire =
        lb(
            MemoryModel.LKMM,
            (k, l) -> {
              k.setReg(1, k.smp_load_acquire(l[0], R0));
              k.WRITE_ONCE(l[1], 1, W0);
            });
    CheckReport release =
        lb(
            MemoryModel.LKMM,
            (k, l) -> {
              k.setReg(1, k.READ_ONCE(l[0], R0));
              k.smp_store_release(l[1], 1, W0);
            });

    assertThat(acquire.unorderedPairs()).isEmpty();
    assertThat(release.unorderedPairs()).isEmpty();
  }

  @Test
  void aControlOrDataDependencyMeasuredByReplayOrdersThePair() {
    CheckReport ctrl =
        lb(
            MemoryModel.LKMM,
            (k, l) -> {
              int r0 = k.READ_ONCE(l[0], R0);
              k.setReg(1, r0);
              if (r0 == 0) {
                k.WRITE_ONCE(l[1], 1, W0);
              }
            });
    CheckReport data =
        lb(
            MemoryModel.LKMM,
            (k, l) -> {
              int r0 = k.READ_ONCE(l[0], R0);
              k.setReg(1, r0);
              k.WRITE_ONCE(l[1], r0 + 1, W0);
            });

    assertThat(ctrl.unorderedPairs()).isEmpty();
    assertThat(verdict(ctrl, "not-both-one")).isEqualTo(Verdict.HOLDS);
    assertThat(data.unorderedPairs()).isEmpty();
  }

  @Test
  void aDependencyTheValuesDoNotShowIsNoDependency() {
    // if (r0) WRITE_ONCE(y, 1); else WRITE_ONCE(y, 1); : the compiler may merge the branches
    CheckReport r =
        lb(
            MemoryModel.LKMM,
            (k, l) -> {
              int r0 = k.READ_ONCE(l[0], R0);
              k.setReg(1, r0);
              k.WRITE_ONCE(l[1], 1, W0);
            });

    assertThat(r.unorderedPairs()).hasSize(1);
  }

  private static final Site RMB = Site.of("cpu0_rmb", "smp_rmb()");
  private static final Site RZ = Site.of("cpu0_reads_z", "READ_ONCE(z)");

  /**
   * LB+po+mb with a third location z (written by CPU1 too, so that it is weak): CPU0 runs {@code
   * cpu0(k, x, y, z)}, CPU1 reads y, {@code smp_mb()}, writes x.
   */
  private static CheckReport lbz(BiConsumer<Kernel, Loc[]> cpu0) {
    TinyMachine.Builder b = TinyMachine.builder("lb with z", 2);
    Loc x = b.shared("x");
    Loc y = b.shared("y");
    Loc z = b.shared("z");
    b.routines(0, 1, k -> cpu0.accept(k, new Loc[] {x, y, z}));
    b.routines(
        1,
        1,
        k -> {
          k.setReg(1, k.READ_ONCE(y, R1));
          k.smp_mb(F);
          k.WRITE_ONCE(x, 1, W1);
          k.WRITE_ONCE(z, 1, W1);
        });
    b.terminal("not-both-one", s -> !(s.register(0, 1) == 1 && s.register(1, 1) == 1));
    return new Checker(CheckOptions.defaults().withThreads(1).withMemoryModel(MemoryModel.LKMM))
        .check(b.build());
  }

  @Test
  void anSmpRmbBeforeAReadTheStoreDependsOnOrdersTheEarlierRead() {
    // x -> smp_rmb() -> z -> data -> y: rmb ; data is in hb (LB+rmb-data+mb is Never)
    CheckReport r =
        lbz(
            (k, l) -> {
              k.setReg(1, k.READ_ONCE(l[0], R0));
              k.smp_rmb(RMB);
              int z = k.READ_ONCE(l[2], RZ);
              k.WRITE_ONCE(l[1], z + 1, W0);
            });

    assertThat(r.unorderedPairs()).isEmpty();
    assertThat(verdict(r, "not-both-one")).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void anSmpRmbAloneOrAReadBeforeItOrdersNoReadBeforeAStore() {
    CheckReport rmbOnly =
        lbz(
            (k, l) -> {
              k.setReg(1, k.READ_ONCE(l[0], R0));
              k.smp_rmb(RMB);
              k.READ_ONCE(l[2], RZ);
              k.WRITE_ONCE(l[1], 1, W0); // depends on nothing
            });
    CheckReport readBefore =
        lbz(
            (k, l) -> {
              int z = k.READ_ONCE(l[2], RZ);
              k.setReg(1, k.READ_ONCE(l[0], R0));
              k.smp_rmb(RMB);
              k.WRITE_ONCE(l[1], z + 1, W0); // depends on a read before the rmb only
            });

    String pair = "cpu0_reads: READ_ONCE(x) reads x, then cpu0_writes: WRITE_ONCE(y) writes y";
    assertThat(rmbOnly.unorderedPairs()).contains(pair);
    assertThat(verdict(rmbOnly, "not-both-one")).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(readBefore.unorderedPairs()).contains(pair);
  }

  @Test
  void anSmpRmbThenAnAcquireIsNotCountedAsOrdering() {
    // rmb ; acq-po is in hb (LB+rmbacq+mb is Never), but the kernel model's acquire loads of
    // pending IPIs stand for arch IPI ordering, not a kernel acquire: the guard does not use it
    CheckReport r =
        lbz(
            (k, l) -> {
              k.setReg(1, k.READ_ONCE(l[0], R0));
              k.smp_rmb(RMB);
              k.smp_load_acquire(l[2], RZ);
              k.WRITE_ONCE(l[1], 1, W0);
            });

    assertThat(r.unorderedPairs())
        .containsExactly(
            "cpu0_reads: READ_ONCE(x) reads x, then cpu0_writes: WRITE_ONCE(y) writes y");
  }

  @Test
  void anSmpRmbDoesNotOrderTheReadOfAnRmwThatReturnsNothing() {
    // R4rmb excludes Noreturn: set_bit(x)'s read stays unordered with the store to y
    CheckReport r =
        lbz(
            (k, l) -> {
              k.set_bit(0, l[0], R0);
              k.smp_rmb(RMB);
              int z = k.READ_ONCE(l[2], RZ);
              k.WRITE_ONCE(l[1], z + 1, W0);
            });

    assertThat(r.unorderedPairs())
        .contains("cpu0_reads: READ_ONCE(x) reads x, then cpu0_writes: WRITE_ONCE(y) writes y");
  }

  @Test
  void aSuccessfulCmpxchgOfAnotherCpusStoreIsNoLockHandover() {
    // the A-cumulativity caveat is spin_lock's; a fully ordered cmpxchg is a strong fence
    TinyMachine.Builder b = TinyMachine.builder("cmpxchg after a store", 2);
    Loc x = b.shared("x");
    Site cas = Site.of("cpu0_cmpxchg", "atomic_cmpxchg(x, 1, 2)");
    b.routines(0, 1, k -> k.setReg(1, k.atomic_cmpxchg(x, 1, 2, cas)));
    b.routines(1, 1, k -> k.WRITE_ONCE(x, 1, W1));
    b.terminal("true", s -> true);
    CheckReport r =
        new Checker(CheckOptions.defaults().withThreads(1).withMemoryModel(MemoryModel.LKMM))
            .check(b.build());

    assertThat(r.unorderedPairs()).isEmpty();
    assertThat(verdict(r, "true")).isEqualTo(Verdict.HOLDS);
  }

  private static final Site UNLOCK = Site.of("cpu0_unlocks", "mutex_unlock(&m)");
  private static final Site LOCK = Site.of("cpu0_locks", "mutex_lock(&m)");

  @Test
  void aMutexUnlockThenLockOfTheCpuOrdersAReadBeforeTheStoresAfterIt() {
    // po-unlock-lock-po is in the LKMM's ppo: LB+unlocklock+mb is Never under herd7
    CheckReport r =
        lb(
            MemoryModel.LKMM,
            (k, l) -> {
              k.setReg(1, k.READ_ONCE(l[0], R0));
              k.mutex_unlock(UNLOCK);
              k.mutex_lock(LOCK);
              k.WRITE_ONCE(l[1], 1, W0);
            });

    assertThat(r.unorderedPairs()).isEmpty();
    assertThat(verdict(r, "not-both-one")).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void aMutexLockWithoutAnEarlierUnlockOrdersNothing() {
    CheckReport r =
        lb(
            MemoryModel.LKMM,
            (k, l) -> {
              k.setReg(1, k.READ_ONCE(l[0], R0));
              k.mutex_lock(LOCK);
              k.WRITE_ONCE(l[1], 1, W0);
              k.mutex_unlock(UNLOCK);
            });

    assertThat(r.unorderedPairs())
        .containsExactly(
            "cpu0_reads: READ_ONCE(x) reads x, then cpu0_writes: WRITE_ONCE(y) writes y");
    assertThat(verdict(r, "not-both-one")).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void aMutexHandedOverBetweenRoutinesOrdersAcrossThem() {
    // klp_mutex: one klp_transition_work_fn() attempt reads, the next one writes
    TinyMachine.Builder b = TinyMachine.builder("lb across a mutex", 2);
    Loc x = b.shared("x");
    Loc y = b.shared("y");
    b.routines(
        0,
        1,
        k -> {
          k.setReg(1, k.READ_ONCE(x, R0));
          k.mutex_unlock(UNLOCK);
        },
        k -> {
          k.mutex_lock(LOCK);
          k.WRITE_ONCE(y, 1, W0);
        });
    b.routines(
        1,
        1,
        k -> {
          k.setReg(1, k.READ_ONCE(y, R1));
          k.smp_mb(F);
          k.WRITE_ONCE(x, 1, W1);
        });
    b.terminal("not-both-one", s -> !(s.register(0, 1) == 1 && s.register(1, 1) == 1));
    CheckReport r =
        new Checker(CheckOptions.defaults().withThreads(1).withMemoryModel(MemoryModel.LKMM))
            .check(b.build());

    assertThat(r.unorderedPairs()).isEmpty();
    assertThat(verdict(r, "not-both-one")).isEqualTo(Verdict.HOLDS);
  }

  @Test
  void aReadInAnEarlierRoutineIsNotMeasuredAndStaysUnordered() {
    TinyMachine.Builder b = TinyMachine.builder("lb across routines", 2);
    Loc x = b.shared("x");
    Loc y = b.shared("y");
    b.routines(
        0,
        1,
        k -> k.setReg(1, k.READ_ONCE(x, R0)),
        k -> {
          if (k.reg(1) == 0) {
            k.WRITE_ONCE(y, 1, W0);
          }
        });
    b.routines(1, 1, k -> k.setReg(1, k.READ_ONCE(y, R1)), k -> k.WRITE_ONCE(x, 1, W1));
    b.terminal("true", s -> true);
    CheckReport r =
        new Checker(CheckOptions.defaults().withThreads(1).withMemoryModel(MemoryModel.LKMM))
            .check(b.build());

    assertThat(r.unorderedPairs())
        .containsExactly(
            "cpu0_reads: READ_ONCE(x) reads x, then cpu0_writes: WRITE_ONCE(y) writes y",
            "cpu1_reads: READ_ONCE(y) reads y, then cpu1_writes: WRITE_ONCE(x) writes x");
    assertThat(verdict(r, "true")).isEqualTo(Verdict.INCONCLUSIVE);
  }
}
