package dev.klpct.it.dependency;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar ({@code cli/target/klpct.jar}) carries picocli compiled for Java 17 by the
 * module {@code picocli-java17}, which its class-data archive keeps verified (picocli's own Java 5
 * class files are verified again at every start: docs/performance.md, "picocli compiled for Java
 * 17"); a project that depends on {@code cli}, as this module does, still gets picocli's own jar.
 */
class RunnableJarTest {
  private static final Path JAR = Poms.root().resolve("cli/target/klpct.jar");

  /** Java 17's class-file major version. */
  private static final int JAVA_17 = 61;

  @Test
  void picocliInTheRunnableJarIsCompiledForJava17() throws IOException {
    assertThat(JAR)
        .as("cli's runnable jar, built in cli's package phase before these tests")
        .exists();
    Map<String, Integer> versions = new TreeMap<>();
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      for (ZipEntry e : zip.stream().toList()) {
        if (e.getName().startsWith("picocli/") && e.getName().endsWith(".class")) {
          try (InputStream in = zip.getInputStream(e)) {
            versions.put(e.getName(), majorVersion(in));
          }
        }
      }
    }
    assertThat(versions).containsKey("picocli/CommandLine.class").hasSizeGreaterThan(100);
    assertThat(versions).allSatisfy((name, v) -> assertThat(v).as(name).isEqualTo(JAVA_17));
  }

  @Test
  void aProjectDependingOnCliGetsPicocliItsOwnJar() throws IOException {
    // picocli-java17 is an optional dependency of cli: not on this module's class path.
    try (InputStream in =
        requireNonNull(
            ClassLoader.getSystemResourceAsStream("picocli/CommandLine.class"),
            "picocli on the test class path")) {
      assertThat(majorVersion(in))
          .as("picocli.CommandLine's class-file version")
          .isLessThan(JAVA_17);
    }
  }

  private static int majorVersion(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    assertThat(in.readInt()).as("class-file magic").isEqualTo(0xCAFEBABE);
    in.readUnsignedShort(); // minor
    return in.readUnsignedShort();
  }
}
