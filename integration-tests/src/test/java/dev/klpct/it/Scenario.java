package dev.klpct.it;

import dev.klpct.core.KlpConfig;

/**
 * A scenario written as the {@code klpct} options that select it, e.g. {@code --nmi} or {@code
 * --reverse --transitions 1}, over {@link KlpConfig#defaults()}; the empty string is the default
 * pair scenario. Every scenario option of {@code klpct} is understood.
 *
 * @param options the options as written
 * @param config the configuration they select
 */
public record Scenario(String options, KlpConfig config) {

  /**
   * Parses {@code options} with the command line's rules ({@link KlpConfig#parseOptions}); unknown
   * options, missing values and out-of-range numbers are rejected as {@code klpct} rejects them.
   */
  public static Scenario parse(String options) {
    return new Scenario(options.trim(), KlpConfig.parseOptions(options));
  }

  /** The options, or {@code default}; used in test names. */
  @Override
  public String toString() {
    return options.isEmpty() ? "default" : options;
  }
}
