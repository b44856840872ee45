package dev.klpct.checker.litmus;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.litmus.LitmusTest.And;
import dev.klpct.checker.litmus.LitmusTest.Atom;
import dev.klpct.checker.litmus.LitmusTest.Bool;
import dev.klpct.checker.litmus.LitmusTest.Cond;
import dev.klpct.checker.litmus.LitmusTest.Location;
import dev.klpct.checker.litmus.LitmusTest.LocationKind;
import dev.klpct.checker.litmus.LitmusTest.Not;
import dev.klpct.checker.litmus.LitmusTest.Observed;
import dev.klpct.checker.litmus.LitmusTest.Or;
import dev.klpct.checker.litmus.LitmusTest.Pos;
import dev.klpct.checker.litmus.LitmusTest.RegisterInit;
import dev.klpct.checker.litmus.LitmusTest.Value;
import dev.klpct.checker.litmus.ThreadPaths.Constraint;
import dev.klpct.checker.litmus.ThreadPaths.Kind;
import dev.klpct.checker.litmus.ThreadPaths.Path;
import dev.klpct.checker.litmus.ThreadPaths.ProtoEvent;
import dev.klpct.lkmm.Event;
import dev.klpct.lkmm.EventStructure;
import dev.klpct.lkmm.ExecutionGraph;
import dev.klpct.lkmm.Flag;
import dev.klpct.lkmm.Lkmm;
import dev.klpct.lkmm.LkmmVerdict;
import dev.klpct.lkmm.Relation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Runs a litmus test exactly under the Linux-kernel memory model: enumerates its candidate
 * executions as herd7 does and keeps those {@link Lkmm} allows.
 *
 * <h2>Enumeration</h2>
 *
 * <ol>
 *   <li><b>Paths.</b> Each process is run with symbolic read values ({@link ThreadPaths}): one path
 *       per combination of the choices it makes on values read, each with its events, program order
 *       and dependencies, and the constraints its choices put on the values.
 *   <li><b>Locations.</b> An access whose address is computed from a read is given, in turn, each
 *       location of the test; the guess must agree with the address the execution computes (step
 *       5).
 *   <li><b>Per location, reads-from and coherence.</b> Each read of a location may read from its
 *       initial write or any write to it; the writes are ordered in every way that keeps each
 *       process's writes in program order. Choices that break the {@code coherence} or {@code
 *       atomic} axiom on the location are dropped here: both axioms are conjunctions over
 *       locations, so this changes no verdict and saves most of the work. For a spinlock, the
 *       choices are {@code lock.cat}'s: the order of the lock-writes (a lock never unlocked last),
 *       and the write each failed {@code spin_trylock} and each {@code spin_is_locked} reads; the
 *       model derives the rest.
 *   <li><b>Candidates.</b> One choice per location.
 *   <li><b>Values.</b> Each read returns the value of its write; written values are computed from
 *       the values read until nothing changes. As in herd7, reads that are still unknown then are
 *       kept, with a value of their own ({@code S}n), only if each reads a plain copy of another
 *       one (a cycle of copies: out-of-thin-air values that nothing fixes); otherwise the candidate
 *       has no solution and is dropped. A candidate is dropped when a path constraint does not hold
 *       or depends on an undetermined value, and when a guessed location is not the computed
 *       address.
 *   <li><b>Model.</b> {@link Lkmm#check} decides; an allowed execution's final state (registers of
 *       each path, last write of each location in coherence order) is checked against the {@code
 *       filter} (falsified: not an execution of the test) and the final clause.
 * </ol>
 *
 * <p>Deterministic (the same test gives the same result and the same order of states); stateless;
 * thread-safe.
 */
public final class ExactLitmusRunner {
  private ExactLitmusRunner() {}

  /**
   * Runs {@code test}.
   *
   * @throws LitmusException if the test does something herd7 gives no value to, found while running
   *     it: arithmetic on a pointer, a division by zero, a dereference of a value that is not a
   *     pointer, a spinlock reached through a pointer and accessed as memory
   */
  public static ExactResult run(LitmusTest test) throws LitmusException {
    return new Run(test).run();
  }

  private static final class Run {
    final LitmusTest test;
    final List<Location> locations;
    final Map<String, Integer> locIndex = new HashMap<>();
    final List<Observed> observed;
    final List<List<Path>> paths = new ArrayList<>();

    /**
     * The locations a pointer may lead to: those whose address the test uses as a value (an initial
     * value, or a parameter stored, assigned or compared), for no other address can ever be in a
     * register or in memory; every memory location if there is none, so that a dereference of an
     * integer is still found. Never a spinlock or srcu_struct: the reader keeps their addresses out
     * of values.
     */
    final int[] pointable;

