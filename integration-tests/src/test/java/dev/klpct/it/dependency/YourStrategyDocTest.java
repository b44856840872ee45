package dev.klpct.it.dependency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * {@code docs/your-strategy.md} is exactly the consumer project under {@code src/it/consumer}: each
 * code block captioned with a path (a line holding only {@code `path`}, then the fence) equals that
 * file, and every file of the project is shown once. {@code @token@}s in the project's {@code
 * pom.xml}, which maven-invoker-plugin replaces with the reactor's versions, appear replaced in the
 * page.
 */
class YourStrategyDocTest {
  private static final Path ROOT = Poms.root();
  private static final Path DOC = ROOT.resolve("docs/your-strategy.md");
  private static final Path CONSUMER = ROOT.resolve("integration-tests/src/it/consumer");

  private static final Pattern CAPTION = Pattern.compile("`([A-Za-z0-9_./-]+)`");
  private static final Pattern TOKEN = Pattern.compile("@([A-Za-z0-9_.-]+)@");

  /** The captioned code blocks of the page, by path, in order. */
  static Map<String, String> blocks(List<String> lines) {
    Map<String, String> blocks = new LinkedHashMap<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      Matcher m = CAPTION.matcher(lines.get(i));
      if (!m.matches() || !lines.get(i + 1).startsWith("```")) {
        continue;
      }
      StringBuilder body = new StringBuilder();
      int j = i + 2;
      while (j < lines.size() && !lines.get(j).equals("```")) {
        body.append(lines.get(j)).append('\n');
        j++;
      }
      if (j == lines.size()) {
        fail("docs/your-strategy.md:%d: the block of %s is not closed", i + 2, m.group(1));
      }
      if (blocks.put(m.group(1), body.toString()) != null) {
        fail("docs/your-strategy.md: %s is shown twice", m.group(1));
      }
      i = j;
    }
    return blocks;
  }

  /** A file of the consumer as the page shows it: POM tokens replaced as the invoker does. */
  static String shown(String path) throws IOException {
    String text = Files.readString(CONSUMER.resolve(path), StandardCharsets.UTF_8);
    if (!Path.of(path).getFileName().toString().equals("pom.xml")) {
      return text;
    }
    Element parent = Poms.read(ROOT.resolve("pom.xml"));
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value =
          name.equals("project.version")
              ? Poms.text(parent, "version").orElseThrow()
              : Poms.text(parent, "properties", name)
                  .orElseThrow(() -> new AssertionError(path + ": unknown token @" + name + "@"));
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Test
  void everyBlockEqualsItsFile() throws IOException {
    Map<String, String> blocks = blocks(Files.readAllLines(DOC, StandardCharsets.UTF_8));
    List<String> stale = new ArrayList<>();
    StringBuilder fixes = new StringBuilder();
    for (Map.Entry<String, String> b : blocks.entrySet()) {
      Path file = CONSUMER.resolve(b.getKey());
      assertThat(file).as("file shown in docs/your-strategy.md").isRegularFile();
      String expected = shown(b.getKey());
      if (!b.getValue().equals(expected)) {
        stale.add(b.getKey());
        fixes.append("\n`").append(b.getKey()).append("`\n```\n").append(expected).append("```\n");
      }
    }
    if (!stale.isEmpty()) {
      fail("docs/your-strategy.md shows an old version of %s; the current text:%n%s", stale, fixes);
    }
  }

  @Test
  void everyFileOfTheProjectIsShown() throws IOException {
    Map<String, String> blocks = blocks(Files.readAllLines(DOC, StandardCharsets.UTF_8));
    TreeSet<String> files = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(CONSUMER)) {
      walk.filter(Files::isRegularFile)
          .forEach(f -> files.add(CONSUMER.relativize(f).toString().replace('\\', '/')));
    }
    assertThat(files).as("files of src/it/consumer").contains("pom.xml");
    assertThat(blocks.keySet())
        .as("files shown in docs/your-strategy.md")
        .containsExactlyInAnyOrderElementsOf(files);
  }

  /**
   * The archetype command of the page and the README, and the one integration-tests runs, name the
   * archetype plugin and the archetype at this build's versions.
   */
  @Test
  void archetypeCommandsNameThisBuildsVersions() throws IOException {
    Element parent = Poms.read(ROOT.resolve("pom.xml"));
    String plugin =
        "maven-archetype-plugin:"
            + Poms.text(parent, "properties", "maven-archetype-plugin.version").orElseThrow()
            + ":generate";
    String archetype = "-DarchetypeVersion=" + Poms.text(parent, "version").orElseThrow();
    for (Path p : List.of(DOC, ROOT.resolve("README.md"))) {
      assertThat(Files.readString(p, StandardCharsets.UTF_8))
          .as("%s", ROOT.relativize(p))
          .contains(plugin, archetype, "-DarchetypeArtifactId=klp-archetype");
    }
    assertThat(
            Files.readString(
                ROOT.resolve("integration-tests/src/it/archetype/invoker.properties"),
                StandardCharsets.UTF_8))
        .contains(
            "maven-archetype-plugin:${maven-archetype-plugin.version}:generate",
            "-DarchetypeVersion=${project.version}",
            "-DarchetypeArtifactId=klp-archetype");
  }

  @Test
  void captionedBlocksAreFound() {
    List<String> page =
        List.of(
            "text",
            "`a/B.java`",
            "```java",
            "class B {}",
            "```",
            "`not a caption` because of spaces",
            "```sh",
            "mvn verify",
            "```",
            "`pom.xml`",
            "```xml",
            "<project/>",
            "",
            "```");
    assertThat(blocks(page))
        .containsExactly(
            Map.entry("a/B.java", "class B {}\n"), Map.entry("pom.xml", "<project/>\n\n"));
  }
}
