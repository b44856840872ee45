/**
 * The registry-driven matrix on the built-in strategies: {@link dev.klpct.contracts.StrategyMatrix}
 * expands a parameterized test over every strategy the built-in Dagger registry knows times a list
 * of scenarios, so a new strategy is covered without touching a test.
 */
@NullMarked
package dev.klpct.it.matrix;

import org.jspecify.annotations.NullMarked;
