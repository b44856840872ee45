package dev.klpct.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.Checker;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.trace.TraceFile;
import dev.klpct.checker.trace.TraceRenderer;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code klpct replay FILE}: re-runs a saved counterexample. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Re-run a counterexample saved with check --save-trace and print it."
            + " Exit 1 if it still breaks a contract, 0 if not, 2 if the file is unreadable or"
            + " does not fit the model.")
final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Parameters(index = "0", paramLabel = "FILE", description = "Trace file.")
  Path file;

  @Option(
      names = "--format",
      paramLabel = "text|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format = "text";

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be text or json, got '" + format + "'");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("cannot read trace file " + file);
    }
    TraceFile tf;
    try {
      tf = TraceFile.read(file);
    } catch (TraceFile.MalformedTraceException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    String strategy = tf.header().get("strategy");
    String options = tf.header().get("options");
    if (strategy == null || options == null) {
      throw new IllegalArgumentException(file + ": missing 'strategy' or 'options' line");
    }
    MemoryModel mm;
    try {
      mm = MemoryModel.of(tf.header().getOrDefault("memory-model", "sc"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    KlpConfig config;
    try {
      config = ScenarioParser.parse(options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": bad options line: " + e.getMessage(), e);
    }
    KlpMachine m = klpct.machine(strategy, config);
    Checker.Replayed rep =
        new Checker(CheckOptions.defaults().withThreads(1).withMemoryModel(mm))
            .replay(m, tf.steps());
    if (!rep.completed()) {
      throw new IllegalArgumentException(
          file + ": the trace does not fit this model: " + rep.failure());
    }
    String verdict =
        rep.violations().isEmpty()
            ? "no contract violated at the end of the trace"
            : "VIOLATED " + String.join("; ", rep.violations());
    if (format.equals("json")) {
      JsonObject o = new JsonObject();
      o.addProperty("strategy", strategy);
      o.addProperty("options", options);
      o.addProperty("length", tf.steps().size());
      JsonArray v = new JsonArray();
      rep.violations().forEach(v::add);
      o.add("violations", v);
      o.add("steps", Reports.events(rep.events()));
      out.print(Reports.gson(o));
    } else {
      out.println("klpct replay " + file + ": strategy " + strategy + " " + options);
      out.println();
      out.print(TraceRenderer.render(rep.events(), Reports.cpuNames(m), verdict));
    }
    out.flush();
    return rep.violations().isEmpty() ? Exit.HOLDS : Exit.VIOLATED;
  }
}
