/**
 * The {@code klpct} command line (picocli): {@code list}, {@code check}, {@code compare}, {@code
 * replay} and {@code measure}. Commands only parse into the library's own types ({@link
 * dev.klpct.core.KlpConfig}, {@link dev.klpct.checker.CheckOptions}) and render results.
 */
@NullMarked
package dev.klpct.cli;

import org.jspecify.annotations.NullMarked;
