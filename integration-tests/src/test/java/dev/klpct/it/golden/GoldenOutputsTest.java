package dev.klpct.it.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every command of {@code golden/commands.txt} through {@link Main#run} and compares its exit
 * code and standard output with {@code golden/NAME.txt}, after masking the only fields that vary
 * between runs (wall times, rates, heap sizes, and the store's bytes: with several threads, which
 * frames got the one-byte ids depends on timing; docs/performance.md, "Frames stored once"). A
 * command run with {@code --threads 1} keeps the store's bytes, which one thread makes the same in
 * every run: its golden file pins the bytes per state (issue 14 asks for no more than before).
 * Regenerate with {@code -Dklp.regenerateGolden=true} and review the diff: a change here is a
 * change of verdict, state count or counterexample, and must be explained by the commit that makes
 * it.
 */
class GoldenOutputsTest {
  private static final Path DIR = Path.of("src/test/resources/golden");
  private static final Pattern JSON_TIMING_ONE_THREAD =
      jsonFields("wallSeconds", "statesPerSecond", "peakHeapBytes");
  private static final Pattern JSON_TIMING =
      jsonFields("wallSeconds", "statesPerSecond", "peakHeapBytes", "storeBytes", "bytesPerState");
  private static final List<String> ONE_THREAD = List.of("--threads", "1");
  private static final Pattern LITMUS_TIME = Pattern.compile(", [0-9.]+ (ms|s)\\b");

  static Stream<Arguments> commands() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String line : Files.readAllLines(DIR.resolve("commands.txt"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).strip();
      List<String> args = new ArrayList<>();
      for (String a : line.substring(colon + 1).strip().split("\\s+", -1)) {
        if (a.endsWith("/*.litmus")) {
          Path dir = Path.of(a.substring(0, a.length() - "/*.litmus".length()));
          try (Stream<Path> s = Files.list(dir)) {
            s.map(Path::toString).filter(p -> p.endsWith(".litmus")).sorted().forEach(args::add);
          }
        } else {
          args.add(a);
        }
      }
      out.add(Arguments.of(name, args));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void outputIsTheGoldenOne(String name, List<String> args) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    String actual =
        "$ klpct "
            + String.join(" ", args)
            + "\n# exit "
            + exit
            + "\n"
            + mask(out.toString(), Collections.indexOfSubList(args, ONE_THREAD) >= 0);
    Path file = DIR.resolve(name + ".txt");
    if (Boolean.getBoolean("klp.regenerateGolden")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(file)
        .as("golden file %s (regenerate with -Dklp.regenerateGolden=true)", file)
        .exists();
    assertThat(actual)
        .as("output of klpct %s (stderr: %s)", String.join(" ", args), err)
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The JSON number fields {@code names}, the field's key and colon as group 1. */
  private static Pattern jsonFields(String... names) {
    return Pattern.compile("(\"(?:" + String.join("|", names) + ")\": )[-0-9.eE+]+");
  }

  /**
   * {@code s} with the figures that vary between runs masked; with {@code oneThread}, the store's
   * bytes kept.
   */
  static String mask(String s, boolean oneThread) {
    Pattern timing = oneThread ? JSON_TIMING_ONE_THREAD : JSON_TIMING;
    return LITMUS_TIME.matcher(timing.matcher(s).replaceAll("$1#")).replaceAll(", # $1");
  }
}
