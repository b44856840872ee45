package dev.klpct.report;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.klpct.checker.Ablation;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An ablation table with where it came from: the strategy, the scenario and the memory models it
 * was checked under. {@link AblationReport#table()} makes one; {@link #readJson} reads one back
 * from the output of {@code klpct ablate --format json}, for the HTML page of {@code klpct
 * compare}.
 *
 * @param strategy the strategy's registry name
 * @param options the scenario as {@code klpct} options; empty if the file did not record it
 * @param memoryModels the memory models checked, weakest last; empty if not recorded
 * @param rows one per ordering site
 */
public record AblationTable(
    String strategy,
    String options,
    ImmutableList<String> memoryModels,
    ImmutableList<AblationRow> rows) {
  public AblationTable {
    requireNonNull(strategy);
    requireNonNull(options);
    requireNonNull(memoryModels);
    requireNonNull(rows);
  }

  /**
   * Reads the table of a file written by {@code klpct ablate --format json}.
   *
   * @throws IllegalArgumentException with the file name and what is wrong with it, in words
   */
  public static AblationTable readJson(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("cannot read ablation file " + file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read ablation file " + file + ": " + OutputFile.reason(e));
    }
    return parseJson(text, file.toString());
  }

  /** Parses the output of {@code klpct ablate --format json}; {@code source} names it. */
  public static AblationTable parseJson(String json, String source) {
    String where = "ablation file " + source + " is not the JSON of klpct ablate --format json: ";
    JsonElement root;
    try {
      root = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(where + "not JSON", e);
    }
    if (!root.isJsonObject()) {
      throw new IllegalArgumentException(where + "not a JSON object");
    }
    JsonObject o = root.getAsJsonObject();
    String strategy = string(o, "strategy", where);
    String options = o.has("options") ? string(o, "options", where) : "";
    ImmutableList<String> models =
        o.has("memoryModels") ? strings(o, "memoryModels", where) : ImmutableList.of();
    ImmutableList.Builder<AblationRow> rows = ImmutableList.builder();
    JsonElement rs = o.get("rows");
    if (rs == null || !rs.isJsonArray()) {
      throw new IllegalArgumentException(where + "\"rows\" is missing or not an array");
    }
    int n = 0;
    for (JsonElement e : rs.getAsJsonArray()) {
      String at = where + "row " + ++n + ": ";
      if (!e.isJsonObject()) {
        throw new IllegalArgumentException(at + "not an object");
      }
      JsonObject x = e.getAsJsonObject();
      String outcomeName = string(x, "outcome", at);
      Ablation.Outcome outcome;
      try {
        outcome = Ablation.Outcome.valueOf(outcomeName);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            at + "unknown outcome '" + outcomeName + "' (known: NEEDED, NOT_NEEDED, INCONCLUSIVE)",
            ex);
      }
      boolean needed = outcome == Ablation.Outcome.NEEDED;
      try {
        rows.add(
            new AblationRow(
                string(x, "site", at),
                string(x, "function", at),
                string(x, "ordering", at),
                outcome,
                string(x, "verdict", at),
                strings(x, "broken", at),
                needed ? Optional.of(string(x, "memoryModel", at)) : Optional.empty(),
                needed ? Optional.of(positive(x, "counterexampleLength", at)) : Optional.empty()));
      } catch (IllegalArgumentException ex) {
        throw ex.getMessage() != null && ex.getMessage().startsWith(where)
            ? ex
            : new IllegalArgumentException(at + ex.getMessage(), ex);
      }
    }
    return new AblationTable(strategy, options, models, rows.build());
  }

  private static String string(JsonObject o, String key, String at) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(at + "\"" + key + "\" is missing or not a string");
    }
    return e.getAsString();
  }

  private static ImmutableList<String> strings(JsonObject o, String key, String at) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonArray()) {
      throw new IllegalArgumentException(at + "\"" + key + "\" is missing or not an array");
    }
    ImmutableList.Builder<String> b = ImmutableList.builder();
    for (JsonElement x : e.getAsJsonArray()) {
      if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
        throw new IllegalArgumentException(at + "\"" + key + "\" holds a non-string");
      }
      b.add(x.getAsString());
    }
    return b.build();
  }

  private static int positive(JsonObject o, String key, String at) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(at + "\"" + key + "\" is missing or not a number");
    }
    double d = e.getAsDouble();
    if (d < 1 || d > Integer.MAX_VALUE || d != Math.rint(d)) {
      throw new IllegalArgumentException(at + "\"" + key + "\" is not a positive whole number");
    }
    return (int) d;
  }
}
