package dev.klpct.jvm;

import static dev.klpct.jvm.JvmMemory.SLOT;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import dev.klpct.api.Site;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.WriteObserver;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The JVM backend's {@link Kernel}: the kernel primitives of one CPU executed once, on real memory
 * ({@link JvmMemory}), by the thread that calls them.
 *
 * <h2>Access modes and fences</h2>
 *
 * Each primitive gives at least the ordering {@link Kernel} documents for it, mapped onto the Java
 * memory model's access modes (JEP 193; Doug Lea, "Using JDK 9 Memory Order Modes"):
 *
 * <table>
 *   <caption>primitive to VarHandle operation</caption>
 *   <tr><th>primitive</th><th>implementation</th></tr>
 *   <tr><td>{@code READ_ONCE}, {@code atomic_read}, {@code test_bit}, guards of
 *       {@code await}/{@code select}</td><td>{@code getOpaque}</td></tr>
 *   <tr><td>{@code WRITE_ONCE}, {@code atomic_set}</td><td>{@code setOpaque}</td></tr>
 *   <tr><td>{@code smp_load_acquire} / {@code smp_store_release}</td>
 *       <td>{@code getAcquire} / {@code setRelease}</td></tr>
 *   <tr><td>{@code smp_rmb} / {@code smp_wmb}</td>
 *       <td>{@code VarHandle.loadLoadFence()} / {@code storeStoreFence()}</td></tr>
 *   <tr><td>{@code smp_mb}, {@code smp_mb__before_atomic}, {@code smp_mb__after_atomic}</td>
 *       <td>{@code VarHandle.fullFence()}</td></tr>
 *   <tr><td>unordered RMW: {@code set_bit}, {@code clear_bit}, {@code atomic_or},
 *       {@code atomic_andnot}</td>
 *       <td>{@code getOpaque} + {@code weakCompareAndSetPlain} loop: atomic, no ordering</td></tr>
 *   <tr><td>fully ordered RMW: {@code atomic_add_return}, {@code atomic_fetch_or},
 *       {@code atomic_fetch_andnot}, {@code test_and_set_bit}, a successful
 *       {@code test_and_clear_bit} or {@code atomic_cmpxchg}</td>
 *       <td>{@code fullFence}; volatile {@code getAndAdd}/{@code getAndBitwise*}/
 *       {@code compareAndExchange}; {@code fullFence} ("as if smp_mb() before and after":
 *       a volatile RMW alone does not order an earlier store before a later load on every
 *       architecture)</td></tr>
 *   <tr><td>{@code test_and_clear_bit} finding the bit clear</td>
 *       <td>2021: the generic code's early {@code READ_ONCE} return, {@code getOpaque} only;
 *       2022+: the fully ordered RMW</td></tr>
 *   <tr><td>failed {@code atomic_cmpxchg}</td><td>a relaxed read that already differs returns
 *       unordered; otherwise as on success (a failure after the fence is merely stronger)</td></tr>
 *   <tr><td>{@code spin_lock} / {@code spin_unlock}</td>
 *       <td>{@code weakCompareAndSetAcquire} 0 → 1, spinning while held / {@code setRelease}
 *       0</td></tr>
 * </table>
 *
 * <p>On x86 with HotSpot, opaque accesses compile to plain moves that the JIT keeps in program
 * order, so everything but a fence or a locked instruction behaves as TSO: the only reordering real
 * threads can show there is a store passing a later load (store buffering).
 *
 * <h2>Waiting and choice</h2>
 *
 * {@code await}, {@code select} and a contended {@code spin_lock} spin with {@link
 * Thread#onSpinWait()}, then yield, then park (the machines are small and shared). Under a {@link
 * JvmRunner} a waiting CPU counts as blocked, so that the runner can tell when nothing can move any
 * more; a kernel from {@link JvmMemory#kernel(int, int)} waits until its condition holds. {@code
 * select} first spins for a random number of iterations (log-uniform up to the jitter, modelling
 * the time user code runs before its next event) and then picks uniformly among the alternatives
 * that hold, from a seeded per-CPU random source.
 *
 * <h2>Ghost operations</h2>
 *
 * Ghost reads and writes are opaque accesses of their slot and commutative ghost updates go to this
 * CPU's own part (see {@link JvmMemory}): no fence, no locked instruction, so bookkeeping adds no
 * ordering between the shared accesses around it. Non-commutative ghosts are written by one CPU in
 * the models we run; if several CPUs wrote one, a read-modify-write of it ({@code ghost} then
 * {@code setGhost}) could lose an update. Write observers run right after the write, in the writing
 * thread, and see the value read just before the write as the old value; unlike in the model
 * backend, other CPUs may move between the write and the observer. Notes are dropped and {@link
 * #tracing()} is false: nothing is recorded but the text of the first few {@link #violate} calls.
 *
 * <h2>Checks</h2>
 *
 * As in the model backend, an access outside the layout's masks and a ghost write of shared memory
 * throw {@link JvmModelError}, and so does, under a runner, a routine of more than {@value
 * CpuProgram#MAX_PRIMITIVES_PER_ROUTINE} primitives (a kernel standing alone has no routines:
 * benchmarks call strategy code on it directly).
 *
 * <p>An unchecked kernel ({@link JvmMemory#uncheckedKernel}) leaves out the layout checks of the
 * memory primitives: a memory primitive is then the bare {@code VarHandle} access and fences of the
 * table above, which is what the microbenchmarks measure (the kernel has no such checks). Code that
 * breaks the layout reads or writes the slot anyway instead of failing; check it on a checked
 * kernel or with the model backend first. The two kinds are subclasses rather than a flag so that
 * the JIT compiles the unchecked primitives without even the test of a flag.
 *
 * <p>Not thread-safe: one thread at a time calls a kernel's methods (a simulated CPU is one
 * thread); different kernels of one memory run concurrently.
 */
public abstract sealed class JvmKernel implements Kernel
    permits JvmKernel.Checked, JvmKernel.Unchecked {
  /** How many violation texts one execution keeps per CPU. */
  static final int MAX_WHYS = 16;

  final JvmMemory mem;
  final int[] slots;
  private final int[] comm;
  private final int commBase;
  final int cpu;
  final long cpuBit;
  private final @Nullable Execution execution;

  /** Primitives a routine may call: the model's limit under a runner; unlimited standing alone. */
  private final int budget;

  /** The registers as the current routine sees and changes them. */
  final int[] regs;

  /** The registers as of the start of the current routine (what properties see). */
  final int[] committed;

  /** Primitives called by the current routine. */
  int primitives;

  /** Whether the current routine wrote memory or ghost state. */
  boolean wrote;

  /** Routines completed in the current execution. */
  long steps;

  /** Texts of the first {@link #MAX_WHYS} violations recorded in the current execution. */
  final List<String> whys = new ArrayList<>();

  private long random;
  private int jitter;

  // What the runner needs to tell a blocked CPU from a running one; see Execution.
  volatile Guard @Nullable [] waitingOn;
  volatile boolean finished;

  /** The thread running this CPU under a runner (to wake it when the execution ends). */
  volatile @Nullable Thread thread;

  /** A kernel with every check, under {@code execution} or (null) standing alone. */
  static JvmKernel checked(JvmMemory mem, int cpu, int registers, @Nullable Execution execution) {
    return new Checked(mem, cpu, registers, execution);
  }

  /** A kernel standing alone whose memory primitives skip the layout checks. */
  static JvmKernel unchecked(JvmMemory mem, int cpu, int registers) {
    return new Unchecked(mem, cpu, registers);
  }

  private JvmKernel(JvmMemory mem, int cpu, int registers, @Nullable Execution execution) {
    this.mem = mem;
    this.slots = mem.slots;
    this.comm = mem.comm;
    this.commBase = mem.commBase(cpu);
    this.cpu = cpu;
    this.cpuBit = 1L << cpu;
    this.execution = execution;
    this.budget = execution == null ? Integer.MAX_VALUE : CpuProgram.MAX_PRIMITIVES_PER_ROUTINE;
    this.regs = new int[registers];
    this.committed = new int[registers];
  }

  /**
   * Seeds the random source of {@code select} and sets how many spin iterations it may wait before
   * choosing (0: choose at once).
   */
  public JvmKernel randomize(long seed, int jitter) {
    if (jitter < 0) {
      throw new IllegalArgumentException("jitter must be >= 0: " + jitter);
    }
    this.random = seed;
    this.jitter = jitter;
    return this;
  }

  /** Starts a routine: the primitive budget and the write flag start afresh. */
  void beginRoutine() {
    primitives = 0;
    wrote = false;
  }

  /** Ends a routine: its registers become the committed ones. */
  void commitRoutine() {
    System.arraycopy(regs, 0, committed, 0, regs.length);
    steps++;
  }

  /** Starts an execution: registers zero, nothing recorded. */
  void beginExecution(long seed) {
    Arrays.fill(regs, 0);
    Arrays.fill(committed, 0);
    whys.clear();
    steps = 0;
    random = seed;
    waitingOn = null;
    finished = false;
  }

  // ---- slots and checks -------------------------------------------------------------------

  void count(Site site) {
    if (execution != null && ++primitives > budget) {
      throw new JvmModelError(
          "CPU"
              + cpu
              + ": routine has more than "
              + CpuProgram.MAX_PRIMITIVES_PER_ROUTINE
              + " primitives; split it (at "
              + site
              + ")");
    }
  }

  /** The slot of {@code x} for a memory primitive reading it (counted, checked if checked). */
  abstract int readSlot(Loc x, Site site);

  /** The slot of {@code x} for a memory primitive writing it (counted, checked if checked). */
  abstract int writeSlot(Loc x, Site site);

  /**
   * The slot of {@code x}, which a primitive already counted by {@link #readSlot} is about to
   * write: checked if checked, and the write noted.
   */
  abstract int writable(Loc x);

  /** Every check of the model backend; the kind a runner uses. */
  static final class Checked extends JvmKernel {
    Checked(JvmMemory mem, int cpu, int registers, @Nullable Execution execution) {
      super(mem, cpu, registers, execution);
    }

    @Override
    int readSlot(Loc x, Site site) {
      count(site);
      if ((x.readers() & cpuBit) == 0) {
        throw denied("read", x);
      }
      return JvmMemory.slot(x);
    }

    @Override
    int writeSlot(Loc x, Site site) {
      count(site);
      return writable(x);
    }

    @Override
    int writable(Loc x) {
      if ((x.writers() & cpuBit) == 0) {
        throw denied("wrote", x);
      }
      wrote = true;
      return JvmMemory.slot(x);
    }
  }

  /**
   * Memory primitives without layout checks, standing alone (no routines, so nothing to count and
   * no write to note).
   */
  static final class Unchecked extends JvmKernel {
    Unchecked(JvmMemory mem, int cpu, int registers) {
      super(mem, cpu, registers, null);
    }

    @Override
    int readSlot(Loc x, Site site) {
      return JvmMemory.slot(x);
    }

    @Override
    int writeSlot(Loc x, Site site) {
      return JvmMemory.slot(x);
    }

    @Override
    int writable(Loc x) {
      return JvmMemory.slot(x);
    }
  }

  JvmModelError denied(String what, Loc x) {
    return new JvmModelError(
        "CPU"
            + cpu
            + " "
            + what
            + " "
            + x.name()
            + ", which the layout does not let CPU"
            + cpu
            + " "
            + (what.equals("read") ? "read" : "write"));
  }

  /** Runs the location's write observer, if any, after a write of {@code neu} over {@code old}. */
  private void observed(Loc x, int old, int neu, Site site) {
    WriteObserver o = mem.observer(x);
    if (o != null) {
      o.onWrite(this, x, old, neu, site);
    }
  }

  private void store(Loc x, int i, int v, Site site) {
    if (mem.observer(x) == null) {
      SLOT.setOpaque(slots, i, v);
      return;
    }
    int old = (int) SLOT.getOpaque(slots, i);
    SLOT.setOpaque(slots, i, v);
    observed(x, old, v, site);
  }

  /** Unordered atomic or: returns the old value. */
  private int relaxedOr(int i, int bits) {
    int old;
    do {
      old = (int) SLOT.getOpaque(slots, i);
    } while (!SLOT.weakCompareAndSetPlain(slots, i, old, old | bits));
    return old;
  }

  /** Unordered atomic and-not: returns the old value. */
  private int relaxedAndNot(int i, int bits) {
    int old;
    do {
      old = (int) SLOT.getOpaque(slots, i);
    } while (!SLOT.weakCompareAndSetPlain(slots, i, old, old & ~bits));
    return old;
  }

  // ---- Kernel: plain marked accesses ------------------------------------------------------

  @Override
  public int cpu() {
    return cpu;
  }

  @Override
  public int READ_ONCE(Loc x, Site site) {
    return (int) SLOT.getOpaque(slots, readSlot(x, site));
  }

  @Override
  public void WRITE_ONCE(Loc x, int v, Site site) {
    store(x, writeSlot(x, site), v, site);
  }

  @Override
  public int smp_load_acquire(Loc x, Site site) {
    return (int) SLOT.getAcquire(slots, readSlot(x, site));
  }

  @Override
  public void smp_store_release(Loc x, int v, Site site) {
    int i = writeSlot(x, site);
    if (mem.observer(x) == null) {
      SLOT.setRelease(slots, i, v);
      return;
    }
    int old = (int) SLOT.getOpaque(slots, i);
    SLOT.setRelease(slots, i, v);
    observed(x, old, v, site);
  }

  // ---- fences -------------------------------------------------------------------------------

  @Override
  public void smp_mb(Site site) {
    VarHandle.fullFence();
  }

  /**
   * Real hardware propagates stores by itself; this thread can only make sure that its own later
   * loads are not satisfied early, which a full fence does.
   */
  @Override
  public void wait_for_propagation(Site site) {
    VarHandle.fullFence();
  }

  /** Real CPUs report quiescent states to real RCU; this thread can only order itself. */
  @Override
  public void rcu_report_qs(int cpu, Guard outside, Site site) {
    await(outside, site);
    VarHandle.fullFence();
  }

  @Override
  public void smp_rmb(Site site) {
    VarHandle.loadLoadFence();
  }

  @Override
  public void smp_wmb(Site site) {
    VarHandle.storeStoreFence();
  }

  @Override
  public void smp_mb__before_atomic(Site site) {
    VarHandle.fullFence();
  }

  @Override
  public void smp_mb__after_atomic(Site site) {
    VarHandle.fullFence();
  }

  // ---- bit operations -------------------------------------------------------------------------

  @Override
  public boolean test_bit(int nr, Loc addr, Site site) {
    return ((int) SLOT.getOpaque(slots, readSlot(addr, site)) & (1 << nr)) != 0;
  }

  @Override
  public void set_bit(int nr, Loc addr, Site site) {
    int i = writeSlot(addr, site);
    int old = relaxedOr(i, 1 << nr);
    observed(addr, old, old | (1 << nr), site);
  }

  @Override
  public void clear_bit(int nr, Loc addr, Site site) {
    int i = writeSlot(addr, site);
    int old = relaxedAndNot(i, 1 << nr);
    observed(addr, old, old & ~(1 << nr), site);
  }

  @Override
  public boolean test_and_set_bit(int nr, Loc addr, Site site) {
    int i = writeSlot(addr, site);
    VarHandle.fullFence();
    int old = (int) SLOT.getAndBitwiseOr(slots, i, 1 << nr);
    VarHandle.fullFence();
    observed(addr, old, old | (1 << nr), site);
    return (old & (1 << nr)) != 0;
  }

  @Override
  public boolean test_and_clear_bit(int nr, Loc addr, Site site) {
    int bit = 1 << nr;
    int i = readSlot(addr, site);
    // 2021 include/asm-generic/bitops/atomic.h: if (!(READ_ONCE(*p) & mask)) return 0;
    if (!mem.kernelVariant().testAndClearBitOrderedOnFailure()
        && ((int) SLOT.getOpaque(slots, i) & bit) == 0) {
      return false;
    }
    writable(addr); // as in the model: only a write needs the write mask
    VarHandle.fullFence();
    int old = (int) SLOT.getAndBitwiseAnd(slots, i, ~bit);
    VarHandle.fullFence();
    if ((old & bit) != 0) {
      observed(addr, old, old & ~bit, site);
    }
    return (old & bit) != 0;
  }

  // ---- atomic_t -------------------------------------------------------------------------------

  @Override
  public int atomic_read(Loc v, Site site) {
    return (int) SLOT.getOpaque(slots, readSlot(v, site));
  }

  @Override
  public void atomic_set(Loc v, int i, Site site) {
    store(v, writeSlot(v, site), i, site);
  }

  @Override
  public void atomic_or(int i, Loc v, Site site) {
    int s = writeSlot(v, site);
    int old = relaxedOr(s, i);
    observed(v, old, old | i, site);
  }

  @Override
  public void atomic_andnot(int i, Loc v, Site site) {
    int s = writeSlot(v, site);
    int old = relaxedAndNot(s, i);
    observed(v, old, old & ~i, site);
  }

  @Override
  public int atomic_add_return(int i, Loc v, Site site) {
    int s = writeSlot(v, site);
    VarHandle.fullFence();
    int old = (int) SLOT.getAndAdd(slots, s, i);
    VarHandle.fullFence();
    observed(v, old, old + i, site);
    return old + i;
  }

  @Override
  public int atomic_fetch_or(int i, Loc v, Site site) {
    int s = writeSlot(v, site);
    VarHandle.fullFence();
    int old = (int) SLOT.getAndBitwiseOr(slots, s, i);
    VarHandle.fullFence();
    observed(v, old, old | i, site);
    return old;
  }

  @Override
  public int atomic_fetch_andnot(int i, Loc v, Site site) {
    int s = writeSlot(v, site);
    VarHandle.fullFence();
    int old = (int) SLOT.getAndBitwiseAnd(slots, s, ~i);
    VarHandle.fullFence();
    observed(v, old, old & ~i, site);
    return old;
  }

  @Override
  public int atomic_cmpxchg(Loc v, int old, int neu, Site site) {
    int s = writeSlot(v, site);
    int seen = (int) SLOT.getOpaque(slots, s);
    if (seen != old) {
      return seen; // fails now, and a failed cmpxchg is unordered
    }
    VarHandle.fullFence();
    int found = (int) SLOT.compareAndExchange(slots, s, old, neu);
    if (found == old) {
      VarHandle.fullFence();
      observed(v, old, neu, site);
    }
    return found;
  }

  /**
   * The general RMW: a compare-and-exchange loop with the access mode of the ordering (relaxed:
   * plain CAS; acquire/release: the acquire/release CAS; full: volatile CAS between full fences). A
   * failing {@code cmpxchg} is an opaque read.
   */
  @Override
  public int atomic_rmw(RmwOp op, Ordering ordering, Loc v, int operand, int expected, Site site) {
    int s = writeSlot(v, site);
    if (op == RmwOp.CMPXCHG) {
      int seen = (int) SLOT.getOpaque(slots, s);
      if (seen != expected) {
        return seen;
      }
    }
    if (ordering == Ordering.FULL) {
      VarHandle.fullFence();
    }
    while (true) {
      int old = (int) SLOT.getOpaque(slots, s);
      if (op == RmwOp.CMPXCHG && old != expected) {
        return old;
      }
      int neu = op.apply(old, operand);
      boolean done =
          switch (ordering) {
            case RELAXED -> SLOT.weakCompareAndSetPlain(slots, s, old, neu);
            case ACQUIRE -> SLOT.weakCompareAndSetAcquire(slots, s, old, neu);
            case RELEASE -> SLOT.weakCompareAndSetRelease(slots, s, old, neu);
            case FULL -> SLOT.compareAndSet(slots, s, old, neu);
          };
      if (done) {
        if (ordering == Ordering.FULL) {
          VarHandle.fullFence();
        }
        observed(v, old, neu, site);
        return old;
      }
    }
  }

  // ---- locks --------------------------------------------------------------------------------

  @Override
  public void spin_lock(Loc lock, Site site) {
    int s = writeSlot(lock, site);
    Guard free = null;
    while ((int) SLOT.getOpaque(slots, s) != 0 || !SLOT.weakCompareAndSetAcquire(slots, s, 0, 1)) {
      if ((int) SLOT.getOpaque(slots, s) != 0) {
        if (free == null) {
          free = Guard.equal(lock, 0);
        }
        waitFor(new Guard[] {free});
      }
    }
    observed(lock, 0, 1, site);
  }

  @Override
  public void spin_unlock(Loc lock, Site site) {
    int s = writeSlot(lock, site);
    SLOT.setRelease(slots, s, 0);
    observed(lock, 1, 0, site);
  }

  /**
   * A lock no other CPU takes never waits; the unlock-lock ordering of the CPU (everything but a
   * store before a load) is given by a full fence, which is stronger.
   */
  @Override
  public void mutex_lock(Site site) {
    VarHandle.fullFence();
  }

  @Override
  public void mutex_unlock(Site site) {
    VarHandle.releaseFence();
  }

  // ---- waiting and nondeterminism -------------------------------------------------------------

  @Override
  public void await(Guard guard, Site site) {
    count(site);
    checkReadable(guard);
    if (!mem.holds(guard)) {
      waitFor(new Guard[] {guard});
    }
  }

  @Override
  public int select(Site site, Guard... alternatives) {
    count(site);
    for (Guard g : alternatives) {
      checkReadable(g);
    }
    jitter();
    while (true) {
      int mask = 0;
      for (int a = 0; a < alternatives.length && a < 32; a++) {
        if (mem.holds(alternatives[a])) {
          mask |= 1 << a;
        }
      }
      if (mask != 0) {
        int pick = nextInt(Integer.bitCount(mask));
        for (int a = 0; ; a++) {
          if ((mask & (1 << a)) != 0 && pick-- == 0) {
            return a;
          }
        }
      }
      waitFor(alternatives);
    }
  }

  private void checkReadable(Guard g) {
    Loc l = g.loc();
    if (l != null && (l.readers() & cpuBit) == 0) {
      throw denied("read", l);
    }
  }

  /** Waits until one of {@code guards} holds (or, under a runner, the execution ends). */
  private void waitFor(Guard[] guards) {
    Execution e = execution;
    if (e != null) {
      e.block(this, guards);
      return;
    }
    for (int n = 0; !mem.anyHolds(guards); n++) {
      pause(n);
    }
  }

  /**
   * One round of a spin wait: busy at first, then yielding for a while (a thousand yields: about a
   * tenth of a millisecond when the core is free, longer when others want it), then parking.
   * Parking comes last because a parked thread wakes up tens of microseconds late (the timer
   * slack), which would make every IPI the transition CPU sends cost that much; the runner unparks
   * waiting CPUs when an execution ends, so the long waits of idle CPUs end promptly anyway.
   */
  @SuppressWarnings("ThreadPriorityCheck") // a spin-wait's middle phase; see above
  static void pause(int round) {
    if (round < 64) {
      Thread.onSpinWait();
    } else if (round < 64 + 1024) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(50_000L);
    }
  }

  /**
   * Spins a random number of {@link Thread#onSpinWait()} iterations, at most the jitter:
   * log-uniformly (an octave chosen uniformly, then a number within it), so that no delay, delays
   * of a few nanoseconds and delays of microseconds are all common: races between CPUs live at
   * every one of those scales.
   */
  void jitter() {
    if (jitter == 0) {
      return;
    }
    int octaves = 32 - Integer.numberOfLeadingZeros(jitter); // jitter 1024: 0, 1, 2..3, ..., 1024
    int octave = nextInt(octaves + 1);
    int n = octave == 0 ? 0 : Math.min(jitter, (1 << (octave - 1)) + nextInt(1 << (octave - 1)));
    for (; n > 0; n--) {
      Thread.onSpinWait();
    }
  }

  /** Uniform in {@code [0, bound)} from this CPU's splitmix64 sequence. */
  int nextInt(int bound) {
    long z = (random += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (int) ((z >>> 33) % bound);
  }

  // ---- CPU-private state and bookkeeping ------------------------------------------------------

  @Override
  public int reg(int index) {
    return regs[index];
  }

  @Override
  public void setReg(int index, int value) {
    regs[index] = value;
  }

  @Override
  public int ghost(Loc x) {
    if ((x.readers() & cpuBit) == 0) {
      throw new JvmModelError(
          "CPU"
              + cpu
              + " read "
              + x.name()
              + " (bookkeeping), which the layout does not let CPU"
              + cpu
              + " read");
    }
    return mem.value(x);
  }

  @Override
  public void setGhost(Loc x, int v) {
    if (x.kind() == Loc.Kind.SHARED) {
      throw new JvmModelError("ghost write of shared location " + x);
    }
    if ((x.writers() & cpuBit) == 0) {
      throw new JvmModelError(
          "CPU"
              + cpu
              + " wrote "
              + x.name()
              + " (bookkeeping), which the layout does not let CPU"
              + cpu
              + " write");
    }
    wrote = true;
    int ci = mem.commIndex(x);
    if (ci >= 0) {
      throw new JvmModelError(
          "setGhost of commutative location " + x + " (only violate and ghostAdd update it)");
    }
    SLOT.setOpaque(slots, JvmMemory.slot(x), v);
  }

  @Override
  public void violate(Loc flags, int bit, String why) {
    wrote = true;
    int ci = mem.commIndex(flags);
    if (ci >= 0) {
      int i = commBase + 2 * ci;
      SLOT.setOpaque(comm, i, (int) SLOT.getOpaque(comm, i) | bit);
    } else {
      int i = JvmMemory.slot(flags);
      SLOT.setOpaque(slots, i, (int) SLOT.getOpaque(slots, i) | bit);
    }
    if (whys.size() < MAX_WHYS) {
      whys.add(why);
    }
  }

  @Override
  public void ghostAdd(Loc counter, int delta) {
    wrote = true;
    int ci = mem.commIndex(counter);
    if (ci >= 0) {
      int i = commBase + 2 * ci + 1;
      SLOT.setOpaque(comm, i, (int) SLOT.getOpaque(comm, i) + delta);
    } else {
      int i = JvmMemory.slot(counter);
      SLOT.setOpaque(slots, i, (int) SLOT.getOpaque(slots, i) + delta);
    }
  }

  @Override
  public void note(String text) {}

  @Override
  public boolean tracing() {
    return false;
  }

  @Override
  public String toString() {
    return "JvmKernel[CPU" + cpu + "]";
  }
}
