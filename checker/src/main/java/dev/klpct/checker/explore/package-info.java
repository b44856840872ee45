/**
 * The exploration engine: the replaying {@code ModelKernel}, the compact state store, and the
 * breadth-first explorer with partial-order reduction. See the design essay in {@link
 * dev.klpct.checker.explore.Explorer}.
 */
@NullMarked
package dev.klpct.checker.explore;

import org.jspecify.annotations.NullMarked;
