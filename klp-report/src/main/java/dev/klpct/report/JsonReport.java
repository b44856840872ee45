package dev.klpct.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
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
import dev.klpct.checker.repair.Repair;
import dev.klpct.checker.trace.Step;
import dev.klpct.checker.trace.TraceEvent;
import dev.klpct.core.KlpConfig;
import dev.klpct.jvm.StressReport;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of every report, for scripts and tools: one pretty-printed object per report, with
 * the command's {@code exitCode}. The shapes are documented on each method; fields are only ever
 * added.
 */
public final class JsonReport {
  private JsonReport() {}

  /** The JSON form of {@code report}, ending with a newline. */
  public static String print(Report report) {
    JsonObject o;
    if (report instanceof CheckResult r) {
      o = check(r);
    } else if (report instanceof Comparison c) {
      o = compare(c);
    } else if (report instanceof AblationReport a) {
      o = ablation(a);
    } else if (report instanceof StressResult s) {
      o = stress(s);
    } else if (report instanceof ReplayResult r) {
      o = replay(r);
    } else if (report instanceof RepairReport r) {
      o = repair(r);
    } else if (report instanceof LitmusReport l) {
      o = litmus(l);
    } else {
      throw new AssertionError(report);
    }
    return gson(o);
  }

  static String gson(JsonObject o) {
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
  }

  // ---------------------------------------------------------------------------------------
  // check

  /**
   * {@code strategy}; {@code config} (the scenario's parameters, {@code sync}, {@code memoryModel}
   * and {@code options}); {@code verdicts} (the shown ones: {@code contract}, {@code verdict},
   * {@code statement} and, when violated, {@code counterexample} with {@code length}, {@code
   * shortest}, {@code why}, the {@code schedule} and the {@code steps}); {@code metrics} ({@code
   * min}, {@code max} by id); {@code stats}; {@code exitCode}.
   */
  static JsonObject check(CheckResult c) {
    StrategyResult x = c.result();
    JsonObject o = new JsonObject();
    o.addProperty("strategy", x.strategy());
    o.add("config", config(x));
    JsonArray vs = new JsonArray();
    for (PropertyVerdict v : c.shown()) {
      vs.add(verdict(v));
    }
    o.add("verdicts", vs);
    o.add("metrics", metrics(x.report()));
    o.add("stats", stats(x.report()));
    o.addProperty("exitCode", c.exitCode());
    return o;
  }

  static JsonObject config(StrategyResult x) {
    KlpConfig c = x.config();
    JsonObject o = new JsonObject();
    o.addProperty("nohzCpus", c.nohzCpus());
    o.addProperty("sleepingTasks", c.sleepingTasks());
    if (c.sleepersInF() != 0) {
      o.addProperty("sleepersInF", c.sleepersInF()); // only when used, as transitionSequence
    }
    o.addProperty("episodes", c.episodes());
    o.addProperty("retries", c.retries());
    o.addProperty("signalAfter", c.signalAfter());
    o.addProperty("transitions", c.transitions());
    if (!c.enablesOnly()) {
      // only when used, so that the reports of enable-only scenarios stay as they were
      o.addProperty("transitionSequence", c.transitionsOption());
    }
    o.addProperty("reverse", c.reverse());
    if (c.reversals() != 0) {
      o.addProperty("reversals", c.reversals());
    }
    o.addProperty("nmi", c.nmi());
    if (c.vcpuTasks() != 0) {
      // only when used, so that the reports of scenarios without vCPUs stay as they were
      o.addProperty("vcpuTasks", c.vcpuTasks());
      o.addProperty("vcpuRun", c.vcpuRun().cliName());
    }
    o.addProperty("sync", x.sync().cliName());
    o.addProperty("testAndClear", c.testAndClear().cliName());
    o.addProperty("reverseOrder", c.reverseOrder().cliName());
    o.addProperty("printk", c.printk());
    if (c.kworker() != KlpConfig.Kworker.OFF) {
      o.addProperty("kworker", c.kworker().cliName()); // only when used
    }
    if (c.taskOrder() != KlpConfig.TaskOrder.LISTED) {
      o.addProperty("taskOrder", c.taskOrder().cliName()); // only when used
    }
    o.addProperty("memoryModel", x.report().memoryModel().id());
    o.addProperty("options", x.options());
    return o;
  }

