package dev.klpct.report;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmark result of a JMH JSON result file ({@code -rf json}): the primary metric's score and
 * error, and the secondary metrics (JMH auxiliary counters, GC profiler figures).
 *
 * @param benchmark fully qualified benchmark method, e.g. {@code dev.klpct.bench.XBenchmark.m}
 * @param mode JMH mode ({@code thrpt}, {@code avgt}, {@code sample}, {@code ss})
 * @param params the {@code @Param} values of this result, in file order
 * @param primary the primary metric
 * @param secondary the secondary metrics by name, in file order
 */
public record JmhResult(
    String benchmark,
    String mode,
    ImmutableMap<String, String> params,
    Metric primary,
    ImmutableMap<String, Metric> secondary) {
  /** Where Gson's message says a syntax error is. */
  private static final Pattern GSON_WHERE = Pattern.compile("line (\\d+) column (\\d+)");

  public JmhResult {
    requireNonNull(benchmark);
    requireNonNull(mode);
    requireNonNull(params);
    requireNonNull(primary);
    requireNonNull(secondary);
  }

  /**
   * A score with its error.
   *
   * @param score the score
   * @param error half-width of JMH's 99.9% confidence interval; NaN when JMH could not compute one
   *     (a single measurement iteration)
   * @param unit e.g. {@code ns/op}, {@code ops/s}; {@code #} is JMH's count, and {@code # bytes} a
   *     count of what follows the space (the parser names a secondary count after its counter)
   */
  public record Metric(double score, double error, String unit) {
    public Metric {
      requireNonNull(unit);
    }

    /**
     * The score for a reader: {@code 2.51 ± 0.12 ns/op}, the score rounded where its error makes
     * the digits meaningless (two significant digits of the error), with thousands separators;
     * {@code 1.90 ns/op (no error estimate)} when JMH gave none (three significant digits). A count
     * (JMH's unit {@code #}, e.g. {@code @AuxCounters} events) reads {@code 223,942 events}.
     */
    public String format() {
      boolean count = isCount();
      boolean hasError = Double.isFinite(error) && error >= 0;
      int decimals =
          hasError && error > 0
              ? decimalsFor(error, 2)
              : count && score == Math.rint(score) ? 0 : decimalsFor(score, 3);
      String text = number(score, decimals);
      if (hasError) {
        text += " ± " + number(error, decimals);
      }
      text += " " + unitText();
      return hasError || count ? text : text + " (no error estimate)";
    }

    /**
     * The unit in words where JMH abbreviates: {@code #} is {@code events}, {@code # bytes} is
     * {@code bytes}, {@code us} µs.
     */
    public String unitText() {
      if (isCount()) {
        return unit.length() > 2 ? unit.substring(2) : "events";
      }
      return unit.replace("us/", "µs/").replace("/us", "/µs");
    }

    private boolean isCount() {
      return unit.equals("#") || unit.startsWith("# ");
    }

    /**
     * This count, named after its counter's last word: {@code storeBytes} counts bytes, {@code
     * storedStates} states; a counter named in one word counts that ({@code states}).
     */
    Metric counting(String counter) {
      int i = counter.length();
      while (i > 0 && !Character.isUpperCase(counter.charAt(i - 1))) {
        i--;
      }
      String noun = counter.substring(Math.max(0, i - 1)).toLowerCase(Locale.ROOT);
      return noun.isEmpty() || !noun.chars().allMatch(Character::isLetter)
          ? this
          : new Metric(score, error, "# " + noun);
    }

    /** Decimals that show {@code significant} significant digits of {@code x}, in 0..6. */
    private static int decimalsFor(double x, int significant) {
      if (x == 0 || !Double.isFinite(x)) {
        return 0;
      }
      int magnitude = (int) Math.floor(Math.log10(Math.abs(x)));
      return Math.max(0, Math.min(6, significant - 1 - magnitude));
    }

    private static String number(double x, int decimals) {
      if (!Double.isFinite(x)) {
        return String.valueOf(x);
      }
      return String.format(Locale.ROOT, "%,." + decimals + "f", x);
    }
  }

  /** {@code Class.method}, without the package. */
  public String shortName() {
    int method = benchmark.lastIndexOf('.');
    int type = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
    return benchmark.substring(type + 1);
  }

  /** {@link #shortName()} with the params, e.g. {@code XBenchmark.m (strategy=v1, tasks=4)}. */
  public String label() {
    if (params.isEmpty()) {
      return shortName();
    }
    StringBuilder b = new StringBuilder(shortName()).append(" (");
    String sep = "";
    for (Map.Entry<String, String> e : params.entrySet()) {
      b.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = ", ";
    }
    return b.append(')').toString();
  }

  /**
   * Short labels for the results of one chart: the class without its {@code Benchmark} suffix, the
   * method, and only the params that take at least two values among the results (a param with one
   * value throughout says nothing on a chart), e.g. {@code UpdatePatchState.fastPath
   * (strategy=v1)}. The table keeps {@link #label()}.
   */
  public static ImmutableList<String> chartLabels(List<JmhResult> results) {
    Map<String, Set<String>> values = new HashMap<>();
    for (JmhResult r : results) {
      r.params.forEach((k, v) -> values.computeIfAbsent(k, x -> new HashSet<>()).add(v));
    }
    Set<String> varying = new HashSet<>();
    values.forEach(
        (k, vs) -> {
          if (vs.size() > 1) {
            varying.add(k);
          }
        });
    ImmutableList.Builder<String> labels = ImmutableList.builder();
    for (JmhResult r : results) {
      String name = r.shortName().replaceFirst("Benchmark\\.", ".");
      List<String> shown = new ArrayList<>();
      r.params.forEach(
          (k, v) -> {
            if (varying.contains(k)) {
              shown.add(k + "=" + v);
            }
          });
      labels.add(shown.isEmpty() ? name : name + " (" + String.join(", ", shown) + ")");
    }
    return labels.build();
  }

  /**
   * Reads a JMH JSON result file.
   *
   * @throws IllegalArgumentException with a one-line message naming the file and the problem, if it
   *     cannot be read or is not a JMH JSON result file with at least one result
   */
  public static ImmutableList<JmhResult> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("cannot read JMH result file " + file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "cannot read JMH result file " + file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read JMH result file " + file + ": " + OutputFile.reason(e));
    }
    return parse(text, file.toString());
  }

  /** Parses the text of a JMH JSON result file; {@code source} names it in error messages. */
  public static ImmutableList<JmhResult> parse(String json, String source) {
    String where = "JMH result file " + source + ": ";
    JsonElement root;
    try {
      root = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(
          where
              + "not JSON"
              + syntaxErrorAt(String.valueOf(e.getMessage()))
              + "; write it with -rf json");
    }
    if (!root.isJsonArray()) {
      throw new IllegalArgumentException(
          where + "expected a JSON array of results as written by -rf json");
    }
    JsonArray array = root.getAsJsonArray();
    if (array.isEmpty()) {
      throw new IllegalArgumentException(where + "contains no benchmark results");
    }
    ImmutableList.Builder<JmhResult> out = ImmutableList.builder();
    for (int i = 0; i < array.size(); i++) {
      String at = where + "result " + (i + 1) + ": ";
      if (!array.get(i).isJsonObject()) {
        throw new IllegalArgumentException(at + "not a JSON object");
      }
      JsonObject o = array.get(i).getAsJsonObject();
      String benchmark = string(o, "benchmark", at);
      String mode = string(o, "mode", at);
      ImmutableMap.Builder<String, String> params = ImmutableMap.builder();
      if (o.has("params") && !o.get("params").isJsonNull()) {
        if (!o.get("params").isJsonObject()) {
          throw new IllegalArgumentException(at + "\"params\" is not an object");
        }
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("params").entrySet()) {
          if (!e.getValue().isJsonPrimitive()) {
            throw new IllegalArgumentException(at + "param \"" + e.getKey() + "\" is not a string");
          }
          params.put(e.getKey(), e.getValue().getAsString());
        }
      }
      Metric primary = metric(o.get("primaryMetric"), at + "\"primaryMetric\"");
      ImmutableMap.Builder<String, Metric> secondary = ImmutableMap.builder();
      if (o.has("secondaryMetrics") && !o.get("secondaryMetrics").isJsonNull()) {
        if (!o.get("secondaryMetrics").isJsonObject()) {
          throw new IllegalArgumentException(at + "\"secondaryMetrics\" is not an object");
        }
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("secondaryMetrics").entrySet()) {
          Metric m = metric(e.getValue(), at + "secondary metric \"" + e.getKey() + "\"");
          secondary.put(e.getKey(), m.unit().equals("#") ? m.counting(e.getKey()) : m);
        }
      }
      out.add(
          new JmhResult(
              benchmark, mode, params.buildKeepingLast(), primary, secondary.buildKeepingLast()));
    }
    return out.build();
  }

  private static Metric metric(JsonElement e, String what) {
    if (e == null || !e.isJsonObject()) {
      throw new IllegalArgumentException(what + " is missing or not an object");
    }
    JsonObject o = e.getAsJsonObject();
    double score = number(o, "score", what);
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException(what + " has no score (NaN)");
    }
    double error = o.has("scoreError") ? number(o, "scoreError", what) : Double.NaN;
    return new Metric(score, error, string(o, "scoreUnit", what + ": "));
  }

  /** JMH writes NaN and infinities as strings ("NaN"), finite values as numbers. */
  private static double number(JsonObject o, String key, String what) {
    JsonElement e = o.get(key);
    if (e != null && e.isJsonPrimitive()) {
      JsonPrimitive p = e.getAsJsonPrimitive();
      if (p.isNumber()) {
        return p.getAsDouble();
      }
      if (p.isString()) {
        Double special =
            switch (p.getAsString()) {
              case "NaN" -> Double.NaN;
              case "Infinity" -> Double.POSITIVE_INFINITY;
              case "-Infinity" -> Double.NEGATIVE_INFINITY;
              default -> null;
            };
        if (special != null) {
          return special;
        }
      }
    }
    throw new IllegalArgumentException(what + ": \"" + key + "\" is missing or not a number");
  }

  private static String string(JsonObject o, String key, String at) {
    JsonElement e = o.get(key);
    if (e == null
        || !e.isJsonPrimitive()
        || !e.getAsJsonPrimitive().isString()
        || e.getAsString().isBlank()) {
      throw new IllegalArgumentException(at + "\"" + key + "\" is missing or not a string");
    }
    return e.getAsString();
  }

  /** Where Gson found the syntax error, e.g. {@code " (line 1, column 6)"}, or nothing. */
  private static String syntaxErrorAt(String gsonMessage) {
    Matcher m = GSON_WHERE.matcher(gsonMessage);
    return m.find() ? " (line " + m.group(1) + ", column " + m.group(2) + ")" : "";
  }
}
