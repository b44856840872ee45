package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import dev.klpct.report.ExitCode;
import dev.klpct.strategies.StrategyComponent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code ./klpct} commands of the README, as written: every one parses (its options exist, its
 * values are valid), every input file it names ships with the project, and the quick ones run, from
 * the repository root, with the exit code their line promises.
 */
class ReadmeCommandsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Each {@code ./klpct ...} line of a {@code sh} block, without its comment. */
  static List<List<String>> commands() throws IOException {
    List<List<String>> out = new ArrayList<>();
    boolean sh = false;
    for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
      if (line.startsWith("```")) {
        sh = line.equals("```sh");
        continue;
      }
      if (sh && line.startsWith("./klpct ")) {
        int hash = line.indexOf(" #");
        String cmd = (hash < 0 ? line : line.substring(0, hash)).strip();
        List<String> args = new ArrayList<>();
        for (String a :
            Splitter.on(' ').omitEmptyStrings().split(cmd.substring("./klpct ".length()))) {
          args.addAll(glob(a));
        }
        out.add(args);
      }
    }
    return out;
  }

  /** {@code dir/*.ext} as the shell expands it from the repository root; anything else as is. */
  private static List<String> glob(String arg) throws IOException {
    int star = arg.indexOf("/*.");
    if (star < 0) {
      return List.of(arg);
    }
    String ext = arg.substring(star + 2);
    try (Stream<Path> s = Files.list(ROOT.resolve(arg.substring(0, star)))) {
      return s.map(p -> ROOT.relativize(p).toString())
          .filter(p -> p.endsWith(ext))
          .sorted()
          .toList();
    }
  }

  @Test
  void everyReadmeCommandParsesAndNamesFilesThatExist() throws IOException {
    List<List<String>> commands = commands();
    assertThat(commands).hasSizeGreaterThan(10);
    for (List<String> args : commands) {
      Session s =
          Session.of(
              StrategyComponent.builtIn(),
              new PrintWriter(new StringWriter()),
              new PrintWriter(new StringWriter()));
      CommandLine.ParseResult parsed = Main.commandLine(s).parseArgs(args.toArray(String[]::new));
      assertThat(parsed.hasSubcommand()).as("klpct %s", args).isTrue();
      if (args.get(0).equals("litmus")) {
        for (String a : args.subList(1, args.size())) {
          if (a.endsWith(".litmus")) {
            assertThat(ROOT.resolve(a)).as("file of klpct %s", args).isRegularFile();
          }
        }
        assertThat(args)
            .as("a litmus example that ships with klpct")
            .anyMatch(a -> a.startsWith("examples/"));
      }
    }
  }

  @Test
  void theQuickOnesRunAsWritten(@TempDir Path dir) throws IOException {
    for (List<String> args : commands()) {
      String cmd = args.get(0);
      List<String> run = new ArrayList<>();
      for (String a : args) {
        // Inputs are the repository's; outputs go to a temporary folder.
        run.add(
            a.endsWith(".litmus")
                ? ROOT.resolve(a).toString()
                : a.endsWith(".trace") || a.endsWith(".json") || a.endsWith(".html")
                    ? dir.resolve(a).toString()
                    : a);
      }
      int expected;
      if (cmd.equals("list")) {
        expected = ExitCode.HOLDS;
      } else if (cmd.equals("litmus")) {
        expected = ExitCode.HOLDS;
      } else if (cmd.equals("check") && args.contains("v2") && args.contains("--save-trace")) {
        expected = ExitCode.VIOLATED;
      } else if (cmd.equals("replay")) {
        expected = ExitCode.VIOLATED;
      } else if (cmd.equals("check") && args.equals(List.of("check", "--strategy", "v1"))) {
        expected = ExitCode.VIOLATED;
      } else {
        continue; // the rest take from seconds to minutes; their parsing is checked above
      }
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          Main.run(
              run.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
      assertThat(exit).as("klpct %s (stderr: %s)", args, err).isEqualTo(expected);
    }
  }
}
