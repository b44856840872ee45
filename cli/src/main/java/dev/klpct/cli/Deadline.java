package dev.klpct.cli;

import dev.klpct.checker.CheckOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * When the running command's searches must stop: on an interrupt (Ctrl-C), or when {@code
 * --time-limit} has passed since the command started (for the {@code klpct} process, since the
 * launcher or the JVM started: {@link Main#commandStart}, so that the command as a whole ends in
 * time). A command that runs several checks gives each a {@link #share} of what is left.
 * Thread-safe.
 */
final class Deadline implements CheckOptions.StopCondition {
  private final Session session;
  private final long end;
  private final String reason;

  private Deadline(Session session, long end, String reason) {
    this.session = session;
    this.end = end;
    this.reason = reason;
  }

  /**
   * The deadline of {@code --time-limit limit} (written {@code text}) in {@code session}, or only
   * its interrupt when there is no limit.
   */
  static Deadline of(Session session, Optional<Duration> limit, String text) {
    return new Deadline(
        session,
        limit.map(d -> saturatedAdd(session.startNanos(), d.toNanos())).orElse(Long.MAX_VALUE),
        "--time-limit " + text + " reached");
  }

  /** Whether there is a time limit. */
  boolean limited() {
    return end != Long.MAX_VALUE;
  }

  /**
   * A deadline for the next of {@code checks} checks (this one included) when up to {@code
   * parallel} of them run at once: the time left times {@code parallel} over {@code checks}, the
   * whole time left once no more than {@code parallel} are left. Each of the {@code parallel} slots
   * then has about {@code checks / parallel} checks to run in the time left; and a share never ends
   * after this deadline, so the command still ends in time. With {@code parallel} 1 it is an equal
   * share of the time left.
   */
  Deadline share(int checks, int parallel) {
    if (!limited() || checks <= parallel) {
      return this;
    }
    long now = session.ticker().read();
    // At most a year (parseDuration) over checks, times at most MAX_THREADS: no overflow.
    long share = Math.max(0, end - now) / checks * parallel;
    return new Deadline(
        session,
        now + share,
        String.format(Locale.ROOT, "%s (this check's share: %.1f s)", reason, share / 1e9));
  }

  @Override
  public Optional<String> reason() {
    Optional<String> r = session.interrupt().reason();
    if (r.isPresent()) {
      return r;
    }
    return limited() && session.ticker().read() - end >= 0 ? Optional.of(reason) : Optional.empty();
  }

  private static long saturatedAdd(long a, long b) {
    long s = a + b;
    return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE - 1 : s;
  }
}
