/**
 * Integration tests over the real modules, packaged by feature: {@code matrix} (every registered
 * strategy in every small scenario), {@code findings} (the October 2021 thread's results), {@code
 * reduction} (partial-order reduction and threads change no verdict), {@code contracts} (the
 * contract suite as a user runs it) and {@code dependency} (the BOM, and the consumer project built
 * against the installed artifacts). This package holds the shared scenario fixture.
 */
@NullMarked
package dev.klpct.it;

import org.jspecify.annotations.NullMarked;
