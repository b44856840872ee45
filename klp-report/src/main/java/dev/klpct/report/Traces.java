package dev.klpct.report;

import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.trace.TraceFile;
import dev.klpct.core.KlpMachine;
import dev.klpct.core.KlpTrace;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Trace files of a {@link KlpMachine}: a counterexample saved with what rebuilds its machine
 * ({@link KlpTrace}), and replayed on the rebuilt machine. What {@code klpct check --save-trace}
 * writes and {@code klpct replay} reads:
 *
 * <pre>{@code
 * TraceFile saved = Traces.save(machine, counterexample, MemoryModel.LKMM);
 * OutputFile.write(file, saved.format(), "trace");
 * ...
 * ReplayResult r = Traces.replay(file, StrategyComponent.builtIn()::get);
 * System.out.print(ReportFormat.TEXT.print(r));
 * }</pre>
 */
public final class Traces {
  private Traces() {}

  /** The trace file of {@code cx}, a counterexample of {@code machine} under {@code model}. */
  public static TraceFile save(KlpMachine machine, Counterexample cx, MemoryModel model) {
    return new TraceFile(
        KlpTrace.of(machine, model.id(), cx.property(), cx.why()).header(), cx.steps());
  }

  /**
   * Reads {@code file} and replays it.
   *
   * @param strategies finds a strategy by name; an unknown name's exception passes through
   * @throws IllegalArgumentException naming the file and the problem in words: unreadable,
   *     malformed, a header that does not parse, or a schedule that does not fit the machine
   */
  public static ReplayResult replay(Path file, Function<String, Strategy> strategies) {
    TraceFile tf;
    try {
      tf = TraceFile.read(file);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("cannot read trace file " + file + ": not UTF-8 text", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read trace file " + file + ": " + OutputFile.reason(e), e);
    } catch (TraceFile.MalformedTraceException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return replay(tf, file.toString(), strategies);
  }

  /**
   * Replays {@code trace} on the machine its header names.
   *
   * @param source names the trace in messages and in the report
   * @throws IllegalArgumentException starting with {@code source}, for a header that does not parse
   *     or a schedule that does not fit the machine
   */
  public static ReplayResult replay(
      TraceFile trace, String source, Function<String, Strategy> strategies) {
    KlpTrace header = KlpTrace.fromHeader(trace.header(), source);
    MemoryModel model;
    try {
      model = MemoryModel.of(header.memoryModel());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    KlpMachine m = header.machine(strategies);
    Checker.Replayed rep =
        new Checker(CheckOptions.defaults().withThreads(1).withMemoryModel(model))
            .replay(m, trace.steps());
    if (!rep.completed()) {
      throw new IllegalArgumentException(
          source + ": the trace does not fit this model: " + rep.failure());
    }
    return new ReplayResult(
        source,
        header.strategy(),
        String.valueOf(trace.header().get("options")),
        model.id(),
        StrategyResult.cpuNames(m),
        trace.steps().size(),
        rep.events(),
        rep.violations(),
        rep.violations().isEmpty() ? ExitCode.HOLDS : ExitCode.VIOLATED);
  }
}
