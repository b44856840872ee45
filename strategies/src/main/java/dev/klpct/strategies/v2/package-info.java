/**
 * RFC v2 09/11 deferred (v2): post CT_WORK_KLP, clear TIF now, assign on the task's next kernel
 * entry.
 */
@NullMarked
package dev.klpct.strategies.v2;

import org.jspecify.annotations.NullMarked;
