/**
 * klpct's results as reports, for the {@code klpct} command and for tools that embed klpct: one
 * report model and one printer per format, after JMH's result formats and jcstress's report
 * printers.
 *
 * <p>The model is a {@link dev.klpct.report.Report} per command: {@link
 * dev.klpct.report.CheckResult} ({@code klpct check}), {@link dev.klpct.report.Comparison} ({@code
 * compare}, with its {@link dev.klpct.report.ModelRun}s of {@link dev.klpct.report.StrategyResult}s
 * and optional {@link dev.klpct.report.AblationTable}s and {@link dev.klpct.report.JmhResult}s),
 * {@link dev.klpct.report.AblationReport} ({@code ablate}), {@link dev.klpct.report.StressResult}
 * ({@code stress}), {@link dev.klpct.report.ReplayResult} ({@code replay}), {@link
 * dev.klpct.report.RepairReport} ({@code repair}) and {@link dev.klpct.report.LitmusReport} ({@code
 * litmus}). The printers are {@link dev.klpct.report.TextReport}, {@link
 * dev.klpct.report.MarkdownReport}, {@link dev.klpct.report.JsonReport}, {@link
 * dev.klpct.report.HtmlReport} and {@link dev.klpct.report.MailReport}, chosen by {@link
 * dev.klpct.report.ReportFormat}; each is a pure function of the report, so the same result prints
 * the same bytes.
 *
 * <p>{@link dev.klpct.report.Traces} saves a counterexample of a {@code KlpMachine} as a trace file
 * and replays one; {@link dev.klpct.report.OutputFile} writes files atomically, with errors in
 * words.
 */
@NullMarked
package dev.klpct.report;

import org.jspecify.annotations.NullMarked;
