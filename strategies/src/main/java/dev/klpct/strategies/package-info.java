/**
 * The strategies of the October 2021 livepatch / NOHZ_FULL thread and their Dagger wiring: each
 * family's module contributes one {@link dev.klpct.api.klp.Strategy}, assembled from the kernel
 * code of {@code dev.klpct.strategies.kernel}, to a name-keyed map read through {@link
 * dev.klpct.strategies.StrategyRegistry}.
 */
@NullMarked
package dev.klpct.strategies;

import org.jspecify.annotations.NullMarked;
