/**
 * The model checker's engine, internal to the checker: the {@link
 * dev.klpct.checker.internal.explore.Search} with its expanders, persistent sets, judge and state
 * graph; the replaying kernel and its primitive table; the memory systems (sequential consistency,
 * x86-TSO, the LKMM view machine). See the design essay in {@link
 * dev.klpct.checker.internal.explore.Search} and docs/checker.md. Public types here are public only
 * so that the checker's facade can reach them; they are not API.
 */
@NullMarked
package dev.klpct.checker.internal.explore;

import org.jspecify.annotations.NullMarked;
