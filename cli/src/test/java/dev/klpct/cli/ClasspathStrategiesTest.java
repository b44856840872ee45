package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.klp.Strategy;
import dev.klpct.report.ExitCode;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.StrategyProvider;
import dev.klpct.strategies.StrategyRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.inject.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --classpath}: a user's strategies found with {@link java.util.ServiceLoader}, next to the
 * built-in ones, with no main of the user's. The directory given holds what a project generated
 * from klp-archetype has in {@code target/classes}: the services file (the provider's class comes
 * from this module's tests).
 */
class ClasspathStrategiesTest {
  /** A user's provider: v1's parts under another name, so that its verdicts are known. */
  public static final class UserStrategies implements StrategyProvider {
    @Override
    public StrategyRegistry strategies() {
      Strategy s =
          StrategyComponent.builtIn().get("v1").toBuilder()
              .name("mine")
              .description("v1 under another name")
              .build();
      return new StrategyRegistry(Map.<String, Provider<Strategy>>of("mine", () -> s));
    }
  }

  record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static Path classes(Path dir, String provider) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(StrategyProvider.class.getName()), provider + "\n");
    return dir;
  }

  @Test
  void checkRunsTheStrategyFoundOnTheClasspath(@TempDir Path dir) throws IOException {
    Path classes = classes(dir, UserStrategies.class.getName());
    Result r =
        run(
            "check",
            "--classpath",
            classes.toString(),
            "--strategy",
            "mine",
            "--contract",
            "consistency",
            "--threads",
            "1");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(r.out())
        .contains("klpct check --strategy mine", "consistency VIOLATED", "CPU0 (klp transition)");
  }

  @Test
  void listShowsItNextToTheBuiltIns(@TempDir Path dir) throws IOException {
    Result r = run("--classpath", classes(dir, UserStrategies.class.getName()).toString(), "list");
    assertThat(r.exit()).isEqualTo(ExitCode.HOLDS);
    assertThat(r.out()).contains("mine", "v1 under another name", "zijlstra", "baseline");
  }

  @Test
  void withoutTheClasspathTheStrategyIsUnknown() {
    Result r = run("check", "--strategy", "mine");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("unknown strategy 'mine'");
  }

  @Test
  void aMissingPathIsAUsageError(@TempDir Path dir) {
    Path missing = dir.resolve("target/classes");
    Result r = run("check", "--classpath", missing.toString(), "--strategy", "mine");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .isEqualTo("klpct: --classpath: " + missing + ": no such file or directory\n");
  }

  @Test
  void aPathWithoutProviderSaysWhatIsMissing(@TempDir Path dir) {
    Result r = run("check", "--classpath", dir.toString(), "--strategy", "mine");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .startsWith("klpct: --classpath: no strategy provider in [" + dir + "]")
        .contains("META-INF/services/dev.klpct.strategies.StrategyProvider");
  }

  @Test
  void aProviderThatCannotBeLoadedIsAUsageError(@TempDir Path dir) throws IOException {
    Result r =
        run(
            "check",
            "--classpath",
            classes(dir, "com.example.Missing").toString(),
            "--strategy",
            "mine");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .startsWith("klpct: --classpath: cannot load a strategy provider:")
        .contains("com.example.Missing")
        .doesNotContain("\tat ");
  }
}
