package dev.klpct.contracts;

import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One exhaustive check of a strategy in a scenario, shared by the tests of one {@link
 * StrategyContract} class: JUnit makes a new instance per test method, the check runs once.
 */
record ContractRun(KlpMachine machine, Checker checker, CheckReport report) {
  /** Test class, strategy name and scenario: the check is a function of these. */
  private record Key(Class<?> testClass, String strategy, KlpConfig scenario) {}

  private static final ConcurrentHashMap<Key, ContractRun> RUNS = new ConcurrentHashMap<>();

  /** The run for {@code test}, checked on first use with the defaults on one thread. */
  static ContractRun of(StrategyContract test) {
    Strategy strategy = test.strategy();
    KlpConfig scenario = test.scenario();
    return RUNS.computeIfAbsent(
        new Key(test.getClass(), strategy.name(), scenario), k -> check(strategy, scenario));
  }

  private static ContractRun check(Strategy strategy, KlpConfig scenario) {
    KlpMachine machine = KlpMachine.of(strategy, scenario);
    Checker checker = new Checker(CheckOptions.defaults().withThreads(1));
    return new ContractRun(machine, checker, checker.check(machine));
  }
}
