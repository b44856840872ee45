/**
 * The model checker's public face: {@link dev.klpct.checker.Checker} explores a {@link
 * dev.klpct.api.program.Machine} exhaustively and returns a {@link dev.klpct.checker.CheckReport}
 * with a {@link dev.klpct.checker.Verdict} and, for violations, a shortest {@link
 * dev.klpct.checker.Counterexample} per contract.
 */
@NullMarked
package dev.klpct.checker;

import org.jspecify.annotations.NullMarked;
