package dev.klpct.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.api.Guard;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.KernelVariant;
import dev.klpct.api.program.MemoryLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The JVM kernel's primitives: what each returns and writes, atomicity of the RMWs under
 * contention, the ordering that the fences and modes give where x86 would otherwise show a
 * reordering, the bookkeeping of ghost state, and the layout checks.
 */
class JvmKernelTest {
  private static final Site S = Site.of("test", "test");

  /**
   * A two-CPU layout: x, y and a lock word shared, g a ghost of CPU0, c commutative, p private to
   * CPU1, ro read-only for CPU0.
   */
  private static final class Mem {
    final MemoryLayout.Builder b = MemoryLayout.builder(2);
    final Loc x = b.shared("x", b.allCpus(), b.allCpus(), 0);
    final Loc y = b.shared("y", b.allCpus(), b.allCpus(), 7);
    final Loc g = b.ghost("g", MemoryLayout.Builder.mask(0), 0);
    final Loc c = b.ghostCommutative("c");
    final Loc p = b.shared("p", MemoryLayout.Builder.mask(1), MemoryLayout.Builder.mask(1), 0);
    final Loc lock = b.shared("lock", b.allCpus(), b.allCpus(), 0);
    final Loc ro = b.shared("ro", b.allCpus(), MemoryLayout.Builder.mask(1), 0);
    final JvmMemory mem;

    Mem(boolean tacOrdered) {
      mem =
          JvmMemory.of(b.build(), tacOrdered ? KernelVariant.LINUX_2022 : KernelVariant.LINUX_2021);
    }
  }

  @Test
  void markedAccessesReadWhatWasWrittenAndStartFromTheInitialValues() {
    Mem m = new Mem(false);
    JvmKernel k = m.mem.kernel(0, 0);
    assertThat(k.READ_ONCE(m.y, S)).isEqualTo(7);
    k.WRITE_ONCE(m.x, 3, S);
    assertThat(k.READ_ONCE(m.x, S)).isEqualTo(3);
    k.smp_store_release(m.x, 4, S);
    assertThat(k.smp_load_acquire(m.x, S)).isEqualTo(4);
    k.atomic_set(m.x, 5, S);
    assertThat(k.atomic_read(m.x, S)).isEqualTo(5);
    assertThat(m.mem.value(m.x)).isEqualTo(5);
    m.mem.reset();
    assertThat(k.READ_ONCE(m.x, S)).isZero();
    assertThat(k.READ_ONCE(m.y, S)).isEqualTo(7);
  }

  @Test
  void bitOperationsReturnTheOldBitAndLeaveTheOthersAlone() {
    Mem m = new Mem(false);
    JvmKernel k = m.mem.kernel(0, 0);
    k.WRITE_ONCE(m.x, 0b100, S);
    k.set_bit(0, m.x, S);
    assertThat(k.READ_ONCE(m.x, S)).isEqualTo(0b101);
    assertThat(k.test_bit(0, m.x, S)).isTrue();
    assertThat(k.test_bit(1, m.x, S)).isFalse();
    assertThat(k.test_and_set_bit(1, m.x, S)).isFalse();
    assertThat(k.test_and_set_bit(1, m.x, S)).isTrue();
    assertThat(k.READ_ONCE(m.x, S)).isEqualTo(0b111);
    k.clear_bit(2, m.x, S);
    assertThat(k.READ_ONCE(m.x, S)).isEqualTo(0b011);
    assertThat(k.test_and_clear_bit(0, m.x, S)).isTrue();
    assertThat(k.test_and_clear_bit(0, m.x, S)).isFalse();
    assertThat(k.READ_ONCE(m.x, S)).isEqualTo(0b010);
  }