    long positive;
    long negative;
    long candidates;
    final EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
    final TreeSet<String> states = new TreeSet<>();

    Run(LitmusTest test) {
      this.test = test;
      this.locations = test.locations();
      for (int i = 0; i < locations.size(); i++) {
        locIndex.put(locations.get(i).name(), i);
      }
      this.observed = observed(test);
      TreeSet<Integer> taken = new TreeSet<>();
      for (Location l : locations) {
        if (l.initial() instanceof Value.Address a) {
          taken.add(locIndex.get(a.location()));
        }
      }
      for (RegisterInit r : test.registerInits()) {
        if (r.value() instanceof Value.Address a) {
          taken.add(locIndex.get(a.location()));
        }
      }
      for (LitmusTest.Process p : test.processes()) {
        addressesUsedAsValues(p.body(), taken);
      }
      this.pointable =
          taken.isEmpty()
              ? IntStream.range(0, locations.size())
                  .filter(l -> locations.get(l).kind() == LocationKind.MEMORY)
                  .toArray()
              : taken.stream().mapToInt(Integer::intValue).toArray();
    }

    private void addressesUsedAsValues(List<LitmusTest.Stmt> body, Set<Integer> out) {
      for (LitmusTest.Stmt st : body) {
        if (st instanceof LitmusTest.SetReg a) {
          value(a.value(), out);
        } else if (st instanceof LitmusTest.Store w) {
          address(w.address(), out);
          value(w.value(), out);
        } else if (st instanceof LitmusTest.Eval e) {
          value(e.expr(), out);
        } else if (st instanceof LitmusTest.If i) {
          value(i.cond(), out);
          addressesUsedAsValues(i.then(), out);
          addressesUsedAsValues(i.otherwise(), out);
        }
      }
    }

    /** An expression whose value may be stored or kept: a parameter in it is taken. */
    private void value(LitmusTest.Expr e, Set<Integer> out) {
      if (e instanceof LitmusTest.LocAddr l) {
        out.add(locIndex.get(l.name()));
      } else if (e instanceof LitmusTest.Binary b) {
        value(b.left(), out);
        value(b.right(), out);
      } else if (e instanceof LitmusTest.Deref d) {
        address(d.address(), out);
      } else if (e instanceof LitmusTest.Call c && !c.args().isEmpty()) {
        // every primitive with arguments takes its location first (a fence takes none)
        address(c.args().get(0), out);
        for (int i = 1; i < c.args().size(); i++) {
          value(c.args().get(i), out);
        }
      }
    }

    /** An expression used as an address: a parameter alone is not taken. */
    private void address(LitmusTest.Expr e, Set<Integer> out) {
      if (!(e instanceof LitmusTest.LocAddr)) {
        value(e, out);
      }
    }

    ExactResult run() throws LitmusException {
      for (LitmusTest.Process p : test.processes()) {
        Map<String, Sym> init = new LinkedHashMap<>();
        for (RegisterInit r : test.registerInits()) {
          if (r.proc() == p.index()) {
            init.put(r.register(), new Sym.K(encode(r.value())));
          }
        }
        paths.add(ThreadPaths.of(test.file(), p, init, locIndex::get));
      }
      int[] choice = new int[paths.size()];
      while (true) {
        List<Path> combo = new ArrayList<>();
        for (int t = 0; t < choice.length; t++) {
          combo.add(paths.get(t).get(choice[t]));
        }
        new Combination(this, combo).enumerate();
        int t = choice.length - 1;
        while (t >= 0 && ++choice[t] == paths.get(t).size()) {
          choice[t] = 0;
          t--;
        }
        if (t < 0) {
          break;
        }
      }
      Outcome outcome =
          positive == 0 ? Outcome.NEVER : negative == 0 ? Outcome.ALWAYS : Outcome.SOMETIMES;
      ImmutableList.Builder<String> fs = ImmutableList.builder();
      flags.stream().map(Flag::catName).sorted().forEach(fs::add);
      return new ExactResult(
          test, outcome, positive, negative, candidates, fs.build(), ImmutableList.copyOf(states));
    }

    long encode(Value v) {
      if (v instanceof Value.Int i) {
        return i.value();
      }
      return Sym.ADDRESS + requireNonNull(locIndex.get(((Value.Address) v).location()));
    }

