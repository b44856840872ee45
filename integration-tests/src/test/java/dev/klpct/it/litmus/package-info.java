/** The litmus conformance suite: klpct's memory models against documented outcomes. */
@NullMarked
package dev.klpct.it.litmus;

import org.jspecify.annotations.NullMarked;