  @Test
  void testAndClearBitBehavesTheSameWithEitherFailureOrdering() {
    for (boolean ordered : new boolean[] {false, true}) {
      Mem m = new Mem(ordered);
      JvmKernel k = m.mem.kernel(0, 0);
      assertThat(m.mem.kernelVariant().testAndClearBitOrderedOnFailure()).isEqualTo(ordered);
      k.WRITE_ONCE(m.x, 0b10, S);
      assertThat(k.test_and_clear_bit(0, m.x, S)).as("ordered=%s", ordered).isFalse();
      assertThat(k.READ_ONCE(m.x, S)).isEqualTo(0b10);
      assertThat(k.test_and_clear_bit(1, m.x, S)).isTrue();
      assertThat(k.READ_ONCE(m.x, S)).isZero();
    }
  }

  @Test
  void atomicsReturnWhatTheKernelsReturn() {
    Mem m = new Mem(false);
    JvmKernel k = m.mem.kernel(0, 0);
    assertThat(k.atomic_add_return(5, m.x, S)).isEqualTo(5); // the new value
    assertThat(k.atomic_fetch_or(0b1000, m.x, S)).isEqualTo(5); // the old value
    assertThat(k.atomic_fetch_andnot(0b1, m.x, S)).isEqualTo(0b1101);
    assertThat(k.READ_ONCE(m.x, S)).isEqualTo(0b1100);
    k.atomic_or(0b11, m.x, S);
    k.atomic_andnot(0b1000, m.x, S);
    assertThat(k.READ_ONCE(m.x, S)).isEqualTo(0b0111);
    assertThat(k.atomic_cmpxchg(m.x, 0b0111, 42, S)).isEqualTo(0b0111); // success: returns old
    assertThat(k.READ_ONCE(m.x, S)).isEqualTo(42);
    assertThat(k.atomic_cmpxchg(m.x, 1, 2, S)).isEqualTo(42); // failure: returns what it found
    assertThat(k.READ_ONCE(m.x, S)).isEqualTo(42);
  }

  @Test
  void registersArePerKernelAndStartAtZero() {
    Mem m = new Mem(false);
    JvmKernel a = m.mem.kernel(0, 2);
    JvmKernel b = m.mem.kernel(1, 2);
    a.setReg(1, 9);
    assertThat(a.reg(1)).isEqualTo(9);
    assertThat(b.reg(1)).isZero();
    assertThat(a.cpu()).isZero();
    assertThat(b.cpu()).isEqualTo(1);
  }

  @Test
  void commutativeGhostsCombineTheCpusParts() {
    Mem m = new Mem(false);
    JvmKernel a = m.mem.kernel(0, 0);
    JvmKernel b = m.mem.kernel(1, 0);
    a.violate(m.c, 1, "c: one");
    b.violate(m.c, 4, "c: four");
    assertThat(m.mem.value(m.c)).isEqualTo(5);
    assertThat(a.ghost(m.c)).isEqualTo(5);
    assertThat(a.whys).containsExactly("c: one");
    assertThat(b.whys).containsExactly("c: four");

    Mem n = new Mem(false);
    JvmKernel c0 = n.mem.kernel(0, 0);
    JvmKernel c1 = n.mem.kernel(1, 0);
    c0.ghostAdd(n.c, 2);
    c1.ghostAdd(n.c, 3);
    c1.ghostAdd(n.c, -1);
    assertThat(n.mem.value(n.c)).isEqualTo(4);
  }

  @Test
  void ghostsAreReadAndWrittenWithoutCountingAsPrimitives() {
    Mem m = new Mem(false);
    JvmKernel k = m.mem.kernel(0, 0);
    k.setGhost(m.g, 11);
    assertThat(k.ghost(m.g)).isEqualTo(11);
    assertThat(k.ghost(m.y)).isEqualTo(7); // a ghost read of shared memory: its current value
    assertThat(k.primitives).isZero();
    assertThat(k.tracing()).isFalse();
  }

