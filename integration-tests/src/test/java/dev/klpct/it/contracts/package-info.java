/**
 * The contract suite of the {@code contracts} module used the way a strategy author uses it: one
 * small class per strategy implementing {@code StrategyContract}, with each known violation
 * declared and commented, for the built-in strategies and for one written here.
 */
@NullMarked
package dev.klpct.it.contracts;

import org.jspecify.annotations.NullMarked;
