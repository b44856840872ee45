/**
 * The comparison report of {@code klpct compare --report FILE.html}: a small data model ({@link
 * dev.klpct.cli.report.ComparisonReport} of {@link dev.klpct.cli.report.ModelRun}s, each a memory
 * model's {@link dev.klpct.cli.report.StrategyResult}s, plus optional {@link
 * dev.klpct.cli.report.AblationRow}s and {@link dev.klpct.cli.report.JmhResult}s) and its rendering
 * as one self-contained HTML page with the verdict matrix, every counterexample as the CPU-column
 * diagram, and Chart.js charts inlined from the WebJar on the class path.
 */
@NullMarked
package dev.klpct.cli.report;

import org.jspecify.annotations.NullMarked;
