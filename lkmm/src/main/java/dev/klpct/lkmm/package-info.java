/**
 * The Linux-kernel memory model (LKMM) as a checker of execution graphs: an {@link
 * dev.klpct.lkmm.EventStructure} (events, program order, dependencies) and an {@link
 * dev.klpct.lkmm.ExecutionGraph} (plus reads-from and coherence) go in, {@link
 * dev.klpct.lkmm.Lkmm#check} says whether {@code tools/memory-model/linux-kernel.cat} allows the
 * execution, which of its checks fails first ({@link dev.klpct.lkmm.Axiom}) and which flags an
 * allowed execution raises ({@link dev.klpct.lkmm.Flag}). Nothing here knows litmus syntax or the
 * model checker: any producer of execution graphs can use it.
 */
@NullMarked
@CheckReturnValue
package dev.klpct.lkmm;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
