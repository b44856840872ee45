/**
 * Litmus tests in the Linux kernel's C dialect (herd7's C format with the primitives of {@code
 * tools/memory-model/linux-kernel.def}): {@link dev.klpct.checker.litmus.LitmusParser} reads one
 * into a {@link dev.klpct.checker.litmus.LitmusTest}, and two engines run it.
 *
 * <p>{@link dev.klpct.checker.litmus.ExactLitmusRunner} is the Linux-kernel memory model, exactly:
 * it enumerates the candidate executions as herd7 does ({@link
 * dev.klpct.checker.litmus.ThreadPaths} builds each process's paths and events) and checks each
 * with {@link dev.klpct.lkmm.Lkmm}; its {@link dev.klpct.checker.litmus.ExactResult} is herd7's
 * {@code Observation}. {@link dev.klpct.checker.litmus.LitmusRunner} runs the part of the dialect
 * the kernel model's primitives cover on the model checker ({@link
 * dev.klpct.checker.litmus.LitmusMachine}, lowered by {@link dev.klpct.checker.litmus.FlatProgram})
 * under its operational memory systems (sc, x86-TSO, the LKMM view machine), to measure them.
 */
@NullMarked
package dev.klpct.checker.litmus;

import org.jspecify.annotations.NullMarked;
