package dev.klpct.cli;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Throwables;
import com.google.common.util.concurrent.Uninterruptibles;
import dev.klpct.checker.CheckOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs a command's independent checks (those of {@code klpct compare}) at once, as many as {@code
 * --threads} allows, so that a machine's cores share out checks too small to use them one by one.
 *
 * <p>Contract of {@link #run}:
 *
 * <ul>
 *   <li>Concurrency: at most {@code min(base.threads(), checks)} checks run at once, each then on
 *       one exploring thread (so that {@code --threads 2} means two threads in all, not two per
 *       check); when that is one, the checks run one after the other on {@code base.threads()}
 *       threads, in the calling thread, as a single check does.
 *   <li>Order: checks start in list order, and the results come back in list order, whatever order
 *       the checks end in.
 *   <li>Interrupt: once the session's interrupt is triggered no check starts, except the first,
 *       which always does (if only briefly), so that there is something to report. Checks that are
 *       running stop at their next budget check through their stop condition and their results, cut
 *       short and so never HOLDS, are returned. The results are therefore always those of a prefix
 *       of the list: every check started before the interrupt, none after.
 *   <li>Deadline: the check that starts while {@code left} checks (itself included) have yet to
 *       start stops at {@link Deadline#share deadline.share(left, parallel)}: the time left times
 *       the number of checks run at once over {@code left}, so that each of them gets its part and
 *       the command still ends by the deadline.
 *   <li>Failure: once a check throws, no check starts and those running are stopped; {@code run}
 *       then rethrows, unchanged, the throwable of the first check in list order that threw.
 *   <li>Progress: each check reports on the shared {@link Progress} under its own label, which says
 *       how many other checks run beside it; the line is erased when a check ends.
 * </ul>
 */
final class ConcurrentChecks {
  /**
   * One check: its progress label (e.g. {@code v1 under lkmm}) and how it runs with the options it
   * is given (the command's, with this check's threads, stop condition and progress listener).
   */
  record Check<T>(String label, Function<CheckOptions, T> run) {}

  private final Session session;
  private final Deadline deadline;
  private final Progress progress;

  // Guarded by this: how many checks started, and how many are running now.
  private int started;
  private int running;

  /** Set once a check threw: no other starts, and the running ones stop. */
  private volatile boolean failed;

  ConcurrentChecks(Session session, Deadline deadline, Progress progress) {
    this.session = session;
    this.deadline = deadline;
    this.progress = progress;
  }

  /**
   * Runs {@code checks} with {@code base}'s options as the class comment says; returns the results
   * of the checks started (a prefix of {@code checks}, at least one), in the checks' order. Call
   * once.
   */
  <T> List<T> run(CheckOptions base, List<Check<T>> checks) {
    int parallel = Math.max(1, Math.min(base.threads(), checks.size()));
    CheckOptions options = parallel > 1 ? base.withThreads(1) : base;
    List<@Nullable T> results = new ArrayList<>();
    List<@Nullable Throwable> failures = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      results.add(null);
      failures.add(null);
    }
    Runnable worker = () -> work(options, checks, parallel, results, failures);
    List<Thread> helpers = new ArrayList<>();
    for (int k = 1; k < parallel; k++) {
      Thread t = new Thread(worker, "klpct-check-" + k);
      t.setDaemon(true); // never keeps the JVM alive after the command
      t.start();
      helpers.add(t);
    }
    worker.run(); // the calling thread is one of the workers
    helpers.forEach(Uninterruptibles::joinUninterruptibly);
    List<T> done = new ArrayList<>();
    synchronized (this) { // the workers' writes happened before their ends, seen by the joins
      for (int i = 0; i < started; i++) {
        Throwable f = failures.get(i);
        if (f != null) {
          Throwables.throwIfUnchecked(f);
          throw new IllegalStateException(f);
        }
        done.add(requireNonNull(results.get(i), "a check that did not throw has a result"));
      }
    }
    return done;
  }

  /** One worker: takes the next check while there is one to start, and runs it. */
  private <T> void work(
      CheckOptions options,
      List<Check<T>> checks,
      int parallel,
      List<@Nullable T> results,
      List<@Nullable Throwable> failures) {
    while (true) {
      int i;
      Deadline share;
      synchronized (this) {
        boolean interrupted = started > 0 && session.interrupt().triggered();
        if (started == checks.size() || failed || interrupted) {
          return;
        }
        i = started++;
        running++;
        share = deadline.share(checks.size() - i, parallel);
      }
      Check<T> check = checks.get(i);
      CheckOptions.StopCondition stop =
          () -> failed ? Optional.of("another check failed") : share.reason();
      CheckOptions o =
          options.withStop(stop).withProgress(Optional.of(progress.listener(() -> label(check))));
      try {
        T r = check.run().apply(o);
        synchronized (this) {
          results.set(i, r);
        }
      } catch (Throwable t) { // rethrown by run(), in the calling thread
        synchronized (this) {
          failures.set(i, t);
        }
        failed = true;
      } finally {
        synchronized (this) {
          running--;
        }
        progress.clear();
      }
    }
  }

  /** {@code check}'s progress label, and how many other checks run beside it. */
  private synchronized String label(Check<?> check) {
    int others = running - 1;
    return others <= 0
        ? check.label()
        : check.label() + " (and " + others + " more check" + (others == 1 ? "" : "s") + ")";
  }
}
