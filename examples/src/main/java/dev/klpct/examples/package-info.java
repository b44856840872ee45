/**
 * Numbered, runnable examples of klpct as a library, in the manner of the JMH and jcstress samples:
 * each {@code ExampleNN_...} class opens with a comment saying what it shows, the command that runs
 * it and its output, which {@code ExamplesTest} keeps true. Start with {@link
 * dev.klpct.examples.Example01_CheckAStrategy}.
 */
@NullMarked
package dev.klpct.examples;

import org.jspecify.annotations.NullMarked;