    String show(long v) {
      if (Sym.isUndetermined(v)) {
        return "S" + (v - Sym.UNDETERMINED);
      }
      if (Sym.isAddress(v)) {
        return locations.get((int) (v - Sym.ADDRESS)).name();
      }
      return Long.toString(v);
    }
  }

  /** The locations the final clause and the locations clause name, in order of mention. */
  static List<Observed> observed(LitmusTest test) {
    List<Observed> out = new ArrayList<>();
    for (Observed o : test.observed()) {
      if (!out.contains(o)) {
        out.add(o);
      }
    }
    for (Observed o : LitmusRunner.observed(test)) {
      if (!out.contains(o)) {
        out.add(o);
      }
    }
    return out;
  }

  /** One choice of path per process: the events are fixed, the communication is not. */
  private static final class Combination {
    final Run run;
    final List<Path> paths;
    final int nLocs;

    /** Global index of each path's first event; initial writes come first, one per location. */
    final int[] base;

    final int n;
    final ProtoEvent[] proto;
    final int[] threadOf;
    final int[] localOf;
    final boolean[] allKnown;

    /** The locations a pointer may lead to ({@link Run#pointable}). */
    final int[] memory;

    Combination(Run run, List<Path> paths) {
      this.run = run;
      this.paths = paths;
      this.nLocs = run.locations.size();
      this.base = new int[paths.size()];
      int k = nLocs;
      for (int t = 0; t < paths.size(); t++) {
        base[t] = k;
        k += paths.get(t).events().size();
      }
      this.n = k;
      this.proto = new ProtoEvent[n];
      this.threadOf = new int[n];
      this.localOf = new int[n];
      this.allKnown = new boolean[n];
      Arrays.fill(allKnown, true);
      this.memory = run.pointable;
      for (int i = 0; i < nLocs; i++) {
        threadOf[i] = -1;
      }
      for (int t = 0; t < paths.size(); t++) {
        List<ProtoEvent> evs = paths.get(t).events();
        for (int i = 0; i < evs.size(); i++) {
          proto[base[t] + i] = evs.get(i);
          threadOf[base[t] + i] = t;
          localOf[base[t] + i] = i;
        }
      }
    }

    void enumerate() throws LitmusException {
      // events whose address is computed from a read: guess their location
      List<Integer> guessed = new ArrayList<>();
      int[] loc = new int[n];
      for (int i = 0; i < nLocs; i++) {
        loc[i] = i;
      }
      for (int i = nLocs; i < n; i++) {
        Sym a = proto[i].address();
        if (a == null) {
          loc[i] = -1;
        } else if (a instanceof Sym.K k) {
          if (!Sym.isAddress(k.value())) {
            throw runtime(
                proto[i].pos(),
                "unsupported: an access to "
                    + run.show(k.value())
                    + ", which is not the address of a location");
          }
          loc[i] = (int) (k.value() - Sym.ADDRESS);
        } else if (proto[i].rmwRead() < 0) {
          guessed.add(i);
        }
      }
      if (!guessed.isEmpty() && memory.length == 0) {
        return;
      }
      int[] g = new int[guessed.size()];
      while (true) {
        for (int j = 0; j < g.length; j++) {
          loc[guessed.get(j)] = memory[g[j]];
        }
        // the write of an RMW is where its read is
        for (int i = nLocs; i < n; i++) {
          if (proto[i].rmwRead() >= 0 && !(proto[i].address() instanceof Sym.K)) {
            loc[i] = loc[base[threadOf[i]] + proto[i].rmwRead()];
          }
        }
        withLocations(loc.clone(), guessed);
        int j = g.length - 1;
        while (j >= 0 && ++g[j] == memory.length) {
          g[j] = 0;
          j--;
        }
        if (j < 0) {
          break;
        }
      }
    }

    private LitmusException runtime(Pos pos, String message) {
      return new LitmusException(run.test.file(), pos.line(), pos.column(), message);
    }

    void withLocations(int[] loc, List<Integer> guessed) throws LitmusException {
      EventStructure structure = structure(loc);
      List<List<Choice>> perLocation = new ArrayList<>();
      for (int l = 0; l < nLocs; l++) {
        List<Choice> cs = choices(l, loc, structure);
        if (cs.isEmpty()) {
          return;
        }
        perLocation.add(cs);
      }
      int[] pick = new int[nLocs];
      int[] rfSrc = new int[n];
      while (true) {
        Arrays.fill(rfSrc, -1);
        Relation.Builder co = Relation.builder(n);
        for (int l = 0; l < nLocs; l++) {
          Choice c = perLocation.get(l).get(pick[l]);
          for (int k = 0; k < c.reads.length; k++) {
            rfSrc[c.reads[k]] = c.sources[k];
          }
          for (int k = 0; k + 1 < c.co.length; k++) {
            co.add(c.co[k], c.co[k + 1]);
          }
        }
        candidate(structure, loc, guessed, rfSrc, co.build(), perLocation, pick);
        int l = nLocs - 1;
        while (l >= 0 && ++pick[l] == perLocation.get(l).size()) {
          pick[l] = 0;
          l--;
        }
        if (l < 0) {
          break;
        }
      }
    }

