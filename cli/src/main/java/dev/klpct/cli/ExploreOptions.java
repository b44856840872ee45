package dev.klpct.cli;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How to explore; parses into the checker's {@link CheckOptions}. */
final class ExploreOptions {
  @Option(
      names = "--max-states",
      paramLabel = "N",
      description =
          "Stop after N distinct states; the verdict is then INCONCLUSIVE, never HOLDS"
              + " (default: ${DEFAULT-VALUE}).")
  long maxStates = CheckOptions.DEFAULT_MAX_STATES;

  @Option(
      names = "--time-limit",
      paramLabel = "D",
      description = "Stop after this long (e.g. 30s, 2m, PT1M); the verdict is then INCONCLUSIVE.")
  String timeLimit;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Exploring threads (default: the number of processors).")
  Integer threads;

  @Option(
      names = "--no-reduction",
      description = "Turn partial-order reduction off (state caching stays on); for cross-checks.")
  boolean noReduction;

  @Option(
      names = "--memory-model",
      paramLabel = "MODEL",
      split = ",",
      description =
          "Memory model: sc, tso (x86) or lkmm (Linux-kernel memory model);"
              + " compare takes a comma-separated list (default: sc).")
  java.util.List<String> memoryModels = new java.util.ArrayList<>(java.util.List.of("sc"));

  /** The memory models asked for, in order, without repeats. */
  java.util.List<MemoryModel> memoryModels() {
    java.util.LinkedHashSet<MemoryModel> ms = new java.util.LinkedHashSet<>();
    for (String m : memoryModels) {
      ms.add(MemoryModel.of(m.strip()));
    }
    return java.util.List.copyOf(ms);
  }

  /** The one memory model asked for; an error if there are several. */
  MemoryModel memoryModel() {
    java.util.List<MemoryModel> ms = memoryModels();
    if (ms.size() != 1) {
      throw new IllegalArgumentException(
          "--memory-model takes one model here, got " + String.join(",", memoryModels));
    }
    return ms.get(0);
  }

  CheckOptions toCheckOptions() {
    if (maxStates < 1) {
      throw new IllegalArgumentException("--max-states must be positive, got " + maxStates);
    }
    CheckOptions.Builder b = CheckOptions.builder();
    if (threads != null) {
      if (threads < 1 || threads > CheckOptions.MAX_THREADS) {
        throw new IllegalArgumentException(
            "--threads must be in 1.." + CheckOptions.MAX_THREADS + ", got " + threads);
      }
      b.threads(threads);
    }
    return b.maxStates(maxStates)
        .timeLimit(parseDuration(timeLimit))
        .reduction(!noReduction)
        .shortestBudget(Math.min(maxStates, CheckOptions.DEFAULT_SHORTEST_BUDGET))
        .memoryModel(memoryModels().get(0))
        .build();
  }

  static Optional<Duration> parseDuration(String s) {
    return parseDuration("--time-limit", s);
  }

  /** Parses {@code option}'s value: 500ms, 30s, 2m, 1h or ISO-8601 (PT30S); null is empty. */
  static Optional<Duration> parseDuration(String option, String s) {
    if (s == null) {
      return Optional.empty();
    }
    String v = s.trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (v.startsWith("pt")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        d =
            Duration.ofMillis(
                Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      } else if (v.endsWith("m")) {
        d = Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
      } else if (v.endsWith("h")) {
        d =
            Duration.ofSeconds(
                Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 3600));
      } else {
        throw new IllegalArgumentException(
            option + " needs a unit: e.g. 500ms, 30s, 2m, 1h or PT30S, got '" + s + "'");
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " is not a duration (e.g. 30s, 2m, PT30S): '" + s + "'");
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(option + " must be positive, got '" + s + "'");
    }
    return Optional.of(d);
  }
}
