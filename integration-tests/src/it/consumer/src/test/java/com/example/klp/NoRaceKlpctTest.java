package com.example.klp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code zijlstra.no-race} through the {@code klpct} command, as {@link NoRaceKlpct} runs it. */
class NoRaceKlpctTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int klpct(String... args) {
    return Main.run(
        NoRaceKlpct.strategies(), args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void listShowsOurStrategyNextToTheBuiltIns() {
    assertThat(klpct("list")).isZero();
    assertThat(out.toString()).contains("zijlstra.no-race", "zijlstra ", "baseline");
  }

  @Test
  void checkFindsTheFakeSignal() throws IOException {
    int exit =
        klpct("check", "--strategy", "zijlstra.no-race", "--contract", "consistency,nohz-undisturbed");
    assertThat(exit).as("exit code (1: a contract is violated)").isEqualTo(1);
    assertThat(out.toString())
        .isEqualTo(Files.readString(Path.of("src/test/resources/check-no-race.txt")));
  }

  @Test
  void compareWithZijlstra() {
    assertThat(klpct("compare", "--strategies", "zijlstra,zijlstra.no-race")).isZero();
    // Each row: the ten contracts, then disturbances and failed attempts (min..max).
    assertThat(out.toString())
        .containsPattern("\nzijlstra +(HOLDS +){10}0 +0\\.\\.1 ")
        .containsPattern(
            "\nzijlstra\\.no-race +(HOLDS +){6}VIOLATED \\(22\\) +(HOLDS +){3}0\\.\\.2 +0\\.\\.4 ");
  }
}