    /** The event structure of this combination with these locations. */
    EventStructure structure(int[] loc) {
      EventStructure.Builder b = EventStructure.builder();
      for (int i = 0; i < nLocs; i++) {
        b.add(new Event.InitWrite(i));
      }
      for (int i = nLocs; i < n; i++) {
        ProtoEvent e = proto[i];
        int t = threadOf[i];
        Event ev =
            switch (e.kind()) {
              case READ -> new Event.Read(t, loc[i], mode(e), e.rmw());
              case WRITE -> new Event.Write(t, loc[i], mode(e), e.rmw());
              case FENCE -> new Event.Fence(t, Objects.requireNonNull(e.fence()));
              case SRCU_LOCK, SRCU_UNLOCK, SRCU_SYNC ->
                  new Event.Srcu(t, loc[i], ThreadPaths.srcuKind(e.kind()));
              default -> new Event.Lock(t, loc[i], e.kind().lockKind());
            };
        b.add(ev);
      }
      for (int i = nLocs; i < n; i++) {
        ProtoEvent e = proto[i];
        int b0 = base[threadOf[i]];
        int to = i;
        forEach(e.preds(), j -> b.po(b0 + j, to));
        forEach(e.addr(), j -> b.addr(b0 + j, to));
        forEach(e.data(), j -> b.data(b0 + j, to));
        forEach(e.ctrl(), j -> b.ctrl(b0 + j, to));
        if (e.rmwRead() >= 0) {
          b.rmw(b0 + e.rmwRead(), i);
        }
      }
      return b.build();
    }

    private static Event.Mode mode(ProtoEvent e) {
      return Objects.requireNonNull(e.mode());
    }

    private static void forEach(long bits, IntConsumer f) {
      while (bits != 0) {
        f.accept(Long.numberOfTrailingZeros(bits));
        bits &= bits - 1;
      }
    }

    /**
     * One way a location's reads and writes communicate.
     *
     * @param reads the events that read the location and need a source
     * @param sources the write each reads from
     * @param co the coherence order of the location's writes, initial write first
     */
    @SuppressWarnings("ArrayRecordComponent") // private, built once per candidate, never compared
    record Choice(int[] reads, int[] sources, int[] co) {}

    List<Choice> choices(int l, int[] loc, EventStructure s) {
      LocationKind kind = run.locations.get(l).kind();
      List<Integer> writes = new ArrayList<>();
      List<Integer> reads = new ArrayList<>();
      List<Integer> lkws = new ArrayList<>();
      List<Integer> lfs = new ArrayList<>();
      List<Integer> uls = new ArrayList<>();
      List<Integer> rus = new ArrayList<>();
      for (int i = nLocs; i < n; i++) {
        if (loc[i] != l) {
          continue;
        }
        switch (proto[i].kind()) {
          case WRITE, SRCU_UNLOCK -> writes.add(i);
          case READ, SRCU_LOCK -> reads.add(i);
          case LKW -> lkws.add(i);
          case LF, RL -> lfs.add(i);
          case UL -> uls.add(i);
          case RU -> rus.add(i);
          default -> {}
        }
      }
      Relation po = s.po();
      List<Choice> out = new ArrayList<>();
      if (kind == LocationKind.SPINLOCK
          || !lkws.isEmpty()
          || !lfs.isEmpty()
          || !rus.isEmpty()
          || !uls.isEmpty()) {
        lockChoices(l, lkws, lfs, uls, rus, po, out);
        return out;
      }
      // reads in an order compatible with program order (events are numbered in po order
      // within a thread), so that a read's po-earlier reads already have their source
      int[] rd = reads.stream().mapToInt(Integer::intValue).toArray();
      for (int[] order : orders(l, writes, po, -1)) {
        sources(rd, order, po, new int[rd.length], 0, s, out);
      }
      return out;
    }

