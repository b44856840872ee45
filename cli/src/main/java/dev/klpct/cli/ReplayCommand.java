package dev.klpct.cli;

import com.google.common.collect.ImmutableSet;
import dev.klpct.report.ReplayResult;
import dev.klpct.report.ReportFormat;
import dev.klpct.report.Traces;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code klpct replay FILE}: re-runs a saved counterexample. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Re-run a counterexample saved with check --save-trace and print it."
            + " Exit 1 if it still breaks a contract, 0 if not, 2 if the file is unreadable or"
            + " does not fit the model.")
final class ReplayCommand implements Callable<Integer>, OutputOptions.Reporting {
  @ParentCommand Klpct klpct;

  @Parameters(index = "0", paramLabel = "FILE", description = "Trace file.")
  Path file;

  @Mixin OutputOptions output = new OutputOptions();

  @Override
  public ImmutableSet<ReportFormat> formats() {
    return ImmutableSet.of(ReportFormat.TEXT, ReportFormat.JSON);
  }

  @Override
  public Integer call() {
    output.checkWritable();
    ReplayResult r = Traces.replay(file, klpct.registry()::get);
    output.print(r, klpct.session());
    return r.exitCode();
  }
}