  @Test
  void anUncheckedKernelSkipsOnlyTheMemoryPrimitivesLayoutChecks() {
    Mem m = new Mem(false);
    JvmKernel k0 = m.mem.uncheckedKernel(0, 0);
    JvmKernel k1 = m.mem.kernel(1, 0);
    // p is CPU1's: the checked kernel of CPU0 refuses these (previous test), the unchecked one
    // does them on the same memory
    k0.WRITE_ONCE(m.p, 3, S);
    assertThat(k1.READ_ONCE(m.p, S)).isEqualTo(3);
    k0.set_bit(2, m.p, S);
    assertThat(k0.READ_ONCE(m.p, S)).isEqualTo(7);
    assertThat(k0.test_and_clear_bit(0, m.p, S)).isTrue();
    assertThat(k1.READ_ONCE(m.p, S)).isEqualTo(6);
    // bookkeeping is still checked: it is not what benchmarks measure
    assertThatThrownBy(() -> k0.setGhost(m.x, 1)).isInstanceOf(JvmModelError.class);
    assertThatThrownBy(() -> k0.await(Guard.equal(m.p, 0), S)).isInstanceOf(JvmModelError.class);
    assertThat(k0.primitives).isZero();
  }

  @Test
  void theLayoutsMasksAndKindsAreEnforced() {
    Mem m = new Mem(false);
    JvmKernel k0 = m.mem.kernel(0, 0);
    JvmKernel k1 = m.mem.kernel(1, 0);
    assertThatThrownBy(() -> k0.READ_ONCE(m.p, S))
        .isInstanceOf(JvmModelError.class)
        .hasMessageContaining("CPU0 read p");
    assertThatThrownBy(() -> k0.WRITE_ONCE(m.p, 1, S))
        .isInstanceOf(JvmModelError.class)
        .hasMessageContaining("CPU0 wrote p");
    assertThatThrownBy(() -> k0.await(Guard.equal(m.p, 0), S)).isInstanceOf(JvmModelError.class);
    assertThatThrownBy(() -> k1.setGhost(m.g, 1))
        .isInstanceOf(JvmModelError.class)
        .hasMessageContaining("bookkeeping");
    assertThatThrownBy(() -> k0.setGhost(m.x, 1))
        .isInstanceOf(JvmModelError.class)
        .hasMessageContaining("ghost write of shared location x");
    k1.WRITE_ONCE(m.p, 1, S);
    assertThat(k1.READ_ONCE(m.p, S)).isEqualTo(1);
    // as in the model, a test_and_clear_bit() that finds the bit clear (2021) only reads
    assertThat(k0.test_and_clear_bit(0, m.ro, S)).isFalse();
    k1.set_bit(0, m.ro, S);
    assertThatThrownBy(() -> k0.test_and_clear_bit(0, m.ro, S))
        .isInstanceOf(JvmModelError.class)
        .hasMessageContaining("CPU0 wrote ro");
  }

  @Test
  void awaitAndSelectReturnAtOnceWhenAGuardHolds() {
    Mem m = new Mem(false);
    JvmKernel k = m.mem.kernel(0, 0).randomize(3, 0);
    k.await(Guard.equal(m.y, 7), S);
    k.await(Guard.always(), S);
    assertThat(k.select(S, Guard.never(), Guard.equal(m.y, 7), Guard.never())).isEqualTo(1);
  }

  @Test
  void selectPicksEveryEnabledAlternativeAndOnlyThose() {
    Mem m = new Mem(false);
    JvmKernel k = m.mem.kernel(0, 0).randomize(42, 4);
    int[] picks = new int[4];
    for (int i = 0; i < 400; i++) {
      picks[k.select(S, Guard.always(), Guard.never(), Guard.equal(m.y, 7), Guard.always())]++;
    }
    assertThat(picks[1]).isZero();
    assertThat(picks[0]).isGreaterThan(50);
    assertThat(picks[2]).isGreaterThan(50);
    assertThat(picks[3]).isGreaterThan(50);
  }

