package dev.klpct.checker.litmus.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.checker.litmus.ExactLitmusRunner;
import dev.klpct.checker.litmus.ExactResult;
import dev.klpct.checker.litmus.LitmusParser;
import dev.klpct.checker.litmus.LitmusTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * klpct's exact engine against herd7 on the generated corpus ({@link LkmmCorpus}): for every test,
 * the same outcome, the same numbers of allowed executions that do and do not satisfy the final
 * clause, and the same flags as herd7 with the kernel's model ({@code herd7-verdicts.tsv}, written
 * by {@code scripts/regenerate-lkmm-verdicts.sh}). Every test of the corpus must be accepted, and
 * agree.
 */
class LkmmCorpusTest {

  /** A line of a {@code herd7-verdicts.tsv}. */
  record Herd(String file, String verdict, long positive, long negative, List<String> flags) {
    static Herd parse(String line) {
      String[] f = line.split("\t", -1);
      if (f.length != 5) {
        throw new IllegalArgumentException("not a verdict line: " + line);
      }
      return new Herd(
          f[0],
          f[1],
          Long.parseLong(f[2]),
          Long.parseLong(f[3]),
          f[4].equals("-") ? List.of() : List.of(f[4].split(",")));
    }

    /** What klpct's result says in the same terms. */
    static Herd of(String file, ExactResult r) {
      return new Herd(file, r.outcome().display(), r.positive(), r.negative(), r.flags());
    }
  }

  static Path corpus() {
    try {
      return Path.of(LkmmCorpusTest.class.getResource("/lkmm-corpus").toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** herd7's verdicts stored with a directory of tests, by file name. */
  static Map<String, Herd> verdicts(Path dir) throws IOException {
    Map<String, Herd> out = new TreeMap<>();
    for (String line : Files.readAllLines(dir.resolve("herd7-verdicts.tsv"))) {
      if (!line.startsWith("#") && !line.isBlank()) {
        Herd h = Herd.parse(line);
        out.put(h.file(), h);
      }
    }
    return out;
  }

  @Test
  void everyCorpusTestAgreesWithHerd7() throws Exception {
    Path dir = corpus();
    Map<String, Herd> herd = verdicts(dir);
    List<String> disagreements = new ArrayList<>();
    long executions = 0;
    for (Herd expected : herd.values()) {
      LitmusTest t = LitmusParser.parse(dir.resolve(expected.file()));
      ExactResult r = ExactLitmusRunner.run(t);
      Herd actual = Herd.of(expected.file(), r);
      executions += r.allowed();
      if (!actual.equals(expected)) {
        disagreements.add("herd7 " + expected + "\n   klpct " + actual);
      }
    }
    String report =
        String.format(
            "lkmm corpus: %d tests, %d agree with herd7 on outcome,"
                + " executions and flags (%d allowed executions)%n",
            herd.size(), herd.size() - disagreements.size(), executions);
    System.out.print(report);
    Path out = Path.of("target", "lkmm-corpus.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    assertThat(disagreements).as("tests where klpct and herd7 disagree").isEmpty();
    assertThat(herd).hasSizeGreaterThanOrEqualTo(500);
  }

  /** The corpus on disk is what the generator writes, and herd7 judged all of it. */
  @Test
  void corpusIsTheGeneratorsAndEveryTestHasAVerdict() throws IOException {
    Path dir = corpus();
    Map<String, String> generated = LkmmCorpus.generate();
    Map<String, String> onDisk = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        if (n.endsWith(".litmus")) {
          onDisk.put(n.substring(0, n.length() - 7), Files.readString(f, StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(onDisk)
        .as("corpus files (regenerate with scripts/regenerate-lkmm-verdicts.sh)")
        .isEqualTo(new TreeMap<>(generated));
    assertThat(verdicts(dir).keySet())
        .as("tests with a herd7 verdict")
        .containsExactlyInAnyOrderElementsOf(
            onDisk.keySet().stream().map(n -> n + ".litmus").toList());
  }

  @Test
  void generatorIsDeterministic() {
    assertThat(LkmmCorpus.generate()).isEqualTo(LkmmCorpus.generate());
  }
}
