/**
 * Context tracking of NOHZ_FULL CPUs: the 2021 per-CPU state ({@code StateContextTracker}) and the
 * RFC v2 07/11 atomic seq/work encoding ({@code SeqWorkContextTracker}), created through {@link
 * dev.klpct.ct.ContextTrackers}.
 */
@NullMarked
package dev.klpct.ct;

import org.jspecify.annotations.NullMarked;
