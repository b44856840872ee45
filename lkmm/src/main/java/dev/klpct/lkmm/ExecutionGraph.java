package dev.klpct.lkmm;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A candidate execution: an {@link EventStructure} and its communication relations, {@code rf} and
 * {@code co}, as herd7 enumerates them before {@code lock.cat} completes them.
 *
 * <ul>
 *   <li>{@code rf} gives each read its write: every {@link Event.Read}, every SRCU lock (from
 *       initial writes, writes and SRCU unlocks of its location), and every failed {@code
 *       spin_trylock()} ({@code LF}) and {@code spin_is_locked()} ({@code RL}: from an {@code LKW};
 *       {@code RU}: from an {@code UL} or the initial write). It gives none to a lock-read ({@code
 *       LKR}): the model derives it from {@code co}.
 *   <li>{@code co} totally orders, per location, the initial write, the writes, the SRCU unlocks
 *       and the lock-writes ({@code LKW}); the initial write first. It orders no unlock ({@code
 *       UL}): the model places each right after the lock-write of its critical section.
 * </ul>
 *
 * <p>It also carries the value of each event (read or written), which the model consults in one
 * place only: SRCU's {@code srcu-bad-value-match} flag compares the index an {@code
 * srcu_read_lock()} returned with the one its {@code srcu_read_unlock()} passed.
 *
 * <p>Immutable.
 */
public final class ExecutionGraph {
  private final EventStructure structure;
  private final Relation rf;
  private final Relation co;
  private final long[] values;

  private ExecutionGraph(EventStructure structure, Relation rf, Relation co, long[] values) {
    this.structure = structure;
    this.rf = rf;
    this.co = co;
    this.values = values;
  }

  /** The execution of {@code structure} with the given communication, every value 0. */
  public static ExecutionGraph of(EventStructure structure, Relation rf, Relation co) {
    return of(structure, rf, co, new long[structure.size()]);
  }

  /**
   * The execution of {@code structure} with the given communication and values ({@code values[i]}
   * is the value event {@code i} reads or writes, 0 for events without one); {@code co} may be
   * given as any relation whose transitive closure is the coherence order.
   *
   * @throws IllegalArgumentException if {@code rf} does not give each read above exactly one write
   *     of its location, or {@code co} is not a strict total order per location over the events
   *     above, starting with the initial write
   */
  public static ExecutionGraph of(
      EventStructure structure, Relation rf, Relation co, long[] values) {
    requireNonNull(structure);
    int n = structure.size();
    checkArgument(values.length == n, "%s values for %s events", values.length, n);
    checkArgument(rf.universe() == n && co.universe() == n, "relations of another size");
    Relation coPlus = co.plus();
    Relation rfInv = rf.inverse();
    int w = rf.w;
    for (int j = 0; j < n; j++) {
      Event e = structure.event(j);
      int sources = 0;
      for (int k = 0; k < w; k++) {
        long x = rfInv.bits[j * w + k];
        sources += Long.bitCount(x);
        while (x != 0) {
          int i = (k << 6) + Long.numberOfTrailingZeros(x);
          x &= x - 1;
          checkArgument(
              readsFrom(structure.event(i), e),
              "rf %s -> %s: %s cannot read from %s",
              i,
              j,
              e,
              structure.event(i));
        }
      }
      checkArgument(
          sources == (isRfTarget(e) ? 1 : 0), "event %s (%s) has %s rf sources", j, e, sources);
    }
    for (int i = 0; i < n; i++) {
      Event a = structure.event(i);
      boolean member = isCoMember(a);
      for (int k = 0; k < w; k++) {
        long x = coPlus.bits[i * w + k];
        while (x != 0) {
          int j = (k << 6) + Long.numberOfTrailingZeros(x);
          x &= x - 1;
          Event b = structure.event(j);
          checkArgument(
              member && isCoMember(b) && a.location() == b.location(),
              "co %s -> %s relates events that co does not order",
              i,
              j);
          checkArgument(
              !(b instanceof Event.InitWrite), "co puts %s before the initial write %s", i, j);
        }
      }
    }
    checkArgument(coPlus.isIrreflexive(), "co is cyclic");
    for (int i = 0; i < n; i++) {
      Event a = structure.event(i);
      if (!isCoMember(a)) {
        continue;
      }
      for (int j = i + 1; j < n; j++) {
        Event b = structure.event(j);
        if (isCoMember(b) && a.location() == b.location()) {
          checkArgument(
              coPlus.contains(i, j) || coPlus.contains(j, i), "co does not order %s and %s", i, j);
        }
      }
    }
    return new ExecutionGraph(structure, rf, coPlus, values.clone());
  }

  /** The events {@code rf} must give exactly one source. */
  static boolean isRfTarget(Event e) {
    return e instanceof Event.Read
        || (e instanceof Event.Srcu s && s.kind() == Event.SrcuKind.LOCK)
        || (e instanceof Event.Lock l
            && (l.kind() == Event.LockKind.LF
                || l.kind() == Event.LockKind.RL
                || l.kind() == Event.LockKind.RU));
  }

  /** The events {@code co} orders. */
  static boolean isCoMember(Event e) {
    return e instanceof Event.InitWrite
        || e instanceof Event.Write
        || (e instanceof Event.Srcu s && s.kind() == Event.SrcuKind.UNLOCK)
        || (e instanceof Event.Lock l && l.kind() == Event.LockKind.LKW);
  }

  private static boolean readsFrom(Event w, Event r) {
    if (w.location() != r.location()) {
      return false;
    }
    boolean plainWrite =
        w instanceof Event.InitWrite
            || w instanceof Event.Write
            || (w instanceof Event.Srcu s && s.kind() == Event.SrcuKind.UNLOCK);
    if (r instanceof Event.Lock l) {
      return switch (l.kind()) {
        case LF, RL -> w instanceof Event.Lock lw && lw.kind() == Event.LockKind.LKW;
        case RU ->
            w instanceof Event.InitWrite
                || (w instanceof Event.Lock lw && lw.kind() == Event.LockKind.UL);
        default -> false;
      };
    }
    return plainWrite;
  }

  public EventStructure structure() {
    return structure;
  }

  /** Reads-from, as given. */
  public Relation rf() {
    return rf;
  }

  /** Coherence order over the events it orders (no unlock), transitively closed. */
  public Relation co() {
    return co;
  }

  /** The value event {@code i} reads or writes. */
  public long value(int i) {
    return values[i];
  }
}
