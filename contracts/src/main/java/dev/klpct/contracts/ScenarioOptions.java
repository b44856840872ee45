package dev.klpct.contracts;

import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.core.KlpConfig;
import java.util.List;
import java.util.Optional;

/**
 * Scenario options written as on the {@code klpct} command line ({@code --nmi --transitions 1}),
 * read over {@link KlpConfig#defaults()} for {@link StrategyMatrix}: the options {@link
 * KlpConfig#toOptions} writes, {@code --name value} or a flag, with {@link KlpConfig}'s own range
 * checks.
 */
final class ScenarioOptions {
  private static final ImmutableSet<String> FLAGS = ImmutableSet.of("--reverse", "--nmi");
  private static final ImmutableSet<String> WITH_VALUE =
      ImmutableSet.of(
          "--nohz-cpus",
          "--sleeping-tasks",
          "--idle-cpus",
          "--episodes",
          "--retries",
          "--signal-after",
          "--transitions",
          "--sync",
          "--test-and-clear",
          "--reverse-order");

  private ScenarioOptions() {}

  /**
   * The scenario {@code options} select.
   *
   * @throws IllegalArgumentException naming the option, for unknown options, missing or malformed
   *     values and out-of-range numbers
   */
  static KlpConfig parse(String options) {
    KlpConfig c = KlpConfig.defaults();
    List<String> args =
        Splitter.on(CharMatcher.whitespace()).omitEmptyStrings().splitToList(options);
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (FLAGS.contains(name)) {
        c = name.equals("--nmi") ? c.withNmi(true) : c.withReverse(true);
        continue;
      }
      if (!WITH_VALUE.contains(name)) {
        throw new IllegalArgumentException("Unknown option: '" + name + "'");
      }
      if (i + 1 == args.size() || args.get(i + 1).startsWith("--")) {
        throw new IllegalArgumentException("Missing required parameter for option '" + name + "'");
      }
      c = with(c, name, args.get(++i));
    }
    return c;
  }

  private static KlpConfig with(KlpConfig c, String name, String value) {
    return switch (name) {
      case "--nohz-cpus" -> c.withNohzCpus(number(name, value));
      case "--sleeping-tasks" -> c.withSleepingTasks(number(name, value));
      case "--idle-cpus" -> c.withIdleCpus(number(name, value));
      case "--episodes" -> c.withEpisodes(number(name, value));
      case "--retries" -> c.withRetries(number(name, value));
      case "--signal-after" -> c.withSignalAfter(number(name, value));
      case "--transitions" -> c.withTransitions(number(name, value));
      case "--sync" -> c.withSync(Optional.of(SyncMode.parse(value)));
      case "--test-and-clear" -> c.withTestAndClear(KlpConfig.TestAndClear.parse(value));
      case "--reverse-order" -> c.withReverseOrder(KlpConfig.ReverseOrder.parse(value));
      default -> throw new AssertionError(name);
    };
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid value for option '" + name + "': '" + value + "' is not an int", e);
    }
  }
}
