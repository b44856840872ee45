package dev.klpct.contracts;

import static java.util.Objects.requireNonNull;

import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One memory model and one scenario of a {@link StrategyContract} class: the unit the suite checks
 * once and runs each of its tests on.
 *
 * @param memoryModel the memory model explored
 * @param scenarioName the scenario as {@code klpct} options that differ from the default pair
 *     scenario, {@code default} for that one
 * @param scenario the scenario, with the kernel it models ({@link KlpConfig#testAndClear()})
 */
record ContractCase(MemoryModel memoryModel, String scenarioName, KlpConfig scenario) {
  ContractCase {
    requireNonNull(memoryModel);
    requireNonNull(scenarioName);
    requireNonNull(scenario);
  }

  /** The name of a test of this case: {@code lkmm, default} or {@code sc, --nmi}. */
  String displayName() {
    return memoryModel.id() + ", " + scenarioName;
  }

  /** The cases a contract class asks for: its scenarios times its memory models. */
  static List<ContractCase> of(StrategyContract test) {
    Strategy strategy = test.strategy();
    Map<String, KlpConfig> scenarios = new LinkedHashMap<>();
    scenarios.put(name(strategy, test.scenario()), test.scenario());
    for (String options : test.moreScenarios()) {
      KlpConfig c = KlpConfig.parseOptions(options);
      scenarios.putIfAbsent(name(strategy, c), c);
    }
    List<MemoryModel> models = List.copyOf(test.memoryModels());
    if (models.isEmpty()) {
      throw new IllegalArgumentException(
          test.getClass().getName() + ".memoryModels() is empty: name at least one model");
    }
    List<ContractCase> cases = new ArrayList<>();
    for (Map.Entry<String, KlpConfig> s : scenarios.entrySet()) {
      for (MemoryModel m : MemoryModel.values()) {
        if (models.contains(m)) {
          cases.add(new ContractCase(m, s.getKey(), s.getValue()));
        }
      }
    }
    return cases;
  }

  /**
   * The {@code klpct} options of {@code c} that differ from {@link KlpConfig#defaults()} in the
   * order {@link KlpConfig#toOptions} writes them, or {@code default}.
   */
  static String name(Strategy strategy, KlpConfig c) {
    Map<String, String> mine = options(c.toOptions(strategy.defaultSync()));
    Map<String, String> base = options(KlpConfig.defaults().toOptions(strategy.defaultSync()));
    List<String> differ = new ArrayList<>();
    for (Map.Entry<String, String> o : mine.entrySet()) {
      if (!Objects.equals(base.get(o.getKey()), o.getValue())) {
        differ.add(o.getValue().isEmpty() ? o.getKey() : o.getKey() + " " + o.getValue());
      }
    }
    c.sync().ifPresent(s -> differ.add("--sync " + s.cliName()));
    return differ.isEmpty() ? "default" : String.join(" ", differ);
  }

  /** Option name to value ({@code ""} for a flag), in order. */
  private static Map<String, String> options(String options) {
    Map<String, String> m = new LinkedHashMap<>();
    String[] words = options.trim().split(" +", -1);
    for (int i = 0; i < words.length; i++) {
      if (i + 1 < words.length && !words[i + 1].startsWith("--")) {
        m.put(words[i], words[i + 1]);
        i++;
      } else {
        m.put(words[i], "");
      }
    }
    return m;
  }
}