  @Test
  void selectIsReproducibleFromTheSeed() {
    Mem m = new Mem(false);
    JvmKernel a = m.mem.kernel(0, 0).randomize(7, 0);
    JvmKernel b = m.mem.kernel(1, 0).randomize(7, 0);
    for (int i = 0; i < 100; i++) {
      Guard[] gs = {Guard.always(), Guard.always(), Guard.always()};
      assertThat(a.select(S, gs)).isEqualTo(b.select(S, gs));
    }
  }

  @Test
  void awaitWaitsForAnotherThreadsWrite() throws Exception {
    Mem m = new Mem(false);
    JvmKernel waiter = m.mem.kernel(0, 0);
    JvmKernel writer = m.mem.kernel(1, 0);
    AtomicInteger seen = new AtomicInteger(-1);
    Thread t =
        new Thread(
            () -> {
              waiter.await(Guard.equal(m.x, 1), S);
              seen.set(waiter.READ_ONCE(m.y, S));
            });
    t.start();
    Thread.sleep(20);
    assertThat(t.isAlive()).isTrue(); // still waiting: x is 0
    writer.WRITE_ONCE(m.y, 99, S);
    writer.smp_store_release(m.x, 1, S);
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(seen.get()).isEqualTo(99);
  }

  // ---- contention ------------------------------------------------------------------------------

  private static final int ROUNDS = 50_000;

