/**
 * Peter Zijlstra's ct_work race-to-complete (zijlstra): both CPUs race to finish
 * klp_update_patch_state() before instrumentable code.
 */
@NullMarked
package dev.klpct.strategies.zijlstra;

import org.jspecify.annotations.NullMarked;
