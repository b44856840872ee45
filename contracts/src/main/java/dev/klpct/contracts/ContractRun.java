package dev.klpct.contracts;

import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One exhaustive check of a strategy in a scenario under a memory model, shared by the tests of one
 * {@link StrategyContract} class: JUnit makes a new instance per test method, the check runs once.
 * The kernel the scenario models ({@code --test-and-clear}, ...) travels with the {@link
 * KlpMachine}; the options say only how to explore.
 */
record ContractRun(KlpMachine machine, Checker checker, CheckReport report) {
  /** Test class, strategy name, scenario and model: the check is a function of these. */
  private record Key(Class<?> testClass, String strategy, KlpConfig scenario, MemoryModel model) {}

  private static final ConcurrentHashMap<Key, ContractRun> RUNS = new ConcurrentHashMap<>();

  /**
   * The run for {@code test} in {@code c}, checked on first use with the defaults on one thread.
   */
  static ContractRun of(StrategyContract test, ContractCase c) {
    Strategy strategy = test.strategy();
    return RUNS.computeIfAbsent(
        new Key(test.getClass(), strategy.name(), c.scenario(), c.memoryModel()),
        k -> check(strategy, c.scenario(), c.memoryModel()));
  }

  private static ContractRun check(Strategy strategy, KlpConfig scenario, MemoryModel model) {
    KlpMachine machine = KlpMachine.of(strategy, scenario);
    Checker checker = new Checker(CheckOptions.defaults().withThreads(1).withMemoryModel(model));
    return new ContractRun(machine, checker, checker.check(machine));
  }
}
