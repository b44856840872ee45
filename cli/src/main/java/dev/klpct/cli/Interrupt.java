package dev.klpct.cli;

import dev.klpct.checker.CheckOptions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An interrupt of the running command (Ctrl-C, or a test): once triggered, every search of the
 * command stops at its next budget check and reports what it explored, INCONCLUSIVE. Thread-safe.
 */
final class Interrupt implements CheckOptions.StopCondition {
  private final AtomicReference<String> reason = new AtomicReference<>();

  /** Stops the command's searches; the first reason given stays. */
  void trigger(String why) {
    reason.compareAndSet(null, why);
  }

  @Override
  public Optional<String> reason() {
    return Optional.ofNullable(reason.get());
  }

  boolean triggered() {
    return reason.get() != null;
  }
}
