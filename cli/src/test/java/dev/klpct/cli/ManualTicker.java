package dev.klpct.cli;

import com.google.common.base.Ticker;
import java.util.concurrent.TimeUnit;

/** A clock a test sets by hand, for a {@link Session} to read instead of the system's. */
final class ManualTicker extends Ticker {
  private volatile long nanos;

  /** Reads {@code seconds} until set. */
  ManualTicker(long seconds) {
    set(seconds);
  }

  @Override
  public long read() {
    return nanos;
  }

  /** From now on reads {@code seconds}. */
  void set(long seconds) {
    nanos = TimeUnit.SECONDS.toNanos(seconds);
  }
}
