package dev.klpct.report;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Site;
import dev.klpct.checker.Ablation;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.MetricRange;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Stats;
import dev.klpct.checker.Verdict;
import dev.klpct.checker.litmus.ExactResult;
import dev.klpct.checker.litmus.LitmusResult;
import dev.klpct.checker.litmus.LitmusTest;
import dev.klpct.checker.repair.Repair;
import dev.klpct.checker.trace.TraceRenderer;
import dev.klpct.core.KlpMachine;
import dev.klpct.jvm.JvmOptions;
import dev.klpct.jvm.StressReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The text form of every report, as {@code klpct} prints it on a terminal: verdict tables, the
 * CPU-column diagram of each counterexample, and the figures. Pure functions of the report.
 *
 * <p>Its cell spellings ({@link #cell}, {@link #range}) are those of every other format, so that a
 * verdict reads the same in a terminal, a Markdown table and the HTML page.
 */
public final class TextReport {
  private TextReport() {}

  /** The text form of {@code report}. */
  public static String print(Report report) {
    if (report instanceof CheckResult r) {
      return check(r);
    } else if (report instanceof Comparison c) {
      return compare(c);
    } else if (report instanceof AblationReport a) {
      return ablation(a);
    } else if (report instanceof StressResult s) {
      return stress(s);
    } else if (report instanceof ReplayResult r) {
      return replay(r);
    } else if (report instanceof RepairReport r) {
      return repair(r, false);
    } else if (report instanceof LitmusReport l) {
      return litmus(l);
    }
    throw new AssertionError(report);
  }

  /** The text ({@code markdown} false) or Markdown form of a repair report. */
  static String repair(RepairReport r, boolean markdown) {
    Repair.Result x = r.result();
    StringBuilder b = new StringBuilder();
    String code = markdown ? "`" : "";
    if (markdown) {
      b.append("## klpct repair: ").append(r.strategy()).append(" under ").append(r.modelList());
      b.append("\n\n");
      b.append("`").append(r.scenario()).append("`, at most ").append(r.maxChanges());
      b.append(" changes\n\n");
    } else {
      b.append("klpct repair: ").append(r.scenario()).append('\n');
      b.append("under ").append(r.modelList()).append(", at most ").append(r.maxChanges());
      b.append(" changes\n\n");
    }
    String bullet = markdown ? "- " : "  ";
    if (!x.targets().isEmpty()) {
      b.append("Contracts to repair (violated under ").append(r.modelList());
      b.append(", holding under sc): ").append(String.join(", ", x.targets())).append("\n");
    }
    if (!x.brokenUnderSc().isEmpty()) {
      b.append("Broken under sequential consistency: ")
          .append(String.join(", ", x.brokenUnderSc()))
          .append(
              ". No barrier suffices for these: no ordering changes anything under sc, so the"
                  + " bug is one of atomicity or logic, not ordering.\n");
    }
    b.append('\n');
    switch (x.outcome()) {
      case NOTHING_TO_REPAIR ->
          b.append(
              x.undecidedByLoadBuffering()
                  ? "No contract is violated under "
                      + r.modelList()
                      + ", exhaustively, but none is proven under lkmm: the load-buffering guard"
                      + " leaves them INCONCLUSIVE (docs/memory-models.md). Nothing to repair.\n"
                  : "Every contract holds under " + r.modelList() + ": nothing to repair.\n");
      case NO_REPAIR -> {
        if (x.targets().isEmpty()) {
          b.append("No repair: every contract violated is violated under sc already.\n");
        } else {
          b.append("No combination of at most ")
              .append(r.maxChanges())
              .append(" candidate changes repairs ")
              .append(String.join(", ", x.targets()))
              .append(".\n");
        }
      }
      case INCONCLUSIVE -> {
        if (x.filterOnly()) {
          b.append("Inconclusive: no combination of at most ")
              .append(r.maxChanges())
              .append(" candidate changes that was checked repairs ")
              .append(String.join(", ", x.targets()))
              .append(", but the litmus filter set ")
              .append(x.filtered())
              .append(" candidate sets aside unchecked (--no-litmus-filter checks them).\n");
        } else {
          b.append("Inconclusive: ")
              .append(x.stopped().orElse("a check was cut short by its budget"))
              .append(x.repairs().isEmpty() ? "; no repair found so far.\n" : ".\n");
        }
      }
      case REPAIRED -> {}
    }
    int n = 1;
    for (Repair.Found f : x.repairs()) {
      b.append(markdown ? "### " : "").append("Repair ").append(n++).append(" (cost ");
      b.append(f.cost()).append(")").append(markdown ? "\n\n" : ":\n");
      for (Repair.Change c : f.changes()) {
        String fence = c.edit().kind().fence();
        b.append(bullet).append("in ").append(code).append(c.function()).append("()").append(code);
        if (fence != null) {
          b.append(": insert ").append(code).append(fence).append("()").append(code);
          b.append(" after ").append(code).append(c.call()).append(code).append('\n');
        } else {
          String d = c.describe();
          String form = d.substring(d.indexOf(c.call()) + c.call().length());
          b.append(": make ").append(code).append(c.call()).append(code).append(form).append('\n');
        }
        SourceDiff d = r.diff(c);
        if (d.diff().isPresent()) {
          if (markdown) {
            b.append("\n```diff\n").append(d.diff().get()).append("```\n\n");
          } else {
            d.diff().get().lines().forEach(l -> b.append("    ").append(l).append('\n'));
          }
        } else {
          b.append(markdown ? "  (" : "    (").append("no diff: ").append(d.unavailable());
          b.append(")\n");
        }
      }
      if (markdown) {
        b.append('\n');
      }
    }
    if (!x.repairs().isEmpty()) {
      b.append(markdown ? "" : "\n");
      b.append("Cost: full ordering 3, smp_rmb()/smp_wmb() 2, acquire/release 1; every repair is")
          .append(" minimal and re-checked exhaustively under ")
          .append(r.modelList())
          .append(".\n");
      if (x.undecidedByLoadBuffering()) {
        b.append("Under lkmm a repair removes every violation the exhaustive search finds, but")
            .append(" proves no contract: the load-buffering guard leaves them INCONCLUSIVE")
            .append(" (docs/memory-models.md).\n");
      }
    }
    b.append("Searched ")
        .append(x.candidates())
        .append(" candidate changes: ")
        .append(x.checks())
        .append(" exhaustive checks; ")
        .append(x.filtered())
        .append(" candidate sets set aside unchecked by the litmus filter (their change leaves")
        .append(" the counterexample's litmus test Sometimes or touches none of its accesses)");
    if (x.outcome() == Repair.Outcome.REPAIRED && x.filtered() > 0) {
      b.append(": another repair among them is not excluded (--no-litmus-filter checks them)");
    }
    b.append(".\n");
    return b.toString();
  }

  /**
   * A verdict as a table cell: HOLDS, INCONCLUSIVE, VIOLATED (n) with n the length of the shortest
   * counterexample, or VIOLATED (&lt;=n) when the counterexample of n steps is not proven shortest
   * (the search for the shortest one was cut short).
   */
  public static String cell(PropertyVerdict v) {
    return switch (v.verdict()) {
      case HOLDS -> "HOLDS";
      case INCONCLUSIVE -> "INCONCLUSIVE";
      case VIOLATED -> {
        Counterexample cx = v.counterexample().orElseThrow();
        yield "VIOLATED (" + (cx.shortest() ? "" : "<=") + cx.length() + ")";
      }
    };
  }

  /** The legend of VIOLATED cells, saying "shortest" only of counterexamples proven so. */
  static String violatedLegend(Comparison c) {
    return c.allShortest()
        ? "VIOLATED (n): shortest counterexample has n steps"
        : "VIOLATED (n): shortest counterexample has n steps; VIOLATED (<=n): a counterexample"
            + " of n steps, not proven shortest (the search for the shortest one was cut short)";
  }

  /**
   * One line per check that was cut short, naming why and how far it got; empty when every check
   * was exhaustive.
   */
  static String cutShort(Comparison c) {
    StringBuilder b = new StringBuilder();
    for (ModelRun run : c.runs()) {
      for (StrategyResult x : run.results()) {
        Stats s = x.report().stats();
        if (!s.exhaustive()) {
          if (b.length() == 0) {
            b.append(
                "\nCut short (contracts not violated in the part explored are INCONCLUSIVE):\n");
          }
          b.append(
              String.format(
                  Locale.ROOT,
                  "  %s under %s: %s after %,d states%n",
                  x.strategy(),
                  run.memoryModel(),
                  s.stopReason(),
                  s.states()));
        }
      }
    }
    return b.toString();
  }

  /** min..max of a metric over every execution explored ("-" when there is no such metric). */
  public static String range(CheckReport r, String metric) {
    return r.metric(metric)
        .map(x -> x.min() == x.max() ? Integer.toString(x.min()) : x.min() + ".." + x.max())
        .orElse("-");
  }

  /**
   * The exploration figures in one line: states, transitions, time, rate, memory, threads,
   * reduction, whether exhaustive, and the metrics' ranges.
   */
  public static String statsLine(CheckReport r) {
    Stats s = r.stats();
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "stats: %,d states, %,d transitions, %,d terminal, depth %d, %.3f s, %,.0f states/s,"
                    + " %.1f bytes/state, peak heap %,d MiB, %d thread%s, reduction %s, %s",
                s.states(),
                s.transitions(),
                s.terminalStates(),
                s.depth(),
                s.wallSeconds(),
                s.statesPerSecond(),
                s.bytesPerState(),
                JvmHeap.peakBytes() >> 20,
                s.threads(),
                s.threads() == 1 ? "" : "s",
                s.reduction() ? "on" : "off",
                s.exhaustive() ? "exhaustive" : "cut short: " + s.stopReason()));
    for (MetricRange mr : r.metrics()) {
      b.append(String.format(Locale.ROOT, "; %s %d..%d", mr.id(), mr.min(), mr.max()));
    }
    return b.toString();
  }

  /**
   * Every verdict of {@code report} in a short table (what a test failure shows): the machine and
   * the memory model, one line per verdict with the counterexample's length, and the exploration in
   * one line.
   */
  public static String verdictTable(CheckReport report) {
    int width = 0;
    for (PropertyVerdict v : report.verdicts()) {
      width = Math.max(width, v.property().length());
    }
    StringBuilder sb = new StringBuilder();
    sb.append("verdicts for ")
        .append(report.machine())
        .append(" under ")
        .append(report.memoryModel().id())
        .append('\n');
    for (PropertyVerdict v : report.verdicts()) {
      sb.append(String.format(Locale.ROOT, "  %-" + width + "s  ", v.property()));
      if (v.counterexample().isPresent()) {
        sb.append(String.format(Locale.ROOT, "%-12s ", v.verdict()))
            .append(length(v.counterexample().get()));
      } else {
        sb.append(v.verdict());
      }
      sb.append('\n');
    }
    Stats s = report.stats();
    sb.append(
        String.format(
            Locale.ROOT,
            "  exploration: %d states, %d transitions, depth %d, %s",
            s.states(),
            s.transitions(),
            s.depth(),
            s.exhaustive() ? "exhaustive" : "cut short (" + s.stopReason() + ")"));
    return sb.toString();
  }

  /**
   * One verdict of {@code report} with its counterexample's length and reason, e.g. for a contract
   * expected to hold. An INCONCLUSIVE verdict says why: the budget or limit that cut the
   * exploration short, or, after an exhaustive exploration under lkmm, the load-buffering guard.
   */
  public static String verdictLine(PropertyVerdict v, CheckReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("  ").append(v.property()).append(": ").append(v.verdict());
    if (v.verdict() == Verdict.INCONCLUSIVE) {
      Stats s = report.stats();
      if (!s.exhaustive()) {
        sb.append(" (the exploration was cut short: ")
            .append(s.stopReason().isEmpty() ? "a budget ran out" : s.stopReason())
            .append(')');
      } else if (report.undecidedByLoadBuffering()) {
        sb.append(
            String.format(
                Locale.ROOT,
                " (not violated in any execution, but not proven under %s: the load-buffering"
                    + " guard found %d read-then-store pair(s) the view machine orders and the"
                    + " LKMM need not, docs/memory-models.md)",
                report.memoryModel().id(),
                report.unorderedPairs().size()));
      }
    }
    v.counterexample()
        .ifPresent(
            cx -> sb.append(" (").append(length(cx)).append(")\n    why: ").append(cx.why()));
    return sb.toString();
  }

  private static String length(Counterexample cx) {
    return cx.length() + " steps" + (cx.shortest() ? ", shortest" : "");
  }

  // ---------------------------------------------------------------------------------------
  // check

  static String check(CheckResult c) {
    StrategyResult x = c.result();
    CheckReport r = x.report();
    StringBuilder b = new StringBuilder();
    b.append("klpct check --strategy ")
        .append(x.strategy())
        .append(' ')
        .append(x.options())
        .append(r.memoryModel() == MemoryModel.SC ? "" : " --memory-model " + r.memoryModel().id())
        .append('\n');
    b.append(x.strategy()).append(": ").append(x.description()).append("\n\n");
    int w = 10;
    for (PropertyVerdict v : c.shown()) {
      w = Math.max(w, v.property().length());
    }
    b.append(
        String.format(
            Locale.ROOT, "  %-" + w + "s  %-16s %s%n", "contract", "verdict", "statement"));
    for (PropertyVerdict v : c.shown()) {
      b.append(
          String.format(
              Locale.ROOT, "  %-" + w + "s  %-16s %s%n", v.property(), cell(v), v.statement()));
    }
    if (!r.unorderedPairs().isEmpty()) {
      b.append(
          "\n  lkmm: no contract HOLDS, because the view machine leaves out executions the LKMM"
              + " allows at these places (reads it orders before later stores: no load buffering;"
              + " waits it ends on the newest store); contracts not violated are INCONCLUSIVE"
              + " (docs/memory-models.md, the load-buffering guard):\n");
      for (String p : r.unorderedPairs()) {
        b.append("    ").append(p).append('\n');
      }
    }
    if (!r.stats().exhaustive()) {
      b.append("\n  exploration cut short: ")
          .append(r.stats().stopReason())
          .append(
              String.format(
                  Locale.ROOT,
                  " after %,d states; contracts not violated so far are INCONCLUSIVE%n",
                  r.stats().states()));
    }
    for (PropertyVerdict v : c.shown()) {
      if (v.verdict() != Verdict.VIOLATED) {
        continue;
      }
      Counterexample cx = v.counterexample().orElseThrow();
      b.append(
          String.format(
              Locale.ROOT,
              "%nCounterexample for %s (%d steps, %s):%n%n",
              v.property(),
              cx.length(),
              cx.shortest() ? "shortest" : "not proven shortest"));
      b.append(x.diagram(cx));
    }
    if (c.stats()) {
      b.append('\n').append(statsLine(r)).append('\n');
    }
    return b.toString();
  }

  // ---------------------------------------------------------------------------------------
  // compare

  /** The scenario's options, and where the sync comes from when it is not among them. */
  static String scenario(Comparison c) {
    return c.options()
        + (c.options().contains("--sync ") ? "" : " (sync: each strategy's default unless --sync)");
  }

  static String compare(Comparison c) {
    StringBuilder b = new StringBuilder();
    b.append("klpct compare ").append(scenario(c)).append('\n');
    for (ModelRun run : c.runs()) {
      b.append('\n');
      if (c.runs().size() > 1 || !run.memoryModel().equals(MemoryModel.SC.id())) {
        b.append("memory model: ").append(run.memoryModel()).append('\n');
      }
      b.append(matrix(c, run, false));
    }
    b.append('\n');
    b.append(violatedLegend(c))
        .append(
            " (klpct check --strategy NAME shows it). disturbances: IPIs, fake signals and work"
                + " items sent to NOHZ_FULL CPUs; failed attempts: failed"
                + " klp_try_complete_transition() rounds (transition length in retries); both"
                + " min..max over every execution.\n");
    b.append(cutShort(c));
    b.append(compareStats(c));
    return b.toString();
  }

  /** One run's strategy x contract matrix, as text columns or Markdown. */
  static String matrix(Comparison c, ModelRun run, boolean markdown) {
    List<String> contracts = c.contracts();
    List<String> header = new ArrayList<>();
    header.add("strategy");
    header.addAll(contracts);
    header.add("disturbances");
    header.add("failed attempts");
    header.add("states");
    List<List<String>> table = new ArrayList<>();
    for (StrategyResult row : run.results()) {
      List<String> line = new ArrayList<>();
      line.add(row.strategy());
      for (String id : contracts) {
        line.add(row.report().verdict(id).map(TextReport::cell).orElse("?"));
      }
      line.add(range(row.report(), KlpMachine.DISTURBANCES));
      line.add(range(row.report(), KlpMachine.FAILED_ATTEMPTS));
      line.add(String.format(Locale.ROOT, "%,d", row.report().stats().states()));
      table.add(line);
    }
    return Tables.table(header, table, markdown, "");
  }

  /**
   * Each run's figures, one line per strategy, after an empty line per run; empty without stats.
   */
  static String compareStats(Comparison c) {
    if (!c.stats()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (ModelRun run : c.runs()) {
      b.append('\n');
      for (StrategyResult row : run.results()) {
        b.append(
                String.format(
                    Locale.ROOT,
                    "%-9s %s",
                    row.strategy() + (c.runs().size() > 1 ? " " + run.memoryModel() : ""),
                    statsLine(row.report())))
            .append('\n');
      }
    }
    return b.toString();
  }

  // ---------------------------------------------------------------------------------------
  // ablate

  static String ablation(AblationReport a) {
    StringBuilder b = new StringBuilder();
    b.append(a.command()).append("\n\n");
    b.append(ablationTable(a, false));
    b.append(alreadyViolated(a));
    b.append(undecided(a));
    if (a.traces()) {
      for (Ablation.Row row : a.result().rows()) {
        row.counterexample()
            .ifPresent(
                cx -> {
                  b.append('\n');
                  b.append("Without ")
                      .append(row.site())
                      .append(" (")
                      .append(row.model().orElseThrow())
                      .append("):\n");
                  b.append(
                      TraceRenderer.render(
                          cx.events(), a.cpuNames(), cx.property() + " VIOLATED: " + cx.why()));
                });
      }
    }
    return b.toString();
  }

  static String ablationTable(AblationReport a, boolean markdown) {
    List<List<String>> rows = new ArrayList<>();
    for (Ablation.Row row : a.result().rows()) {
      List<String> cells =
          new ArrayList<>(
              List.of(
                  row.site().what(),
                  row.site().function(),
                  row.kind(),
                  a.verdict(row),
                  row.model().map(MemoryModel::id).orElse("-"),
                  row.counterexampleLength().map(String::valueOf).orElse("-")));
      a.pairwise().ifPresent(p -> cells.add(redundantWith(p, row.site())));
      rows.add(markdown ? cells.stream().map(x -> x.replace("`", "'")).toList() : cells);
    }
    List<String> header =
        new ArrayList<>(
            List.of("site", "kernel function", "ordering", "verdict", "model", "cx length"));
    a.pairwise().ifPresent(p -> header.add("redundant with"));
    return Tables.table(header, rows, markdown, "  ")
        + a.pairwise().map(TextReport::pairs).orElse("");
  }

  /** The other sites of {@code site}'s redundant pairs, or "-". */
  private static String redundantWith(Ablation.Pairwise p, Site site) {
    List<String> others =
        p.pairsOf(site).stream()
            .map(x -> x.other(site))
            .map(o -> o.what() + " in " + o.function())
            .toList();
    return others.isEmpty() ? "-" : String.join("; ", others);
  }

  /** What pairwise ablation found: each pair with what it breaks, and the pairs it left open. */
  static String pairs(Ablation.Pairwise p) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%nPairwise (%d re-checks, both removed, of the sites whose removal alone broke nothing): ",
            p.checks()));
    if (p.pairs().isEmpty()) {
      b.append("no two of them break anything together");
      b.append(p.undecided().isEmpty() ? ".\n" : ", as far as decided.\n");
    } else {
      b.append(p.pairs().size() == 1 ? "one pair covers" : p.pairs().size() + " pairs cover");
      b.append(" for each other:\n");
      for (Ablation.RedundantPair x : p.pairs()) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %s in %s + %s in %s: breaks %s under %s (%d steps)%n",
                x.first().what(),
                x.first().function(),
                x.second().what(),
                x.second().function(),
                String.join(", ", x.broken()),
                x.model().id(),
                x.counterexampleLength()));
      }
    }
    if (!p.undecided().isEmpty()) {
      b.append("Pairs not decided (a re-check cut short or not started, or under lkmm left")
          .append(" undecided by the load-buffering guard):\n");
      for (List<Site> pair : p.undecided()) {
        b.append("  ")
            .append(pair.get(0).what())
            .append(" in ")
            .append(pair.get(0).function())
            .append(" + ")
            .append(pair.get(1).what())
            .append(" in ")
            .append(pair.get(1).function())
            .append('\n');
      }
    }
    return b.toString();
  }

  /**
   * The contracts each model violates with every site in place: an ablation cannot show that a site
   * protects one of them, so the table says "no new violation" rather than "not needed".
   */
  static String alreadyViolated(AblationReport a) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<MemoryModel, ImmutableList<String>> e : a.alreadyViolated()) {
      b.append(
              b.length() == 0
                  ? "\nAlready violated with every barrier in place (a removed"
                      + " barrier cannot be shown to protect these):\n"
                  : "")
          .append("  ")
          .append(e.getKey().id())
          .append(": ")
          .append(String.join(", ", e.getValue()))
          .append('\n');
    }
    return b.toString();
  }

  /**
   * What the ablation could not judge: the checks with every site in place that were cut short (the
   * sites they did not reach are missing from the table), and the sites whose re-checks were.
   */
  static String undecided(AblationReport a) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<MemoryModel, CheckReport> e : a.cutShortBaselines()) {
      Stats s = e.getValue().stats();
      b.append(
          String.format(
              Locale.ROOT,
              "%nThe check with every site in place under %s was cut short (%s after %,d"
                  + " states):%n  %s%n",
              e.getKey().id(),
              s.stopReason(),
              s.states(),
              e.getKey() == a.weakest()
                  ? "it finds the sites, so the sites it did not reach are missing above."
                  : "a removal cannot be shown to break a contract this check did not decide."));
    }
    if (!a.cutShort().isEmpty()) {
      b.append("\nNot judged (a re-check was cut short before breaking anything")
          .append(a.stopped().isEmpty() ? "" : ", or not started: " + a.stopped())
          .append("):\n");
      sites(b, a.cutShort());
    }
    if (!a.undecidedByLoadBuffering().isEmpty()) {
      b.append("\nNo new violation under lkmm, but nothing proven: the load-buffering guard leaves")
          .append(" every contract not violated INCONCLUSIVE (docs/memory-models.md):\n");
      sites(b, a.undecidedByLoadBuffering());
    }
    return b.toString();
  }

  private static void sites(StringBuilder b, List<Ablation.Row> rows) {
    for (Ablation.Row row : rows) {
      b.append("  ").append(row.site().what()).append(" in ").append(row.site().function());
      b.append('\n');
    }
  }

  // ---------------------------------------------------------------------------------------
  // stress

  static String stress(StressResult s) {
    StressReport r = s.report();
    StringBuilder b = new StringBuilder();
    b.append(s.command()).append('\n');
    b.append(s.strategy()).append(": ").append(s.description()).append("\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%,d execution%s in %.2f s (%,.0f executions/s, each %.1f us from start line to end on"
                + " average), %d threads (one per CPU), seed %d, jitter %d, %s%n%n",
            r.executions(),
            r.executions() == 1 ? "" : "s",
            r.wallSeconds(),
            r.executionsPerSecond(),
            r.meanExecutionMicros(),
            s.cpus(),
            r.seed(),
            s.jitter(),
            s.arch()));
    int w = 10;
    int cw = 12;
    List<String> cells = new ArrayList<>();
    for (StressReport.Outcome oc : s.shown()) {
      w = Math.max(w, oc.property().length());
      String cell =
          oc.violated()
              ? String.format(
                  Locale.ROOT,
                  "VIOLATED in %,d of %,d executions",
                  oc.violatingExecutions(),
                  r.executions())
              : "not observed";
      cells.add(cell);
      cw = Math.max(cw, cell.length());
    }
    String row = "  %-" + w + "s  %-" + cw + "s  %s%n";
    b.append(String.format(Locale.ROOT, row, "contract", "observed", "statement"));
    for (int i = 0; i < s.shown().size(); i++) {
      b.append(
          String.format(
              Locale.ROOT,
              row,
              s.shown().get(i).property(),
              cells.get(i),
              s.shown().get(i).statement()));
    }
    List<StressReport.Violation> vs = s.shownViolations();
    if (!vs.isEmpty()) {
      b.append(
          "\nViolations observed (each distinct one once, with the first execution that"
              + " showed it):\n");
      for (StressReport.Violation v : vs) {
        String where = v.cpu() < 0 ? "at its end" : "CPU" + v.cpu() + " step " + v.step();
        b.append(
            String.format(
                Locale.ROOT,
                "  %-" + w + "s  execution %,d, %s (%,d execution%s): %s%n",
                v.property(),
                v.execution(),
                where,
                v.executions(),
                v.executions() == 1 ? "" : "s",
                v.description()));
      }
      if (r.omittedViolations() > 0) {
        b.append(
            String.format(
                Locale.ROOT, "  ... and %,d more distinct violations%n", r.omittedViolations()));
      }
    }
    if (!r.metrics().isEmpty()) {
      b.append("\nmetrics over the executions that ended:");
      String sep = " ";
      for (StressReport.MetricSummary ms : r.metrics()) {
        b.append(
            String.format(
                Locale.ROOT,
                "%s%s %d..%d (mean %.2f)",
                sep,
                ms.id(),
                ms.min(),
                ms.max(),
                ms.mean()));
        sep = "; ";
      }
      b.append('\n');
    }
    b.append('\n');
    if (r.stuck() > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "%,d execution%s did not end within %s and %s"
                  + " abandoned (starvation or a livelock; not judged).%n",
              r.stuck(),
              r.stuck() == 1 ? "" : "s",
              StressResult.durationText(JvmOptions.defaults().executionTimeout()),
              r.stuck() == 1 ? "was" : "were"));
    }
    if (!s.interrupted().isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "The run was %s after %.2f s of the %s asked for.%n",
              s.interrupted(),
              r.wallSeconds(),
              StressResult.durationText(s.duration())));
    }
    b.append(
        s.exitCode() == ExitCode.VIOLATED
            ? "Contracts observed violated on real threads. "
            : String.format(
                Locale.ROOT,
                "No violation observed in %,d execution%s. ",
                r.executions(),
                r.executions() == 1 ? "" : "s"));
    b.append(s.notice()).append('\n');
    return b.toString();
  }

  // ---------------------------------------------------------------------------------------
  // replay

  static String replay(ReplayResult r) {
    String verdict =
        r.violations().isEmpty()
            ? "no contract violated at the end of the trace"
            : "VIOLATED " + String.join("; ", r.violations());
    return "klpct replay "
        + r.source()
        + ": strategy "
        + r.strategy()
        + " "
        + r.options()
        + "\n\n"
        + TraceRenderer.render(r.events(), r.cpuNames(), verdict);
  }

  // ---------------------------------------------------------------------------------------
  // litmus

  /**
   * Each test answered as a block of lines, then, for more than one file, a summary with the times.
   * A file that could not be read or run has no lines here: {@code klpct litmus} says so on
   * standard error as it meets it, as it does for every input error, and the summary counts it.
   */
  static String litmus(LitmusReport r) {
    StringBuilder b = new StringBuilder();
    for (LitmusReport.Test t : r.tests()) {
      if (t instanceof LitmusReport.Exact e) {
        litmusExact(b, e);
      } else if (t instanceof LitmusReport.Operational o) {
        litmusOperational(b, o);
      }
    }
    if (r.tests().size() > 1) {
      ImmutableList<LitmusReport.Answered> answered = r.answered();
      b.append("summary: ")
          .append(r.tests().size())
          .append(" tests, ")
          .append(answered.size())
          .append(" answered, ")
          .append(r.unreadable())
          .append(" unreadable or unsupported\n");
      if (!answered.isEmpty()) {
        double[] times = answered.stream().mapToDouble(LitmusReport.Answered::millis).toArray();
        LitmusReport.Answered slowest = r.slowest().orElseThrow();
        // which test is slowest varies from run to run unless each is timed warm (--repeat)
        b.append(
            String.format(
                Locale.ROOT,
                "time per test: median, %.1f ms; slowest%s, %.1f ms; all tests, %.1f ms\n",
                LitmusReport.median(times),
                r.repeat() > 1 ? " (" + slowest.name() + ")" : "",
                slowest.millis(),
                Arrays.stream(times).sum()));
      }
      double[] cpu =
          r.tests().stream()
              .filter(t -> t instanceof LitmusReport.Exact e && e.cpuMillis().isPresent())
              .mapToDouble(t -> ((LitmusReport.Exact) t).cpuMillis().orElseThrow())
              .toArray();
      if (cpu.length > 0) {
        b.append(
            String.format(
                Locale.ROOT,
                "CPU time per test (this thread): median, %.1f ms;"
                    + " slowest, %.1f ms; all tests, %.1f ms\n",
                LitmusReport.median(cpu),
                Arrays.stream(cpu).max().orElse(0),
                Arrays.stream(cpu).sum()));
      }
    }
    return b.toString();
  }

  private static void litmusExact(StringBuilder b, LitmusReport.Exact e) {
    ExactResult r = e.result();
    LitmusTest t = r.test();
    b.append(e.file()).append(": ").append(t.name()).append('\n');
    b.append("  memory model: lkmm (exact)\n");
    b.append("  clause: ").append(t.clause().text()).append('\n');
    b.append("  outcome: ")
        .append(r.outcome().display())
        .append(r.validated() ? " (condition validated)" : " (condition not validated)")
        .append(
            String.format(
                Locale.ROOT,
                ", %,d of %,d allowed executions satisfy the body (%,d candidates), %.1f ms",
                r.positive(),
                r.allowed(),
                r.candidates(),
                e.millis()))
        .append('\n');
    if (!r.flags().isEmpty()) {
      b.append("  flags: ").append(String.join(", ", r.flags())).append('\n');
    }
    litmusStates(b, r.states(), "");
    t.expected()
        .ifPresent(
            x ->
                b.append("  expected (Result: ")
                    .append(x.display())
                    .append("): ")
                    .append(x == r.outcome() ? "agrees" : "DISAGREES")
                    .append('\n'));
  }

  private static void litmusOperational(StringBuilder b, LitmusReport.Operational o) {
    LitmusResult r = o.result();
    LitmusTest t = r.test();
    b.append(o.file()).append(": ").append(t.name()).append('\n');
    b.append("  memory model: ").append(r.model()).append(" (operational)\n");
    b.append("  clause: ").append(t.clause().text()).append('\n');
    if (r.outcome().isPresent()) {
      b.append("  outcome: ")
          .append(r.outcome().get().display())
          .append(
              r.validated().orElse(false) ? " (condition validated)" : " (condition not validated)")
          .append(
              String.format(
                  Locale.ROOT,
                  ", %,d states, %.1f ms",
                  r.stats().states(),
                  r.stats().wallSeconds() * 1000))
          .append('\n');
    } else {
      b.append("  outcome: unknown (").append(r.stats().stopReason()).append(")\n");
    }
    litmusStates(b, r.states(), r.statesComplete() ? "" : " (incomplete)");
    for (String p : r.problems()) {
      b.append("  note: ").append(p).append('\n');
    }
    if (r.expected().isPresent()) {
      String x = r.expectedSource() + ": " + r.expected().get().display();
      b.append("  expected (").append(x).append("): ");
      b.append(r.agrees().map(a -> a ? "agrees" : "DISAGREES").orElse("unknown")).append('\n');
    }
  }

  private static void litmusStates(StringBuilder b, List<String> states, String qualifier) {
    if (!states.isEmpty()) {
      b.append("  final states").append(qualifier).append(":\n");
      for (String s : states) {
        b.append("    ").append(s).append('\n');
      }
    }
  }

  /** The columns of a litmus report as a table (Markdown, HTML): those of {@link #litmusRow}. */
  static final ImmutableList<String> LITMUS_COLUMNS =
      ImmutableList.of("file", "test", "outcome", "expected", "explored", "time");

  /**
   * One test as the cells of {@link #LITMUS_COLUMNS}, spelled as in the text form: outcome and
   * whether the condition is validated, the expectation and whether it agrees, what the engine
   * counted, and the wall time; for a file not read, its message in place of the outcome.
   */
  static ImmutableList<String> litmusRow(LitmusReport.Test t) {
    if (t instanceof LitmusReport.Exact e) {
      ExactResult r = e.result();
      return ImmutableList.of(
          e.file(),
          e.name(),
          r.outcome().display()
              + (r.validated() ? " (condition validated)" : " (condition not validated)"),
          r.test()
              .expected()
              .map(
                  x ->
                      "Result: " + x.display() + ", " + (x == r.outcome() ? "agrees" : "DISAGREES"))
              .orElse(""),
          String.format(
                  Locale.ROOT,
                  "%,d of %,d allowed satisfy the body (%,d candidates)",
                  r.positive(),
                  r.allowed(),
                  r.candidates())
              + (r.flags().isEmpty() ? "" : "; flags: " + String.join(", ", r.flags())),
          String.format(Locale.ROOT, "%.1f ms", e.millis()));
    } else if (t instanceof LitmusReport.Operational o) {
      LitmusResult r = o.result();
      return ImmutableList.of(
          o.file(),
          o.name(),
          r.outcome()
              .map(
                  x ->
                      x.display()
                          + (r.validated().orElse(false)
                              ? " (condition validated)"
                              : " (condition not validated)"))
              .orElse("unknown (" + r.stats().stopReason() + ")"),
          r.expected()
              .map(
                  x ->
                      r.expectedSource()
                          + ": "
                          + x.display()
                          + ", "
                          + r.agrees().map(a -> a ? "agrees" : "DISAGREES").orElse("unknown"))
              .orElse(""),
          String.format(Locale.ROOT, "%,d states", r.stats().states())
              + (r.problems().isEmpty() ? "" : "; " + String.join("; ", r.problems())),
          String.format(Locale.ROOT, "%.1f ms", o.millis()));
    }
    LitmusReport.Unreadable u = (LitmusReport.Unreadable) t;
    return ImmutableList.of(u.file(), "", "unreadable or unsupported: " + u.message(), "", "", "");
  }

  /** The summary line of a litmus table: files, answered, unreadable, and disagreements. */
  static String litmusTally(LitmusReport r) {
    long disagree =
        r.answered().stream().filter(a -> a.agrees().equals(Optional.of(false))).count();
    return r.tests().size()
        + (r.tests().size() == 1 ? " test, " : " tests, ")
        + r.answered().size()
        + " answered, "
        + r.unreadable()
        + " unreadable or unsupported; "
        + disagree
        + (disagree == 1
            ? " disagrees with its expectation."
            : " disagree with their expectation.");
  }
}
