package dev.klpct.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.klpct.checker.Ablation;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.cli.report.AblationRow;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code klpct ablate}: which ordering sites a strategy needs, under which memory model. */
@Command(
    name = "ablate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "For each ordering site a strategy's scenario executes (fences, acquire/"
            + "release accesses, ordered RMWs), remove that site's ordering and re-check under each"
            + " memory model (default sc,tso,lkmm). Exit 0 every re-check exhaustive, 2 usage"
            + " error, 3 some re-check inconclusive.")
final class AblateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Option(
      names = "--strategy",
      required = true,
      paramLabel = "NAME",
      description = "Strategy to ablate (see klpct list).")
  String strategy;

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Mixin ExploreOptions explore = new ExploreOptions();

  @Option(
      names = "--format",
      paramLabel = "text|markdown|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "text";

  @Option(names = "--traces", description = "Print the counterexample of each needed site.")
  boolean traces;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!List.of("text", "markdown", "json").contains(format)) {
      throw new IllegalArgumentException(
          "--format must be text, markdown or json, got '" + format + "'");
    }
    if (!spec.commandLine().getParseResult().hasMatchedOption("--memory-model")) {
      explore.memoryModels = new ArrayList<>(List.of("sc", "tso", "lkmm"));
    }
    List<MemoryModel> models = explore.memoryModels();
    KlpConfig config = scenario.toConfig();
    KlpMachine m = klpct.machine(strategy, config);
    CheckOptions options = explore.toCheckOptions();
    Ablation.Result r = Ablation.run(m, options, models, line -> {});
    String header =
        "klpct ablate --strategy "
            + strategy
            + " "
            + config.toOptions(m.sync())
            + " --memory-model "
            + models.stream().map(MemoryModel::id).collect(Collectors.joining(","));
    switch (format) {
      case "json" -> out.print(json(r, header, strategy));
      case "markdown" -> {
        out.print(table(r, true));
        out.print(alreadyViolated(r));
      }
      default -> {
        out.println(header);
        out.println();
        out.print(table(r, false));
        out.print(alreadyViolated(r));
        if (traces) {
          for (Ablation.Row row : r.rows()) {
            row.counterexample()
                .ifPresent(
                    cx -> {
                      out.println();
                      out.println(
                          "Without " + row.site() + " (" + row.model().orElseThrow() + "):");
                      out.print(Reports.diagram(m, cx));
                    });
          }
        }
      }
    }
    out.flush();
    boolean inconclusive =
        r.rows().stream().anyMatch(row -> row.outcome() == Ablation.Outcome.INCONCLUSIVE);
    return inconclusive ? Exit.INCONCLUSIVE : Exit.HOLDS;
  }

  /**
   * The contracts each model violates with every site in place: an ablation cannot show that a site
   * protects one of them, so the table says "no new violation" rather than "not needed".
   */
  static String alreadyViolated(Ablation.Result r) {
    StringBuilder b = new StringBuilder();
    r.baseline()
        .forEach(
            (model, report) -> {
              List<String> v =
                  report.verdicts().stream()
                      .filter(x -> x.verdict() == dev.klpct.checker.Verdict.VIOLATED)
                      .map(dev.klpct.checker.PropertyVerdict::property)
                      .toList();
              if (!v.isEmpty()) {
                b.append(
                        b.length() == 0
                            ? "\nAlready violated with every barrier in place (a removed"
                                + " barrier cannot be shown to protect these):\n"
                            : "")
                    .append("  ")
                    .append(model.id())
                    .append(": ")
                    .append(String.join(", ", v))
                    .append('\n');
              }
            });
    return b.toString();
  }

  private static boolean cleanBaseline(Ablation.Result r) {
    return r.baseline().values().stream()
        .allMatch(
            x ->
                x.verdicts().stream()
                    .noneMatch(v -> v.verdict() == dev.klpct.checker.Verdict.VIOLATED));
  }

  /** What the row says, in words: the broken contracts and where, or not needed. */
  static String verdict(Ablation.Row row, boolean clean) {
    return switch (row.outcome()) {
      case NEEDED -> "NEEDED: breaks " + String.join(", ", row.broken());
      case NOT_NEEDED ->
          (clean ? "not needed under " : "no new violation under ")
              + row.models().stream().map(MemoryModel::id).collect(Collectors.joining(", "));
      case INCONCLUSIVE ->
          row.model()
              .map(
                  m ->
                      (row.models().indexOf(m) == 0
                              ? ""
                              : (clean ? "not needed under " : "no new violation under ")
                                  + row.models().subList(0, row.models().indexOf(m)).stream()
                                      .map(MemoryModel::id)
                                      .collect(Collectors.joining(", "))
                                  + "; ")
                          + "INCONCLUSIVE under "
                          + m.id()
                          + (m == MemoryModel.LKMM
                              ? " (re-check cut short, or reads and later stores the view machine"
                                  + " orders and the LKMM need not)"
                              : " (a re-check ran out of budget)"))
              .orElse("INCONCLUSIVE (a re-check ran out of budget)");
    };
  }

  static String table(Ablation.Result r, boolean markdown) {
    boolean clean = cleanBaseline(r);
    List<List<String>> rows = new ArrayList<>();
    for (Ablation.Row row : r.rows()) {
      List<String> cells =
          List.of(
              row.site().what(),
              row.site().function(),
              row.kind(),
              verdict(row, clean),
              row.model().map(MemoryModel::id).orElse("-"),
              row.counterexampleLength().map(String::valueOf).orElse("-"));
      rows.add(markdown ? cells.stream().map(c -> c.replace("`", "'")).toList() : cells);
    }
    return Reports.table(
        List.of("site", "kernel function", "ordering", "verdict", "model", "cx length"),
        rows,
        markdown,
        "  ");
  }

  static String json(Ablation.Result r, String command, String strategy) {
    JsonObject o = new JsonObject();
    o.addProperty("command", command);
    o.addProperty("strategy", strategy);
    JsonArray rows = new JsonArray();
    boolean clean = cleanBaseline(r);
    for (Ablation.Row row : r.rows()) {
      JsonObject x = new JsonObject();
      x.addProperty("site", row.site().what());
      x.addProperty("function", row.site().function());
      x.addProperty("ordering", row.kind());
      x.addProperty("outcome", row.outcome().name());
      x.addProperty("verdict", verdict(row, clean));
      JsonArray broken = new JsonArray();
      row.broken().forEach(broken::add);
      x.add("broken", broken);
      row.model().ifPresent(m -> x.addProperty("memoryModel", m.id()));
      row.counterexampleLength().ifPresent(n -> x.addProperty("counterexampleLength", n));
      rows.add(x);
    }
    o.add("rows", rows);
    JsonObject already = new JsonObject();
    r.baseline()
        .forEach(
            (model, report) -> {
              JsonArray v = new JsonArray();
              report.verdicts().stream()
                  .filter(x -> x.verdict() == dev.klpct.checker.Verdict.VIOLATED)
                  .forEach(x -> v.add(x.property()));
              already.add(model.id(), v);
            });
    o.add("violatedWithoutAblation", already);
    return Reports.gson(o);
  }

  /**
   * Reads the rows of a file written by {@code klpct ablate --format json}, as the HTML report
   * takes them.
   *
   * @throws IllegalArgumentException with the file name and what is wrong with it
   */
  static List<AblationRow> readReportRows(java.nio.file.Path file) {
    String text;
    try {
      text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "cannot read ablation file "
              + file
              + ": "
              + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString()));
    }
    try {
      JsonObject o = com.google.gson.JsonParser.parseString(text).getAsJsonObject();
      String strategy = o.get("strategy").getAsString();
      List<AblationRow> rows = new ArrayList<>();
      for (com.google.gson.JsonElement e : o.getAsJsonArray("rows")) {
        JsonObject x = e.getAsJsonObject();
        String site = x.get("site").getAsString();
        String fn = x.get("function").getAsString();
        if (x.get("outcome").getAsString().equals("NEEDED")) {
          List<String> broken = new ArrayList<>();
          x.getAsJsonArray("broken").forEach(b -> broken.add(b.getAsString()));
          rows.add(
              AblationRow.breaks(
                  strategy,
                  site,
                  fn,
                  String.join(", ", broken),
                  x.get("memoryModel").getAsString(),
                  x.get("counterexampleLength").getAsInt()));
        } else {
          rows.add(AblationRow.notNeeded(strategy, site, fn));
        }
      }
      return rows;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "ablation file "
              + file
              + " is not the JSON of klpct"
              + " ablate --format json: "
              + e.getMessage());
    }
  }
}
