package dev.klpct.it.dependency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * {@code klpct-bom} pins every published artifact of the reactor, at the reactor's version, and
 * nothing else; a module added to the build without a BOM entry fails here.
 */
class BomTest {
  private static final Path ROOT = Poms.root();

  @Test
  void bomManagesExactlyThePublishedModules() throws IOException {
    Element parent = Poms.read(ROOT.resolve("pom.xml"));
    Set<String> published = new TreeSet<>();
    List<String> modules = new ArrayList<>();
    Element modulesElement = Poms.child(parent, "modules").orElseThrow();
    for (Element m : Poms.children(modulesElement, "module")) {
      modules.add(m.getTextContent().strip());
    }
    assertThat(modules).as("reactor modules").contains("klp-bom", "klp-api", "cli");
    for (String module : modules) {
      Element pom = Poms.read(ROOT.resolve(module).resolve("pom.xml"));
      String packaging = Poms.text(pom, "packaging").orElse("jar");
      boolean skipped =
          Poms.text(pom, "properties", "maven.install.skip").orElse("false").equals("true");
      // An archetype is published, but nothing depends on it.
      boolean archetype =
          Files.exists(
              ROOT.resolve(module)
                  .resolve("src/main/resources/META-INF/maven/archetype-metadata.xml"));
      if (!packaging.equals("pom") && !archetype && !skipped) {
        published.add(Poms.text(pom, "artifactId").orElseThrow());
      }
    }

    Element bom = Poms.read(ROOT.resolve("klp-bom/pom.xml"));
    Set<String> managed = new TreeSet<>();
    Element deps = Poms.element(bom, "dependencyManagement", "dependencies").orElseThrow();
    for (Element d : Poms.children(deps, "dependency")) {
      if (Poms.text(d, "groupId").orElseThrow().equals("dev.klpct")) {
        assertThat(Poms.text(d, "version"))
            .as("version of %s in the BOM", Poms.text(d, "artifactId"))
            .contains("${project.version}");
        managed.add(Poms.text(d, "artifactId").orElseThrow());
      }
    }
    assertThat(managed).as("klpct artifacts the BOM pins").isEqualTo(published);
  }

  /**
   * Third-party versions in the BOM are the parent's own overrides, at the parent's versions: the
   * BOM passes on what klpct is built and tested with, nothing else.
   */
  @Test
  void bomPinsThirdPartyVersionsAsTheParentDoes() throws IOException {
    Element parent = Poms.read(ROOT.resolve("pom.xml"));
    Element bom = Poms.read(ROOT.resolve("klp-bom/pom.xml"));
    Element parentDeps = Poms.element(parent, "dependencyManagement", "dependencies").orElseThrow();
    Element bomDeps = Poms.element(bom, "dependencyManagement", "dependencies").orElseThrow();
    for (Element d : Poms.children(bomDeps, "dependency")) {
      String groupId = Poms.text(d, "groupId").orElseThrow();
      String artifactId = Poms.text(d, "artifactId").orElseThrow();
      if (groupId.equals("dev.klpct")) {
        continue;
      }
      Element pinned =
          Poms.children(parentDeps, "dependency").stream()
              .filter(p -> Poms.text(p, "groupId").orElseThrow().equals(groupId))
              .filter(p -> Poms.text(p, "artifactId").orElseThrow().equals(artifactId))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError(groupId + ":" + artifactId + " is not in the parent"));
      assertThat(resolved(bom, Poms.text(d, "version").orElseThrow()))
          .as("version of %s:%s in the BOM", groupId, artifactId)
          .isEqualTo(resolved(parent, Poms.text(pinned, "version").orElseThrow()));
      assertThat(Poms.text(d, "scope"))
          .as("scope of %s", artifactId)
          .isEqualTo(Poms.text(pinned, "scope"));
    }
  }

  /** {@code version}, or the value of the POM's property it names ({@code ${dagger.version}}). */
  private static String resolved(Element pom, String version) {
    if (!version.startsWith("${")) {
      return version;
    }
    String name = version.substring(2, version.length() - 1);
    return Poms.text(pom, "properties", name)
        .orElseThrow(() -> new AssertionError("no property " + name));
  }

  /** What a consumer needs next to klpct comes with the BOM. */
  @Test
  void bomManagesWhatAConsumerNeeds() throws IOException {
    Element bom = Poms.read(ROOT.resolve("klp-bom/pom.xml"));
    Element deps = Poms.element(bom, "dependencyManagement", "dependencies").orElseThrow();
    Set<String> managed = new TreeSet<>();
    for (Element d : Poms.children(deps, "dependency")) {
      managed.add(
          Poms.text(d, "groupId").orElseThrow() + ":" + Poms.text(d, "artifactId").orElseThrow());
    }
    assertThat(managed)
        .contains(
            "com.google.dagger:dagger",
            "com.google.dagger:dagger-compiler",
            "org.junit:junit-bom",
            "org.assertj:assertj-core");
  }

  @Test
  void bomPinsItsPluginsAtTheParentsVersions() throws IOException {
    Element parent = Poms.read(ROOT.resolve("pom.xml"));
    Element bom = Poms.read(ROOT.resolve("klp-bom/pom.xml"));
    Element plugins = Poms.element(bom, "build", "pluginManagement", "plugins").orElseThrow();
    assertThat(Poms.children(plugins, "plugin")).as("plugins pinned in the BOM").isNotEmpty();
    for (Element p : Poms.children(plugins, "plugin")) {
      String artifactId = Poms.text(p, "artifactId").orElseThrow();
      assertThat(Poms.text(p, "version"))
          .as("version of %s in the BOM", artifactId)
          .isEqualTo(Poms.text(parent, "properties", artifactId + ".version"));
    }
  }

  @Test
  void readmeImportsTheBomAtTheReactorVersion() throws IOException {
    String version = Poms.text(Poms.read(ROOT.resolve("pom.xml")), "version").orElseThrow();
    assertThat(Files.readString(ROOT.resolve("README.md")))
        .contains(
            "      <artifactId>klpct-bom</artifactId>\n"
                + "      <version>"
                + version
                + "</version>\n"
                + "      <type>pom</type>\n"
                + "      <scope>import</scope>\n");
  }

  @Test
  void bomIsStandaloneAtTheReactorVersion() throws IOException {
    Element parent = Poms.read(ROOT.resolve("pom.xml"));
    Element bom = Poms.read(ROOT.resolve("klp-bom/pom.xml"));
    assertThat(Poms.child(bom, "parent")).as("the BOM's parent").isEmpty();
    assertThat(Poms.text(bom, "artifactId")).contains("klpct-bom");
    assertThat(Poms.text(bom, "packaging")).contains("pom");
    assertThat(Poms.text(bom, "groupId")).isEqualTo(Poms.text(parent, "groupId"));
    assertThat(Poms.text(bom, "version")).isEqualTo(Poms.text(parent, "version"));
  }
}
