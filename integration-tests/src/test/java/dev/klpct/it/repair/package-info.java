/** Barrier repair and counterexamples exported as litmus tests. */
@NullMarked
package dev.klpct.it.repair;

import org.jspecify.annotations.NullMarked;
