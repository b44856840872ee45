/**
 * klpct as a dependency: the BOM pins every published artifact; the consumer project under {@code
 * src/it/consumer}, built by maven-invoker-plugin against the artifacts installed into {@code
 * target/local-repo}, is exactly the code of {@code docs/your-strategy.md}.
 */
@NullMarked
package dev.klpct.it.dependency;

import org.jspecify.annotations.NullMarked;