  /** Runs {@code body(kernel, thread index)} on two threads started together. */
  private static void onTwoThreads(JvmMemory mem, Body body) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    AtomicInteger go = new AtomicInteger();
    List<Throwable> failures = new ArrayList<>();
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int id = i;
      JvmKernel k = mem.kernel(i, 0);
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  // then a spinning start line: the barrier alone lets one thread run tens of
                  // microseconds ahead, and races need the two within nanoseconds of each other
                  go.incrementAndGet();
                  while (go.get() < 2) {
                    Thread.onSpinWait();
                  }
                  body.run(k, id);
                } catch (Throwable e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      ts.add(t);
      t.start();
    }
    for (Thread t : ts) {
      t.join(60_000);
    }
    assertThat(failures).isEmpty();
  }

  @FunctionalInterface
  private interface Body {
    void run(JvmKernel k, int id) throws Exception;
  }

  @Test
  void fullyOrderedAdditionsAreNeverLost() throws Exception {
    Mem m = new Mem(false);
    onTwoThreads(
        m.mem,
        (k, id) -> {
          for (int i = 0; i < ROUNDS; i++) {
            k.atomic_add_return(1, m.x, S);
          }
        });
    assertThat(m.mem.value(m.x)).isEqualTo(2 * ROUNDS);
  }

  @Test
  void unorderedBitOperationsOnOneWordNeverLoseTheOtherCpusBit() throws Exception {
    Mem m = new Mem(false);
    AtomicInteger lost = new AtomicInteger();
    onTwoThreads(
        m.mem,
        (k, id) -> {
          for (int i = 0; i < ROUNDS; i++) {
            // a plain read-modify-write would sometimes write back the other CPU's old bit
            k.set_bit(id, m.x, S);
            if (!k.test_bit(id, m.x, S)) {
              lost.incrementAndGet();
            }
            k.clear_bit(id, m.x, S);
            if (k.test_bit(id, m.x, S)) {
              lost.incrementAndGet();
            }
            k.atomic_or(1 << (4 + id), m.x, S);
            k.atomic_andnot(1 << (4 + id), m.x, S);
          }
        });
    assertThat(lost.get()).isZero();
    assertThat(m.mem.value(m.x)).isZero();
  }

  @Test
  void cmpxchgLoopsCountExactly() throws Exception {
    Mem m = new Mem(false);
    onTwoThreads(
        m.mem,
        (k, id) -> {
          for (int i = 0; i < ROUNDS; i++) {
            int old;
            do {
              old = k.atomic_read(m.x, S);
            } while (k.atomic_cmpxchg(m.x, old, old + 1, S) != old);
          }
        });
    assertThat(m.mem.value(m.x)).isEqualTo(2 * ROUNDS);
  }

  @Test
  void testAndSetBitIsABitLock() throws Exception {
    Mem m = new Mem(false);
    onTwoThreads(
        m.mem,
        (k, id) -> {
          for (int i = 0; i < ROUNDS; i++) {
            while (k.test_and_set_bit(0, m.lock, S)) {
              Thread.onSpinWait();
            }
            k.WRITE_ONCE(m.x, k.READ_ONCE(m.x, S) + 1, S);
            assertThat(k.test_and_clear_bit(0, m.lock, S)).isTrue();
          }
        });
    assertThat(m.mem.value(m.x)).isEqualTo(2 * ROUNDS);
  }

  @Test
  void spinLockExcludesAndPublishesTheCriticalSection() throws Exception {
    Mem m = new Mem(false);
    onTwoThreads(
        m.mem,
        (k, id) -> {
          for (int i = 0; i < ROUNDS; i++) {
            k.spin_lock(m.lock, S);
            k.WRITE_ONCE(m.x, k.READ_ONCE(m.x, S) + 1, S);
            k.spin_unlock(m.lock, S);
          }
        });
    assertThat(m.mem.value(m.x)).isEqualTo(2 * ROUNDS);
    assertThat(m.mem.value(m.lock)).isZero();
  }

  // ---- ordering --------------------------------------------------------------------------------

  /**
   * Store buffering (SB), the one reordering x86 shows: each CPU writes its flag and reads the
   * other's. With {@code smp_mb()} between, at least one must see the other's write. Run on many
   * fresh pairs of locations per round so that the two threads meet often. (Without the fence both
   * reads return 0 in a fair share of the pairs on x86; that is not asserted, it depends on the
   * machine.)
   */
  @Test
  void smpMbForbidsStoreBuffering() throws Exception {
    int pairs = 10_000;
    MemoryLayout.Builder b = MemoryLayout.builder(2);
    Loc[] xs = new Loc[pairs];
    Loc[] ys = new Loc[pairs];
    for (int i = 0; i < pairs; i++) {
      xs[i] = b.shared("x" + i, b.allCpus(), b.allCpus(), 0);
      ys[i] = b.shared("y" + i, b.allCpus(), b.allCpus(), 0);
    }
    JvmMemory mem = JvmMemory.of(b.build(), KernelVariant.LINUX_2021);
    int[][] r = new int[2][pairs];
    int both = 0;
    for (int round = 0; round < 10; round++) {
      mem.reset();
      onTwoThreads(
          mem,
          (k, id) -> {
            Loc[] mine = id == 0 ? xs : ys;
            Loc[] theirs = id == 0 ? ys : xs;
            for (int i = 0; i < pairs; i++) {
              k.WRITE_ONCE(mine[i], 1, S);
              k.smp_mb(S);
              r[id][i] = k.READ_ONCE(theirs[i], S);
            }
          });
      for (int i = 0; i < pairs; i++) {
        if (r[0][i] == 0 && r[1][i] == 0) {
          both++;
        }
      }
    }
    assertThat(both).as("pairs where both CPUs read 0 despite smp_mb()").isZero();
  }

  /** Message passing: a reader that sees the flag (acquire) sees the data written before it. */
  @Test
  void releaseAcquirePassesTheMessage() throws Exception {
    Mem m = new Mem(false);
    AtomicInteger stale = new AtomicInteger();
    onTwoThreads(
        m.mem,
        (k, id) -> {
          for (int i = 1; i <= ROUNDS; i++) {
            if (id == 0) {
              k.WRITE_ONCE(m.y, i, S);
              k.smp_wmb(S);
              k.smp_store_release(m.x, i, S);
            } else {
              int flag = k.smp_load_acquire(m.x, S);
              k.smp_rmb(S);
              if (k.READ_ONCE(m.y, S) < flag) {
                stale.incrementAndGet();
              }
            }
          }
        });
    assertThat(stale.get()).isZero();
  }
}
