/**
 * Cross-checks of the exploration engine on small configurations: partial-order reduction on and
 * off, one and two exploring threads, must give the same verdicts and the same shortest
 * counterexample lengths.
 */
@NullMarked
package dev.klpct.it.reduction;

import org.jspecify.annotations.NullMarked;
