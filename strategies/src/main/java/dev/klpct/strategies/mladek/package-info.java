/**
 * Petr Mladek's is_ct_user proposal (mladek): update the patch state remotely while the CPU is in
 * user mode.
 */
@NullMarked
package dev.klpct.strategies.mladek;

import org.jspecify.annotations.NullMarked;
