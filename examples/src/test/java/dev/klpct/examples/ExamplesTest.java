package dev.klpct.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every numbered example and compares what it prints with the output quoted in its Javadoc, so
 * that the comments stay true. Run with {@code -Dklp.regenerateGolden=true} to rewrite the quoted
 * output in the sources, then review the diff.
 */
class ExamplesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/klpct/examples");
  private static final Pattern FILE = Pattern.compile("(Example(\\d\\d)_\\w+)\\.java");
  private static final String OUTPUT = " * <p>Output:";
  private static final String PRE = " * <pre>{@code";
  private static final String END = " * }</pre>";

  /** An example's {@code main}. */
  @FunctionalInterface
  interface Example {
    @SuppressWarnings("IncorrectMainMethod") // a method reference to an example's main
    void main(String[] args) throws Exception;
  }

  private static final ImmutableMap<String, Example> EXAMPLES =
      ImmutableMap.of(
          "Example01_CheckAStrategy", Example01_CheckAStrategy::main,
          "Example02_Counterexample", Example02_Counterexample::main,
          "Example03_SyncModes", Example03_SyncModes::main,
          "Example04_TraceFile", Example04_TraceFile::main,
          "Example05_ComposeAStrategy", Example05_ComposeAStrategy::main);

  static Stream<String> examples() {
    return EXAMPLES.keySet().stream();
  }

  @Test
  void everyExampleIsListedAndNumberedWithoutGaps() throws IOException {
    TreeSet<String> files = new TreeSet<>();
    try (Stream<Path> list = Files.list(SOURCES)) {
      list.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("Example"))
          .forEach(files::add);
    }
    List<String> names = new ArrayList<>();
    int expected = 1;
    for (String f : files) {
      Matcher m = FILE.matcher(f);
      assertThat(m.matches()).as("%s is named ExampleNN_What.java", f).isTrue();
      assertThat(Integer.parseInt(m.group(2))).as("number of %s", f).isEqualTo(expected++);
      names.add(m.group(1));
    }
    assertThat(EXAMPLES.keySet()).as("examples this test runs").containsExactlyElementsOf(names);
  }

  @ParameterizedTest
  @MethodSource("examples")
  void readmeListsTheExample(String name) throws IOException {
    assertThat(Files.readString(Path.of("README.md")))
        .contains("[`" + name + "`](src/main/java/dev/klpct/examples/" + name + ".java)");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void runCommandNamesTheExample(String name) throws IOException {
    assertThat(Files.readString(source(name)))
        .contains(
            " * ./mvnw -q -B package -DskipTests -pl examples -am\n"
                + " * java -cp examples/target/classes:cli/target/klpct.jar dev.klpct.examples."
                + name
                + "\n");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void outputIsTheOneInTheComment(String name) throws Exception {
    String actual = run(EXAMPLES.get(name));
    assertThat(actual).as("output of %s", name).endsWith("\n");
    // The output is quoted in a Javadoc {@code} block: it must not end the comment or the tag.
    assertThat(actual).doesNotContain("*/").doesNotContainPattern("(?m)^\\s*@");
    assertThat(actual.chars().filter(c -> c == '{').count())
        .as("balanced braces in the output of %s", name)
        .isEqualTo(actual.chars().filter(c -> c == '}').count());

    Path file = source(name);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines.indexOf(OUTPUT)).as("'%s' line in %s", OUTPUT.strip(), file).isPositive();
    int pre = lines.indexOf(OUTPUT) + 2;
    assertThat(lines.get(pre)).as("line after the output heading in %s", file).isEqualTo(PRE);
    int end = lines.subList(pre, lines.size()).indexOf(END) + pre;
    assertThat(end).as("'%s' after the output in %s", END, file).isGreaterThan(pre);

    List<String> quoted = new ArrayList<>();
    for (String l : lines.subList(pre + 1, end)) {
      quoted.add(l.equals(" *") ? "" : l.substring(" * ".length()));
    }
    List<String> printed = new ArrayList<>();
    actual.lines().forEach(l -> printed.add(l.stripTrailing()));
    if (Boolean.getBoolean("klp.regenerateGolden")) {
      List<String> rewritten = new ArrayList<>(lines.subList(0, pre + 1));
      printed.forEach(l -> rewritten.add(l.isEmpty() ? " *" : " * " + l));
      rewritten.addAll(lines.subList(end, lines.size()));
      Files.write(file, rewritten, StandardCharsets.UTF_8);
      return;
    }
    assertThat(quoted)
        .as("output quoted in %s (regenerate with -Dklp.regenerateGolden=true)", file)
        .containsExactlyElementsOf(printed);
  }

  private static Path source(String name) {
    return SOURCES.resolve(name + ".java");
  }

  private static String run(Example example) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      example.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
