package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CdsTrainingTest {
  /**
   * Every training command reaches a verdict: a command that no longer parses (a renamed option, a
   * removed strategy) would make the launcher keep no archive, and every start would silently load
   * every class from the jar again.
   */
  @Test
  void everyTrainingCommandReachesAVerdict() throws Exception {
    assertThat(CdsTraining.train()).isZero();
  }
}
