/**
 * The livepatch SPI: {@link dev.klpct.api.klp.Strategy} bundles a {@link
 * dev.klpct.api.klp.TaskSwitcher}, a {@link dev.klpct.api.klp.PatchStateUpdater} and the {@link
 * dev.klpct.api.klp.ContextTracking} it runs on; {@link dev.klpct.api.klp.Livepatch} is the kernel
 * state a strategy sees. Constants follow {@code include/linux/livepatch.h}.
 */
@NullMarked
package dev.klpct.api.klp;

import org.jspecify.annotations.NullMarked;
