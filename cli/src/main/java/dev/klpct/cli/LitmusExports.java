package dev.klpct.cli;

import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.litmus.LitmusException;
import dev.klpct.checker.litmus.LitmusExport;
import dev.klpct.core.KlpMachine;
import java.util.List;
import java.util.Optional;

/**
 * A counterexample of the CLI as a litmus test ({@code --export-litmus}, {@code --format mail}).
 */
final class LitmusExports {
  private LitmusExports() {}

  /**
   * The litmus test of {@code cx}, found under {@code model}, or empty with the reason on standard
   * error.
   *
   * @param command the klpct command line that reproduces the counterexample
   */
  static Optional<LitmusExport.Exported> export(
      Session session, KlpMachine m, Counterexample cx, MemoryModel model, String command) {
    if (model == MemoryModel.SC) {
      session
          .err()
          .println(
              "klpct: the "
                  + cx.property()
                  + " counterexample was found under sc: it needs no reordering, so there is no"
                  + " litmus test of it (check under tso or lkmm)");
      return Optional.empty();
    }
    try {
      LitmusExport.Result r = LitmusExport.export(cx, comment(m, cx, model, command));
      if (r.exported().isEmpty()) {
        session
            .err()
            .println(
                "klpct: no litmus test for the " + cx.property() + " counterexample: " + r.why());
      }
      return r.exported();
    } catch (LitmusException e) {
      session.err().println("klpct: could not write a litmus test: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The comment at the top of an exported test. */
  static List<String> comment(KlpMachine m, Counterexample cx, MemoryModel model, String command) {
    return List.of(
        "Result: Sometimes",
        "",
        "Exported by klpct from a counterexample of strategy " + m.strategy().name() + ":",
        "contract "
            + cx.property()
            + " violated under "
            + model.id()
            + " in "
            + cx.length()
            + " steps.",
        "Scenario: " + m.description(),
        "Reproduce: " + command,
        "Only the accesses the reordering needs are kept; the exists clause names the values",
        "the counterexample read.");
  }
}
