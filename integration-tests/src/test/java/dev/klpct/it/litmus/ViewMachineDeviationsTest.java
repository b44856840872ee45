package dev.klpct.it.litmus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.litmus.ExactLitmusRunner;
import dev.klpct.checker.litmus.ExactResult;
import dev.klpct.checker.litmus.LitmusParser;
import dev.klpct.checker.litmus.LitmusResult;
import dev.klpct.checker.litmus.LitmusRunner;
import dev.klpct.checker.litmus.LitmusTest;
import dev.klpct.checker.litmus.Outcome;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The minimal litmus tests of each known deviation of the operational view machine (the memory
 * system the kernel model runs on under {@code lkmm}) from the LKMM, docs/memory-models.md. For
 * each: the exact engine gives herd7's outcome (its {@code Result:} line and {@code
 * herd7-verdicts.tsv}), and the view machine gives the outcome its {@code View machine:} line
 * documents. When a change to the view machine removes a deviation, this test fails on that file:
 * move the file to {@code view-machine-fixed/} and the deviation out of the docs.
 *
 * <p>{@code view-machine-fixed/} holds the tests of deviations that were removed, and tests that
 * pin where each fix stops (a strong fence's cumulativity through a dependency is not a {@code
 * smp_wmb()}'s): on each, the view machine gives herd7's outcome.
 */
class ViewMachineDeviationsTest {
  private static final Pattern VIEW = Pattern.compile("View machine:[ \\t]*([A-Za-z]+)");

  static List<Path> files() throws IOException, URISyntaxException {
    return files("/view-machine-deviations");
  }

  static List<Path> fixed() throws IOException, URISyntaxException {
    return files("/view-machine-fixed");
  }

  private static List<Path> files(String resource) throws IOException, URISyntaxException {
    Path dir = Path.of(ViewMachineDeviationsTest.class.getResource(resource).toURI());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".litmus")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixed")
  void viewMachineAgreesWhereADeviationWasRemoved(Path file) throws Exception {
    LitmusTest t = LitmusParser.parse(file);
    Outcome exact = exactAgreesWithHerd7(file, t);
    assertThat(Files.readString(file)).doesNotContain("View machine:");
    LitmusResult view =
        LitmusRunner.run(
            t, CheckOptions.defaults().withThreads(1).withMemoryModel(MemoryModel.LKMM));
    assertThat(view.outcome()).as("view machine on %s", t.name()).contains(exact);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void viewMachineDeviatesAsDocumented(Path file) throws Exception {
    LitmusTest t = LitmusParser.parse(file);
    Outcome exact = exactAgreesWithHerd7(file, t);

    Matcher m = VIEW.matcher(Files.readString(file));
    assertThat(m.find()).as("%s documents the view machine's outcome", file).isTrue();
    Outcome documented = Outcome.parse(m.group(1));
    LitmusResult view =
        LitmusRunner.run(
            t, CheckOptions.defaults().withThreads(1).withMemoryModel(MemoryModel.LKMM));
    assertThat(view.outcome()).as("view machine on %s", t.name()).contains(documented);
    assertThat(documented).as("a deviation").isNotEqualTo(exact);
  }

  /** The exact engine's outcome on {@code t}, checked against herd7's and the Result line. */
  private static Outcome exactAgreesWithHerd7(Path file, LitmusTest t) throws Exception {
    String herd =
        Files.readAllLines(file.resolveSibling("herd7-verdicts.tsv")).stream()
            .filter(l -> l.startsWith(file.getFileName() + "\t"))
            .findFirst()
            .orElseThrow();
    ExactResult exact = ExactLitmusRunner.run(t);
    assertThat(
            file.getFileName()
                + "\t"
                + exact.outcome().display()
                + "\t"
                + exact.positive()
                + "\t"
                + exact.negative()
                + "\t-")
        .as("exact engine against herd7")
        .isEqualTo(herd);
    assertThat(t.expected()).contains(exact.outcome());
    return exact.outcome();
  }
}