  static JsonObject stats(CheckReport r) {
    Stats s = r.stats();
    JsonObject o = new JsonObject();
    o.addProperty("states", s.states());
    o.addProperty("transitions", s.transitions());
    o.addProperty("terminalStates", s.terminalStates());
    o.addProperty("depth", s.depth());
    o.addProperty("wallSeconds", s.wallSeconds());
    o.addProperty("statesPerSecond", s.statesPerSecond());
    o.addProperty("peakHeapBytes", JvmHeap.peakBytes());
    o.addProperty("storeBytes", s.storeBytes());
    o.addProperty("bytesPerState", s.bytesPerState());
    o.addProperty("threads", s.threads());
    o.addProperty("reduction", s.reduction());
    o.addProperty("exhaustive", s.exhaustive());
    if (!s.exhaustive()) {
      o.addProperty("stopReason", s.stopReason());
    }
    return o;
  }

  static JsonObject metrics(CheckReport r) {
    JsonObject o = new JsonObject();
    for (MetricRange mr : r.metrics()) {
      JsonObject x = new JsonObject();
      x.addProperty("min", mr.min());
      x.addProperty("max", mr.max());
      o.add(mr.id(), x);
    }
    return o;
  }

  static JsonObject verdict(PropertyVerdict v) {
    JsonObject o = new JsonObject();
    o.addProperty("contract", v.property());
    o.addProperty("verdict", v.verdict().name());
    o.addProperty("statement", v.statement());
    v.counterexample().ifPresent(cx -> o.add("counterexample", counterexample(cx)));
    return o;
  }

  static JsonObject counterexample(Counterexample cx) {
    JsonObject o = new JsonObject();
    o.addProperty("length", cx.length());
    o.addProperty("shortest", cx.shortest());
    o.addProperty("why", cx.why());
    JsonArray sched = new JsonArray();
    for (Step s : cx.steps()) {
      JsonObject x = new JsonObject();
      x.addProperty("cpu", s.cpu());
      if (s.choice() >= 0) {
        x.addProperty("choice", s.choice());
      }
      sched.add(x);
    }
    o.add("schedule", sched);
    o.add("steps", events(cx.events()));
    return o;
  }

  /** One JSON object per trace event: step (1-based), cpu, function, text, kind. */
  static JsonArray events(List<TraceEvent> events) {
    JsonArray steps = new JsonArray();
    for (TraceEvent e : events) {
      JsonObject x = new JsonObject();
      x.addProperty("step", e.step() + 1);
      x.addProperty("cpu", e.cpu());
      x.addProperty("function", e.function());
      x.addProperty("text", e.text());
      x.addProperty("kind", e.kind().name().toLowerCase(Locale.ROOT));
      steps.add(x);
    }
    return steps;
  }

  // ---------------------------------------------------------------------------------------
  // compare

  /**
   * Under one memory model: {@code options}, {@code memoryModel} and {@code strategies} (each with
   * {@code strategy}, {@code config}, {@code verdicts} with the counterexample's {@code
   * counterexampleLength}, whether it is proven {@code shortest} and {@code why}, {@code metrics},
   * {@code stats}), and {@code exitCode}. Under several: {@code options}, {@code runs} (one such
   * object per model, without {@code exitCode}) and {@code exitCode}.
   */
  static JsonObject compare(Comparison c) {
    if (c.runs().size() == 1) {
      JsonObject o = run(c.runs().get(0), c.options());
      o.addProperty("exitCode", c.exitCode());
      return o;
    }
    JsonObject o = new JsonObject();
    o.addProperty("options", c.options());
    JsonArray arr = new JsonArray();
    for (ModelRun r : c.runs()) {
      arr.add(run(r, c.options()));
    }
    o.add("runs", arr);
    o.addProperty("exitCode", c.exitCode());
    return o;
  }

