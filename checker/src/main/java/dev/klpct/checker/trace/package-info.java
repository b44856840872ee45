/**
 * Counterexample traces: events, rendering as CPU-column diagrams, and the small text file format
 * they are saved in and replayed from.
 */
@NullMarked
package dev.klpct.checker.trace;

import org.jspecify.annotations.NullMarked;
