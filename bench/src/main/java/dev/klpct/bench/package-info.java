/**
 * JMH benchmarks of the strategies on the JVM backend and of the model checker: the cost of {@code
 * klp_update_patch_state()} against the bare memory operations it is built from, the remote switch
 * of a task in user mode, a whole transition on real threads, and checker throughput. Run them from
 * {@code bench/target/benchmarks.jar}; see bench/README.md.
 */
@NullMarked
package dev.klpct.bench;

import org.jspecify.annotations.NullMarked;
