package dev.klpct.checker.repair;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Ordering;
import dev.klpct.api.Site;
import dev.klpct.api.program.Machine;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.Edit;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.checker.litmus.LitmusException;
import dev.klpct.checker.litmus.LitmusExport;
import dev.klpct.checker.trace.TraceEvent;
import dev.klpct.checker.trace.TraceEvent.Access;
import dev.klpct.checker.trace.TraceEvent.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Barrier repair: the smallest sets of ordering {@link Edit edits} (a fence inserted between two
 * consecutive primitives, a primitive made ordered) under which every contract a machine breaks
 * only under weak memory holds again.
 *
 * <p><b>What can be repaired.</b> A contract violated under sequential consistency is broken by
 * atomicity or logic: no ordering changes anything under SC, so no edit repairs it, and the result
 * says so. The contracts repaired (the <em>targets</em>) are those violated under a requested model
 * but holding under SC.
 *
 * <p><b>Search.</b> Breadth-first over sets of edits, up to {@code maxChanges}. The candidates
 * extending a set are taken from the shortest counterexample of a target under that set: only the
 * accesses it executes, each with the fences that make sense between it and the next access of its
 * CPU ({@code smp_rmb()} between two reads, {@code smp_wmb()} between two writes, {@code
 * smp_mb__before_atomic()} before an RMW, {@code smp_mb__after_atomic()} after one, {@code
 * smp_mb()} anywhere no full fence already stands) and its ordered forms. A candidate is re-checked
 * exhaustively only if it removes the counterexample's reordering: the counterexample is exported
 * as a litmus test ({@link LitmusExport}, the first target's counterexample that has one), the
 * candidate is applied to the test, and the exact LKMM must then say Never. Candidates that touch
 * no access of the test are not considered at all; a set that touches the test but leaves it
 * Sometimes is not checked, and is extended at the next size (two changes may be needed together,
 * one on each CPU). When no counterexample has a litmus test, every candidate is re-checked. A set
 * that is a superset of a repair already found is not checked: every repair reported is minimal (no
 * proper subset repairs). Each repair is verified by exhaustive checks under every requested model.
 *
 * <p>The litmus filter is a heuristic: the test is straight-line and keeps only the accesses the
 * reordering needs, so a candidate set it sets aside could in principle matter through what the
 * test leaves out (a control dependency, a grace period). No claim of the result rests on it:
 *
 * <ul>
 *   <li>every repair reported is checked on the machine itself, exhaustively;
 *   <li>every repair reported is minimal: each proper subset of it that the search set aside is
 *       checked exhaustively before the result is given (a subset that repairs replaces it);
 *   <li>"no repair" ({@link Outcome#NO_REPAIR}) is said only when every contract broken is broken
 *       under sequential consistency, or when every candidate set up to {@code maxChanges} was
 *       checked exhaustively; when the filter set some aside and none of those checked repairs, the
 *       outcome is {@link Outcome#INCONCLUSIVE} ({@link Result#filterOnly()}).
 * </ul>
 *
 * <p>Without the filter ({@code litmusFilter} false) every candidate set is checked exhaustively.
 */
public final class Repair {
  private Repair() {}

  /** The answer. */
  public enum Outcome {
    /** At least one repair. */
    REPAIRED,
    /** Every contract holds under every model: nothing to repair. */
    NOTHING_TO_REPAIR,
    /**
     * No combination of candidates repairs the targets within {@code maxChanges} (every one was
     * checked exhaustively), or there is no target (every violated contract is violated under SC).
     */
    NO_REPAIR,
    /**
     * A check was cut short before an answer, or no repair was found among the candidate sets
     * checked while the litmus filter set others aside unchecked ({@link Result#filterOnly()}).
     */
    INCONCLUSIVE
  }

  /**
   * One edit of a repair, in kernel terms.
   *
   * @param edit the edit applied in the model
   * @param function the kernel function of the primitive
   * @param call the primitive as the counterexample executed it, e.g. {@code test_bit(0,
   *     T1->flags)}
   * @param source the Java line of that call, as the counterexample's trace recorded it
   */
  public record Change(
      Edit edit, String function, String call, Optional<StackTraceElement> source) {
    public Change {
      requireNonNull(edit);
      requireNonNull(function);
      requireNonNull(call);
      requireNonNull(source);
    }

    /** A change without its Java line. */
    public Change(Edit edit, String function, String call) {
      this(edit, function, call, Optional.empty());
    }

    /** E.g. {@code in klp_update_patch_state(): insert smp_rmb() after test_bit(0, T1->flags)}. */
    public String describe() {
      String fence = edit.kind().fence();
      if (fence != null) {
        return "in " + function + "(): insert " + fence + "() after " + call;
      }
      return "in " + function + "(): make " + call + " " + orderedForm();
    }

    private String orderedForm() {
      Ordering o = requireNonNull(edit.kind().ordering());
      String p = edit.primitive();
      boolean rmw =
          !p.equals("READ_ONCE")
              && !p.equals("WRITE_ONCE")
              && !p.startsWith("atomic_read")
              && !p.startsWith("atomic_set")
              && !p.equals("test_bit");
      if (!rmw) {
        return o == Ordering.ACQUIRE ? "an smp_load_acquire()" : "an smp_store_release()";
      }
      return switch (o) {
        case FULL -> "fully ordered (its unsuffixed atomic form)";
        case ACQUIRE -> "an acquire RMW (its _acquire form)";
        case RELEASE -> "a release RMW (its _release form)";
        case RELAXED -> "relaxed";
      };
    }
  }

  /**
   * A repair: edits under which every target holds under every requested model (exhaustively).
   *
   * @param changes the edits, in kernel terms
   * @param cost the sum of the edits' costs ({@link Edit.Kind#cost()})
   */
  public record Found(ImmutableList<Change> changes, int cost) {
    public Found {
      requireNonNull(changes);
    }

    /** The edits as the checker applies them. */
    public ImmutableSet<Edit> edits() {
      return changes.stream().map(Change::edit).collect(ImmutableSet.toImmutableSet());
    }
  }

  /**
   * The result.
   *
   * @param outcome the answer
   * @param repairs the minimal repairs, cheapest first
   * @param targets the contracts repaired: violated under a requested model, holding under SC
   * @param brokenUnderSc the contracts violated under sequential consistency, which no ordering
   *     repairs
   * @param baseline the check of the unmodified machine under SC and each requested model
   * @param candidates distinct candidate edits considered
   * @param filtered candidate sets that the litmus filter set aside without an exhaustive check
   *     (they touch no access of the counterexample's litmus test, or leave it Sometimes), counting
   *     neither those checked later (a repair's subsets) nor those a smaller repair already covers
   * @param checks exhaustive checks run on edited machines
   * @param litmus the litmus test of the shortest counterexample of the unmodified machine, if any
   * @param stopped why the search stopped early, if it did
   * @param undecidedByLoadBuffering whether a check under lkmm that the outcome rests on (the
   *     unmodified machine's, for {@link Outcome#NOTHING_TO_REPAIR}; a repair's verification) found
   *     no violation but proved nothing either: the load-buffering guard left its contracts
   *     INCONCLUSIVE ({@link CheckReport#undecidedByLoadBuffering()}). A repair then removes every
   *     violation the exhaustive search finds, which is not a proof that the contracts hold.
   * @param filterOnly whether the outcome is {@link Outcome#INCONCLUSIVE} only because of the
   *     litmus filter: no repair among the candidate sets checked, and {@code filtered} sets that
   *     were never checked
   */
  public record Result(
      Outcome outcome,
      ImmutableList<Found> repairs,
      ImmutableList<String> targets,
      ImmutableList<String> brokenUnderSc,
      ImmutableMap<MemoryModel, CheckReport> baseline,
      int candidates,
      int filtered,
      int checks,
      Optional<LitmusExport.Exported> litmus,
      Optional<String> stopped,
      boolean undecidedByLoadBuffering,
      boolean filterOnly) {
    public Result {
      requireNonNull(outcome);
      requireNonNull(repairs);
      requireNonNull(targets);
      requireNonNull(brokenUnderSc);
      requireNonNull(baseline);
      requireNonNull(litmus);
      requireNonNull(stopped);
    }
  }

  /**
   * A set of edits that does not repair (or, unchecked, does not remove the reordering of its
   * parent's litmus test), with the counterexamples of the targets it leaves violated and the
   * litmus test of the first of them that has one.
   */
  private record Failed(
      ImmutableSet<Edit> edits,
      ImmutableList<Counterexample> cxs,
      Optional<LitmusExport.Exported> lit) {}

  /**
   * Searches repairs of {@code machine} under {@code models} with at most {@code maxChanges} edits,
   * with the budgets of {@code options} (whose edits and weakened sites are the starting point),
   * the litmus filter on.
   *
   * @param progress receives one line per check
   */
  public static Result run(
      Machine machine,
      CheckOptions options,
      List<MemoryModel> models,
      int maxChanges,
      Consumer<String> progress) {
    return run(machine, options, models, maxChanges, true, progress);
  }

  /**
   * As {@link #run(Machine, CheckOptions, List, int, Consumer)}; {@code litmusFilter} false checks
   * every candidate set exhaustively instead of first asking the counterexample's litmus test.
   */
  public static Result run(
      Machine machine,
      CheckOptions options,
      List<MemoryModel> models,
      int maxChanges,
      boolean litmusFilter,
      Consumer<String> progress) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no memory model to repair under");
    }
    if (maxChanges < 1) {
      throw new IllegalArgumentException("--max-changes must be at least 1, got " + maxChanges);
    }
    Run run = new Run(machine, options, models, litmusFilter, progress);
    return run.run(maxChanges);
  }

  private static final class Run {
    final Machine machine;
    final CheckOptions options;
    final List<MemoryModel> models;
    final Consumer<String> progress;
    final Map<MemoryModel, CheckReport> baseline = new LinkedHashMap<>();
    final List<String> targets = new ArrayList<>();
    final Map<Edit, Change> changes = new LinkedHashMap<>();
    final boolean litmusFilter;
    final List<ImmutableSet<Edit>> found = new ArrayList<>();
    final Set<ImmutableSet<Edit>> visited = new HashSet<>();

    /** The candidate sets checked exhaustively (repairs or not). */
    final Set<ImmutableSet<Edit>> checked = new HashSet<>();

    /** The candidate sets the litmus filter set aside and nothing checked since. */
    final Set<ImmutableSet<Edit>> setAside = new HashSet<>();

    int checks;
    boolean inconclusive;
    boolean undecidedByLoadBuffering;

    Run(
        Machine machine,
        CheckOptions options,
        List<MemoryModel> models,
        boolean litmusFilter,
        Consumer<String> progress) {
      this.machine = machine;
      this.options = options;
      this.models = models;
      this.litmusFilter = litmusFilter;
      this.progress = progress;
    }

    Result run(int maxChanges) {
      List<MemoryModel> all = new ArrayList<>();
      all.add(MemoryModel.SC);
      for (MemoryModel m : models) {
        if (!all.contains(m)) {
          all.add(m);
        }
      }
      for (MemoryModel m : all) {
        progress.accept("check under " + m.id());
        baseline.put(m, check(m, ImmutableSet.of()));
      }
      CheckReport sc = requireNonNull(baseline.get(MemoryModel.SC));
      List<String> underSc = new ArrayList<>();
      for (PropertyVerdict v : sc.verdicts()) {
        if (v.verdict() == Verdict.VIOLATED) {
          underSc.add(v.property());
        }
      }
      boolean baseInconclusive = false;
      List<Counterexample> cxs = new ArrayList<>();
      for (MemoryModel m : models) {
        CheckReport r = requireNonNull(baseline.get(m));
        baseInconclusive |= !r.stats().exhaustive();
        for (PropertyVerdict v : r.verdicts()) {
          if (v.verdict() == Verdict.VIOLATED
              && !underSc.contains(v.property())
              && !targets.contains(v.property())) {
            targets.add(v.property());
            v.counterexample().ifPresent(cxs::add);
          }
        }
      }
      baseInconclusive |= !sc.stats().exhaustive();
      Failed first = cxs.isEmpty() ? null : failed(ImmutableSet.of(), cxs);
      Optional<LitmusExport.Exported> litmus = first == null ? Optional.empty() : first.lit();
      if (!litmusFilter) {
        // Not a filter then, but still part of the answer: the reordering as a litmus test.
        litmus = cxs.stream().map(this::export).flatMap(Optional::stream).findFirst();
      }
      if (targets.isEmpty() || first == null) {
        baseline.values().forEach(r -> undecidedByLoadBuffering |= r.undecidedByLoadBuffering());
        Outcome o =
            baseInconclusive
                ? Outcome.INCONCLUSIVE
                : underSc.isEmpty() ? Outcome.NOTHING_TO_REPAIR : Outcome.NO_REPAIR;
        return result(o, underSc, litmus, false);
      }
      List<Failed> frontier = List.of(first);
      for (int size = 1; size <= maxChanges && !frontier.isEmpty(); size++) {
        List<Failed> next = new ArrayList<>();
        for (Failed f : frontier) {
          if (stopped()) {
            break;
          }
          extend(f, next);
        }
        frontier = next;
      }
      checkSubsetsSetAside();
      setAside.removeIf(set -> found.stream().anyMatch(set::containsAll)); // not minimal anyway
      boolean cutShort = inconclusive || baseInconclusive || stopped();
      boolean filterOnly = found.isEmpty() && !cutShort && !setAside.isEmpty();
      Outcome o =
          !found.isEmpty()
              ? Outcome.REPAIRED
              : cutShort || filterOnly ? Outcome.INCONCLUSIVE : Outcome.NO_REPAIR;
      return result(o, underSc, litmus, filterOnly);
    }

    /**
     * Checks exhaustively every proper subset of a repair found that the litmus filter set aside,
     * so that each repair reported is minimal whatever the filter said; a subset that repairs is a
     * repair of its own (and its subsets are checked in turn).
     */
    private void checkSubsetsSetAside() {
      for (int i = 0; i < found.size() && !stopped(); i++) {
        List<Edit> edits = found.get(i).asList();
        for (int mask = 1; mask < (1 << edits.size()) - 1 && !stopped(); mask++) {
          ImmutableSet.Builder<Edit> b = ImmutableSet.builder();
          for (int k = 0; k < edits.size(); k++) {
            if ((mask & (1 << k)) != 0) {
              b.add(edits.get(k));
            }
          }
          ImmutableSet<Edit> subset = b.build();
          if (!checked.contains(subset) && found.stream().noneMatch(subset::containsAll)) {
            verify(subset);
          }
        }
      }
    }

    private boolean stopped() {
      return options.stop().reason().isPresent();
    }

    /**
     * Checks every filtered extension of {@code f} by one candidate; failures go to {@code next}.
     */
    private void extend(Failed f, List<Failed> next) {
      Optional<LitmusExport.Exported> lit = f.lit();
      List<Change> cands = candidates(f.cxs().get(0));
      for (Change c : cands) {
        if (stopped()) {
          return;
        }
        if (f.edits().contains(c.edit())) {
          continue;
        }
        ImmutableSet<Edit> set =
            ImmutableSet.<Edit>builder().addAll(f.edits()).add(c.edit()).build();
        if (!visited.add(set) || found.stream().anyMatch(set::containsAll)) {
          continue;
        }
        if (lit.isPresent() && !LitmusExport.touches(lit.get(), c.edit())) {
          setAside.add(set); // off the test's accesses: presumed not to remove the reordering
          continue;
        }
        if (lit.isPresent() && !kills(lit.get(), set)) {
          setAside.add(set);
          next.add(new Failed(set, f.cxs(), lit)); // with another change it may remove it
          continue;
        }
        Failed failed = verify(set);
        if (failed != null) {
          next.add(failed);
        }
      }
    }

    /** A failure with the litmus test of the first counterexample that has one. */
    private Failed failed(ImmutableSet<Edit> set, List<Counterexample> cxs) {
      if (!litmusFilter) {
        return new Failed(set, ImmutableList.copyOf(cxs), Optional.empty());
      }
      Optional<LitmusExport.Exported> lit = Optional.empty();
      for (int k = 0; k < cxs.size(); k++) {
        lit = export(cxs.get(k));
        if (lit.isPresent()) {
          // Candidates come from the counterexample the test is of.
          List<Counterexample> ordered = new ArrayList<>(cxs);
          ordered.add(0, ordered.remove(k));
          return new Failed(set, ImmutableList.copyOf(ordered), lit);
        }
      }
      return new Failed(set, ImmutableList.copyOf(cxs), lit);
    }

    /** Whether {@code edits} make the litmus test's outcome impossible under the exact LKMM. */
    private boolean kills(LitmusExport.Exported lit, Set<Edit> edits) {
      try {
        return LitmusExport.outcome(LitmusExport.withEdits(lit, "repaired", List.of(), edits))
            == Outcome_NEVER;
      } catch (LitmusException e) {
        return true; // cannot tell: check it
      }
    }

    private static final dev.klpct.checker.litmus.Outcome Outcome_NEVER =
        dev.klpct.checker.litmus.Outcome.NEVER;

    /**
     * Checks {@code set} under every model, weakest first; null if it repairs every target (and is
     * recorded), else the counterexample of the first target still violated.
     */
    private @Nullable Failed verify(ImmutableSet<Edit> set) {
      checked.add(set);
      setAside.remove(set);
      List<MemoryModel> order = new ArrayList<>(models);
      order.sort(Comparator.comparing(Run::strength));
      for (MemoryModel m : order) {
        if (m == MemoryModel.SC) {
          continue; // edits change nothing under SC: the baseline stands
        }
        progress.accept("check " + describe(set) + " under " + m.id());
        CheckReport r = check(m, set);
        checks++;
        List<Counterexample> cxs = new ArrayList<>();
        boolean violated = false;
        for (String t : targets) {
          Optional<PropertyVerdict> v = r.verdict(t);
          if (v.isPresent() && v.get().verdict() == Verdict.VIOLATED) {
            violated = true;
            v.get().counterexample().ifPresent(cxs::add);
          }
        }
        if (violated) {
          return cxs.isEmpty() ? null : failed(set, cxs);
        }
        if (!r.stats().exhaustive()) {
          inconclusive = true;
          return null;
        }
        undecidedByLoadBuffering |= r.undecidedByLoadBuffering();
      }
      found.add(set);
      return null;
    }

    private static int strength(MemoryModel m) {
      return switch (m) {
        case LKMM -> 0;
        case TSO -> 1;
        case SC -> 2;
      };
    }

    private String describe(Set<Edit> set) {
      List<String> s = new ArrayList<>();
      for (Edit e : set) {
        Change c = changes.get(e);
        s.add(c == null ? e.toString() : c.describe());
      }
      return String.join("; ", s);
    }

    private CheckReport check(MemoryModel m, ImmutableSet<Edit> edits) {
      ImmutableSet<Edit> all =
          ImmutableSet.<Edit>builder().addAll(options.edits()).addAll(edits).build();
      return new Checker(options.withMemoryModel(m).withEdits(all)).check(machine);
    }

    private Optional<LitmusExport.Exported> export(Counterexample cx) {
      try {
        return LitmusExport.export(cx, List.of()).exported();
      } catch (LitmusException e) {
        return Optional.empty();
      }
    }

    /** The candidate edits of a counterexample, cheapest first. */
    private List<Change> candidates(Counterexample cx) {
      Map<Integer, List<TraceEvent>> perCpu = new TreeMap<>();
      for (TraceEvent e : cx.events()) {
        if (e.access().isPresent()) {
          perCpu.computeIfAbsent(e.cpu(), k -> new ArrayList<>()).add(e);
        }
      }
      Map<Edit, Change> out = new LinkedHashMap<>();
      for (List<TraceEvent> events : perCpu.values()) {
        for (int i = 0; i < events.size(); i++) {
          TraceEvent e = events.get(i);
          Access a = e.access().orElseThrow();
          if (a.op() == Op.FENCE) {
            continue;
          }
          Site site = a.site().isEmpty() ? Site.in(e.function()) : Site.of(e.function(), a.site());
          String loc = Edit.pattern(a.location());
          String call = call(e.text());
          // The next access of the CPU and the fences in between.
          Access n = null;
          boolean fullBetween = a.op() == Op.RMW && a.ordered() && a.ordering() == Ordering.FULL;
          Set<String> between = new HashSet<>();
          for (int j = i + 1; j < events.size(); j++) {
            Access b = events.get(j).access().orElseThrow();
            if (b.op() == Op.FENCE) {
              if (b.ordered()) {
                between.add(b.primitive());
                fullBetween |= b.ordering() == Ordering.FULL;
              }
              continue;
            }
            n = b;
            break;
          }
          if (n != null && !fullBetween) {
            add(out, site, a, loc, Edit.Kind.SMP_MB, e.function(), call);
            if (reads(a) && reads(n) && !between.contains("smp_rmb")) {
              add(out, site, a, loc, Edit.Kind.SMP_RMB, e.function(), call);
            }
            if (writes(a) && writes(n) && !between.contains("smp_wmb")) {
              add(out, site, a, loc, Edit.Kind.SMP_WMB, e.function(), call);
            }
            if (n.op() == Op.RMW) {
              add(out, site, a, loc, Edit.Kind.SMP_MB_BEFORE_ATOMIC, e.function(), call);
            }
            if (a.op() == Op.RMW) {
              add(out, site, a, loc, Edit.Kind.SMP_MB_AFTER_ATOMIC, e.function(), call);
            }
          }
          Ordering o = a.ordered() ? a.ordering() : Ordering.RELAXED;
          switch (a.op()) {
            case LOAD -> {
              if (o == Ordering.RELAXED && !a.primitive().equals("test_and_clear_bit")) {
                add(out, site, a, loc, Edit.Kind.ACQUIRE, e.function(), call);
              }
            }
            case STORE -> {
              if (o == Ordering.RELAXED) {
                add(out, site, a, loc, Edit.Kind.RELEASE, e.function(), call);
              }
            }
            case RMW -> {
              if (o == Ordering.RELAXED) {
                add(out, site, a, loc, Edit.Kind.ACQUIRE, e.function(), call);
                add(out, site, a, loc, Edit.Kind.RELEASE, e.function(), call);
              }
              if (o != Ordering.FULL) {
                add(out, site, a, loc, Edit.Kind.FULL, e.function(), call);
              }
            }
            case FENCE -> {}
          }
        }
      }
      List<Change> list = new ArrayList<>(out.values());
      list.sort(Comparator.comparingInt((Change c) -> c.edit().cost()));
      return list;
    }

    private void add(
        Map<Edit, Change> out,
        Site site,
        Access a,
        String loc,
        Edit.Kind kind,
        String function,
        String call) {
      Edit e = new Edit(site, a.primitive(), loc, kind);
      Change c = changes.computeIfAbsent(e, k -> new Change(k, function, call, a.source()));
      out.putIfAbsent(e, c);
    }

    private static boolean reads(Access a) {
      return a.op() == Op.LOAD || a.op() == Op.RMW;
    }

    private static boolean writes(Access a) {
      return a.op() == Op.STORE || a.op() == Op.RMW;
    }

    private Result result(
        Outcome o,
        List<String> underSc,
        Optional<LitmusExport.Exported> litmus,
        boolean filterOnly) {
      List<Found> repairs = new ArrayList<>();
      for (ImmutableSet<Edit> set : found) {
        if (found.stream().anyMatch(other -> !other.equals(set) && set.containsAll(other))) {
          continue; // not minimal
        }
        ImmutableList<Change> cs =
            set.stream()
                .map(e -> requireNonNull(changes.get(e)))
                .collect(ImmutableList.toImmutableList());
        repairs.add(new Found(cs, cs.stream().mapToInt(c -> c.edit().cost()).sum()));
      }
      repairs.sort(
          Comparator.comparingInt(Found::cost)
              .thenComparingInt(f -> f.changes().size())
              .thenComparing(f -> f.changes().toString()));
      return new Result(
          o,
          ImmutableList.copyOf(repairs),
          ImmutableList.copyOf(targets),
          ImmutableList.copyOf(underSc),
          ImmutableMap.copyOf(baseline),
          changes.size(),
          setAside.size(),
          checks,
          litmus,
          options.stop().reason(),
          undecidedByLoadBuffering,
          filterOnly);
    }
  }

  /**
   * The call of a trace line: {@code test_bit(0, T1->flags) = 1} gives {@code test_bit(0,
   * T1->flags)}.
   */
  static String call(String text) {
    int end = text.length();
    for (String stop : new String[] {" = ", ": ", " [", " ("}) {
      int i = text.indexOf(stop);
      if (i > 0 && i < end) {
        end = i;
      }
    }
    return text.substring(0, end);
  }
}