    /**
     * Chooses the source of {@code rd[k]} and the reads after it within the bounds coherence
     * leaves, given coherence order {@code co}: no earlier in {@code co} than a write or the source
     * of a read po-before it, earlier than every write po-after it, and for the read of an RMW,
     * right before its write. The bounds only prune; {@link #coherent} checks each complete choice.
     */
    private void sources(
        int[] rd, int[] co, Relation po, int[] src, int k, EventStructure s, List<Choice> out) {
      if (k == rd.length) {
        if (coherent(rd, src, co, po)) {
          out.add(new Choice(rd, src.clone(), co));
        }
        return;
      }
      int r = rd[k];
      int lo = 0;
      int hi = co.length - 1;
      for (int j = 1; j < co.length; j++) {
        int w = co[j];
        if (po.contains(w, r)) {
          lo = Math.max(lo, j);
        } else if (po.contains(r, w)) {
          hi = Math.min(hi, j - 1);
        }
        if (proto[w].rmwRead() >= 0
            && threadOf[w] == threadOf[r]
            && base[threadOf[w]] + proto[w].rmwRead() == r) {
          lo = Math.max(lo, j - 1);
          hi = Math.min(hi, j - 1);
        }
      }
      for (int i = 0; i < k; i++) {
        if (po.contains(rd[i], r)) {
          lo = Math.max(lo, position(co, src[i]));
        }
      }
      for (int j = lo; j <= hi; j++) {
        src[k] = co[j];
        sources(rd, co, po, src, k + 1, s, out);
      }
    }

    private static int position(int[] co, int w) {
      for (int j = 0; j < co.length; j++) {
        if (co[j] == w) {
          return j;
        }
      }
      throw new IllegalStateException("not in co: " + w);
    }

    /**
     * Every coherence order of a location: the initial write, then {@code writes} in every order
     * that respects program order, with {@code last} (if not -1) last.
     */
    private List<int[]> orders(int initial, List<Integer> writes, Relation po, int last) {
      List<int[]> out = new ArrayList<>();
      int[] acc = new int[writes.size() + 1];
      acc[0] = initial;
      permute(writes, new boolean[writes.size()], acc, 1, po, last, out);
      return out;
    }

    private void permute(
        List<Integer> writes,
        boolean[] used,
        int[] acc,
        int depth,
        Relation po,
        int last,
        List<int[]> out) {
      if (depth == acc.length) {
        out.add(acc.clone());
        return;
      }
      for (int k = 0; k < writes.size(); k++) {
        if (used[k]) {
          continue;
        }
        int w = writes.get(k);
        if (w == last && depth != acc.length - 1) {
          continue;
        }
        boolean ready = true;
        for (int j = 0; j < writes.size() && ready; j++) {
          if (!used[j] && j != k && po.contains(writes.get(j), w)) {
            ready = false;
          }
        }
        if (!ready) {
          continue;
        }
        used[k] = true;
        acc[depth] = w;
        permute(writes, used, acc, depth + 1, po, last, out);
        used[k] = false;
      }
    }

    /**
     * The {@code coherence} and {@code atomic} axioms restricted to one location: {@code po-loc |
     * rf | co | fr} acyclic, and no write of another thread between an RMW's read's source and its
     * write in coherence order.
     */
    private boolean coherent(int[] reads, int[] src, int[] co, Relation po) {
      int m = co.length + reads.length;
      int[] ev = new int[m];
      Map<Integer, Integer> at = new HashMap<>();
      for (int k = 0; k < co.length; k++) {
        ev[k] = co[k];
        at.put(co[k], k);
      }
      for (int k = 0; k < reads.length; k++) {
        ev[co.length + k] = reads[k];
        at.put(reads[k], co.length + k);
      }
      long[] succ = new long[m];
      for (int a = 0; a < m; a++) {
        for (int b = 0; b < m; b++) {
          if (a != b && po.contains(ev[a], ev[b])) {
            succ[a] |= 1L << b;
          }
        }
      }
      for (int k = 0; k + 1 < co.length; k++) {
        succ[k] |= 1L << (k + 1);
      }
      for (int k = 0; k < reads.length; k++) {
        int w = requireNonNull(at.get(src[k]));
        int r = co.length + k;
        succ[w] |= 1L << r;
        if (w + 1 < co.length) {
          succ[r] |= 1L << (w + 1);
        }
      }
      if (!acyclic(succ)) {
        return false;
      }
      for (int k = 0; k < reads.length; k++) {
        ProtoEvent rd = proto[reads[k]];
        if (!rd.rmw()) {
          continue;
        }
        int wIndex = -1;
        for (int j = 1; j < co.length; j++) {
          if (proto[co[j]].rmwRead() == localOf[reads[k]]
              && threadOf[co[j]] == threadOf[reads[k]]) {
            wIndex = j;
          }
        }
        if (wIndex < 0) {
          continue;
        }
        int from = requireNonNull(at.get(src[k]));
        for (int j = from + 1; j < wIndex; j++) {
          if (threadOf[co[j]] != threadOf[reads[k]]) {
            return false;
          }
        }
      }
      return true;
    }