  private static JsonObject run(ModelRun run, String options) {
    JsonObject o = new JsonObject();
    o.addProperty("options", options);
    o.addProperty("memoryModel", run.memoryModel());
    JsonArray arr = new JsonArray();
    for (StrategyResult row : run.results()) {
      JsonObject x = new JsonObject();
      x.addProperty("strategy", row.strategy());
      x.add("config", config(row));
      JsonArray vs = new JsonArray();
      for (PropertyVerdict v : row.report().verdicts()) {
        JsonObject y = new JsonObject();
        y.addProperty("contract", v.property());
        y.addProperty("verdict", v.verdict().name());
        v.counterexample()
            .ifPresent(
                cx -> {
                  y.addProperty("counterexampleLength", cx.length());
                  y.addProperty("shortest", cx.shortest());
                  y.addProperty("why", cx.why());
                });
        vs.add(y);
      }
      x.add("verdicts", vs);
      x.add("metrics", metrics(row.report()));
      x.add("stats", stats(row.report()));
      arr.add(x);
    }
    o.add("strategies", arr);
    return o;
  }

  // ---------------------------------------------------------------------------------------
  // ablate

  /**
   * {@code command}; {@code strategy}; {@code rows} ({@code site}, {@code function}, {@code
   * ordering}, {@code outcome}, {@code verdict}, {@code broken} and, when needed, {@code
   * memoryModel} and {@code counterexampleLength}); {@code violatedWithoutAblation} (the contracts
   * violated with every site in place, by model); {@code options} (the scenario); {@code
   * memoryModels}; {@code baselinesCutShort} (the checks with every site in place that were cut
   * short: {@code memoryModel}, {@code stopReason}, {@code states}; sites the one under the weakest
   * model did not reach are missing from {@code rows}); {@code stopped} (why the ablation stopped
   * early, if it did); {@code pairwise} (with {@code --pairwise}, see {@link #pairwise}); {@code
   * exitCode}.
   */
  static JsonObject ablation(AblationReport a) {
    JsonObject o = new JsonObject();
    o.addProperty("command", a.command());
    o.addProperty("strategy", a.strategy());
    JsonArray rows = new JsonArray();
    for (Ablation.Row row : a.result().rows()) {
      JsonObject x = new JsonObject();
      x.addProperty("site", row.site().what());
      x.addProperty("function", row.site().function());
      x.addProperty("ordering", row.kind());
      x.addProperty("outcome", row.outcome().name());
      x.addProperty("verdict", a.verdict(row));
      JsonArray broken = new JsonArray();
      row.broken().forEach(broken::add);
      x.add("broken", broken);
      row.model().ifPresent(m -> x.addProperty("memoryModel", m.id()));
      row.counterexampleLength().ifPresent(n -> x.addProperty("counterexampleLength", n));
      rows.add(x);
    }
    o.add("rows", rows);
    JsonObject already = new JsonObject();
    for (Map.Entry<MemoryModel, CheckReport> e : a.result().baseline().entrySet()) {
      JsonArray v = new JsonArray();
      e.getValue().verdicts().stream()
          .filter(x -> x.verdict() == Verdict.VIOLATED)
          .forEach(x -> v.add(x.property()));
      already.add(e.getKey().id(), v);
    }
    o.add("violatedWithoutAblation", already);
    o.addProperty("options", a.options());
    JsonArray models = new JsonArray();
    a.models().forEach(m -> models.add(m.id()));
    o.add("memoryModels", models);
    JsonArray cut = new JsonArray();
    for (Map.Entry<MemoryModel, CheckReport> e : a.cutShortBaselines()) {
      JsonObject x = new JsonObject();
      x.addProperty("memoryModel", e.getKey().id());
      x.addProperty("stopReason", e.getValue().stats().stopReason());
      x.addProperty("states", e.getValue().stats().states());
      cut.add(x);
    }
    o.add("baselinesCutShort", cut);
    if (!a.stopped().isEmpty()) {
      o.addProperty("stopped", a.stopped());
    }
    a.pairwise().ifPresent(p -> o.add("pairwise", pairwise(p)));
    o.addProperty("exitCode", a.exitCode());
    return o;
  }

