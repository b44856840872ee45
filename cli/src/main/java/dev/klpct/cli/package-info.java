/**
 * The {@code klpct} command line (picocli): {@code list}, {@code check}, {@code compare}, {@code
 * ablate}, {@code replay}, {@code measure}, {@code litmus} and {@code stress}. Commands only parse
 * into the library's own types ({@link dev.klpct.core.KlpConfig}, {@link
 * dev.klpct.checker.CheckOptions}) and print the library's reports ({@code dev.klpct.report}).
 */
@NullMarked
package dev.klpct.cli;

import org.jspecify.annotations.NullMarked;