    private static boolean acyclic(long[] succ) {
      int m = succ.length;
      long remaining = m == 64 ? -1L : (1L << m) - 1;
      boolean progress = true;
      while (remaining != 0 && progress) {
        progress = false;
        long hasPred = 0;
        long x = remaining;
        while (x != 0) {
          int i = Long.numberOfTrailingZeros(x);
          x &= x - 1;
          hasPred |= succ[i];
        }
        long sources = remaining & ~hasPred;
        if (sources != 0) {
          remaining &= ~sources;
          progress = true;
        }
      }
      return remaining == 0;
    }

    /**
     * {@code lock.cat}'s choices for a spinlock: the order of its lock-writes (one never unlocked
     * goes last; two never unlocked is a deadlock, which {@code unmatched-locks} forbids, so there
     * is no choice), the lock-write each failed trylock or {@code spin_is_locked() == true} outside
     * its own critical section reads (one of another thread), and the unlock (the last one before
     * it in its thread, or one of another thread) or initial write each {@code spin_is_locked() ==
     * false} reads.
     */
    private void lockChoices(
        int l,
        List<Integer> lkws,
        List<Integer> lfs,
        List<Integer> uls,
        List<Integer> rus,
        Relation po,
        List<Choice> out) {
      // critical: an LKW and the first UL after it with no LKW or UL between
      List<Integer> unmatched = new ArrayList<>();
      for (int k : lkws) {
        boolean matched = false;
        for (int u : uls) {
          if (po.contains(k, u) && !between(k, u, lkws, uls, po)) {
            matched = true;
          }
        }
        if (!matched) {
          unmatched.add(k);
        }
      }
      if (unmatched.size() > 1) {
        return;
      }
      int last = unmatched.isEmpty() ? -1 : unmatched.get(0);
      List<int[]> orders = orders(l, lkws, po, last);
      List<Integer> lockReads = new ArrayList<>(lfs);
      lockReads.addAll(rus);
      List<List<Integer>> sources = new ArrayList<>();
      for (int e : lfs) {
        List<Integer> src = new ArrayList<>();
        int inside = -1;
        for (int k : lkws) {
          if (po.contains(k, e) && !ulBetween(k, e, uls, po)) {
            inside = k;
          }
        }
        if (inside >= 0) {
          src.add(inside);
        } else {
          for (int k : lkws) {
            if (threadOf[k] != threadOf[e]) {
              src.add(k);
            }
          }
        }
        if (src.isEmpty()) {
          return;
        }
        sources.add(src);
      }
      for (int e : rus) {
        List<Integer> src = new ArrayList<>();
        for (int u : uls) {
          if (po.contains(u, e) && !ulBetween(u, e, uls, po)) {
            src.add(u);
          }
        }
        src.add(l);
        for (int u : uls) {
          if (threadOf[u] != threadOf[e]) {
            src.add(u);
          }
        }
        sources.add(src);
      }
      int[] rd = lockReads.stream().mapToInt(Integer::intValue).toArray();
      for (int[] order : orders) {
        int[] pick = new int[rd.length];
        while (true) {
          int[] src = new int[rd.length];
          for (int k = 0; k < rd.length; k++) {
            src[k] = sources.get(k).get(pick[k]);
          }
          out.add(new Choice(rd, src, order));
          int k = rd.length - 1;
          while (k >= 0 && ++pick[k] == sources.get(k).size()) {
            pick[k] = 0;
            k--;
          }
          if (k < 0) {
            break;
          }
        }
      }
    }

    private static boolean between(
        int a, int b, List<Integer> lkws, List<Integer> uls, Relation po) {
      for (int c : lkws) {
        if (po.contains(a, c) && po.contains(c, b)) {
          return true;
        }
      }
      return ulBetween(a, b, uls, po);
    }

    private static boolean ulBetween(int a, int b, List<Integer> uls, Relation po) {
      for (int c : uls) {
        if (po.contains(a, c) && po.contains(c, b)) {
          return true;
        }
      }
      return false;
    }

    // ---- one candidate -----------------------------------------------------------------------

    /** The first operation without a value met while solving the current candidate. */
    private Sym.@Nullable EvalException evalError;

