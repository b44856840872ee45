/**
 * The livepatch SPI: a {@link dev.klpct.api.klp.Strategy} (a record) bundles a {@link
 * dev.klpct.api.klp.TaskSwitcher}, a {@link dev.klpct.api.klp.PatchStateUpdater} and the {@link
 * dev.klpct.api.klp.ContextTracking} it runs on; {@link dev.klpct.api.klp.Livepatch} is the kernel
 * state a strategy sees, and its way to the strategy's own {@code klp_update_patch_state()}.
 * Constants follow {@code include/linux/livepatch.h}.
 */
@NullMarked
package dev.klpct.api.klp;

import org.jspecify.annotations.NullMarked;
