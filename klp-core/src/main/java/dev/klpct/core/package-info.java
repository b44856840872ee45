/**
 * The kernel model: livepatch transition ({@code TransitionDriver}), NOHZ_FULL user tasks ({@code
 * NohzTask}), {@code klp_ftrace_handler()} dispatch and the ghost bookkeeping behind the {@link
 * dev.klpct.core.Contract contracts}; {@link dev.klpct.core.KlpMachine} puts a strategy into a
 * scenario ({@link dev.klpct.core.KlpConfig}) for the checker.
 */
@NullMarked
package dev.klpct.core;

import org.jspecify.annotations.NullMarked;
