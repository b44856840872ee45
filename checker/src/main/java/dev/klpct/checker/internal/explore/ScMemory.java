package dev.klpct.checker.internal.explore;

import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import org.jspecify.annotations.Nullable;

/**
 * Sequential consistency: one memory, every primitive acts on it at once, in program order. No
 * fence is a step and none has an effect (they still appear in traces); model time passes without a
 * step, since every store is visible at once. Keeps no state besides the values.
 *
 * <p>The weak models treat a location only one CPU accesses as sequentially consistent, through the
 * static methods here.
 */
final class ScMemory implements MemorySystem {

  @Override
  public void init(MemoryState s, int[] values) {
    s.len = 0;
  }

  @Override
  public void bind(MemoryState s) {}

  @Override
  public boolean hasState() {
    return false;
  }

  @Override
  public void canonicalize(MemoryState s, boolean[] finished) {}

  @Override
  public int load(MemoryStep k, Loc x, boolean acquire) {
    return k.value(x);
  }

  @Override
  public int loadLatest(MemoryStep k, Loc x) {
    return k.value(x);
  }

  @Override
  public int seen(MemoryStep k, Loc x) {
    return k.value(x);
  }

  @Override
  public void store(MemoryStep k, Loc x, int v, boolean release) {
    store(k, x, v);
  }

  @Override
  public int rmw(
      MemoryStep k,
      Loc x,
      RmwOp op,
      Ordering ordering,
      int operand,
      int expected,
      int mustFind,
      boolean returns) {
    return rmw(k, x, op, operand, expected, mustFind);
  }

  @Override
  public boolean isStep(Primitive p, @Nullable Loc x) {
    return false;
  }

  @Override
  public void fence(MemoryStep k, Primitive p) {}

  @Override
  public boolean propagate(MemoryStep k) {
    throw new IllegalStateException("model time is no step under sequential consistency");
  }

  @Override
  public boolean reportQuiescentState(MemoryStep k, int other, boolean outside) {
    throw new IllegalStateException("model time is no step under sequential consistency");
  }

  /** A store that is at once the latest in coherence order. */
  static void store(MemoryStep k, Loc x, int v) {
    int old = k.value(x); // an observer sees it
    k.write(x, v);
    k.stored(x, old, v);
  }

  /**
   * An RMW on memory: blocks unless it finds {@code mustFind}; a failing cmpxchg writes nothing.
   */
  static int rmw(MemoryStep k, Loc x, RmwOp op, int operand, int expected, int mustFind) {
    int old = k.value(x);
    if (mustFind != Primitive.ANY && old != mustFind) {
      throw RoutineReplayer.Blocked.INSTANCE;
    }
    if (op != RmwOp.CMPXCHG || old == expected) {
      store(k, x, op.apply(old, operand));
    }
    return old;
  }
}
