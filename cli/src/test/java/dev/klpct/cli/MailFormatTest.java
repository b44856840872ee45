package dev.klpct.cli;

import static dev.klpct.cli.KlpctCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.report.ExitCode;
import dev.klpct.report.MailReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code klpct check --format mail}: a counterexample found under lkmm comes with the same litmus
 * test {@code --export-litmus} writes, and with the command line that reproduces it, --weaken
 * included; under sc there is no litmus test; every line is within 80 columns.
 */
class MailFormatTest {
  private static final String Z1 = "klp_update_patch_state: smp_rmb() [Z1]";

  private static void assertWithin80(String mail) {
    for (String line : mail.split("\n", -1)) {
      assertThat(MailReport.columns(line)).as("columns of %s", line).isLessThanOrEqualTo(80);
    }
  }

  @Test
  void aWeakMemoryBugMailsItsLitmusTestAndTheCommandThatReproducesIt(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("z1.litmus");
    KlpctCommandTest.Result r =
        run(
            "check",
            "--strategy",
            "zijlstra",
            "--memory-model",
            "lkmm",
            "--weaken",
            Z1,
            "--contract",
            "no-stale-write",
            "--threads",
            "1",
            "--format",
            "mail",
            "--export-litmus",
            file.toString());

    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    assertWithin80(r.out());
    String test = Files.readString(file);
    String name = test.substring(0, test.indexOf('\n'));
    assertThat(r.out())
        .contains("*WHOOPSIE*: no-stale-write:")
        .contains(name + "\n")
        .contains("exists (1:r0=1 /\\ 1:r1=-1)\n")
        .contains("      --weaken '" + Z1 + "' \\\n      --contract no-stale-write\n");
    // the file keeps its one-line comments; the mail wraps them
    assertThat(test).contains("Reproduce: klpct check --strategy zijlstra");
  }

  @Test
  void aBugUnderScHasNoLitmusTest() {
    KlpctCommandTest.Result r =
        run(
            "check",
            "--strategy",
            "mladek",
            "--contract",
            "consistency",
            "--threads",
            "1",
            "--format",
            "mail");

    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    assertWithin80(r.out());
    assertThat(r.out())
        .startsWith("klpct finds that mladek breaks consistency under sequential consistency.")
        .contains("*WHOOPSIE*")
        .doesNotContain("litmus test")
        .endsWith("--memory-model sc \\\n      --contract consistency\n");
  }
}
