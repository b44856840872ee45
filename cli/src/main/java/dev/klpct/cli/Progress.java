package dev.klpct.cli;

import dev.klpct.checker.CheckOptions;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Progress of a long run on standard error, so that a run of minutes is never silent: on a terminal
 * one line redrawn in place from the first second on; otherwise (a pipe, a file, CI) a line every
 * {@value #LINE_SECONDS} seconds, as build tools print. {@code --quiet} turns it off. Each line
 * says what is running ({@link #label}) and how far it got.
 *
 * <p>Called from the checker's threads, the command's, and those of checks running at once ({@link
 * #listener}); thread-safe (methods are synchronized).
 */
final class Progress implements CheckOptions.ProgressListener {
  /** Seconds between progress lines when standard error is not a terminal. */
  static final long LINE_SECONDS = 5;

  private static final long SECOND = 1_000_000_000L;

  private final Session session;
  private final boolean enabled;
  private final long start;
  private String label;
  private long lastLine;
  private int drawn;

  private Progress(Session session, boolean enabled, String label) {
    this.session = session;
    this.enabled = enabled;
    this.label = label;
    this.start = session.ticker().read();
    this.lastLine = start;
  }

  /** Progress of a run called {@code label} on the session's standard error, unless quiet. */
  static Progress start(Session session, boolean quiet, String label) {
    return new Progress(session, !quiet, label);
  }

  /** What is running now, e.g. {@code v1 under lkmm}. */
  synchronized void label(String what) {
    label = what;
  }

  /** The checker's report: states explored so far and the rate. */
  @Override
  public void progress(long states, long transitions, double elapsedSeconds) {
    show(statesAndRate(states, elapsedSeconds));
  }

  /**
   * A listener for one of several checks that run at once and share this progress: its lines are
   * labelled with what {@code label} says when they are shown (e.g. {@code v2 under lkmm (and 1
   * more check running)}), not with {@link #label}, so that each line names the check whose figures
   * it shows.
   */
  CheckOptions.ProgressListener listener(Supplier<String> label) {
    return (states, transitions, elapsedSeconds) ->
        show(label.get(), statesAndRate(states, elapsedSeconds));
  }

  private static String statesAndRate(long states, double elapsedSeconds) {
    return String.format(
        Locale.ROOT,
        "%,d states, %,.0f states/s",
        states,
        elapsedSeconds > 0 ? states / elapsedSeconds : 0.0);
  }

  /** Shows {@code what} (e.g. {@code 1,234 executions}) if it is time to. */
  synchronized void show(String what) {
    show(label, what);
  }

  /** Shows {@code what} labelled {@code name} if it is time to. */
  private synchronized void show(String name, String what) {
    if (!enabled) {
      return;
    }
    long now = session.ticker().read();
    double seconds = (now - start) / (double) SECOND;
    PrintWriter err = session.err();
    if (session.terminal()) {
      if (now - start < SECOND) {
        return;
      }
      String line = String.format(Locale.ROOT, "%s: %s, %.1f s", name, what, seconds);
      err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
      drawn = line.length();
    } else {
      if (now - lastLine < LINE_SECONDS * SECOND) {
        return;
      }
      err.println(String.format(Locale.ROOT, "klpct: %s: %s, %.0f s", name, what, seconds));
    }
    lastLine = now;
    err.flush();
  }

  /** Erases the line drawn on a terminal, before the report is printed. */
  synchronized void clear() {
    if (drawn > 0) {
      session.err().print("\r" + " ".repeat(drawn) + "\r");
      session.err().flush();
      drawn = 0;
    }
  }

  /** Whether this process's standard error is an interactive terminal (and not CI). */
  @SuppressWarnings("SystemConsoleNull") // null before JDK 22; isTerminal() asked after
  static boolean stderrIsTerminal() {
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
}
