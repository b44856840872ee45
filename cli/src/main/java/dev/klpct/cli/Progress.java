package dev.klpct.cli;

import dev.klpct.checker.CheckOptions;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;

/**
 * Progress on stderr for runs longer than a second, only when stderr is a terminal: states explored
 * and the rate, redrawn in place.
 */
final class Progress implements CheckOptions.ProgressListener {
  private final PrintStream err;
  private final String label;
  private boolean drawn;

  private Progress(PrintStream err, String label) {
    this.err = err;
    this.label = label;
  }

  /** A listener if stderr is an interactive terminal, else empty. */
  static Optional<Progress> ifTerminal(PrintStream err, String label) {
    return interactive() ? Optional.of(new Progress(err, label)) : Optional.empty();
  }

  @SuppressWarnings("SystemConsoleNull") // null before JDK 22; isTerminal() asked after
  private static boolean interactive() {
    Console c = System.console();
    if (c == null || System.getenv("CI") != null) {
      return false;
    }
    try { // JDK 22+: console() is non-null even when redirected; ask it
      Method m = Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  @Override
  public void progress(long states, long transitions, double elapsedSeconds) {
    if (elapsedSeconds < 1.0) {
      return;
    }
    err.printf(
        Locale.ROOT,
        "\r%s: %,d states, %,.0f states/s, %.1f s   ",
        label,
        states,
        states / elapsedSeconds,
        elapsedSeconds);
    err.flush();
    drawn = true;
  }

  void clear() {
    if (drawn) {
      err.print("\r" + " ".repeat(78) + "\r");
      err.flush();
      drawn = false;
    }
  }
}
