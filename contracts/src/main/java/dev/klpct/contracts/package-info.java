/**
 * The shared contract suite: {@link dev.klpct.contracts.StrategyContract}, a JUnit 5 test interface
 * any strategy's test implements with one factory method to have the strategy checked exhaustively
 * against every livepatch contract, and {@link dev.klpct.contracts.KlpAssertions}, the AssertJ
 * entry point for checker reports whose failures print the verdict table and the counterexamples'
 * reasons; and {@link dev.klpct.contracts.StrategyMatrix}, which runs a parameterized test over
 * every strategy of a registry times a list of scenarios. Consumed with {@code
 * <scope>test</scope>}.
 */
@NullMarked
package dev.klpct.contracts;

import org.jspecify.annotations.NullMarked;