  /**
   * {@code checks}; {@code pairs} ({@code first} and {@code second}, each {@code site} and {@code
   * function}; {@code broken}, {@code memoryModel}, {@code counterexampleLength}); {@code
   * undecided} (pairs as above, without the rest).
   */
  static JsonObject pairwise(Ablation.Pairwise p) {
    JsonObject o = new JsonObject();
    o.addProperty("checks", p.checks());
    JsonArray pairs = new JsonArray();
    for (Ablation.RedundantPair x : p.pairs()) {
      JsonObject j = new JsonObject();
      j.add("first", site(x.first()));
      j.add("second", site(x.second()));
      JsonArray broken = new JsonArray();
      x.broken().forEach(broken::add);
      j.add("broken", broken);
      j.addProperty("memoryModel", x.model().id());
      j.addProperty("counterexampleLength", x.counterexampleLength());
      pairs.add(j);
    }
    o.add("pairs", pairs);
    JsonArray undecided = new JsonArray();
    for (List<Site> pair : p.undecided()) {
      JsonObject j = new JsonObject();
      j.add("first", site(pair.get(0)));
      j.add("second", site(pair.get(1)));
      undecided.add(j);
    }
    o.add("undecided", undecided);
    return o;
  }

  private static JsonObject site(Site s) {
    JsonObject o = new JsonObject();
    o.addProperty("site", s.what());
    o.addProperty("function", s.function());
    return o;
  }

  // ---------------------------------------------------------------------------------------
  // stress

  /**
   * {@code command}, {@code strategy}, {@code options}, {@code seed}, {@code jitter}, {@code arch},
   * {@code threads}, {@code executions}, {@code wallSeconds}, {@code executionsPerSecond}, {@code
   * meanExecutionMicros}, {@code terminated}, {@code stuck}, {@code contracts} (the shown ones:
   * {@code id}, {@code statement}, {@code observed} ({@code "VIOLATED"} or {@code "not observed"}),
   * {@code violatingExecutions}), {@code violations} of the shown contracts ({@code contract},
   * {@code execution}, {@code cpu} and {@code step}, -1 when seen on the end state, {@code
   * executions}, {@code description}), {@code omittedViolations}, {@code metrics} ({@code id},
   * {@code min}, {@code max}, {@code mean}, {@code executions}), {@code interrupted} (why the run
   * ended early, if it did), {@code note} (that sampling cannot prove absence, and what decides)
   * and {@code exitCode}.
   */
  static JsonObject stress(StressResult s) {
    StressReport r = s.report();
    JsonObject o = new JsonObject();
    o.addProperty("command", s.command());
    o.addProperty("strategy", s.strategy());
    o.addProperty("options", s.options());
    o.addProperty("seed", r.seed());
    o.addProperty("jitter", s.jitter());
    o.addProperty("arch", s.arch());
    o.addProperty("threads", s.cpus());
    o.addProperty("executions", r.executions());
    o.addProperty("wallSeconds", r.wallSeconds());
    o.addProperty("executionsPerSecond", r.executionsPerSecond());
    o.addProperty("meanExecutionMicros", r.meanExecutionMicros());
    o.addProperty("terminated", r.terminated());
    o.addProperty("stuck", r.stuck());
    JsonArray contracts = new JsonArray();
    for (StressReport.Outcome oc : s.shown()) {
      JsonObject c = new JsonObject();
      c.addProperty("id", oc.property());
      c.addProperty("statement", oc.statement());
      c.addProperty("observed", oc.violated() ? "VIOLATED" : "not observed");
      c.addProperty("violatingExecutions", oc.violatingExecutions());
      contracts.add(c);
    }
    o.add("contracts", contracts);
    JsonArray violations = new JsonArray();
    for (StressReport.Violation v : s.shownViolations()) {
      JsonObject x = new JsonObject();
      x.addProperty("contract", v.property());
      x.addProperty("execution", v.execution());
      x.addProperty("cpu", v.cpu());
      x.addProperty("step", v.step());
      x.addProperty("executions", v.executions());
      x.addProperty("description", v.description());
      violations.add(x);
    }
    o.add("violations", violations);
    o.addProperty("omittedViolations", r.omittedViolations());
    JsonArray metrics = new JsonArray();
    for (StressReport.MetricSummary ms : r.metrics()) {
      JsonObject x = new JsonObject();
      x.addProperty("id", ms.id());
      x.addProperty("min", ms.min());
      x.addProperty("max", ms.max());
      x.addProperty("mean", ms.mean());
      x.addProperty("executions", ms.executions());
      metrics.add(x);
    }
    o.add("metrics", metrics);
    if (!s.interrupted().isEmpty()) {
      o.addProperty("interrupted", s.interrupted());
    }
    o.addProperty("note", s.notice());
    o.addProperty("exitCode", s.exitCode());
    return o;
  }

