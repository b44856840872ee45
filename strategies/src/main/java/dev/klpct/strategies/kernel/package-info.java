/**
 * The kernel code of the October 2021 livepatch / NOHZ_FULL thread as named building blocks: the
 * {@code klp_update_patch_state()} functions of upstream, RFC v2 09/11, Petr Mladek and Peter
 * Zijlstra ({@link dev.klpct.strategies.kernel.PatchStateUpdaters}), the transition CPU's {@code
 * klp_check_and_switch_task()} of each proposal ({@link dev.klpct.strategies.kernel.TaskSwitchers})
 * and the stack-check switch of a task that is not running ({@link
 * dev.klpct.strategies.kernel.StackCheckSwitch}). The built-in strategies are assembled from them,
 * and so is a variant of one: {@link
 * dev.klpct.strategies.kernel.PatchStateUpdaters#withoutBarriers} takes barriers out of an updater
 * without copying it.
 */
@NullMarked
package dev.klpct.strategies.kernel;

import org.jspecify.annotations.NullMarked;
