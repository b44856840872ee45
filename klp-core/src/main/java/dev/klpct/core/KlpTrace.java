package dev.klpct.core;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import dev.klpct.api.klp.Strategy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a saved counterexample of a {@link KlpMachine} says about the machine: the strategy's name,
 * the scenario as {@code klpct} options and the memory model, as the header lines of a trace file
 * ({@code dev.klpct.checker.trace.TraceFile}), plus the contract it breaks and why. The schedule
 * itself is the checker's; this class is the livepatch half of saving and replaying a trace: {@link
 * #of} and {@link #header()} write it, {@link #fromHeader} reads it back and {@link #machine}
 * rebuilds the machine to replay the schedule on.
 *
 * <p>Header lines, in order: {@code klpct} (the version that wrote it), {@code strategy}, {@code
 * options}, {@code memory-model}, {@code property}, {@code why}. Only {@code strategy} and {@code
 * options} are required to read a trace back; {@code memory-model} defaults to {@code sc}.
 *
 * <p>The memory model is kept as its command-line name ({@code sc}, {@code tso}, {@code lkmm}):
 * this module does not depend on the checker (design.md §3).
 *
 * @param strategy the strategy's registry name
 * @param config the scenario
 * @param memoryModel the memory model's command-line name
 * @param property the contract the trace breaks, if known
 * @param why why it breaks, in one line, if known
 */
public record KlpTrace(
    String strategy,
    KlpConfig config,
    String memoryModel,
    Optional<String> property,
    Optional<String> why) {

  /** The version of klpct that writes the {@code klpct} header line. */
  public static final String VERSION = "0.1.0";

  public KlpTrace {
    requireNonNull(strategy);
    requireNonNull(config);
    requireNonNull(memoryModel);
    requireNonNull(property);
    requireNonNull(why);
  }

  /** The trace of a counterexample of {@code machine} under {@code memoryModel}. */
  public static KlpTrace of(KlpMachine machine, String memoryModel, String property, String why) {
    // The effective sync goes into the options, so that the trace does not depend on the
    // strategy's default staying what it is.
    return new KlpTrace(
        machine.strategy().name(),
        machine.config().withSync(Optional.of(machine.sync())),
        memoryModel,
        Optional.of(property),
        Optional.of(why));
  }

  /** The header lines, in the order a trace file lists them. */
  public ImmutableMap<String, String> header() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("klpct", VERSION);
    h.put("strategy", strategy);
    h.put("options", config.toOptions());
    h.put("memory-model", memoryModel);
    property.ifPresent(p -> h.put("property", p));
    why.ifPresent(w -> h.put("why", w.replace('\n', ' ')));
    return ImmutableMap.copyOf(h);
  }

  /**
   * Reads the header of a trace file.
   *
   * @param source names the file in messages
   * @throws IllegalArgumentException starting with {@code source}, when {@code strategy} or {@code
   *     options} is missing or the options do not parse
   */
  public static KlpTrace fromHeader(Map<String, String> header, String source) {
    String strategy = header.get("strategy");
    String options = header.get("options");
    if (strategy == null || strategy.isBlank() || options == null) {
      throw new IllegalArgumentException(source + ": missing 'strategy' or 'options' line");
    }
    KlpConfig config;
    try {
      config = KlpConfig.parseOptions(options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": bad options line: " + e.getMessage(), e);
    }
    return new KlpTrace(
        strategy,
        config,
        header.getOrDefault("memory-model", "sc"),
        Optional.ofNullable(header.get("property")),
        Optional.ofNullable(header.get("why")));
  }

  /**
   * The machine the trace was saved from.
   *
   * @param strategies finds a strategy by name, e.g. {@code StrategyRegistry::get}; its exception
   *     for an unknown name passes through
   */
  public KlpMachine machine(Function<String, Strategy> strategies) {
    return KlpMachine.of(strategies.apply(strategy), config);
  }
}
