/**
 * The JVM backend: the kernel primitives on real memory with the access modes and fences of their
 * Linux-kernel memory model ordering ({@link dev.klpct.jvm.JvmKernel} on a {@link
 * dev.klpct.jvm.JvmMemory}), and {@link dev.klpct.jvm.JvmRunner}, which runs a {@link
 * dev.klpct.api.program.Machine} with one thread per simulated CPU, over and over, judging its
 * properties as it goes ({@code klpct stress}, the JMH benchmarks). Unlike the model backend it
 * explores nothing systematically: what it observes is real, what it does not observe proves
 * nothing.
 */
@NullMarked
package dev.klpct.jvm;

import org.jspecify.annotations.NullMarked;
