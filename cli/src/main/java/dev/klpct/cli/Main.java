package dev.klpct.cli;

import com.google.common.base.Ticker;
import dev.klpct.report.ExitCode;
import dev.klpct.report.OutputFile;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.StrategyRegistry;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Entry point of the {@code klpct} command. Bad input (unknown strategy, contract or option,
 * out-of-range number, unreadable or malformed input file, unwritable output file) gets one line on
 * stderr naming the problem and exit code 2; running out of memory gets one line saying what to do;
 * never a stack trace. Every message goes through the two writers given to {@link #run}.
 */
public final class Main {
  /** How long Ctrl-C waits for the interrupted command to print what it explored. */
  private static final long INTERRUPT_GRACE_SECONDS = 20;

  // Made before it is needed: when the heap is exhausted, building it could fail too.
  private static final String OUT_OF_MEMORY =
      "klpct: out of memory; lower --max-states or give the JVM more heap"
          + " (KLPCT_JAVA_OPTS=-Xmx16g ./klpct ...)";

  private Main() {}

  /**
   * When the command started, on the ticker's clock ({@code tickerNow} is its reading now): when
   * the {@code ./klpct} launcher last started the command ({@code launcherStartedAt}, its {@code
   * KLPCT_STARTED_AT}: bash's {@code EPOCHREALTIME}, seconds and six decimals, the decimal point
   * the locale's), so that the launcher's own time and the JVM's creation count too; else, or if
   * that time is not within the last minute before {@code nowMicros}, when the JVM started ({@code
   * uptimeMillis} ago).
   *
   * <p>The JVM's uptime is read only in that second case, because reading it loads {@code
   * java.management}, 10 to 15 ms of every command's start-up. So a launcher time later than the
   * JVM's start, which only a wall clock stepped back between the two can give, is taken as it is:
   * the limit then counts from up to the JVM's start-up time (about 0.1 s) late.
   */
  static long commandStart(
      long tickerNow,
      LongSupplier uptimeMillis,
      @Nullable String launcherStartedAt,
      long nowMicros) {
    if (launcherStartedAt == null || !launcherStartedAt.matches("[0-9]+[.,][0-9]{6}")) {
      return jvmStart(tickerNow, uptimeMillis);
    }
    long micros = Long.parseLong(launcherStartedAt.replaceAll("[.,]", ""));
    long ago = nowMicros - micros;
    if (ago < 0 || ago > TimeUnit.MINUTES.toMicros(1)) {
      return jvmStart(tickerNow, uptimeMillis);
    }
    return tickerNow - TimeUnit.MICROSECONDS.toNanos(ago);
  }

  private static long jvmStart(long tickerNow, LongSupplier uptimeMillis) {
    return tickerNow - TimeUnit.MILLISECONDS.toNanos(uptimeMillis.getAsLong());
  }

  /**
   * Runs {@code klpct} as a process. Ctrl-C (or SIGTERM) stops the running searches; the command
   * prints what it explored, INCONCLUSIVE, and the process exits with the command's exit code.
   */
  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
    // --time-limit counts from the command's start, so that the command as a whole ends in time.
    Ticker ticker = Ticker.systemTicker();
    long started =
        commandStart(
            ticker.read(),
            () -> ManagementFactory.getRuntimeMXBean().getUptime(),
            System.getenv("KLPCT_STARTED_AT"),
            TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()));
    Session session =
        new Session(
            StrategyComponent.builtIn(),
            out,
            err,
            Progress.stderrIsTerminal(),
            new Interrupt(),
            ticker,
            started);
    CountDownLatch done = new CountDownLatch(1);
    AtomicInteger exit = new AtomicInteger(128 + 2); // SIGINT's, until the command returns
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> onShutdown(session, done, exit), "klpct-interrupt"));
    // A thread that dies of an OutOfMemoryError only marks it: printing there could fail for
    // want of memory too (and the JVM would then print the exception itself). The main thread
    // reports it once, below or in run().
    AtomicBoolean threadOutOfMemory = new AtomicBoolean();
    Thread.setDefaultUncaughtExceptionHandler(
        (t, e) -> {
          if (isOutOfMemory(e)) {
            threadOutOfMemory.set(true);
          } else {
            err.println("klpct: internal error in thread " + t.getName() + ": " + e);
          }
        });
    int code = run(session, args);
    if (threadOutOfMemory.get() && code != ExitCode.INTERNAL) {
      err.println(OUT_OF_MEMORY);
      code = ExitCode.INTERNAL;
    }
    exit.set(code);
    done.countDown();
    System.exit(code);
  }

  /**
   * The shutdown hook: on a normal exit nothing; on Ctrl-C it stops the searches, waits for the
   * command to print its report, and ends the process with the command's exit code.
   */
  private static void onShutdown(Session session, CountDownLatch done, AtomicInteger exit) {
    if (done.getCount() == 0) {
      return;
    }
    session.err().println("klpct: interrupted; stopping the search and reporting what it explored");
    session.interrupt().trigger("interrupted");
    try {
      if (!done.await(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS)) {
        session
            .err()
            .println("klpct: interrupted; no report within " + INTERRUPT_GRACE_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    session.out().flush();
    session.err().flush();
    Runtime.getRuntime().halt(exit.get());
  }

  /**
   * Runs {@code klpct} with the given arguments; returns the exit code. For tests and embedding.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(StrategyComponent.builtIn(), args, out, err);
  }

  /**
   * Runs {@code klpct} with the strategies of {@code strategies} instead of the built-in ones;
   * returns the exit code. Every command sees them: {@code list} lists them, {@code check}, {@code
   * compare}, {@code replay} and {@code measure} find them by name. Every message, progress
   * included, goes to {@code out} and {@code err}.
   *
   * <p>The command itself takes a project's strategies with {@code --classpath} (a {@link
   * dev.klpct.strategies.StrategyProvider} listed in {@code META-INF/services}). Embedding is the
   * other way a project runs its own strategy through {@code klpct}: a Dagger component over {@link
   * dev.klpct.strategies.AllStrategiesModule} and the project's strategy module provides the
   * registry, and a {@code main} passes it here (docs/your-strategy.md):
   *
   * <pre>{@code
   * @Component(modules = {AllStrategiesModule.class, MyStrategyModule.class})
   * interface MyStrategies {
   *   StrategyRegistry registry();
   * }
   *
   * public static void main(String[] args) {
   *   System.exit(Main.run(DaggerMyStrategies.create().registry(), args,
   *       new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
   * }
   * }</pre>
   */
  public static int run(
      StrategyRegistry strategies, String[] args, PrintWriter out, PrintWriter err) {
    return run(Session.of(strategies, out, err), args);
  }

  static int run(Session session, String[] args) {
    PrintWriter err = session.err();
    try {
      CommandLine cl = commandLine(session, args);
      cl.setOut(session.out());
      cl.setErr(err);
      cl.setParameterExceptionHandler(
          (ex, a) -> {
            err.println("klpct: " + ex.getMessage());
            CommandLine c = ex.getCommandLine();
            err.println("try '" + c.getCommandSpec().qualifiedName() + " --help'");
            return ExitCode.USAGE;
          });
      cl.setExecutionExceptionHandler((ex, c, parsed) -> failure(ex, err));
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      err.println(OUT_OF_MEMORY);
      return ExitCode.INTERNAL;
    } catch (RuntimeException e) {
      return failure(e, err);
    } finally {
      session.out().flush();
      err.flush();
    }
  }

  /** One line for bad input and for running out of memory; a stack trace only for a bug. */
  private static int failure(Exception ex, PrintWriter err) {
    if (isOutOfMemory(ex)) {
      err.println(OUT_OF_MEMORY);
      return ExitCode.INTERNAL;
    }
    if (ex instanceof IllegalArgumentException) {
      err.println("klpct: " + ex.getMessage());
      return ExitCode.USAGE;
    }
    if (ex instanceof IOException io) {
      String file = io instanceof FileSystemException f ? f.getFile() : null;
      err.println("klpct: " + (file == null ? "" : file + ": ") + OutputFile.reason(io));
      return ExitCode.USAGE;
    }
    err.println("klpct: internal error (please report with the command line):");
    ex.printStackTrace(err);
    return ExitCode.INTERNAL;
  }

  private static boolean isOutOfMemory(@Nullable Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /**
   * The command tree for {@code args}, with each report command's {@code --format} labelled with
   * the formats that command prints (the option comes from one mixin, {@link OutputOptions}). When
   * {@code args} starts with a subcommand's name, only that subcommand is registered (its picocli
   * model is all the run needs); for {@code --version} alone, none; otherwise (root help, a
   * misspelt command) all of them are, so that help lists them and picocli can suggest the nearest.
   */
  static CommandLine commandLine(Session session, String... args) {
    CommandLine cl = new CommandLine(new Klpct(session));
    Class<?> only = args.length == 0 ? null : Klpct.SUBCOMMANDS.get(args[0]);
    if (only != null) {
      cl.addSubcommand(only);
    } else if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return cl; // the version alone needs no subcommand
    } else {
      Klpct.SUBCOMMANDS.values().forEach(cl::addSubcommand);
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommand() instanceof OutputOptions.Reporting r) {
        // Replace --format by a copy with the command's own label, keeping the options' order.
        CommandSpec spec = sub.getCommandSpec();
        List<OptionSpec> options = new ArrayList<>(spec.options());
        int at = options.indexOf(spec.findOption("--format"));
        if (at < 0) {
          continue;
        }
        List<OptionSpec> tail = options.subList(at, options.size());
        tail.forEach(spec::remove);
        spec.addOption(
            tail.get(0).toBuilder()
                .paramLabel(OutputOptions.names(r.formats(), "|"))
                .description(
                    "Output format: "
                        + OutputOptions.names(r.formats(), " or ")
                        + " (default: text).")
                .build());
        tail.subList(1, tail.size()).forEach(spec::addOption);
      }
    }
    return cl;
  }
}
