package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code scripts/side-by-side.sh}, with two fake checkouts whose {@code klpct} notes each run in a
 * shared log: the runs alternate, the first of each is not counted, and a command whose exit status
 * differs between the two is said. No figure is asserted: times on a shared machine prove nothing.
 */
class SideBySideScriptTest {
  private static final Path SCRIPT = Path.of("../scripts/side-by-side.sh");

  @Test
  void runsAlternateAfterOneWarmUpEachAndADifferentExitStatusIsSaid(@TempDir Path root)
      throws Exception {
    Path log = root.resolve("runs.log");
    Path a = checkout(root, "a", log, 0);
    Path b = checkout(root, "b", log, 1);

    Result r = run(root, "-n", "2", a.toString(), b.toString(), "--", "check", "--stats");

    assertThat(r.exit()).isEqualTo(0);
    assertThat(Files.readAllLines(log))
        .containsExactlyElementsOf(
            Collections.nCopies(3, List.of("a check --stats", "b check --stats")).stream()
                .flatMap(List::stream)
                .toList());
    assertThat(r.out())
        .contains("klpct check --stats: 2 runs of each, alternated")
        .containsPattern("A " + a + ": wall median [0-9.]+ s \\([0-9.]+ to [0-9.]+\\), CPU median")
        .containsPattern("B " + b + ": wall median [0-9.]+ s")
        .contains("exit status differs: A 0, B 1");
  }

  @Test
  void theSameExitStatusIsNotRemarked(@TempDir Path root) throws Exception {
    Path log = root.resolve("runs.log");
    Path a = checkout(root, "a", log, 1);
    Path b = checkout(root, "b", log, 1);

    Result r = run(root, "-n", "1", a.toString(), b.toString(), "--", "list");

    assertThat(r.exit()).isEqualTo(0);
    assertThat(Files.readAllLines(log)).hasSize(4);
    assertThat(r.out()).doesNotContain("exit status differs");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-n 0 A B -- list | a positive number of runs",
        "-n x A B -- list | a positive number of runs",
        "-n | a positive number of runs",
        "A B list | Usage:",
        "A | Usage:",
        "A NOWHERE -- list | no klpct launcher in NOWHERE"
      })
  void badArgumentsExitTwoAndSayWhy(String args, String message, @TempDir Path root)
      throws Exception {
    Path a = checkout(root, "a", root.resolve("runs.log"), 0);
    String nowhere = root.resolve("nowhere").toString();
    String[] words =
        Splitter.on(' ')
            .splitToStream(args.replace("NOWHERE", nowhere))
            .map(w -> w.equals("A") || w.equals("B") ? a.toString() : w)
            .toArray(String[]::new);

    Result r = run(root, words);

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(message.replace("NOWHERE", nowhere));
    assertThat(root.resolve("runs.log")).doesNotExist();
  }

  @Test
  void usageIsTheHeadersWholeUsageParagraph(@TempDir Path root) throws Exception {
    Result r = run(root, "only-one-argument");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("# Usage: scripts/side-by-side.sh")
        .contains("DIR_A, DIR_B", "-n RUNS")
        .doesNotContain("Prints,", "set -euo");
  }

  /** A checkout whose launcher logs its name and arguments and exits {@code status}. */
  private static Path checkout(Path root, String name, Path log, int status) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Path klpct = dir.resolve("klpct");
    Files.writeString(
        klpct,
        "#!/usr/bin/env bash\necho \"" + name + " $*\" >> '" + log + "'\nexit " + status + "\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(klpct, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  private record Result(int exit, String out, String err) {}

  private static Result run(Path root, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path out = root.resolve("out.txt");
    Path err = root.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
