package dev.klpct.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation self-contained and its cross-references true:
 *
 * <ul>
 *   <li>every relative link of every Markdown file in the repository reaches an existing file or
 *       directory, and every {@code #anchor} it names exists in the target (an explicit {@code <a
 *       id="...">} or a heading, with GitHub's heading ids);
 *   <li>every "{@code kernel.md §N.M}" citation, in any text file, names a section that {@code
 *       docs/kernel.md} has;
 *   <li>no file cites the project's former external specification (by its file name, or as "domain"
 *       followed by a section sign): what the documentation relies on is in {@code docs/kernel.md}.
 * </ul>
 *
 * <p>Reads the working tree only (below the repository root, skipping {@code .git} and {@code
 * target}); needs nothing outside the repository.
 */
class DocsLinksTest {
  /**
   * The old specification's file name, or "domain" then a section sign; this file must not match.
   */
  private static final Pattern EXTERNAL_SPEC = Pattern.compile("\\bdomain(?:\\.md\\b| \u00a7)");

  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`\n]*`");
  private static final Pattern LINK =
      Pattern.compile("!?\\[([^\\]\n]*)\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern EXPLICIT_ANCHOR =
      Pattern.compile("<a\\s+(?:id|name)\\s*=\\s*\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");
  private static final Pattern SECTION_HEADING =
      Pattern.compile("^#{2,4}\\s+\u00a7(\\d+(?:\\.\\d+)?)\\b", Pattern.MULTILINE);
  private static final Pattern SECTION_CITATION =
      Pattern.compile("kernel\\.md,?\\s+\u00a7(\\d+(?:\\.\\d+)?)");

  private static final Path ROOT = repositoryRoot();
  private static final Path KERNEL_MD = ROOT.resolve("docs/kernel.md");

  /** Walks up from the module directory to the directory that holds the reactor POM and docs/. */
  private static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("docs"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (pom.xml and docs/) above " + dir);
  }

  @Test
  void kernelReferenceExists() {
    assertThat(KERNEL_MD).as("the kernel reference the documentation cites").isRegularFile();
  }

  @Test
  void everyRelativeLinkReachesAFileAndAnchor() throws IOException {
    Map<Path, Set<String>> anchorCache = new HashMap<>();
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path md : files(p -> p.toString().endsWith(".md"))) {
      List<String> lines = read(md).lines().toList();
      boolean inFence = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (FENCE.matcher(line).find()) {
          inFence = !inFence;
          continue;
        }
        if (inFence) {
          continue;
        }
        Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
        while (m.find()) {
          String dest = m.group(2);
          if (dest.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
            continue; // http:, https:, mailto:, ...
          }
          checked++;
          String where = ROOT.relativize(md) + ":" + (i + 1) + ": (" + dest + ")";
          int hash = dest.indexOf('#');
          String pathPart = hash < 0 ? dest : dest.substring(0, hash);
          String anchor = hash < 0 ? "" : dest.substring(hash + 1);
          Path target;
          if (pathPart.isEmpty()) {
            target = md;
          } else if (pathPart.startsWith("/")) {
            target = ROOT.resolve(pathPart.substring(1)).normalize();
          } else {
            target = md.getParent().resolve(pathPart).normalize();
          }
          if (!Files.exists(target)) {
            broken.add(where + " no such file or directory");
          } else if (!anchor.isEmpty()
              && target.toString().endsWith(".md")
              && !anchorCache
                  .computeIfAbsent(target, DocsLinksTest::anchorsUnchecked)
                  .contains(anchor)) {
            broken.add(where + " no anchor #" + anchor + " in " + ROOT.relativize(target));
          }
        }
      }
    }
    assertThat(checked).as("relative links found").isPositive();
    assertThat(broken).as("broken relative links in Markdown files").isEmpty();
  }

  @Test
  void everyCitedKernelSectionExists() throws IOException {
    Set<String> sections = new TreeSet<>();
    Matcher h = SECTION_HEADING.matcher(read(KERNEL_MD));
    while (h.find()) {
      sections.add(h.group(1));
    }
    assertThat(sections).as("sections of docs/kernel.md").contains("2.4", "4.5", "6");
    List<String> missing = new ArrayList<>();
    for (Path f : files(DocsLinksTest::isText)) {
      List<String> lines = read(f).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = SECTION_CITATION.matcher(lines.get(i));
        while (m.find()) {
          if (!sections.contains(m.group(1))) {
            missing.add(ROOT.relativize(f) + ":" + (i + 1) + ": \u00a7" + m.group(1));
          }
        }
      }
    }
    assertThat(missing).as("citations of kernel.md sections that do not exist").isEmpty();
  }

  @Test
  void noFileCitesTheFormerExternalSpecification() throws IOException {
    List<String> unexpected = new ArrayList<>();
    for (Path f : files(DocsLinksTest::isText)) {
      List<String> lines = read(f).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (EXTERNAL_SPEC.matcher(lines.get(i)).find()) {
          unexpected.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertThat(unexpected)
        .as(
            "citations of a specification outside the repository; cite docs/kernel.md (same"
                + " section numbers) instead")
        .isEmpty();
  }

  /** The anchors a Markdown file defines: explicit {@code <a id>} and GitHub heading ids. */
  static Set<String> anchors(Path md) throws IOException {
    Set<String> out = new TreeSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean inFence = false;
    for (String line : read(md).lines().toList()) {
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
        continue;
      }
      if (inFence) {
        continue;
      }
      Matcher a = EXPLICIT_ANCHOR.matcher(line);
      while (a.find()) {
        out.add(a.group(1));
      }
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        String slug = slug(h.group(2));
        int n = seen.merge(slug, 1, Integer::sum);
        out.add(n == 1 ? slug : slug + "-" + (n - 1));
      }
    }
    return out;
  }

  private static Set<String> anchorsUnchecked(Path md) {
    try {
      return anchors(md);
    } catch (IOException e) {
      throw new IllegalStateException(md + ": " + e.getMessage(), e);
    }
  }

  /** GitHub's id for a heading: its text, lower case, punctuation dropped, spaces as hyphens. */
  static String slug(String heading) {
    String text = HTML_TAG.matcher(heading).replaceAll("");
    text = LINK.matcher(text).replaceAll("$1").replace("`", "").toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                out.appendCodePoint(c);
              } else if (c == ' ') {
                out.append('-');
              }
            });
    return out.toString();
  }

  private interface PathFilter {
    boolean accept(Path p) throws IOException;
  }

  /** Regular files below the root, skipping {@code .git} and build output. */
  private static List<Path> files(PathFilter filter) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(ROOT)) {
      for (Path p : s.sorted().toList()) {
        Path rel = ROOT.relativize(p);
        boolean skipped = false;
        for (Path part : rel) {
          String n = part.toString();
          if (n.equals(".git") || n.equals("target") || n.equals("node_modules")) {
            skipped = true;
          }
        }
        if (!skipped && Files.isRegularFile(p) && filter.accept(p)) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** Text files: at most 4 MiB and no NUL byte. */
  private static boolean isText(Path p) throws IOException {
    if (Files.size(p) > (4 << 20)) {
      return false;
    }
    for (byte b : Files.readAllBytes(p)) {
      if (b == 0) {
        return false;
      }
    }
    return true;
  }

  private static String read(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }
}
