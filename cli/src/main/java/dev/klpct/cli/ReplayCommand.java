package dev.klpct.cli;

import dev.klpct.report.JsonReport;
import dev.klpct.report.ReplayResult;
import dev.klpct.report.TextReport;
import dev.klpct.report.Traces;
import java.io.PrintWriter;
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
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be text or json, got '" + format + "'");
    }
    ReplayResult r = Traces.replay(file, klpct.registry()::get);
    out.print(format.equals("json") ? JsonReport.print(r) : TextReport.print(r));
    out.flush();
    return r.exitCode();
  }
}
