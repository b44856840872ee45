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
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every litmus file of {@code litmus-conformance/}: under {@code lkmm} with the exact engine
 * (against herd7's verdict, execution counts and flags, stored in {@code herd7-verdicts.tsv} by
 * {@code scripts/regenerate-lkmm-verdicts.sh}, and against the file's {@code Result:} line, the
 * LKMM's documented outcome), under {@code lkmm} with the operational view machine the kernel model
 * runs on (against the {@code Result:} line, with its documented disagreements), and under {@code
 * tso} (against the {@code x86-TSO:} line). Writes the agreement counts to {@code
 * target/litmus-conformance.txt} and stdout.
 */
class LitmusConformanceTest {
  /**
   * Tests the operational view machine knowingly disagrees with, and why (docs/memory-models.md):
   * it has no promises, so it never produces load buffering without dependencies.
   */
  static final Map<String, String> KNOWN_LKMM_DISAGREEMENTS =
      Map.of(
          "LB+poonceonces",
          "no load buffering: the view machine executes loads before later stores");

  private static final Map<String, String> lines = new TreeMap<>();

  static List<Path> files() throws IOException, URISyntaxException {
    Path dir = Path.of(LitmusConformanceTest.class.getResource("/litmus-conformance").toURI());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".litmus")).sorted().toList();
    }
  }

  @Test
  void exactLkmmAgreesWithHerd7AndEveryDocumentedResult() throws Exception {
    Path dir = files().get(0).getParent();
    Map<String, String> herd = new TreeMap<>();
    for (String line : Files.readAllLines(dir.resolve("herd7-verdicts.tsv"))) {
      if (!line.startsWith("#") && !line.isBlank()) {
        herd.put(line.substring(0, line.indexOf('\t')), line);
      }
    }
    List<String> disagree = new ArrayList<>();
    int total = 0;
    for (Path f : files()) {
      LitmusTest t = LitmusParser.parse(f);
      ExactResult r = ExactLitmusRunner.run(t);
      String name = f.getFileName().toString();
      String actual =
          name
              + "\t"
              + r.outcome().display()
              + "\t"
              + r.positive()
              + "\t"
              + r.negative()
              + "\t"
              + (r.flags().isEmpty() ? "-" : String.join(",", r.flags()));
      total++;
      if (!actual.equals(herd.get(name)) || !r.agrees().orElse(false)) {
        disagree.add(
            "herd7 " + herd.get(name) + " / Result " + t.expected() + "\n   klpct " + actual);
      }
    }
    assertThat(herd).as("herd7 verdicts").hasSize(total);
    assertThat(disagree).as("exact lkmm against herd7 and the Result lines").isEmpty();
    lines.put(
        "lkmm-exact",
        String.format(
            "lkmm (exact): %d of %d litmus tests agree with herd7"
                + " (outcome, executions, flags) and with their LKMM Result outcome",
            total, total));
  }

  @Test
  void operationalLkmmAgreesWithEveryDocumentedResultButTheKnownOnes() throws Exception {
    run(MemoryModel.LKMM, KNOWN_LKMM_DISAGREEMENTS);
  }

  @Test
  void tsoAgreesWithEveryX86Result() throws Exception {
    run(MemoryModel.TSO, Map.of());
  }

  private static void run(MemoryModel model, Map<String, String> known) throws Exception {
    List<String> disagree = new ArrayList<>();
    int agree = 0;
    int total = 0;
    for (Path f : files()) {
      LitmusTest t = LitmusParser.parse(f);
      LitmusResult r =
          LitmusRunner.run(t, CheckOptions.defaults().withThreads(1).withMemoryModel(model));
      assertThat(r.expected())
          .as("%s states its %s outcome", f.getFileName(), r.expectedSource())
          .isPresent();
      assertThat(r.stats().exhaustive()).as(t.name()).isTrue();
      total++;
      if (r.agrees().orElse(false)) {
        agree++;
      } else {
        disagree.add(t.name());
      }
    }
    assertThat(disagree)
        .as("disagreements under %s", model)
        .containsExactlyInAnyOrderElementsOf(known.keySet());
    lines.put(
        model.id(),
        String.format(
            "%s: %d of %d litmus tests agree with their %s outcome" + "%s",
            model == MemoryModel.LKMM ? "lkmm (operational)" : model.id(),
            agree,
            total,
            model == MemoryModel.TSO ? "x86-TSO" : "LKMM Result",
            known.isEmpty() ? "" : "; known disagreements: " + known));
  }

  @AfterAll
  static void report() throws IOException {
    String text = String.join("\n", lines.values()) + "\n";
    System.out.print(text);
    Path out = Path.of("target", "litmus-conformance.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, text);
  }
}
