package dev.klpct.api.program;

import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;

/**
 * Ghost instrumentation of writes to one location: called by the backend right after each write, as
 * part of the same step, with the value overwritten and the value written. May use only the ghost
 * operations of {@link Kernel} ({@code ghost}, {@code setGhost}, {@code violate}, {@code ghostAdd},
 * {@code note}).
 */
@FunctionalInterface
public interface WriteObserver {
  void onWrite(Kernel k, Loc loc, int oldValue, int newValue, Site site);
}
