/**
 * Litmus tests in herd7's C format (the format of the Linux kernel's {@code
 * tools/memory-model/litmus-tests}): {@link dev.klpct.checker.litmus.LitmusParser} reads one into a
 * {@link dev.klpct.checker.litmus.LitmusTest}, {@link dev.klpct.checker.litmus.LitmusMachine} turns
 * it into a {@link dev.klpct.api.program.Machine}, and {@link
 * dev.klpct.checker.litmus.LitmusRunner} explores it with the checker and reports the outcome of
 * the final clause (Never, Sometimes, Always) under the checker's memory model, which is sequential
 * consistency only.
 */
@NullMarked
package dev.klpct.checker.litmus;

import org.jspecify.annotations.NullMarked;
