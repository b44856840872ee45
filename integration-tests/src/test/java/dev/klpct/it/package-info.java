/**
 * Integration tests over the real modules, packaged by feature: {@code matrix} (every registered
 * strategy in every small scenario), {@code findings} (the October 2021 thread's results), {@code
 * reduction} (partial-order reduction and threads change no verdict) and {@code contracts} (the
 * contract suite as a user runs it). This package holds the shared scenario fixture.
 */
@NullMarked
package dev.klpct.it;

import org.jspecify.annotations.NullMarked;
