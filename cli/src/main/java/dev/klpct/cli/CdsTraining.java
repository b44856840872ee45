package dev.klpct.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of the class-data sharing archive that {@code ./klpct} dumps once per built jar
 * and JVM: runs, in one JVM, the commands whose start-up the archive is for, and the launcher dumps
 * a static archive ({@code -Xshare:dump}) of the classes this JVM loaded ({@code
 * -XX:DumpLoadedClassList}), so that every command finds its classes archived. A training of {@code
 * check} alone left the weak memory models, {@code compare}'s report and the whole litmus engine to
 * load from the jar at every start.
 *
 * <p>Not a klpct command: the launcher runs it with {@code java -cp}. Exits 0 when every command
 * ran to a verdict (exit 0, 1 or 3), else 2: the launcher then keeps no archive.
 */
public final class CdsTraining {
  /**
   * Message passing with both barriers: small, and it runs the parser, the operational engine (sc,
   * tso) and the exact LKMM.
   */
  private static final String LITMUS =
      """
      C cds-training-MP+wmb+rmb
      {}
      P0(int *x, int *y)
      {
        WRITE_ONCE(*x, 1);
        smp_wmb();
        WRITE_ONCE(*y, 1);
      }
      P1(int *x, int *y)
      {
        int r0;
        int r1;
        r0 = READ_ONCE(*y);
        smp_rmb();
        r1 = READ_ONCE(*x);
      }
      exists (1:r0=1 /\\ 1:r1=0)
      """;

  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    System.exit(train());
  }

  /** Runs the training commands, their output discarded; 0 if each reached a verdict, else 2. */
  static int train() throws IOException {
    Path litmus = Files.createTempFile("klpct-cds-training", ".litmus");
    try {
      Files.writeString(litmus, LITMUS, StandardCharsets.UTF_8);
      List<List<String>> commands =
          List.of(
              List.of("check", "--strategy", "zijlstra", "--quiet"),
              List.of("check", "--strategy", "zijlstra", "--memory-model", "tso", "--quiet"),
              List.of("check", "--strategy", "zijlstra", "--memory-model", "lkmm", "--quiet"),
              List.of("compare", "--strategies", "baseline,zijlstra", "--quiet"),
              // the default model's operational engine, then the exact LKMM: different classes
              List.of("litmus", litmus.toString()),
              List.of("litmus", "--memory-model", "tso", litmus.toString()),
              List.of("litmus", "--memory-model", "lkmm", litmus.toString()));
      PrintWriter sink = new PrintWriter(Writer.nullWriter());
      int status = 0;
      for (List<String> command : commands) {
        int rc = Main.run(command.toArray(new String[0]), sink, sink);
        if (rc != 0 && rc != 1 && rc != 3) {
          status = 2;
        }
      }
      return status;
    } finally {
      Files.deleteIfExists(litmus);
    }
  }
}
