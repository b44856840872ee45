/**
 * Golden outputs: what {@code klpct compare}, {@code check}, {@code ablate} and {@code litmus}
 * print on the documented configurations, kept byte for byte so that a refactoring that changes a
 * verdict, a state count or a counterexample cannot pass unnoticed.
 */
@NullMarked
package dev.klpct.it.golden;

import org.jspecify.annotations.NullMarked;
