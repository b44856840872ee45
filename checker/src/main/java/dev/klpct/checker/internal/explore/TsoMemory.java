package dev.klpct.checker.internal.explore;

import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import org.jspecify.annotations.Nullable;

/**
 * x86-TSO (Sewell et al., "x86-TSO: A Rigorous and Usable Programmer's Model for x86
 * Multiprocessors", CACM 2010): one memory, one FIFO store buffer per CPU.
 *
 * <ul>
 *   <li>A store goes to the end of its CPU's buffer; the buffer's oldest store reaches memory at
 *       any time, as an internal action of that CPU ({@link #flush}).
 *   <li>A load returns the newest buffered store of its own CPU to that location, else memory.
 *   <li>{@code smp_mb()} ({@code mfence}) and every atomic RMW ({@code LOCK}-prefixed, including
 *       {@code set_bit}/{@code clear_bit} and a failing {@code cmpxchg}) drain the buffer first; an
 *       RMW then acts on memory atomically.
 *   <li>{@code smp_rmb()}, {@code smp_wmb()}, acquire loads and release stores are compiler
 *       barriers on x86 (arch/x86/include/asm/barrier.h): no effect here; so are {@code
 *       smp_mb__before_atomic()} and {@code smp_mb__after_atomic()}, since x86's atomics are
 *       LOCK-prefixed anyway, and so is the fence after a fully ordered RMW.
 *   <li>x86's bitops are its own LOCK-prefixed instructions, never the generic {@code
 *       test_and_clear_bit()} with its early return.
 *   <li>Model time ({@code wait_for_propagation}, {@code rcu_report_qs}) waits until the stores it
 *       needs have left their buffers; then every CPU reads them from memory.
 * </ul>
 *
 * State layout, per CPU: {@code [n] then n × [weak index, value, site]}, oldest first.
 */
final class TsoMemory extends WeakMemory implements StoreBuffers {
  private static final int ENTRY = 3;

  TsoMemory(Loc[] layout, int cpus, SiteTable sites) {
    super(layout, cpus, sites);
  }

  @Override
  public void init(MemoryState s, int[] mem) {
    s.ensure(cpus);
    for (int c = 0; c < cpus; c++) {
      s.a[c] = 0;
    }
    s.len = cpus;
  }

  private int base(MemoryState s, int cpu) {
    int p = 0;
    for (int c = 0; c < cpu; c++) {
      p += 1 + ENTRY * s.a[p];
    }
    return p;
  }

  /** Offset of the newest buffered entry of {@code cpu} for {@code w}, or -1. */
  private int buffered(MemoryState s, int cpu, int w) {
    int b = base(s, cpu);
    int n = s.a[b];
    for (int i = n - 1; i >= 0; i--) {
      int e = b + 1 + ENTRY * i;
      if (s.a[e] == w) {
        return e;
      }
    }
    return -1;
  }

  @Override
  int loadChoices(MemoryState s, int cpu, int w) {
    return 1;
  }

  @Override
  int load(MemoryState s, int[] mem, int cpu, int w, int alt, boolean acquire) {
    return loadLatest(s, mem, cpu, w);
  }

  @Override
  int seen(MemoryState s, int[] mem, int cpu, int w) {
    return loadLatest(s, mem, cpu, w); // the own buffered store, else memory
  }

  @Override
  int loadLatest(MemoryState s, int[] mem, int cpu, int w) {
    int e = buffered(s, cpu, w);
    return e >= 0 ? s.a[e + 1] : mem[weak[w].index()];
  }

  @Override
  @Nullable String describeLoad(MemoryState s, int[] mem, int cpu, int w, int alt) {
    if (buffered(s, cpu, w) >= 0) {
      return "from CPU" + cpu + "'s own store buffer";
    }
    for (int c = 0; c < cpus; c++) {
      int e = c == cpu ? -1 : buffered(s, c, w);
      if (e >= 0) {
        return "stale: CPU" + c + "'s store of " + s.a[e + 1] + " is still in its store buffer";
      }
    }
    return null;
  }

  @Override
  int storeChoices(MemoryState s, int cpu, int w) {
    return 1;
  }

  @Override
  @Nullable String describeStore(MemoryState s, int cpu, int w, int alt) {
    return "into CPU" + cpu + "'s store buffer";
  }

  @Override
  void store(
      MemoryState s,
      int[] mem,
      int cpu,
      int w,
      int value,
      boolean release,
      int alt,
      int siteId,
      Sink sink) {
    int b = base(s, cpu);
    int n = s.a[b];
    int at = b + 1 + ENTRY * n;
    s.insertGap(at, ENTRY);
    s.a[at] = w;
    s.a[at + 1] = value;
    s.a[at + 2] = siteId;
    s.a[b] = n + 1;
  }

