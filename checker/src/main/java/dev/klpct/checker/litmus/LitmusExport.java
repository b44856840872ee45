package dev.klpct.checker.litmus;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.primitives.ImmutableIntArray;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.Edit;
import dev.klpct.checker.trace.TraceEvent;
import dev.klpct.checker.trace.TraceEvent.Access;
import dev.klpct.checker.trace.TraceEvent.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A counterexample as a litmus test in the kernel's C dialect (herd7's format, as in {@code
 * tools/memory-model/litmus-tests}): one {@code P} per CPU with the counterexample's accesses in
 * program order, each with its annotation, the fences between them, and an {@code exists} clause on
 * the values the loads and value-returning RMWs read.
 *
 * <p><b>What is kept.</b> The test is cut down to the accesses the reordering needs. It starts from
 * every access and fence the counterexample executed (a fence whose ordering was removed by
 * ablation is left out, an access whose ordering was removed is written relaxed). Each read keeps
 * the write it read from, taken from the trace as the last write of the value read to its location
 * before the read (none: the initial value), so that no value in the {@code exists} clause comes to
 * be explained by another write. Accesses are then removed one at a time (accesses to a location
 * only one CPU touches first, then in program order, and again until none more can go) as long as
 * sequential consistency still forbids the values read. A location's writes that come before every
 * access kept to it fold into its initial value, unless a kept read reads the initial value itself.
 * Removing a fully ordered RMW that wrote keeps its ordering as an {@code smp_mb()}. Fences are
 * kept where they stand between two remaining accesses of their CPU. The test cut down this way is
 * a part of the counterexample's execution, so the exact LKMM ({@link ExactLitmusRunner}) is asked
 * once, at the end, whether it allows the {@code exists} outcome; a test it forbids is not written
 * (the trace's guess of a source was wrong, or the counterexample is not an LKMM execution), and
 * the reason says so.
 *
 * <p><b>What is lost.</b> The test is straight-line: the branches of the strategy's code are
 * resolved as the counterexample took them, so a control dependency of the code (a load deciding
 * whether a later store runs) is not in the test. Bit operations become the atomic operations on
 * the whole word that herd7 knows ({@code test_bit} a {@code READ_ONCE}, {@code set_bit} an {@code
 * atomic_or}, {@code clear_bit} an {@code atomic_andnot}, {@code test_and_set_bit} an {@code
 * atomic_fetch_or}, ...); the {@code exists} clause names the whole word read.
 *
 * <p><b>Name.</b> herd7's convention: the shape for two CPUs with two accesses each ({@code MP},
 * {@code SB}, {@code LB}, {@code R}, {@code S}, {@code 2+2W}; otherwise {@code klpct-}the number of
 * CPUs and accesses), then per CPU what stands between its accesses ({@code po} or {@code fence}
 * with the fence's name) and the accesses' annotations ({@code once}, {@code acquire}, {@code
 * release}, {@code mb} for a fully ordered RMW, {@code relaxed} for a relaxed one).
 */
public final class LitmusExport {
  private LitmusExport() {}

  /**
   * An exported test.
   *
   * @param name the test's name (its first line)
   * @param source the whole file
   * @param test the file parsed
   * @param items the accesses and fences kept, per CPU of the counterexample (in the order of the
   *     test's processes)
   */
  public record Exported(
      String name, String source, LitmusTest test, ImmutableList<ImmutableList<Item>> items) {
    public Exported {
      requireNonNull(name);
      requireNonNull(source);
      requireNonNull(test);
      requireNonNull(items);
    }
  }

  /**
   * One access or fence of the exported test.
   *
   * @param cpu the counterexample's CPU
   * @param function the kernel function it was executed in
   * @param access what it did
   * @param atomicFollows whether the CPU's next access in the counterexample is an RMW that the
   *     test left out: an {@code smp_mb__before_atomic()} inserted after this access orders it, and
   *     everything before, with that RMW and everything after it, which for the accesses of the
   *     test is what {@code smp_mb()} does there
   */
  public record Item(int cpu, String function, Access access, boolean atomicFollows) {
    public Item {
      requireNonNull(function);
      requireNonNull(access);
    }

    boolean isFence() {
      return access.op() == Op.FENCE;
    }

    /** The ordering in force. */
    Ordering ordering() {
      return access.ordered() ? access.ordering() : Ordering.RELAXED;
    }

    /** Whether the access reads a value the clause can name. */
    boolean reads() {
      return access.op() == Op.LOAD || (access.op() == Op.RMW && !noReturn());
    }

    /** Whether it reads memory: a load, or any RMW (whether or not it returns the value). */
    boolean readsMemory() {
      return access.op() == Op.LOAD || access.op() == Op.RMW;
    }

    /**
     * Whether it is written with the dialect's no-return form: an unordered RMW whose primitive
     * returned nothing ({@code set_bit}, {@code atomic_or}, ...), and whose operation the dialect
     * has a no-return {@code atomic_*} for ({@code atomic_or}, {@code atomic_andnot}, ...; none for
     * {@code xchg}).
     */
    boolean noReturn() {
      return access.op() == Op.RMW
          && ordering() == Ordering.RELAXED
          && !access.returns()
          && noReturnForm(requireNonNull(access.rmw())).isPresent();
    }

    /** Whether it writes (a cmpxchg that failed does not). */
    boolean writes() {
      return access.op() == Op.STORE
          || (access.op() == Op.RMW
              && (access.rmw() != RmwOp.CMPXCHG || access.found() == access.expected()));
    }
  }

  /** The dialect's no-return RMW for {@code op} ({@code atomic_or} for OR), if it has one. */
  private static Optional<String> noReturnForm(RmwOp op) {
    String name = "atomic_" + op.name().toLowerCase(Locale.ROOT);
    return Primitive.named(name)
        .filter(p -> p instanceof Primitive.Rmw r && r.result() == Primitive.RmwResult.NONE)
        .map(p -> name);
  }

  /**
   * Exports {@code cx}, or explains why it cannot be: it has no access the dialect can express, or
   * its reads are possible under sequential consistency (the violation does not come from a
   * reordering of its accesses).
   *
   * @param comment lines for the comment at the top (strategy, contract, scenario)
   * @throws LitmusException never for a test this class writes (it is parsed back to check it)
   */
  public static Result export(Counterexample cx, List<String> comment) throws LitmusException {
    List<Item> all = new ArrayList<>();
    for (TraceEvent e : cx.events()) {
      if (e.access().isEmpty()) {
        continue;
      }
      Access a = e.access().get();
      if (a.op() == Op.FENCE && !a.ordered()) {
        continue;
      }
      all.add(new Item(e.cpu(), e.function(), a, false));
    }
    if (all.stream().noneMatch(Item::reads)) {
      return Result.failed("the counterexample reads no shared memory: no litmus test to write");
    }
    int[] source = sources(all);
    boolean[] dropped = new boolean[all.size()];
    if (scExecution(all, dropped, source, folds(all, dropped))) {
      return Result.failed(
          "the counterexample's reads are possible under sequential consistency: its contract"
              + " breaks without any reordering, so there is no litmus test of a reordering");
    }
    // Accesses to locations only one CPU touches first, then every access in program order.
    Map<String, Set<Integer>> cpusOf = new HashMap<>();
    for (Item i : all) {
      if (!i.isFence()) {
        cpusOf.computeIfAbsent(i.access().location(), k -> new HashSet<>()).add(i.cpu());
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < all.size(); k++) {
      Item i = all.get(k);
      if (!i.isFence() && requireNonNull(cpusOf.get(i.access().location())).size() == 1) {
        order.add(k);
      }
    }
    for (int k = 0; k < all.size(); k++) {
      if (!all.get(k).isFence() && !order.contains(k)) {
        order.add(k);
      }
    }
    // Until nothing more can go: a write read only by a read removed later can go then.
    for (boolean changed = true; changed; ) {
      changed = false;
      for (int k : order) {
        if (dropped[k]) {
          continue;
        }
        dropped[k] = true;
        Map<String, Integer> folds = folds(all, dropped);
        if (sourcesKept(all, dropped, source, folds)
            && keepsARead(all, dropped)
            && !scExecution(all, dropped, source, folds)) {
          changed = true;
        } else {
          dropped[k] = false;
        }
      }
    }
    List<List<Item>> perCpu = perCpu(trimFences(build(all, dropped)));
    String name = name(perCpu);
    String text = render(name, comment, perCpu);
    LitmusTest test = LitmusParser.parse(name + ".litmus", text);
    if (scAllows(perCpu)) {
      return Result.failed(
          "cut down to "
              + name
              + ", the values the counterexample read are possible under sequential consistency"
              + " through other writes of the same values, so the test would show no reordering");
    }
    if (ExactLitmusRunner.run(test).outcome() == Outcome.NEVER) {
      return Result.failed(
          "cut down to "
              + name
              + ", the counterexample's reads are forbidden by the exact LKMM: a read's source"
              + " guessed from the trace (the last write of its value before it) is not the one it"
              + " read, or the counterexample is not an execution the LKMM allows");
    }
    ImmutableList.Builder<ImmutableList<Item>> items = ImmutableList.builder();
    perCpu.forEach(l -> items.add(ImmutableList.copyOf(l)));
    return new Result(Optional.of(new Exported(name, text, test, items.build())), "");
  }

  /**
   * The export, or why there is none.
   *
   * @param exported the test
   * @param why why there is no test ({@code ""} when there is one)
   */
  public record Result(Optional<Exported> exported, String why) {
    public Result {
      requireNonNull(exported);
      requireNonNull(why);
    }

    static Result failed(String why) {
      return new Result(Optional.empty(), why);
    }
  }

  /**
   * {@code exported} with {@code edits} applied, named {@code name}: an access an edit names is
   * given its ordering, a fence an edit inserts follows the access it names. How a repair is
   * checked on the test.
   */
  public static String withEdits(
      Exported exported, String name, List<String> comment, Collection<Edit> edits) {
    List<List<Item>> perCpu = new ArrayList<>();
    for (ImmutableList<Item> l : exported.items()) {
      List<Item> out = new ArrayList<>();
      for (Item i : l) {
        Item item = i;
        List<Item> after = new ArrayList<>();
        for (Edit e : edits) {
          if (i.isFence() || !applies(e, i)) {
            continue;
          }
          Access a = item.access();
          String fence = e.kind().fence();
          if (fence != null && fence.equals("smp_mb__before_atomic") && i.atomicFollows()) {
            fence = "smp_mb";
          }
          if (fence != null) {
            after.add(
                new Item(
                    i.cpu(),
                    i.function(),
                    new Access(
                        fence,
                        Op.FENCE,
                        null,
                        fence.equals("smp_rmb") || fence.equals("smp_wmb")
                            ? Ordering.RELAXED
                            : Ordering.FULL,
                        true,
                        "",
                        0,
                        0,
                        0,
                        0,
                        "",
                        false),
                    false));
          } else {
            item =
                new Item(
                    i.cpu(),
                    i.function(),
                    new Access(
                        a.primitive(),
                        a.op(),
                        a.rmw(),
                        requireNonNull(e.kind().ordering()),
                        true,
                        a.location(),
                        a.initial(),
                        a.operand(),
                        a.expected(),
                        a.found(),
                        a.site(),
                        a.returns()),
                    i.atomicFollows());
          }
        }
        out.add(item);
        out.addAll(after);
      }
      perCpu.add(out);
    }
    return render(name, comment, perCpu);
  }

  /** Whether {@code edit} changes an access of the test (else it cannot change its outcome). */
  public static boolean touches(Exported exported, Edit edit) {
    return exported.items().stream()
        .flatMap(List::stream)
        .anyMatch(i -> !i.isFence() && applies(edit, i));
  }

  private static boolean applies(Edit e, Item i) {
    return e.site().function().equals(i.function())
        && e.site().what().equals(i.access().site())
        && e.primitive().equals(i.access().primitive())
        && e.location().equals(Edit.pattern(i.access().location()));
  }

  /** The exact LKMM's outcome for the test in {@code source}. */
  public static Outcome outcome(String source) throws LitmusException {
    return ExactLitmusRunner.run(LitmusParser.parse("test.litmus", source)).outcome();
  }

  /**
   * For each load and RMW, the index of the write it read from: the last write before it of the
   * value it read to its location; -1 for the initial value (and for any other item). An RMW that
   * returns nothing has a source too: without it, its place in coherence, and so the value it
   * writes, would be free.
   */
  private static int[] sources(List<Item> items) {
    int[] source = new int[items.size()];
    Arrays.fill(source, -1);
    for (int k = 0; k < items.size(); k++) {
      Item r = items.get(k);
      if (!r.readsMemory()) {
        continue;
      }
      for (int j = k - 1; j >= 0; j--) {
        Item w = items.get(j);
        if (w.writes()
            && w.access().location().equals(r.access().location())
            && written(w) == r.access().found()) {
          source[k] = j;
          break;
        }
      }
    }
    return source;
  }

  /** Whether a kept item reads a value the clause can name. */
  private static boolean keepsARead(List<Item> items, boolean[] dropped) {
    for (int k = 0; k < items.size(); k++) {
      if (!dropped[k] && items.get(k).reads()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every kept load and RMW still reads what it read: its source is kept, or is the write
   * its location's initial value is folded from; or it read the initial value, which is not folded.
   */
  private static boolean sourcesKept(
      List<Item> items, boolean[] dropped, int[] source, Map<String, Integer> folds) {
    for (int k = 0; k < items.size(); k++) {
      Item r = items.get(k);
      if (dropped[k] || !r.readsMemory()) {
        continue;
      }
      Integer fold = folds.get(r.access().location());
      int s = source[k];
      boolean ok = s >= 0 ? !dropped[s] || (fold != null && fold == s) : fold == null;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Per location, the write its initial value is folded from: the last dropped write before the
   * first kept access to it (none: the location keeps its initial value).
   */
  private static Map<String, Integer> folds(List<Item> items, boolean[] dropped) {
    Map<String, Integer> folds = new HashMap<>();
    Set<String> kept = new HashSet<>();
    for (int k = 0; k < items.size(); k++) {
      Item x = items.get(k);
      if (x.isFence()) {
        continue;
      }
      String loc = x.access().location();
      if (!dropped[k]) {
        kept.add(loc);
      } else if (x.writes() && !kept.contains(loc)) {
        folds.put(loc, k);
      }
    }
    return folds;
  }

  /** The value a writing item ({@link Item#writes}) wrote. */
  private static int written(Item w) {
    Access a = w.access();
    return switch (a.op()) {
      case STORE -> a.operand();
      case RMW ->
          a.rmw() == RmwOp.CMPXCHG
              ? a.operand()
              : requireNonNull(a.rmw()).apply(a.found(), a.operand());
      default -> throw new IllegalArgumentException("not a write: " + a);
    };
  }

  /**
   * The items not dropped, each location's initial value folded forward over the writes dropped
   * before its first kept access ({@link #folds}); a dropped fully ordered RMW that wrote leaves
   * its ordering behind as an {@code smp_mb()}.
   */
  private static List<Item> build(List<Item> items, boolean[] dropped) {
    Map<String, Integer> folds = folds(items, dropped);
    List<Item> out = new ArrayList<>(items.size());
    for (int k = 0; k < items.size(); k++) {
      Item x = items.get(k);
      if (!dropped[k]) {
        Integer fold = x.isFence() ? null : folds.get(x.access().location());
        Access a = fold == null ? x.access() : withInitial(x.access(), written(items.get(fold)));
        out.add(new Item(x.cpu(), x.function(), a, droppedRmwFollows(items, dropped, k)));
      } else if (x.access().op() == Op.RMW && x.ordering() == Ordering.FULL && x.writes()) {
        out.add(
            new Item(
                x.cpu(),
                x.function(),
                new Access(
                    "smp_mb", Op.FENCE, null, Ordering.FULL, true, "", 0, 0, 0, 0, "", false),
                false));
      }
    }
    return out;
  }

  /** Whether the next access of item {@code k}'s CPU is an RMW that is dropped. */
  private static boolean droppedRmwFollows(List<Item> items, boolean[] dropped, int k) {
    for (int j = k + 1; j < items.size(); j++) {
      Item n = items.get(j);
      if (n.cpu() == items.get(k).cpu() && !n.isFence()) {
        return dropped[j] && n.access().op() == Op.RMW;
      }
    }
    return false;
  }

  private static Access withInitial(Access a, int initial) {
    return new Access(
        a.primitive(),
        a.op(),
        a.rmw(),
        a.ordering(),
        a.ordered(),
        a.location(),
        initial,
        a.operand(),
        a.expected(),
        a.found(),
        a.site(),
        a.returns(),
        a.source());
  }

  /**
   * Whether the kept accesses, each read reading from its source ({@link #sources}, or the write
   * its location's initial value is folded from), are an execution sequential consistency allows:
   * some interleaving of the CPUs' program orders in which every read's source is the last write to
   * its location before it. Depth-first over interleavings, with visited states.
   */
  private static boolean scExecution(
      List<Item> items, boolean[] dropped, int[] source, Map<String, Integer> folds) {
    Map<Integer, List<Integer>> byCpu = new TreeMap<>();
    Map<String, Integer> locIndex = new HashMap<>();
    for (int k = 0; k < items.size(); k++) {
      Item x = items.get(k);
      if (!dropped[k] && !x.isFence()) {
        byCpu.computeIfAbsent(x.cpu(), c -> new ArrayList<>()).add(k);
        locIndex.putIfAbsent(x.access().location(), locIndex.size());
      }
    }
    int[][] cpus =
        byCpu.values().stream()
            .map(l -> l.stream().mapToInt(i -> i).toArray())
            .toArray(int[][]::new);
    int[] initialWriter = new int[locIndex.size()];
    locIndex.forEach((loc, l) -> initialWriter[l] = folds.getOrDefault(loc, -1));
    int[] lengths = Arrays.stream(cpus).mapToInt(c -> c.length).toArray();
    // The state: each location's last writer (an item's index, or -1 for its initial value).
    return ScInterleavings.exist(
        lengths,
        ImmutableIntArray.copyOf(initialWriter),
        (lastWriter, c, i) -> {
          int k = cpus[c][i];
          Item x = items.get(k);
          int l = requireNonNull(locIndex.get(x.access().location()));
          if (x.readsMemory() && lastWriter.get(l) != source[k]) {
            return null;
          }
          if (!x.writes()) {
            return lastWriter;
          }
          int[] next = lastWriter.toArray();
          next[l] = k;
          return ImmutableIntArray.copyOf(next);
        });
  }

  /**
   * Whether some interleaving of the straight-line processes gives every read the value the
   * counterexample read (depth-first over interleavings, with visited states).
   */
  private static boolean scAllows(List<List<Item>> perCpu) {
    Map<String, Integer> memory = new TreeMap<>();
    for (List<Item> p : perCpu) {
      for (Item i : p) {
        if (!i.isFence()) {
          memory.put(i.access().location(), i.access().initial());
        }
      }
    }
    int[] lengths = perCpu.stream().mapToInt(List::size).toArray();
    // The state: each location's value.
    return ScInterleavings.exist(
        lengths,
        ImmutableMap.copyOf(memory),
        (values, c, index) -> {
          Item i = perCpu.get(c).get(index);
          if (i.isFence()) {
            return values;
          }
          Access a = i.access();
          int old = requireNonNull(values.get(a.location()));
          if (i.reads() && old != a.found()) {
            return null;
          }
          int neu;
          if (a.op() == Op.STORE) {
            neu = a.operand();
          } else if (a.op() == Op.RMW) {
            RmwOp op = requireNonNull(a.rmw());
            neu =
                op == RmwOp.CMPXCHG
                    ? (old == a.expected() ? a.operand() : old)
                    : op.apply(old, a.operand());
          } else {
            return values;
          }
          Map<String, Integer> next = new TreeMap<>(values);
          next.put(a.location(), neu);
          return ImmutableMap.copyOf(next);
        });
  }

  /** Drops the fences that do not stand between two accesses of their CPU, and repeated ones. */
  private static List<Item> trimFences(List<Item> items) {
    List<Item> out = new ArrayList<>();
    for (List<Item> p : perCpu(items)) {
      int first = -1;
      int last = -1;
      for (int k = 0; k < p.size(); k++) {
        if (!p.get(k).isFence()) {
          last = k;
          if (first < 0) {
            first = k;
          }
        }
      }
      Item prev = null;
      for (int k = 0; k < p.size(); k++) {
        Item i = p.get(k);
        boolean inside = k >= first && k <= last && first >= 0;
        if (i.isFence()
            && (!inside
                || (prev != null
                    && prev.isFence()
                    && prev.access().primitive().equals(i.access().primitive())))) {
          continue;
        }
        out.add(i);
        prev = i;
      }
    }
    return out;
  }

  /** The items per CPU, CPUs in ascending order, CPUs without an access left out. */
  private static List<List<Item>> perCpu(List<Item> items) {
    Map<Integer, List<Item>> m = new TreeMap<>();
    for (Item i : items) {
      m.computeIfAbsent(i.cpu(), k -> new ArrayList<>()).add(i);
    }
    List<List<Item>> out = new ArrayList<>();
    for (List<Item> l : m.values()) {
      if (l.stream().anyMatch(i -> !i.isFence())) {
        out.add(l);
      }
    }
    return out;
  }

  // ---- writing the file
  // ---------------------------------------------------------------------------

  /** A C identifier for a location name such as {@code T1->patch_state} or {@code ct[1].seq}. */
  static String identifier(String location) {
    String s = location.replaceAll("->|\\.|\\[|\\]", "_").replaceAll("[^A-Za-z0-9_]", "_");
    s = s.replaceAll("_+", "_").replaceAll("^_|_$", "");
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      s = "x" + s;
    }
    return s;
  }

  private static String render(String name, List<String> comment, List<List<Item>> perCpu) {
    Map<String, String> ids = new LinkedHashMap<>();
    Map<String, Integer> initial = new LinkedHashMap<>();
    for (List<Item> p : perCpu) {
      for (Item i : p) {
        if (!i.isFence()) {
          String loc = i.access().location();
          if (!ids.containsKey(loc)) {
            String id = identifier(loc);
            while (ids.containsValue(id)) {
              id = id + "_";
            }
            ids.put(loc, id);
            initial.put(loc, i.access().initial());
          }
        }
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("C ").append(name).append("\n\n");
    if (!comment.isEmpty() || !ids.isEmpty()) {
      b.append("(*\n");
      for (String c : comment) {
        b.append((" * " + c.replace("*)", "* )")).stripTrailing()).append('\n');
      }
      if (!comment.isEmpty()) {
        b.append(" *\n");
      }
      b.append(" * Locations:");
      ids.forEach((loc, id) -> b.append(' ').append(id).append(" = ").append(loc).append(';'));
      b.setLength(b.length() - 1);
      b.append("\n *)\n\n");
    }
    b.append("{\n");
    initial.forEach(
        (loc, v) -> b.append('\t').append(ids.get(loc)).append('=').append(v).append(";\n"));
    b.append("}\n");
    List<String> clause = new ArrayList<>();
    for (int p = 0; p < perCpu.size(); p++) {
      List<Item> items = perCpu.get(p);
      Set<String> used = new LinkedHashSet<>();
      for (Item i : items) {
        if (!i.isFence()) {
          used.add(ids.get(i.access().location()));
        }
      }
      b.append("\nP").append(p).append('(');
      b.append(String.join(", ", used.stream().map(u -> "int *" + u).toList()));
      b.append(")\n{\n");
      int regs = (int) items.stream().filter(Item::reads).count();
      for (int r = 0; r < regs; r++) {
        b.append("\tint r").append(r).append(";\n");
      }
      if (regs > 0) {
        b.append('\n');
      }
      int reg = 0;
      String lastFunction = "";
      for (Item i : items) {
        if (!i.function().isEmpty() && !i.function().equals(lastFunction)) {
          b.append("\t/* ").append(i.function()).append("() */\n");
          lastFunction = i.function();
        }
        String r = i.reads() ? "r" + reg : "";
        b.append('\t')
            .append(
                statement(i, r, i.isFence() ? "" : requireNonNull(ids.get(i.access().location()))));
        b.append('\n');
        if (i.reads()) {
          clause.add(p + ":r" + reg + "=" + i.access().found());
          reg++;
        }
      }
      b.append("}\n");
    }
    b.append("\nexists (").append(String.join(" /\\ ", clause)).append(")\n");
    return b.toString();
  }

  private static String statement(Item i, String reg, String x) {
    Access a = i.access();
    Ordering o = i.ordering();
    String assign = reg.isEmpty() ? "" : reg + " = ";
    return switch (a.op()) {
      case FENCE -> a.primitive() + "();";
      case LOAD ->
          assign
              + (o == Ordering.ACQUIRE ? "smp_load_acquire(" + x + ")" : "READ_ONCE(*" + x + ")")
              + ";";
      case STORE ->
          o == Ordering.RELEASE
              ? "smp_store_release(" + x + ", " + a.operand() + ");"
              : "WRITE_ONCE(*" + x + ", " + a.operand() + ");";
      case RMW -> {
        RmwOp op = requireNonNull(a.rmw());
        String sfx = o.suffix();
        if (i.noReturn()) {
          yield noReturnForm(op).orElseThrow() + "(" + a.operand() + ", " + x + ");";
        }
        String call =
            switch (op) {
              case CMPXCHG -> "cmpxchg" + sfx + "(" + x + ", " + a.expected() + ", " + a.operand();
              case XCHG -> "xchg" + sfx + "(" + x + ", " + a.operand();
              default ->
                  "atomic_fetch_"
                      + op.name().toLowerCase(Locale.ROOT)
                      + sfx
                      + "("
                      + a.operand()
                      + ", "
                      + x;
            };
        yield assign + call + ");";
      }
    };
  }

  /** The herd7-style name: shape, then per CPU the relation and annotations of its accesses. */
  private static String name(List<List<Item>> perCpu) {
    StringBuilder shape = new StringBuilder();
    List<String> parts = new ArrayList<>();
    boolean two = perCpu.size() == 2;
    for (List<Item> p : perCpu) {
      List<Item> acc = p.stream().filter(i -> !i.isFence()).toList();
      two &= acc.size() == 2;
      for (Item i : acc) {
        shape.append(kind(i));
      }
      shape.append('|');
      StringBuilder part = new StringBuilder();
      Item prev = null;
      List<String> fences = new ArrayList<>();
      for (Item i : p) {
        if (i.isFence()) {
          fences.add(i.access().primitive().replace("smp_", "").replace("__", "-"));
          continue;
        }
        if (prev != null) {
          part.append(fences.isEmpty() ? "po" : "fence" + String.join("-", fences));
          part.append(annotation(prev)).append(annotation(i));
          part.append('+');
        }
        fences.clear();
        prev = i;
      }
      if (part.length() == 0 && prev != null) {
        part.append(annotation(prev)).append('+');
      }
      parts.add(part.substring(0, Math.max(0, part.length() - 1)));
    }
    String s = shape.toString();
    String base =
        !two
            ? "klpct-" + perCpu.size() + "cpu-" + s.replace("|", "").length() + "acc"
            : switch (s) {
              case "WW|RR|", "RR|WW|" -> "MP";
              case "WR|WR|" -> "SB";
              case "RW|RW|" -> "LB";
              case "WW|WR|", "WR|WW|" -> "R";
              case "WW|RW|", "RW|WW|" -> "S";
              case "WW|WW|" -> "2+2W";
              default -> "klpct-2cpu-" + s.replace("|", "-").replaceAll("-$", "");
            };
    return base + "+" + String.join("+", parts);
  }

  /** R, W or (an RMW) its read or write, as the shape counts it. */
  private static String kind(Item i) {
    return switch (i.access().op()) {
      case LOAD -> "R";
      case STORE -> "W";
      default -> i.noReturn() ? "W" : "X";
    };
  }

  private static String annotation(Item i) {
    Ordering o = i.ordering();
    if (i.access().op() == Op.RMW) {
      return switch (o) {
        case FULL -> "mb";
        case ACQUIRE -> "acquire";
        case RELEASE -> "release";
        case RELAXED -> "relaxed";
      };
    }
    return switch (o) {
      case ACQUIRE -> "acquire";
      case RELEASE -> "release";
      default -> "once";
    };
  }
}
