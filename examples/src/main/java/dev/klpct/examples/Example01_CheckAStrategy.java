package dev.klpct.examples;

import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MetricRange;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import dev.klpct.strategies.StrategyComponent;
import java.util.Locale;

/**
 * Example 01: check a strategy and read its verdicts.
 *
 * <p>Three steps, the same ones {@code klpct check} takes. Take a strategy by name from the
 * registry of the built-in strategies (a Dagger graph). Put it into a scenario: a {@link
 * KlpMachine} is the kernel model with the livepatch transition on CPU0, one NOHZ_FULL CPU per user
 * task, and the contracts as properties. Then let the {@link Checker} explore every interleaving.
 * The report has one verdict per contract: HOLDS (exhaustively, within the scenario's bounds),
 * VIOLATED with a shortest counterexample, or INCONCLUSIVE if a budget ran out before the search
 * was exhaustive, which is never reported as holding.
 *
 * <p>The strategy is Petr Mladek's {@code is_ct_user()} proposal of 2021-10-06, in the default
 * scenario of the thread (one NOHZ_FULL CPU whose task may make one syscall, two transitions). It
 * keeps every contract but {@code consistency}, which breaks in 22 steps (Example 02 draws them),
 * and it never disturbs the NOHZ_FULL CPU: the metrics are min..max over all executions.
 *
 * <p>Run it from the repository root (the first command builds once):
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests -pl examples -am
 * java -cp examples/target/classes:cli/target/klpct.jar dev.klpct.examples.Example01_CheckAStrategy
 * </pre>
 *
 * <p>Output:
 *
 * <pre>{@code
 * strategy mladek --nohz-cpus 1 --sleeping-tasks 0 --episodes 1 --retries 2 --signal-after 1 --transitions 2 --sync rcu --test-and-clear 2021 --reverse-order v5.15
 *   consistency            VIOLATED  40 steps
 *   handler-defined-state  HOLDS
 *   init-undefined         HOLDS
 *   complete-switched      HOLDS
 *   no-stale-write         HOLDS
 *   completes              HOLDS
 *   nohz-undisturbed       VIOLATED  53 steps
 *   reversal               HOLDS
 *   deadlock-free          HOLDS
 *   model-sound            HOLDS
 *   metric disturbances: 0..1
 *   metric failed-attempts: 0..2
 *   metric completed: 2..2
 *   metric text-poke-ipis: 6..6
 * overall: VIOLATED, exhaustive
 * }</pre>
 */
public final class Example01_CheckAStrategy {
  private Example01_CheckAStrategy() {}

  public static void main(String[] args) {
    Strategy mladek = StrategyComponent.builtIn().get("mladek");
    KlpMachine machine = KlpMachine.of(mladek, KlpConfig.defaults());
    CheckReport report = new Checker(CheckOptions.defaults()).check(machine);

    System.out.println(machine.description());
    for (PropertyVerdict v : report.verdicts()) {
      String steps = v.counterexample().map(cx -> cx.length() + " steps").orElse("");
      System.out.println(
          String.format(Locale.ROOT, "  %-22s %-9s %s", v.property(), v.verdict(), steps)
              .stripTrailing());
    }
    for (MetricRange m : report.metrics()) {
      System.out.printf(Locale.ROOT, "  metric %s: %d..%d%n", m.id(), m.min(), m.max());
    }
    System.out.println(
        "overall: " + report.overall() + (report.stats().exhaustive() ? ", exhaustive" : ""));
  }
}
