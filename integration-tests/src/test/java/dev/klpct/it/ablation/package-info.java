/** Barrier ablation on the built-in strategies. */
@NullMarked
package dev.klpct.it.ablation;

import org.jspecify.annotations.NullMarked;
