package dev.klpct.lkmm;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The events of one candidate execution with everything that does not depend on which write each
 * read reads from: program order and the dependencies of herd7's front end ({@code po}, {@code
 * rmw}, {@code addr}, {@code data}, {@code ctrl}). An {@link ExecutionGraph} adds the communication
 * ({@code rf}, {@code co}).
 *
 * <p>Many executions share one structure (they differ only in {@code rf} and {@code co}), so {@link
 * Lkmm} computes the relations that depend on the structure alone once per structure and caches
 * them here.
 *
 * <p>The relations are given as herd7's front end produces them, before {@code linux-kernel.bell}
 * extends the dependencies through plain accesses ({@code carry-dep}):
 *
 * <ul>
 *   <li>{@code po}: a strict partial order on the events of each thread (the builder closes it
 *       transitively). Partial, because herd7 leaves unsequenced the operands of one C expression,
 *       e.g. the two reads of {@code READ_ONCE(*x) + READ_ONCE(*y)}.
 *   <li>{@code rmw}: from the read to the write of each read-modify-write that wrote (a failed
 *       {@code cmpxchg} has a read only). The pairs of a {@code spin_lock()} are not given: the
 *       model links {@code LKR} to {@code LKW} itself ({@code lk-rmw}).
 *   <li>{@code addr}, {@code data}, {@code ctrl}: from a read to a po-later event of its thread.
 * </ul>
 *
 * <p>Immutable and thread-safe (the cache is computed idempotently).
 */
public final class EventStructure {
  private final ImmutableList<Event> events;
  private final Relation po;
  private final Relation rmw;
  private final Relation addr;
  private final Relation data;
  private final Relation ctrl;
  private volatile @Nullable Object cache;

  private EventStructure(
      ImmutableList<Event> events,
      Relation po,
      Relation rmw,
      Relation addr,
      Relation data,
      Relation ctrl) {
    this.events = events;
    this.po = po;
    this.rmw = rmw;
    this.addr = addr;
    this.data = data;
    this.ctrl = ctrl;
  }

  public static Builder builder() {
    return new Builder();
  }

  public ImmutableList<Event> events() {
    return events;
  }

  public int size() {
    return events.size();
  }

  public Event event(int i) {
    return events.get(i);
  }

  /** Program order, transitively closed. */
  public Relation po() {
    return po;
  }

  public Relation rmw() {
    return rmw;
  }

  public Relation addr() {
    return addr;
  }

  public Relation data() {
    return data;
  }

  public Relation ctrl() {
    return ctrl;
  }

  @Nullable Object cache() {
    return cache;
  }

  void cache(Object c) {
    cache = c;
  }

  /** Collects events and relations; indices are those {@link #add} returns. */
  public static final class Builder {
    private final List<Event> events = new ArrayList<>();
    private final List<int[]> po = new ArrayList<>();
    private final List<int[]> rmw = new ArrayList<>();
    private final List<int[]> addr = new ArrayList<>();
    private final List<int[]> data = new ArrayList<>();
    private final List<int[]> ctrl = new ArrayList<>();

    private Builder() {}

    /** Adds an event; returns its index. */
    @CanIgnoreReturnValue
    public int add(Event e) {
      events.add(requireNonNull(e));
      return events.size() - 1;
    }

    /** {@code from} is before {@code to} in program order. */
    @CanIgnoreReturnValue
    public Builder po(int from, int to) {
      po.add(new int[] {from, to});
      return this;
    }

    /** {@code read} and {@code write} are the two halves of one read-modify-write. */
    @CanIgnoreReturnValue
    public Builder rmw(int read, int write) {
      rmw.add(new int[] {read, write});
      return this;
    }

    /** The address of {@code access} depends on the value {@code read} returned. */
    @CanIgnoreReturnValue
    public Builder addr(int read, int access) {
      addr.add(new int[] {read, access});
      return this;
    }

    /** The value {@code write} stores depends on the value {@code read} returned. */
    @CanIgnoreReturnValue
    public Builder data(int read, int write) {
      data.add(new int[] {read, write});
      return this;
    }

    /** Whether {@code event} executes depends on the value {@code read} returned. */
    @CanIgnoreReturnValue
    public Builder ctrl(int read, int event) {
      ctrl.add(new int[] {read, event});
      return this;
    }

    /**
     * Builds the structure.
     *
     * @throws IllegalArgumentException if program order relates events of different threads or an
     *     initial write, or is cyclic, or a relation is not within program order, or an {@code rmw}
     *     pair is not a read and a write of one RMW at one location
     */
    public EventStructure build() {
      int n = events.size();
      Relation p = relation(n, po, "po");
      for (int[] e : po) {
        checkArgument(
            events.get(e[0]).thread() >= 0
                && events.get(e[0]).thread() == events.get(e[1]).thread(),
            "po %s -> %s is not within one thread",
            e[0],
            e[1]);
      }
      p = p.plus();
      checkArgument(p.isIrreflexive(), "po is cyclic");
      Relation r = relation(n, rmw, "rmw");
      for (int[] e : rmw) {
        checkArgument(
            events.get(e[0]) instanceof Event.Read rd
                && rd.rmw()
                && events.get(e[1]) instanceof Event.Write wr
                && wr.rmw()
                && rd.location() == wr.location()
                && p.contains(e[0], e[1]),
            "rmw %s -> %s is not the read and write of one RMW",
            e[0],
            e[1]);
      }
      Relation a = within(p, relation(n, addr, "addr"), "addr");
      Relation d = within(p, relation(n, data, "data"), "data");
      Relation c = within(p, relation(n, ctrl, "ctrl"), "ctrl");
      return new EventStructure(ImmutableList.copyOf(events), p, r, a, d, c);
    }

    private static Relation relation(int n, List<int[]> pairs, String name) {
      Relation.Builder b = Relation.builder(n);
      for (int[] e : pairs) {
        checkArgument(
            e[0] >= 0 && e[0] < n && e[1] >= 0 && e[1] < n,
            "%s %s -> %s: no such event",
            name,
            e[0],
            e[1]);
        b.add(e[0], e[1]);
      }
      return b.build();
    }

    private static Relation within(Relation po, Relation r, String name) {
      checkArgument(r.minus(po).isEmpty(), "%s is not included in po", name);
      return r;
    }
  }
}
