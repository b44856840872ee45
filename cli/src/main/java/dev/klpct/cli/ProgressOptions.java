package dev.klpct.cli;

import picocli.CommandLine.Option;

/** {@code --quiet}: no progress on standard error. */
final class ProgressOptions {
  @Option(
      names = {"-q", "--quiet"},
      description =
          "No progress on standard error (by default: redrawn on a terminal, else a line every "
              + Progress.LINE_SECONDS
              + " s).")
  boolean quiet;

  Progress start(Session session, String label) {
    return Progress.start(session, quiet, label);
  }
}
