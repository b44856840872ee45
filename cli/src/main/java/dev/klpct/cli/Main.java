package dev.klpct.cli;

import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.StrategyRegistry;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;

/**
 * Entry point of the {@code klpct} command. Bad input (unknown strategy, contract or option,
 * out-of-range number, unreadable or malformed trace file) gets one line on stderr naming the
 * problem and exit code 2; never a stack trace.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(
        run(
            args,
            new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true),
            new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true)));
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
   * compare}, {@code replay} and {@code measure} find them by name.
   *
   * <p>This is how a project runs its own strategy through {@code klpct}: a Dagger component over
   * {@link dev.klpct.strategies.AllStrategiesModule} and the project's strategy module provides the
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
    CommandLine cl = new CommandLine(new Klpct(strategies));
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("klpct: " + ex.getMessage());
          CommandLine c = ex.getCommandLine();
          err.println("try '" + c.getCommandSpec().qualifiedName() + " --help'");
          return Exit.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          if (ex instanceof IllegalArgumentException) {
            err.println("klpct: " + ex.getMessage());
            return Exit.USAGE;
          }
          if (ex instanceof java.io.IOException) {
            err.println("klpct: " + ex);
            return Exit.USAGE;
          }
          err.println("klpct: internal error (please report with the command line):");
          ex.printStackTrace(err);
          return Exit.INTERNAL;
        });
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      err.println(
          "klpct: out of memory; lower --max-states or give the JVM more heap"
              + " (KLPCT_JAVA_OPTS=-Xmx16g ./klpct ...)");
      return Exit.INTERNAL;
    }
  }
}
