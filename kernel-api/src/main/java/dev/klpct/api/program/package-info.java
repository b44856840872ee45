/**
 * The program SPI the model checker executes: a {@link dev.klpct.api.program.Machine} is a memory
 * layout, one {@link dev.klpct.api.program.CpuProgram} per CPU and the {@link
 * dev.klpct.api.program.Property properties} to judge. Nothing here is specific to livepatch;
 * litmus tests are a second client of the same SPI.
 */
@NullMarked
package dev.klpct.api.program;

import org.jspecify.annotations.NullMarked;