    void candidate(
        EventStructure structure,
        int[] loc,
        List<Integer> guessed,
        int[] rfSrc,
        Relation co,
        List<List<Choice>> perLocation,
        int[] pick)
        throws LitmusException {
      evalError = null;
      long[] val = new long[n];
      boolean[] known = new boolean[n];
      for (int i = 0; i < nLocs; i++) {
        val[i] = run.encode(run.locations.get(i).initial());
        known[i] = true;
      }
      boolean progress = true;
      while (progress) {
        progress = false;
        for (int i = nLocs; i < n; i++) {
          if (known[i]) {
            continue;
          }
          ProtoEvent e = proto[i];
          switch (e.kind()) {
            case READ, SRCU_LOCK -> {
              int src = rfSrc[i];
              if (known[src]) {
                val[i] = val[src];
                known[i] = true;
                progress = true;
              }
            }
            case WRITE, SRCU_UNLOCK -> {
              Long v = eval(Objects.requireNonNull(e.value()), val, known);
              if (v != null) {
                val[i] = v;
                known[i] = true;
                progress = true;
              }
            }
            default -> {
              known[i] = true;
              progress = true;
            }
          }
        }
      }
      // unknown reads: herd7 keeps them only on cycles of plain copies
      int[] symbol = new int[n];
      Arrays.fill(symbol, -1);
      int symbols = 0;
      for (int i = nLocs; i < n; i++) {
        if (known[i] || !(proto[i].kind() == Kind.READ || proto[i].kind() == Kind.SRCU_LOCK)) {
          continue;
        }
        Sym v = proto[rfSrc[i]].value();
        if (!(v instanceof Sym.V)) {
          return;
        }
      }
      for (int i = nLocs; i < n; i++) {
        if (known[i]
            || symbol[i] >= 0
            || !(proto[i].kind() == Kind.READ || proto[i].kind() == Kind.SRCU_LOCK)) {
          continue;
        }
        // follow the copies to a cycle; every read on the way shares the cycle's symbol
        List<Integer> chain = new ArrayList<>();
        int r = i;
        while (symbol[r] < 0 && !chain.contains(r)) {
          chain.add(r);
          Sym.V copy = (Sym.V) requireNonNull(proto[rfSrc[r]].value());
          r = base[copy.thread()] + copy.event();
        }
        int sym = symbol[r] >= 0 ? symbol[r] : symbols++;
        for (int c : chain) {
          symbol[c] = sym;
          val[c] = Sym.UNDETERMINED + sym;
          known[c] = true;
        }
      }
      for (int i = nLocs; i < n; i++) {
        if (!known[i]) {
          Long v = eval(Objects.requireNonNull(proto[i].value()), val, known);
          val[i] = v == null ? Sym.UNDETERMINED : v;
          known[i] = true;
        }
      }
      // guessed locations first: a value computed on a wrong guess (a pointer read as an
      // integer) may have no meaning, and is not an error of the test
      int notAnAddress = -1;
      long bad = 0;
      boolean[] suspect = null;
      for (int i : guessed) {
        long a = value(Objects.requireNonNull(proto[i].address()), val);
        if (Sym.isUndetermined(a) || (Sym.isAddress(a) && a != Sym.ADDRESS + loc[i])) {
          return;
        }
        if (!Sym.isAddress(a)) {
          if (suspect == null) {
            suspect = suspect(rfSrc);
          }
          if (!uses(proto[i].address(), suspect) && notAnAddress < 0) {
            notAnAddress = i;
            bad = a;
          }
        }
      }
      // an integer address computed from reads of writes whose location is certain is the
      // test's own (herd7 fails on it); one computed from a guess's write is not an execution
      if (notAnAddress >= 0) {
        throw runtime(
            proto[notAnAddress].pos(),
            "unsupported: an access to "
                + run.show(bad)
                + ", which is not the address of a location (herd7 fails on this)");
      }
      if (suspect != null) {
        return;
      }
      if (evalError != null) {
        throw runtime(evalError.pos(), String.valueOf(evalError.getMessage()));
      }
      // path constraints
      for (Path p : paths) {
        for (Constraint c : p.constraints()) {
          long v = value(c.value(), val);
          if (Sym.isUndetermined(v) || (v != 0) != c.nonZero()) {
            return;
          }
        }
      }
      Relation.Builder rf = Relation.builder(n);
      for (int i = 0; i < n; i++) {
        if (rfSrc[i] >= 0) {
          rf.add(rfSrc[i], i);
        }
      }
      ExecutionGraph g = ExecutionGraph.of(structure, rf.build(), co, val);
      run.candidates++;
      LkmmVerdict verdict = Lkmm.check(g);
      if (!verdict.allowed()) {
        return;
      }
      // final state
      long[] lastWrite = new long[nLocs];
      for (int l = 0; l < nLocs; l++) {
        int[] order = perLocation.get(l).get(pick[l]).co;
        lastWrite[l] = val[order[order.length - 1]];
      }
      FinalState fs = new FinalState(this, val, lastWrite);
      if (run.test.filter().isPresent() && !fs.holds(run.test.filter().get())) {
        return;
      }
      if (fs.holds(run.test.clause().body())) {
        run.positive++;
      } else {
        run.negative++;
      }
      run.flags.addAll(verdict.flags());
      StringBuilder sb = new StringBuilder();
      for (Observed o : run.observed) {
        sb.append(o.location()).append('=').append(run.show(fs.value(o))).append("; ");
      }
      run.states.add(sb.toString().strip());
    }

