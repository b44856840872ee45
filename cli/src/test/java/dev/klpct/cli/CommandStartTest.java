package dev.klpct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When {@code --time-limit} starts counting: {@link Main#commandStart}. */
class CommandStartTest {
  private static final long NOW = TimeUnit.SECONDS.toNanos(500); // the ticker's reading
  private static final long NOW_MICROS = 1_733_445_566_000_000L; // the wall clock's

  private static long uptimeMillis() {
    return 300;
  }

  /** An uptime that fails the test when read: the launcher's time makes it unnecessary. */
  private static long noUptime() {
    throw new AssertionError("read the JVM's uptime");
  }

  private static final long JVM_START = NOW - TimeUnit.MILLISECONDS.toNanos(300);

  @Test
  void withoutTheLauncherItIsTheJvmsStart() {
    assertThat(Main.commandStart(NOW, CommandStartTest::uptimeMillis, null, NOW_MICROS))
        .isEqualTo(JVM_START);
  }

  @Test
  void theLauncherStartCountsWhenItIsEarlier() {
    // the launcher started 0.45 s ago, 0.15 s before the JVM
    String at = "1733445565.550000";

    assertThat(Main.commandStart(NOW, CommandStartTest::noUptime, at, NOW_MICROS))
        .isEqualTo(NOW - TimeUnit.MILLISECONDS.toNanos(450));
    assertThat(Main.commandStart(NOW, CommandStartTest::noUptime, "1733445565,550000", NOW_MICROS))
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
      assertThat(Main.commandStart(NOW, CommandStartTest::uptimeMillis, at, NOW_MICROS))
          .as(at)
          .isEqualTo(JVM_START);
    }
  }

  @Test
  void aLauncherTimeLaterThanTheJvmsStartIsTakenWithoutReadingTheUptime() {
    // 0.1 s ago, the JVM 0.3 s old: the wall clock stepped back between the launcher and now
    assertThat(Main.commandStart(NOW, CommandStartTest::noUptime, "1733445565.900000", NOW_MICROS))
        .isEqualTo(NOW - TimeUnit.MILLISECONDS.toNanos(100));
  }
}