  // ---------------------------------------------------------------------------------------
  // replay

  /**
   * {@code strategy}, {@code options}, {@code length}, {@code violations}, {@code steps} and {@code
   * exitCode}.
   */
  static JsonObject replay(ReplayResult r) {
    JsonObject o = new JsonObject();
    o.addProperty("strategy", r.strategy());
    o.addProperty("options", r.options());
    o.addProperty("length", r.length());
    JsonArray v = new JsonArray();
    r.violations().forEach(v::add);
    o.add("violations", v);
    o.add("steps", events(r.events()));
    o.addProperty("exitCode", r.exitCode());
    return o;
  }

  static JsonObject repair(RepairReport r) {
    Repair.Result x = r.result();
    JsonObject o = new JsonObject();
    o.addProperty("command", "repair");
    o.addProperty("strategy", r.strategy());
    o.addProperty("scenario", r.scenario());
    JsonArray models = new JsonArray();
    r.models().forEach(m -> models.add(m.id()));
    o.add("models", models);
    o.addProperty("maxChanges", r.maxChanges());
    o.addProperty("outcome", x.outcome().name());
    o.addProperty("undecidedByLoadBuffering", x.undecidedByLoadBuffering());
    JsonArray targets = new JsonArray();
    x.targets().forEach(targets::add);
    o.add("targets", targets);
    JsonArray sc = new JsonArray();
    x.brokenUnderSc().forEach(sc::add);
    o.add("brokenUnderSc", sc);
    JsonArray repairs = new JsonArray();
    for (Repair.Found f : x.repairs()) {
      JsonObject fo = new JsonObject();
      fo.addProperty("cost", f.cost());
      JsonArray cs = new JsonArray();
      for (Repair.Change c : f.changes()) {
        JsonObject co = new JsonObject();
        co.addProperty("function", c.function());
        co.addProperty("site", c.edit().site().what());
        co.addProperty("primitive", c.edit().primitive());
        co.addProperty("location", c.edit().location());
        co.addProperty("call", c.call());
        co.addProperty("change", c.edit().kind().name());
        co.addProperty("text", c.describe());
        SourceDiff d = r.diff(c);
        if (d.diff().isPresent()) {
          co.addProperty("diff", d.diff().get());
        } else {
          co.addProperty("diffUnavailable", d.unavailable());
        }
        cs.add(co);
      }
      fo.add("changes", cs);
      repairs.add(fo);
    }
    o.add("repairs", repairs);
    o.addProperty("candidates", x.candidates());
    o.addProperty("exhaustiveChecks", x.checks());
    o.addProperty("setAsideByLitmus", x.filtered());
    o.addProperty("inconclusiveBecauseSetAside", x.filterOnly());
    x.stopped().ifPresent(s -> o.addProperty("stopped", s));
    o.addProperty("exitCode", r.exitCode());
    return o;
  }

