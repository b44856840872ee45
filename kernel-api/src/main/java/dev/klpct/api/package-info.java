/**
 * The vocabulary of klpct: the kernel primitives interface {@link dev.klpct.api.Kernel}, memory
 * locations ({@link dev.klpct.api.Loc}), call sites ({@link dev.klpct.api.Site}) and guards.
 * Strategy code and the kernel model touch shared state only through these types, which lets the
 * same code run on the model checker and on real threads.
 */
@NullMarked
package dev.klpct.api;

import org.jspecify.annotations.NullMarked;
