package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When {@code --time-limit} starts counting: {@link Main#commandStart}. */
class CommandStartTest {
  private static final long NOW = TimeUnit.SECONDS.toNanos(500); // the ticker's reading
  private static final long NOW_MICROS = 1_733_445_566_000_000L; // the wall clock's
  private static final long UPTIME_MILLIS = 300;
  private static final long JVM_START = NOW - TimeUnit.MILLISECONDS.toNanos(UPTIME_MILLIS);

  @Test
  void withoutTheLauncherItIsTheJvmsStart() {
    assertThat(Main.commandStart(NOW, UPTIME_MILLIS, null, NOW_MICROS)).isEqualTo(JVM_START);
  }

  @Test
  void theLauncherStartCountsWhenItIsEarlier() {
    // the launcher started 0.45 s ago, 0.15 s before the JVM
    String at = "1733445565.550000";

    assertThat(Main.commandStart(NOW, UPTIME_MILLIS, at, NOW_MICROS))
        .isEqualTo(NOW - TimeUnit.MILLISECONDS.toNanos(450));
    assertThat(Main.commandStart(NOW, UPTIME_MILLIS, "1733445565,550000", NOW_MICROS))
        .as("a locale's decimal comma")
        .isEqualTo(NOW - TimeUnit.MILLISECONDS.toNanos(450));
  }

  @Test
  void aLauncherTimeThatCannotBeThisCommandsIsIgnored() {
    for (String at :
        new String[] {
          "1733445500.000000", // 66 s ago: not this command's launcher
          "1733445567.000000", // in the future
          "1733445565.9", // not EPOCHREALTIME's six decimals
          "",
          "soon"
        }) {
      assertThat(Main.commandStart(NOW, UPTIME_MILLIS, at, NOW_MICROS)).as(at).isEqualTo(JVM_START);
    }
    // later than the JVM's start (a clock step): the JVM's start
    assertThat(Main.commandStart(NOW, UPTIME_MILLIS, "1733445565.900000", NOW_MICROS))
        .isEqualTo(JVM_START);
  }
}
