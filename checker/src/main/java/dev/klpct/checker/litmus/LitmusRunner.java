package dev.klpct.checker.litmus;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.api.program.Metric;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MetricRange;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.checker.litmus.LitmusTest.And;
import dev.klpct.checker.litmus.LitmusTest.Atom;
import dev.klpct.checker.litmus.LitmusTest.Binary;
import dev.klpct.checker.litmus.LitmusTest.Call;
import dev.klpct.checker.litmus.LitmusTest.Cond;
import dev.klpct.checker.litmus.LitmusTest.Const;
import dev.klpct.checker.litmus.LitmusTest.Deref;
import dev.klpct.checker.litmus.LitmusTest.Eval;
import dev.klpct.checker.litmus.LitmusTest.Expr;
import dev.klpct.checker.litmus.LitmusTest.If;
import dev.klpct.checker.litmus.LitmusTest.Not;
import dev.klpct.checker.litmus.LitmusTest.Observed;
import dev.klpct.checker.litmus.LitmusTest.Or;
import dev.klpct.checker.litmus.LitmusTest.SetReg;
import dev.klpct.checker.litmus.LitmusTest.Stmt;
import dev.klpct.checker.litmus.LitmusTest.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a litmus test on the model checker, under the operational memory system of its {@link
 * CheckOptions#memoryModel()} (sequential consistency, x86-TSO, or the view machine the kernel
 * model runs on under {@code lkmm}). {@link ExactLitmusRunner} is the exact LKMM.
 *
 * <p><b>Outcome.</b> The machine carries two TERMINAL properties judged on final states (every
 * process finished): {@value LitmusMachine#BODY_NEVER} (the clause's body does not hold; a
 * violation is a final state satisfying it) and {@value LitmusMachine#BODY_ALWAYS} (the body holds;
 * a violation is one falsifying it). Like herd7's {@code Observation} line, the outcome is about
 * the body, whatever the quantifier: Never if no final state satisfies it, Always if every one
 * does, else Sometimes. (herd7 then says the condition is validated when: for {@code exists}, the
 * outcome is not Never; for {@code ~exists}, it is Never; for {@code forall}, it is Always; see
 * {@link LitmusResult#validated()}.) With no final state at all (every execution blocks), the
 * outcome is Never, as herd7 prints it.
 *
 * <p><b>Final states.</b> Every combination of candidate values of the locations the clause names
 * is a metric over final states (1 in a final state with exactly those values); the candidates are
 * 0 and every integer constant of the test. A further metric detects values outside the candidates,
 * in which case the list is marked incomplete. Partial-order reduction preserves every terminal
 * state, so the list is exact when the exploration is exhaustive.
 */
public final class LitmusRunner {
  /** At most this many candidate combinations are tried when listing final states. */
  public static final int MAX_CANDIDATE_STATES = 4096;

  private LitmusRunner() {}

  /**
   * Runs {@code test} with {@code options}.
   *
   * @throws LitmusException if the test uses something the operational engine does not run
   */
  public static LitmusResult run(LitmusTest test, CheckOptions options) throws LitmusException {
    List<Observed> observed = observed(test);
    int[] candidates = candidates(test);
    long combos = 1;
    for (int i = 0; i < observed.size() && combos <= MAX_CANDIDATE_STATES; i++) {
      combos *= candidates.length;
    }
    boolean enumerate = !observed.isEmpty() && combos <= MAX_CANDIDATE_STATES;
    LitmusMachine[] holder = new LitmusMachine[1];
    List<String> labels = new ArrayList<>();
    ImmutableList.Builder<Metric> metrics = ImmutableList.builder();
    if (enumerate) {
      for (int c = 0; c < combos; c++) {
        int[] vals = new int[observed.size()];
        int rest = c;
        StringBuilder label = new StringBuilder();
        for (int i = observed.size() - 1; i >= 0; i--) {
          vals[i] = candidates[rest % candidates.length];
          rest /= candidates.length;
        }
        for (int i = 0; i < observed.size(); i++) {
          label.append(observed.get(i).location()).append('=').append(vals[i]).append("; ");
        }
        labels.add(label.toString().strip());
        metrics.add(
            Metric.of(
                "litmus-state-" + c,
                s -> {
                  LitmusMachine m = holder[0];
                  if (!m.complete(s)) {
                    return 0;
                  }
                  for (int i = 0; i < vals.length; i++) {
                    if (m.value(s, observed.get(i)) != vals[i]) {
                      return 0;
                    }
                  }
                  return 1;
                }));
      }
      metrics.add(
          Metric.of(
              "litmus-state-other",
              s -> {
                LitmusMachine m = holder[0];
                if (!m.complete(s)) {
                  return 0;
                }
                for (Observed a : observed) {
                  if (Arrays.binarySearch(candidates, m.value(s, a)) < 0) {
                    return 1;
                  }
                }
                return 0;
              }));
    }
    LitmusMachine machine = new LitmusMachine(test, metrics.build());
    holder[0] = machine;
    CheckReport r = new Checker(options).check(machine);

    PropertyVerdict sat = verdict(r, LitmusMachine.BODY_NEVER);
    PropertyVerdict fal = verdict(r, LitmusMachine.BODY_ALWAYS);
    boolean someSat = sat.verdict() == Verdict.VIOLATED;
    boolean someFal = fal.verdict() == Verdict.VIOLATED;
    // The outcome is what the memory system produced: under lkmm's view machine a verdict the
    // load-buffering guard made INCONCLUSIVE after an exhaustive run counts as not violated here
    // (the operational engine is there to be measured against the exact one, deviations and all).
    boolean guardOnly = r.undecidedByLoadBuffering();
    boolean satHeld =
        sat.verdict() == Verdict.HOLDS || (sat.verdict() == Verdict.INCONCLUSIVE && guardOnly);
    boolean falHeld =
        fal.verdict() == Verdict.HOLDS || (fal.verdict() == Verdict.INCONCLUSIVE && guardOnly);
    Optional<Outcome> outcome;
    if (someSat && someFal) {
      outcome = Optional.of(Outcome.SOMETIMES);
    } else if (someSat && falHeld) {
      outcome = Optional.of(Outcome.ALWAYS);
    } else if (someFal && satHeld) {
      outcome = Optional.of(Outcome.NEVER);
    } else if (satHeld && falHeld) {
      outcome = Optional.of(Outcome.NEVER);
    } else {
      outcome = Optional.empty();
    }

    List<String> states = new ArrayList<>();
    boolean complete = enumerate && r.stats().exhaustive();
    if (enumerate) {
      Map<String, MetricRange> byId = new LinkedHashMap<>();
      for (MetricRange m : r.metrics()) {
        byId.put(m.id(), m);
      }
      for (int c = 0; c < labels.size(); c++) {
        MetricRange m = byId.get("litmus-state-" + c);
        if (m != null && m.max() == 1) {
          states.add(labels.get(c));
        }
      }
      MetricRange other = byId.get("litmus-state-other");
      if (other != null && other.max() == 1) {
        complete = false;
      }
    }
    states.sort(null);

    List<String> problems = new ArrayList<>();
    for (PropertyVerdict v : r.verdicts()) {
      if (BuiltInProperty.byId(v.property()).isPresent() && v.verdict() == Verdict.VIOLATED) {
        problems.add(v.counterexample().map(Counterexample::why).orElse(v.property()));
      }
    }
    return new LitmusResult(
        test,
        options.memoryModel(),
        outcome,
        ImmutableList.copyOf(states),
        complete,
        sat.counterexample(),
        fal.counterexample(),
        ImmutableList.copyOf(problems),
        r.stats());
  }

  private static PropertyVerdict verdict(CheckReport r, String id) {
    return r.verdict(id).orElseThrow(() -> new IllegalStateException("no verdict for " + id));
  }

  /** The distinct locations the clause names, in order of first mention. */
  static List<Observed> observed(LitmusTest test) {
    List<Observed> out = new ArrayList<>();
    collect(test.clause().body(), out);
    return out;
  }

  private static void collect(Cond c, List<Observed> out) {
    if (c instanceof And a) {
      collect(a.l(), out);
      collect(a.r(), out);
    } else if (c instanceof Or o) {
      collect(o.l(), out);
      collect(o.r(), out);
    } else if (c instanceof Not n) {
      collect(n.c(), out);
    } else if (c instanceof Atom a && !out.contains(a.at())) {
      out.add(a.at());
    }
  }

  /** 0 and every integer constant of the test, sorted. */
  static int[] candidates(LitmusTest test) {
    TreeSet<Integer> s = new TreeSet<>();
    s.add(0);
    for (LitmusTest.Location l : test.locations()) {
      if (l.initial() instanceof LitmusTest.Value.Int i) {
        s.add(i.value());
      }
    }
    for (LitmusTest.RegisterInit r : test.registerInits()) {
      if (r.value() instanceof LitmusTest.Value.Int i) {
        s.add(i.value());
      }
    }
    for (LitmusTest.Process p : test.processes()) {
      stmts(p.body(), s);
    }
    List<Atom> atoms = new ArrayList<>();
    atomsOf(test.clause().body(), atoms);
    for (Atom a : atoms) {
      if (a.value() instanceof LitmusTest.Value.Int i) {
        s.add(i.value());
      }
    }
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void stmts(List<Stmt> body, Set<Integer> out) {
    for (Stmt st : body) {
      if (st instanceof SetReg a) {
        constants(a.value(), out);
      } else if (st instanceof Store w) {
        constants(w.address(), out);
        constants(w.value(), out);
      } else if (st instanceof Eval e) {
        constants(e.expr(), out);
      } else if (st instanceof If i) {
        constants(i.cond(), out);
        stmts(i.then(), out);
        stmts(i.otherwise(), out);
      }
    }
  }

  private static void atomsOf(Cond c, List<Atom> out) {
    if (c instanceof And a) {
      atomsOf(a.l(), out);
      atomsOf(a.r(), out);
    } else if (c instanceof Or o) {
      atomsOf(o.l(), out);
      atomsOf(o.r(), out);
    } else if (c instanceof Not n) {
      atomsOf(n.c(), out);
    } else if (c instanceof Atom a) {
      out.add(a);
    }
  }

  private static void constants(Expr e, Set<Integer> out) {
    if (e instanceof Const c) {
      out.add(c.value());
    } else if (e instanceof Binary b) {
      constants(b.left(), out);
      constants(b.right(), out);
    } else if (e instanceof Deref d) {
      constants(d.address(), out);
    } else if (e instanceof Call c) {
      for (Expr a : c.args()) {
        constants(a, out);
      }
      if (c.primitive() instanceof Primitive.Rmw r && r.constant().isPresent()) {
        out.add(r.constant().get());
      }
    }
  }
}
