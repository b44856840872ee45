/**
 * Parts shared by several strategies: the stack-check switch of non-running tasks, the upstream
 * klp_update_patch_state() and SimpleStrategy.
 */
@NullMarked
package dev.klpct.strategies.common;

import org.jspecify.annotations.NullMarked;
