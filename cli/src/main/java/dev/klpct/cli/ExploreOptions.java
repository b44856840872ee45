package dev.klpct.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Site;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How to explore; parses into the checker's {@link CheckOptions}, whose {@link
 * CheckOptions#defaults()} are the defaults here too.
 */
final class ExploreOptions {
  private static final CheckOptions D = CheckOptions.defaults();

  /** The unit of a duration, and the number before it (a minus sign only to say it is wrong). */
  private static final Pattern UNIT = Pattern.compile("(ms|s|m|h)$");

  private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,12}(\\.[0-9]{1,9})?");

  @Option(
      names = "--max-states",
      paramLabel = "N",
      description =
          "Stop once N distinct states are stored (checked after each window of up to 8,192"
              + " states a level is expanded in, so up to that window's successors more, and"
              + " the same states on any number of threads); the verdict is then INCONCLUSIVE,"
              + " never HOLDS (default: ${DEFAULT-VALUE}).")
  long maxStates = D.maxStates();

  @Option(
      names = "--time-limit",
      paramLabel = "D",
      description =
          "Stop checking this long after the command started (e.g. 30s, 2m, PT1M); what was not"
              + " decided by then is INCONCLUSIVE. compare shares it among its checks.")
  @Nullable String timeLimit;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Exploring threads, 1.."
              + CheckOptions.MAX_THREADS
              + " (default: the number of processors). compare runs up to N of its checks at"
              + " once, each on one thread.")
  @Nullable Integer threads;

  @Option(
      names = "--no-reduction",
      description = "Turn partial-order reduction off (state caching stays on); for cross-checks.")
  boolean noReduction;

  @Option(
      names = "--no-step-cache",
      description =
          "Run every step's routine again rather than take a step run before, from the same frame"
              + " and memory values, from the cache (sequential consistency only); for"
              + " cross-checks.")
  boolean noStepCache;

  @Option(
      names = "--memory-model",
      paramLabel = "MODEL",
      split = ",",
      description =
          "Memory model: sc, tso (x86) or lkmm (Linux-kernel memory model);"
              + " compare and ablate take a comma-separated list (default: sc).")
  List<String> memoryModels = new ArrayList<>(List.of(D.memoryModel().id()));

  /**
   * The memory models asked for, in order, without repeats.
   *
   * @throws IllegalArgumentException for an empty list, an empty name or an unknown model
   */
  ImmutableList<MemoryModel> memoryModels() {
    return memoryModels(memoryModels);
  }

  /**
   * The memory models of a {@code --memory-model} option split at commas, in order, without
   * repeats; shared with {@code klpct measure}, which declares its own option.
   *
   * @throws IllegalArgumentException for an empty list, an empty name or an unknown model
   */
  static ImmutableList<MemoryModel> memoryModels(List<String> names) {
    Set<MemoryModel> ms = new LinkedHashSet<>();
    for (String m : names) {
      if (m.isBlank()) {
        throw new IllegalArgumentException(
            "--memory-model needs a model name between the commas (sc, tso or lkmm), got '"
                + String.join(",", names)
                + "'");
      }
      ms.add(MemoryModel.of(m.strip()));
    }
    if (ms.isEmpty()) {
      throw new IllegalArgumentException("--memory-model needs a model: sc, tso or lkmm");
    }
    return ImmutableList.copyOf(ms);
  }

  /** The one memory model asked for; an error if there are several. */
  MemoryModel memoryModel() {
    return memoryModel(memoryModels);
  }

  /** The one memory model of a {@code --memory-model} option; an error if there are several. */
  static MemoryModel memoryModel(List<String> names) {
    List<MemoryModel> ms = memoryModels(names);
    if (ms.size() != 1) {
      throw new IllegalArgumentException(
          "--memory-model takes one model here, got " + String.join(",", names));
    }
    return ms.get(0);
  }

  /**
   * The options, under the first memory model asked for, stopped by {@link #deadline}.
   *
   * @throws IllegalArgumentException naming the option, for a value out of range
   */
  CheckOptions toCheckOptions(Session session) {
    if (maxStates < 1) {
      throw new IllegalArgumentException("--max-states must be positive, got " + maxStates);
    }
    return D.withMaxStates(maxStates)
        .withThreads(threads(threads))
        .withReduction(!noReduction)
        .withStepCache(!noStepCache)
        .withShortestBudget(Math.min(maxStates, D.shortestBudget()))
        .withMemoryModel(memoryModels().get(0))
        .withTicker(session.ticker())
        .withStop(deadline(session));
  }

  /**
   * The value of a {@code --threads} option, or the number of processors for null; shared with
   * {@code klpct measure}, which declares its own {@code --threads} with another description.
   *
   * @throws IllegalArgumentException outside 1..{@link CheckOptions#MAX_THREADS}
   */
  static int threads(@Nullable Integer threads) {
    int t = threads == null ? D.threads() : threads;
    if (t < 1 || t > CheckOptions.MAX_THREADS) {
      throw new IllegalArgumentException(
          "--threads must be in 1.." + CheckOptions.MAX_THREADS + ", got " + t);
    }
    return t;
  }

  /**
   * When the command's searches stop: at {@code --time-limit} after the command started, or on an
   * interrupt.
   *
   * @throws IllegalArgumentException for a malformed {@code --time-limit}
   */
  Deadline deadline(Session session) {
    return Deadline.of(
        session,
        parseDuration("--time-limit", timeLimit),
        timeLimit == null ? "" : timeLimit.strip());
  }

  /**
   * Parses {@code option}'s value: 500ms, 30s, 2m, 1h or ISO-8601 (PT30S); null is empty.
   *
   * @throws IllegalArgumentException naming the option, for a value without a unit, not a number,
   *     zero or negative, or longer than a year
   */
  static Optional<Duration> parseDuration(String option, @Nullable String s) {
    if (s == null) {
      return Optional.empty();
    }
    String v = s.trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (v.startsWith("p")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else {
        Matcher m = UNIT.matcher(v);
        if (!m.find()) {
          throw new IllegalArgumentException(
              option + " needs a unit: e.g. 500ms, 30s, 2m, 1h or PT30S, got '" + s + "'");
        }
        String n = v.substring(0, m.start());
        if (!NUMBER.matcher(n).matches()) {
          throw new NumberFormatException(n);
        }
        long perUnit =
            switch (m.group()) {
              case "ms" -> 1;
              case "s" -> 1_000;
              case "m" -> 60_000;
              default -> 3_600_000;
            };
        d = Duration.ofMillis(Math.round(Double.parseDouble(n) * perUnit));
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          option + " is not a duration (e.g. 30s, 2m, PT30S): '" + s + "'", e);
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(option + " must be positive, got '" + s + "'");
    }
    if (d.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException(option + " must be at most a year, got '" + s + "'");
    }
    return Optional.of(d);
  }

  /**
   * The sites named by a repeatable option such as {@code --weaken}: {@code FUNCTION: LABEL}, or
   * {@code FUNCTION} for a function's unlabelled calls.
   *
   * @throws IllegalArgumentException naming the option, for an empty name
   */
  static ImmutableSet<Site> sites(@Nullable List<String> names, String option) {
    ImmutableSet.Builder<Site> b = ImmutableSet.builder();
    if (names != null) {
      for (String n : names) {
        int colon = n.indexOf(": ");
        String function = (colon < 0 ? n : n.substring(0, colon)).strip();
        if (function.isEmpty()) {
          throw new IllegalArgumentException(option + " needs FUNCTION or FUNCTION: LABEL: " + n);
        }
        b.add(colon < 0 ? Site.in(function) : Site.of(function, n.substring(colon + 2).strip()));
      }
    }
    return b.build();
  }

  /** {@code s} as one word for a POSIX shell: in single quotes, a quote in it escaped. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** {@code --weaken} options that give {@code names} again, for a command line to reproduce. */
  static String weakenOptions(@Nullable List<String> names) {
    StringBuilder b = new StringBuilder();
    if (names != null) {
      for (String n : names) {
        b.append(" --weaken ").append(quote(n));
      }
    }
    return b.toString();
  }
}
