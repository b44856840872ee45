package dev.klpct.cli;

import com.google.common.collect.ImmutableSet;
import dev.klpct.report.OutputFile;
import dev.klpct.report.Report;
import dev.klpct.report.ReportFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --format} and {@code --output} of every command that prints a report: the one place where
 * a format name becomes a {@link ReportFormat}, checked against the formats the command prints
 * ({@link Reporting}), and where the report goes to standard output or, atomically, to a file
 * checked for writability before the run.
 */
final class OutputOptions {
  /** A command that prints a report, in these formats. */
  interface Reporting {
    ImmutableSet<ReportFormat> formats();
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  private ReportFormat format = ReportFormat.TEXT;
  private @Nullable Path output;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Output format (default: text).")
  void format(String name) {
    ImmutableSet<ReportFormat> allowed = ((Reporting) mixee.userObject()).formats();
    for (ReportFormat f : allowed) {
      if (f.cliName().equals(name.toLowerCase(Locale.ROOT))) {
        format = f;
        return;
      }
    }
    throw new ParameterException(
        mixee.commandLine(), "--format must be " + names(allowed, " or ") + ", got '" + name + "'");
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Write the report to FILE instead of standard output (checked before the run, written"
              + " whole or not at all); - is standard output.")
  void output(Path file) {
    output = file.toString().equals("-") ? null : file;
  }

  ReportFormat format() {
    return format;
  }

  /** Fails before the run, not after it, when {@code --output} cannot be written. */
  void checkWritable() {
    if (output != null) {
      OutputFile.checkWritable(output, "--output");
    }
  }

  /** Fails when {@code file}, written by {@code option}, is the {@code --output} file too. */
  void checkDistinct(Path file, String option) {
    if (output != null
        && output.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException(
          option + " and --output name the same file, " + file + ": one would overwrite the other");
    }
  }

  /** Prints {@code report} in the format, to standard output or to the {@code --output} file. */
  void print(Report report, Session session) {
    String text = format.print(report);
    if (output == null) {
      PrintWriter out = session.out();
      out.print(text);
      out.flush();
    } else {
      OutputFile.write(output, text, "--output");
      session.err().println("klpct: wrote " + output);
    }
  }

  /** {@code text, json} or {@code text|json}: the formats' names joined. */
  static String names(ImmutableSet<ReportFormat> formats, String separator) {
    String all = formats.stream().map(ReportFormat::cliName).collect(Collectors.joining(", "));
    if (separator.equals(" or ")) {
      int last = all.lastIndexOf(", ");
      return last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
    }
    return all.replace(", ", separator);
  }
}
