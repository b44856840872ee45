package dev.klpct.checker;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Site;
import dev.klpct.api.program.Machine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Barrier ablation: which ordering sites a machine needs, and under which memory model.
 *
 * <p>The ordering sites are those an exploration under the weakest model asked for executes: every
 * fence, acquire or release access and ordered RMW, named by its {@link Site}. For each site and
 * each model, the machine is re-checked with that one site's ordering removed ({@link
 * CheckOptions#weakened()}): a fence does nothing, an acquire or release access is relaxed, an
 * ordered RMW is relaxed. A contract that held with the site in place and is violated without it is
 * <em>broken</em> by the ablation. Under sequential consistency no ordering has any effect, so a
 * site never breaks anything there; klpct still checks it, so the table says so from a result
 * rather than by assumption.
 *
 * <p>A site is reported as needed only with a counterexample, and as not needed only when every
 * re-check was exhaustive and, under {@code lkmm}, found no read-then-write pair that the view
 * machine orders and the LKMM need not ({@link CheckReport#unorderedPairs()}); otherwise it is
 * inconclusive. Once the options' {@link CheckOptions#stop() stop condition} says stop, no further
 * re-check starts: the sites left are inconclusive.
 */
public final class Ablation {
  private Ablation() {}

  /** What removing one site's ordering did. */
  public enum Outcome {
    /** Some contract that held is violated without the site. */
    NEEDED,
    /** No contract breaks under any model checked (all re-checks exhaustive). */
    NOT_NEEDED,
    /**
     * A re-check ran out of budget before breaking anything, or (under {@code lkmm}) its run has
     * unordered read-then-write pairs: the row's model is the first model where that happened.
     */
    INCONCLUSIVE
  }

  /**
   * One row of the ablation table.
   *
   * @param site the ordering site
   * @param kind what orders there, e.g. {@code smp_rmb()} or {@code fully ordered RMW}
   * @param outcome needed, not needed or inconclusive
   * @param broken the contracts broken, under the first model that breaks any
   * @param model that model; for an inconclusive row, the first model whose re-check proved nothing
   *     (empty if the sites were not all found)
   * @param counterexampleLength steps of the shortest counterexample found for the first broken
   *     contract
   * @param counterexample that counterexample
   * @param models the models checked
   * @param cutShort for an inconclusive row, whether a re-check was cut short or not started (or
   *     the sites were not all found); false when only the load-buffering guard left it undecided
   *     after exhaustive re-checks that broke nothing
   */
  public record Row(
      Site site,
      String kind,
      Outcome outcome,
      ImmutableList<String> broken,
      Optional<MemoryModel> model,
      Optional<Integer> counterexampleLength,
      Optional<Counterexample> counterexample,
      ImmutableList<MemoryModel> models,
      boolean cutShort) {
    public Row {
      requireNonNull(site);
      requireNonNull(kind);
      requireNonNull(outcome);
      requireNonNull(broken);
      requireNonNull(model);
      requireNonNull(counterexampleLength);
      requireNonNull(counterexample);
      requireNonNull(models);
    }
  }

  /**
   * The result: the rows, and the verdicts of each model with nothing removed.
   *
   * @param rows one per ordering site, in kernel-function order
   * @param baseline the check of the unmodified machine under each model
   */
  public record Result(ImmutableList<Row> rows, ImmutableMap<MemoryModel, CheckReport> baseline) {}

  /**
   * Runs the ablation of {@code machine} under {@code models} (in that order) with the budgets of
   * {@code options}.
   *
   * @param progress receives one line per re-check (e.g. for a terminal)
   */
  public static Result run(
      Machine machine, CheckOptions options, List<MemoryModel> models, Consumer<String> progress) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no memory model to ablate under");
    }
    MemoryModel weakest =
        models.contains(MemoryModel.LKMM)
            ? MemoryModel.LKMM
            : models.contains(MemoryModel.TSO) ? MemoryModel.TSO : MemoryModel.SC;
    // The baseline check under the weakest model also finds the ordering sites.
    Map<Site, String> found = new HashMap<>();
    Map<MemoryModel, CheckReport> base = new LinkedHashMap<>();
    for (MemoryModel m : models) {
      base.put(
          m,
          new Checker(options.withMemoryModel(m).withWeakened(ImmutableSet.of()))
              .check(machine, m == weakest ? found : null));
    }
    Map<Site, String> sites = new LinkedHashMap<>();
    found.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<Site, String> e) -> e.getKey().function())
                .thenComparing(e -> e.getKey().what()))
        .forEach(e -> sites.put(e.getKey(), e.getValue()));
    boolean discoveryComplete = requireNonNull(base.get(weakest)).stats().exhaustive();
    ImmutableList.Builder<Row> rows = ImmutableList.builder();
    for (Map.Entry<Site, String> e : sites.entrySet()) {
      Site site = e.getKey();
      Row row = null;
      boolean inconclusive = !discoveryComplete;
      boolean cutShort = !discoveryComplete;
      MemoryModel inconclusiveUnder = null;
      for (MemoryModel m : models) {
        if (options.stop().reason().isPresent()) {
          inconclusive = true; // the deadline passed or the run was interrupted: not judged
          cutShort = true;
          break;
        }
        progress.accept("ablate " + site + " under " + m);
        CheckReport r =
            new Checker(options.withMemoryModel(m).withWeakened(ImmutableSet.of(site)))
                .check(machine);
        List<String> broken = new ArrayList<>();
        Counterexample first = null;
        CheckReport before = requireNonNull(base.get(m));
        for (PropertyVerdict v : r.verdicts()) {
          // Not violated with every barrier in place, after an exhaustive run: HOLDS, or under
          // lkmm INCONCLUSIVE only because of the load-buffering guard.
          boolean heldBefore =
              before.stats().exhaustive()
                  && before
                      .verdict(v.property())
                      .map(b -> b.verdict() != Verdict.VIOLATED)
                      .orElse(false);
          if (v.verdict() == Verdict.VIOLATED && heldBefore) {
            broken.add(v.property());
            if (first == null) {
              first = v.counterexample().orElse(null);
            }
          }
        }
        if (!broken.isEmpty()) {
          row =
              new Row(
                  site,
                  e.getValue(),
                  Outcome.NEEDED,
                  ImmutableList.copyOf(broken),
                  Optional.of(m),
                  Optional.ofNullable(first).map(c -> c.steps().size()),
                  Optional.ofNullable(first),
                  ImmutableList.copyOf(models),
                  false);
          break;
        }
        // Not needed is a proof only where the re-check is: exhaustive, and under lkmm with no
        // read-then-write pair the view machine orders where the LKMM need not.
        if (!r.stats().exhaustive() || !r.unorderedPairs().isEmpty()) {
          if (!inconclusive) {
            inconclusiveUnder = m;
          }
          inconclusive = true;
          cutShort |= !r.stats().exhaustive();
        }
      }
      if (row == null) {
        row =
            new Row(
                site,
                e.getValue(),
                inconclusive ? Outcome.INCONCLUSIVE : Outcome.NOT_NEEDED,
                ImmutableList.of(),
                Optional.ofNullable(inconclusiveUnder),
                Optional.empty(),
                Optional.empty(),
                ImmutableList.copyOf(models),
                inconclusive && cutShort);
      }
      rows.add(row);
    }
    return new Result(rows.build(), ImmutableMap.copyOf(base));
  }

  /**
   * Two ordering sites that cover for each other: removing either alone breaks nothing, removing
   * both breaks {@code broken} under {@code model}.
   *
   * @param first the site that comes first in the table
   * @param second the other site
   * @param broken the contracts broken with both removed, under the first model that breaks any
   * @param model that model
   * @param counterexampleLength steps of the shortest counterexample for the first broken contract
   * @param counterexample that counterexample
   */
  public record RedundantPair(
      Site first,
      Site second,
      ImmutableList<String> broken,
      MemoryModel model,
      int counterexampleLength,
      Counterexample counterexample) {
    public RedundantPair {
      requireNonNull(first);
      requireNonNull(second);
      requireNonNull(broken);
      requireNonNull(model);
      requireNonNull(counterexample);
    }

    /** The other site of the pair, seen from {@code site}. */
    public Site other(Site site) {
      return site.equals(first) ? second : first;
    }
  }

  /**
   * What pairwise ablation found over the sites single-site ablation called not needed.
   *
   * @param pairs the pairs that break a contract with both sites removed
   * @param undecided the pairs whose re-checks broke nothing but were not all proofs (cut short, or
   *     under {@code lkmm} left undecided by the load-buffering guard), or were not started because
   *     the options' stop condition said stop
   * @param checks the re-checks run
   */
  public record Pairwise(
      ImmutableList<RedundantPair> pairs, ImmutableList<List<Site>> undecided, int checks) {
    public Pairwise {
      requireNonNull(pairs);
      requireNonNull(undecided);
    }

    /** The pairs {@code site} belongs to. */
    public ImmutableList<RedundantPair> pairsOf(Site site) {
      return pairs.stream()
          .filter(p -> p.first().equals(site) || p.second().equals(site))
          .collect(ImmutableList.toImmutableList());
    }
  }

  /**
   * Pairwise ablation over the sites whose single re-checks broke nothing: those {@code single}
   * found not needed, and under {@code lkmm} those only the load-buffering guard left undecided (a
   * violation with both removed is an execution the LKMM allows all the same; "nothing broke" is a
   * proof only where the guard allows it). Every pair is re-checked with both sites' ordering
   * removed, under {@code models} in order (sequential consistency skipped: no ordering has any
   * effect there) until one breaks a contract that held with every site in place. A pair that
   * breaks something is a pair of sites that hide each other from single-site ablation (each is
   * redundant with the other). A pair whose re-checks break nothing but are not all proofs is
   * listed as undecided, never dropped.
   *
   * @param progress receives one line per re-check
   */
  public static Pairwise redundantPairs(
      Machine machine,
      CheckOptions options,
      List<MemoryModel> models,
      Result single,
      Consumer<String> progress) {
    List<Site> notNeeded =
        single.rows().stream()
            .filter(
                r ->
                    r.outcome() == Outcome.NOT_NEEDED
                        || (r.outcome() == Outcome.INCONCLUSIVE && !r.cutShort()))
            .map(Row::site)
            .toList();
    ImmutableList.Builder<RedundantPair> pairs = ImmutableList.builder();
    ImmutableList.Builder<List<Site>> undecided = ImmutableList.builder();
    int checks = 0;
    for (int i = 0; i < notNeeded.size(); i++) {
      for (int j = i + 1; j < notNeeded.size(); j++) {
        Site a = notNeeded.get(i);
        Site b = notNeeded.get(j);
        boolean proved = true;
        RedundantPair found = null;
        for (MemoryModel m : models) {
          if (m == MemoryModel.SC) {
            continue;
          }
          if (options.stop().reason().isPresent()) {
            proved = false;
            break;
          }
          progress.accept("ablate " + a + " and " + b + " under " + m);
          CheckReport r =
              new Checker(options.withMemoryModel(m).withWeakened(ImmutableSet.of(a, b)))
                  .check(machine);
          checks++;
          List<String> broken = new ArrayList<>();
          Counterexample first = null;
          CheckReport before = single.baseline().get(m);
          for (PropertyVerdict v : r.verdicts()) {
            // as in run(): not violated with every site in place, after an exhaustive run
            boolean heldBefore =
                before != null
                    && before.stats().exhaustive()
                    && before
                        .verdict(v.property())
                        .map(x -> x.verdict() != Verdict.VIOLATED)
                        .orElse(false);
            if (v.verdict() == Verdict.VIOLATED && heldBefore) {
              broken.add(v.property());
              if (first == null) {
                first = v.counterexample().orElse(null);
              }
            }
          }
          if (first != null) {
            found =
                new RedundantPair(
                    a, b, ImmutableList.copyOf(broken), m, first.steps().size(), first);
            break;
          }
          if (!r.stats().exhaustive() || !r.unorderedPairs().isEmpty()) {
            proved = false;
          }
        }
        if (found != null) {
          pairs.add(found);
        } else if (!proved) {
          undecided.add(List.of(a, b));
        }
      }
    }
    return new Pairwise(pairs.build(), undecided.build(), checks);
  }
}