    /**
     * The reads whose value may come from a guess: those that read a write whose location was
     * guessed, or a write whose value uses such a read.
     */
    private boolean[] suspect(int[] rfSrc) {
      boolean[] guessedLoc = new boolean[n];
      for (int i = nLocs; i < n; i++) {
        guessedLoc[i] = proto[i].address() != null && !(proto[i].address() instanceof Sym.K);
      }
      boolean[] suspect = new boolean[n];
      boolean changed = true;
      while (changed) {
        changed = false;
        for (int i = nLocs; i < n; i++) {
          int src = rfSrc[i];
          if (suspect[i] || src < nLocs) {
            continue;
          }
          Sym v = proto[src].value();
          if (guessedLoc[src] || (v != null && uses(v, suspect))) {
            suspect[i] = true;
            changed = true;
          }
        }
      }
      return suspect;
    }

    /** Whether {@code s} uses the value of a read marked in {@code reads}. */
    private boolean uses(@Nullable Sym s, boolean[] reads) {
      if (s instanceof Sym.V v) {
        return reads[base[v.thread()] + v.event()];
      }
      return s instanceof Sym.B b && (uses(b.left(), reads) || uses(b.right(), reads));
    }

    /** The value of {@code s} if every read it uses is known, else null. */
    private @Nullable Long eval(Sym s, long[] val, boolean[] known) throws LitmusException {
      if (s instanceof Sym.K k) {
        return k.value();
      }
      if (s instanceof Sym.V v) {
        int i = base[v.thread()] + v.event();
        return known[i] ? val[i] : null;
      }
      Sym.B b = (Sym.B) s;
      Long l = eval(b.left(), val, known);
      if (l == null) {
        return null;
      }
      Long r = eval(b.right(), val, known);
      if (r == null) {
        return null;
      }
      try {
        return Sym.apply(b.op(), l, r, b.pos());
      } catch (Sym.EvalException e) {
        // an error only if the candidate turns out to be one (see candidate)
        if (evalError == null) {
          evalError = e;
        }
        return Sym.UNDETERMINED;
      }
    }

    /** The value of {@code s} once every read is known (undetermined if it uses such a read). */
    long value(Sym s, long[] val) throws LitmusException {
      Long v = eval(s, val, allKnown);
      return v == null ? Sym.UNDETERMINED : v;
    }
  }

  /** A final state: the registers of each path and the last write of each location. */
  private static final class FinalState {
    final Combination c;
    final long[] val;
    final long[] lastWrite;

    FinalState(Combination c, long[] val, long[] lastWrite) {
      this.c = c;
      this.val = val;
      this.lastWrite = lastWrite;
    }

    long value(Observed o) throws LitmusException {
      if (o.proc() < 0) {
        return lastWrite[requireNonNull(c.run.locIndex.get(o.name()))];
      }
      Sym s = c.paths.get(o.proc()).registers().get(o.name());
      long v = s == null ? 0 : c.value(s, val);
      Sym.EvalException e = c.evalError;
      if (e != null) {
        throw c.runtime(e.pos(), String.valueOf(e.getMessage()));
      }
      return v;
    }

    boolean holds(Cond cond) throws LitmusException {
      if (cond instanceof And a) {
        return holds(a.l()) && holds(a.r());
      } else if (cond instanceof Or o) {
        return holds(o.l()) || holds(o.r());
      } else if (cond instanceof Not n) {
        return !holds(n.c());
      } else if (cond instanceof Bool b) {
        return b.value();
      }
      Atom a = (Atom) cond;
      return value(a.at()) == c.run.encode(a.value());
    }
  }
}