  // ---------------------------------------------------------------------------------------
  // litmus

  /**
   * {@code memoryModel}; {@code engine}; {@code tests}, one per file: {@code file} and either
   * {@code error} (unreadable or unsupported) or {@code name}, {@code clause}, {@code outcome},
   * {@code validated}, {@code finalStates}, {@code expected} and {@code agrees} when the test has a
   * {@code Result} line, {@code wallSeconds}, and by engine: exact {@code positive}, {@code
   * negative}, {@code candidates}, {@code flags}; operational {@code states}, {@code
   * finalStatesComplete}, {@code problems} (and no {@code outcome} or {@code validated} when a
   * budget cut the run short). No {@code exitCode}: this shape predates it and is kept.
   */
  static JsonObject litmus(LitmusReport r) {
    JsonArray tests = new JsonArray();
    for (LitmusReport.Test t : r.tests()) {
      if (t instanceof LitmusReport.Exact e) {
        tests.add(litmusExact(e));
      } else if (t instanceof LitmusReport.Operational op) {
        tests.add(litmusOperational(op));
      } else if (t instanceof LitmusReport.Unreadable u) {
        JsonObject o = new JsonObject();
        o.addProperty("file", u.file());
        o.addProperty("error", u.message());
        tests.add(o);
      }
    }
    JsonObject o = new JsonObject();
    o.addProperty("memoryModel", r.memoryModel().id());
    o.addProperty("engine", r.engine().cliName());
    o.add("tests", tests);
    return o;
  }

  private static JsonObject litmusExact(LitmusReport.Exact e) {
    ExactResult r = e.result();
    JsonObject o = new JsonObject();
    o.addProperty("file", e.file());
    o.addProperty("name", r.test().name());
    o.addProperty("clause", r.test().clause().text());
    o.addProperty("outcome", r.outcome().display());
    o.addProperty("validated", r.validated());
    o.addProperty("positive", r.positive());
    o.addProperty("negative", r.negative());
    o.addProperty("candidates", r.candidates());
    o.add("flags", strings(r.flags()));
    o.add("finalStates", strings(r.states()));
    r.test()
        .expected()
        .ifPresent(
            x -> {
              o.addProperty("expected", x.display());
              o.addProperty("agrees", x == r.outcome());
            });
    o.addProperty("wallSeconds", e.millis() / 1000);
    return o;
  }

  private static JsonObject litmusOperational(LitmusReport.Operational op) {
    LitmusResult r = op.result();
    JsonObject o = new JsonObject();
    o.addProperty("file", op.file());
    o.addProperty("name", r.test().name());
    o.addProperty("clause", r.test().clause().text());
    r.outcome().ifPresent(x -> o.addProperty("outcome", x.display()));
    r.validated().ifPresent(v -> o.addProperty("validated", v));
    o.addProperty("states", r.stats().states());
    o.add("finalStates", strings(r.states()));
    o.addProperty("finalStatesComplete", r.statesComplete());
    o.add("problems", strings(r.problems()));
    r.expected().ifPresent(x -> o.addProperty("expected", x.display()));
    r.agrees().ifPresent(a -> o.addProperty("agrees", a));
    o.addProperty("wallSeconds", r.stats().wallSeconds());
    return o;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }
}
