package dev.klpct.cli;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.litmus.LitmusException;
import dev.klpct.checker.litmus.LitmusParser;
import dev.klpct.checker.litmus.LitmusResult;
import dev.klpct.checker.litmus.LitmusRunner;
import dev.klpct.checker.litmus.LitmusTest;
import dev.klpct.core.KlpConfig;
import dev.klpct.report.ExitCode;
import dev.klpct.report.OutputFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code klpct litmus}: herd7-style C litmus tests under the checker's memory model. */
@Command(
    name = "litmus",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Run C litmus tests (herd7 format) under a memory model (--memory-model sc,"
            + " tso or lkmm) and report Never/Sometimes/Always for the final clause. Exit 0 all agree with their Result"
            + " line (or have none), 1 some disagree, 2 unreadable or unsupported file,"
            + " 3 inconclusive.")
final class LitmusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Litmus test files.")
  List<Path> files;

  @Mixin ExploreOptions explore = new ExploreOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean parseError = false;
    boolean disagree = false;
    boolean inconclusive = false;
    MemoryModel model;
    try {
      model = explore.memoryModel();
    } catch (IllegalArgumentException e) {
      err.println("klpct: " + e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    for (Path f : files) {
      LitmusTest t;
      try {
        t = LitmusParser.parse(f);
      } catch (LitmusException e) {
        err.println("klpct: " + e.getMessage());
        err.flush();
        parseError = true;
        continue;
      } catch (IOException e) {
        err.println("klpct: " + f + ": cannot read: " + OutputFile.reason(e));
        err.flush();
        parseError = true;
        continue;
      }
      CheckOptions options =
          explore
              .toCheckOptions(klpct.session(), KlpConfig.TestAndClear.Y2021)
              .withMemoryModel(model);
      LitmusResult r = LitmusRunner.run(t, options);
      out.println(f + ": " + t.name());
      out.println("  memory model: " + model);
      out.println("  clause: " + t.clause().text());
      if (r.outcome().isPresent()) {
        out.println(
            "  outcome: "
                + r.outcome().get().display()
                + (r.validated().orElse(false)
                    ? " (condition validated)"
                    : " (condition not validated)")
                + String.format(
                    java.util.Locale.ROOT,
                    ", %,d states, %.1f ms",
                    r.stats().states(),
                    r.stats().wallSeconds() * 1000));
      } else {
        out.println("  outcome: unknown (" + r.stats().stopReason() + ")");
        inconclusive = true;
      }
      if (!r.states().isEmpty()) {
        out.println("  final states" + (r.statesComplete() ? "" : " (incomplete)") + ":");
        for (String s : r.states()) {
          out.println("    " + s);
        }
      }
      for (String p : r.problems()) {
        out.println("  note: " + p);
      }
      if (r.expected().isPresent()) {
        String e = r.expectedSource() + ": " + r.expected().get().display();
        if (r.agrees().isEmpty()) {
          out.println("  expected (" + e + "): unknown");
        } else if (r.agrees().get()) {
          out.println("  expected (" + e + "): agrees");
        } else {
          out.println("  expected (" + e + "): DISAGREES");
          disagree = true;
        }
      }
    }
    out.flush();
    if (parseError) {
      return ExitCode.USAGE;
    }
    if (disagree) {
      return ExitCode.VIOLATED;
    }
    return inconclusive ? ExitCode.INCONCLUSIVE : ExitCode.HOLDS;
  }
}
