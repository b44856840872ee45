package dev.klpct.it;

import static com.google.common.base.Preconditions.checkArgument;

import dev.klpct.core.KlpConfig;
import java.util.List;

/**
 * A scenario written as the {@code klpct} options that select it, e.g. {@code --nmi} or {@code
 * --reverse --transitions 1}, over {@link KlpConfig#defaults()}; the empty string is the default
 * pair scenario. Only the options the integration tests vary are understood.
 *
 * @param options the options as written
 * @param config the configuration they select
 */
public record Scenario(String options, KlpConfig config) {

  /** Parses {@code options}; unknown options and missing values are rejected. */
  public static Scenario parse(String options) {
    List<String> words = List.of(options.trim().split("\\s+"));
    KlpConfig c = KlpConfig.defaults();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      switch (w) {
        case "" -> {}
        case "--reverse" -> c = c.withReverse(true);
        case "--nmi" -> c = c.withNmi(true);
        case "--nohz-cpus" -> c = c.withNohzCpus(value(words, ++i, w));
        case "--sleeping-tasks" -> c = c.withSleepingTasks(value(words, ++i, w));
        case "--episodes" -> c = c.withEpisodes(value(words, ++i, w));
        case "--retries" -> c = c.withRetries(value(words, ++i, w));
        case "--transitions" -> c = c.withTransitions(value(words, ++i, w));
        default -> throw new IllegalArgumentException("unknown scenario option: " + w);
      }
    }
    return new Scenario(options.trim(), c);
  }

  private static int value(List<String> words, int i, String option) {
    checkArgument(i < words.size(), "%s needs a value", option);
    return Integer.parseInt(words.get(i));
  }

  /** The options, or {@code default}; used in test names. */
  @Override
  public String toString() {
    return options.isEmpty() ? "default" : options;
  }
}