  @Override
  int rmwChoices(MemoryState s, int[] mem, int cpu, int w, RmwOp op, int expected, int mustFind) {
    // The buffer drains first, so the RMW finds the newest value this CPU can see.
    return mustFind == Primitive.ANY || loadLatest(s, mem, cpu, w) == mustFind ? 1 : 0;
  }

  @Override
  int rmw(
      MemoryState s,
      int[] mem,
      int cpu,
      int w,
      RmwOp op,
      int operand,
      int expected,
      int mustFind,
      boolean acquire,
      boolean release,
      int alt,
      int siteId,
      Sink sink) {
    drain(s, mem, cpu, sink);
    Loc x = weak[w];
    int old = mem[x.index()];
    if (op == RmwOp.CMPXCHG && old != expected) {
      return old;
    }
    int neu = op.apply(old, operand);
    mem[x.index()] = neu;
    sink.stored(x, old, neu, cpu, siteId);
    return old;
  }

  @Override
  @Nullable String describeRmw(
      MemoryState s, int[] mem, int cpu, int w, RmwOp op, int expected, int mustFind, int alt) {
    int b = base(s, cpu);
    return s.a[b] == 0 ? null : "drains CPU" + cpu + "'s store buffer first (LOCK prefix)";
  }

  @Override
  int weakRmw(
      MemoryStep k, int w, RmwOp op, Ordering ordering, int operand, int expected, int mustFind) {
    k.touchFenceOrder(); // a LOCK-prefixed instruction drains the buffer: a full fence
    return chosenRmw(k, w, op, ordering, operand, expected, mustFind);
  }

  @Override
  public boolean isStep(Primitive p, @Nullable Loc x) {
    return p == Primitive.SMP_MB || p.shape == Primitive.Shape.MODEL_TIME;
  }

  @Override
  public void fence(MemoryStep k, Primitive p) {
    if (p == Primitive.SMP_MB) {
      drain(state, k.values(), k.cpu(), k); // mfence
    }
  }

  private void drain(MemoryState s, int[] mem, int cpu, Sink sink) {
    while (canFlush(s, cpu)) {
      flush(s, mem, cpu, sink);
    }
  }

  @Override
  public boolean propagate(MemoryStep k) {
    touchEveryView(k);
    return allVisible(state, k.cpu()) && !canFlush(state, k.cpu());
  }

  @Override
  public boolean reportQuiescentState(MemoryStep k, int other, boolean outside) {
    touchEveryView(k);
    return outside && !canFlush(state, k.cpu());
  }

  /** Whether no CPU but {@code cpu} has a buffered store: {@code cpu} sees every store. */
  private boolean allVisible(MemoryState s, int cpu) {
    for (int c = 0; c < cpus; c++) {
      if (c != cpu && canFlush(s, c)) {
        return false;
      }
    }
    return true;
  }

  // ---- store buffers
  // ------------------------------------------------------------------------------

  @Override
  public StoreBuffers storeBuffers() {
    return this;
  }

  @Override
  public boolean canFlush(MemoryState s, int cpu) {
    return s.a[base(s, cpu)] > 0;
  }

  @Override
  public void flush(MemoryStep k) {
    flush(state, k.values(), k.cpu(), k);
  }

  private void flush(MemoryState s, int[] mem, int cpu, Sink sink) {
    int b = base(s, cpu);
    int n = s.a[b];
    int e = b + 1;
    int w = s.a[e];
    int v = s.a[e + 1];
    int site = s.a[e + 2];
    s.remove(e, ENTRY);
    s.a[b] = n - 1;
    Loc x = weak[w];
    int old = mem[x.index()];
    mem[x.index()] = v;
    sink.stored(x, old, v, cpu, site);
  }

  @Override
  public String describeFlush(int cpu) {
    MemoryState s = state;
    int e = base(s, cpu) + 1;
    return weak[s.a[e]].name()
        + " = "
        + s.a[e + 1]
        + " leaves CPU"
        + cpu
        + "'s store buffer: now visible to all CPUs";
  }

  @Override
  public Loc flushLoc(int cpu) {
    return weak[state.a[base(state, cpu) + 1]];
  }

  @Override
  public void canonicalize(MemoryState s, boolean[] finished) {
    // Buffers of finished CPUs still drain; nothing else to forget.
  }
}
