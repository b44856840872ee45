package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.klp.Strategy;
import dev.klpct.report.ExitCode;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.StrategyRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.inject.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Main#run(StrategyRegistry, String[], PrintWriter, PrintWriter)}: every command works on
 * the registry it is given, not on the built-in one. The registry under test is made with its
 * constructor, as a component of the user's would make it.
 */
class MainTest {
  private static final StrategyRegistry BUILT_IN = StrategyComponent.builtIn();

  /** A user's strategy: v1's parts under another name, so that its verdicts are known. */
  private static final Strategy V1_COPY = copy(BUILT_IN.get("v1"), "user.v1-copy");

  private static final StrategyRegistry USER =
      new StrategyRegistry(
          Map.<String, Provider<Strategy>>of(
              "zijlstra", () -> BUILT_IN.get("zijlstra"), V1_COPY.name(), () -> V1_COPY));

  private static Strategy copy(Strategy s, String name) {
    return s.toBuilder().name(name).description("copy of " + s.name()).build();
  }

  record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(USER, args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void listShowsTheGivenStrategiesOnly() {
    Result r = run("list");
    assertThat(r.exit()).isEqualTo(ExitCode.HOLDS);
    assertThat(r.out()).contains("user.v1-copy", "copy of v1", "zijlstra").doesNotContain("mladek");
  }

  @Test
  void checkFindsTheUserStrategyByName() {
    Result r =
        run("check", "--strategy", "user.v1-copy", "--contract", "consistency", "--threads", "1");
    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(r.out()).contains("klpct check --strategy user.v1-copy", "consistency VIOLATED");
  }

  @Test
  void builtInsOutsideTheRegistryAreUnknown() {
    Result r = run("check", "--strategy", "v1");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("unknown strategy 'v1' (known: user.v1-copy, zijlstra)");
  }

  @Test
  void compareDefaultsToEveryGivenStrategy() {
    Result r = run("compare", "--threads", "1");
    assertThat(r.exit()).isEqualTo(ExitCode.HOLDS);
    assertThat(r.out())
        .containsPattern("(?m)^user\\.v1-copy +VIOLATED")
        .containsPattern("(?m)^zijlstra +HOLDS");
  }

  @Test
  void replayRebuildsTheUserStrategy(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("copy.trace");
    Result saved =
        run(
            "check",
            "--strategy",
            "user.v1-copy",
            "--contract",
            "consistency",
            "--threads",
            "1",
            "--save-trace",
            trace.toString());
    assertThat(saved.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(Files.readString(trace)).contains("strategy user.v1-copy");
    Result r = run("replay", trace.toString());
    assertThat(r.exit()).isEqualTo(ExitCode.VIOLATED);
    assertThat(r.out()).contains("strategy user.v1-copy", "VIOLATED consistency");
  }
}
