package dev.klpct.cli;

import dev.klpct.core.KlpConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Parses scenario options written as on the command line ({@code --nmi --transitions 1}) into a
 * {@link KlpConfig}, with exactly the rules and messages of {@code klpct check}: used for the
 * {@code options} line of trace files and by tools and tests that name scenarios that way.
 */
public final class ScenarioParser {
  private ScenarioParser() {}

  /** Holder so the options parse exactly like the command line's. */
  @Command(name = "options")
  static final class OptionsHolder {
    @Mixin ScenarioOptions scenario = new ScenarioOptions();
  }

  /**
   * Parses the scenario options of a trace file's {@code options} line.
   *
   * @throws IllegalArgumentException naming the option, for unknown options, missing or malformed
   *     values and out-of-range numbers
   */
  public static KlpConfig parse(String options) {
    OptionsHolder h = new OptionsHolder();
    String trimmed = options.trim();
    try {
      new CommandLine(h).parseArgs(trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+"));
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return h.scenario.toConfig();
  }
}
