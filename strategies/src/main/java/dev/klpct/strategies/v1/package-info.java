/** RFC v1 7/7 clear-then-assign (v1): switch a task remotely after observing CONTEXT_USER. */
@NullMarked
package dev.klpct.strategies.v1;

import org.jspecify.annotations.NullMarked;
