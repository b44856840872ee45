/**
 * The upstream v5.15 strategy (baseline): running tasks are switched only by themselves, eventually
 * after a fake signal.
 */
@NullMarked
package dev.klpct.strategies.baseline;

import org.jspecify.annotations.NullMarked;
