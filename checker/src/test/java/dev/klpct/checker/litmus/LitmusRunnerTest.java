package dev.klpct.checker.litmus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.trace.TraceEvent;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Litmus tests under sequential consistency, the checker's only memory model. Where LKMM allows
 * more (MP, SB, LB, 2+2W, IRIW without ordering), the SC answer is asserted; such files are named
 * {@code -sc} or say so in their comment.
 */
class LitmusRunnerTest {

  static Path resource(String name) {
    try {
      return Path.of(LitmusRunnerTest.class.getResource("/litmus/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  static LitmusResult run(String name, boolean reduction) throws Exception {
    LitmusTest t = LitmusParser.parse(resource(name));
    return LitmusRunner.run(t, CheckOptions.defaults().withThreads(1).withReduction(reduction));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    // LKMM: Sometimes; SC: Never (the file's Result line is LKMM's, so it disagrees)
    "MP+poonceonces.litmus, NEVER, false",
    "MP+fencewmbonceonce+fencermbonceonce.litmus, NEVER, true",
    "MP+pooncerelease+poacquireonce.litmus, NEVER, true",
    "MP+poonceonces+sometimes.litmus, SOMETIMES, true",
    // LKMM: Sometimes; SC: Never (the file expects the SC answer)
    "SB+poonceonces-sc.litmus, NEVER, true",
    "SB+fencembonceonces.litmus, NEVER, true",
    // LKMM: Sometimes; SC: Never
    "LB+poonceonces-sc.litmus, NEVER, true",
    "LB+fencembonceonces.litmus, NEVER, true",
    // LKMM: Sometimes; SC: Never
    "2+2W+poonceonces-sc.litmus, NEVER, true",
    "2+2W+fencewmbonceonces-sc.litmus, NEVER, true",
    // LKMM: Sometimes; SC: Never
    "IRIW+poonceonces-sc.litmus, NEVER, true",
    "IRIW+fencembonceonces.litmus, NEVER, true",
    "CoRR+poonceonce+Once.litmus, NEVER, true",
    "CoWW+poonceonce.litmus, NEVER, true",
    "CoWW+forall.litmus, ALWAYS, true",
    "lock+if+cmpxchg.litmus, ALWAYS, true",
  })
  void outcomeUnderSc(String file, Outcome expected, boolean agrees) throws Exception {
    for (boolean reduction : new boolean[] {true, false}) {
      LitmusResult r = run(file, reduction);
      assertThat(r.outcome()).as("reduction " + reduction).contains(expected);
      assertThat(r.agrees()).contains(agrees);
      assertThat(r.problems()).isEmpty();
      assertThat(r.stats().exhaustive()).isTrue();
    }
  }

  @Test
  void sbListsEveryFinalStateButTheLkmmOne() throws Exception {
    LitmusResult r = run("SB+poonceonces-sc.litmus", true);
    assertThat(r.statesComplete()).isTrue();
    assertThat(r.states()).containsExactly("0:r0=0; 1:r0=1;", "0:r0=1; 1:r0=0;", "0:r0=1; 1:r0=1;");
    assertThat(r.satisfying()).isEmpty();
    assertThat(r.falsifying()).isPresent();
    assertThat(r.validated()).contains(false);
  }

  @Test
  void witnessTraceReadsLikeTheTest() throws Exception {
    LitmusResult r = run("MP+poonceonces+sometimes.litmus", true);
    assertThat(r.satisfying()).isPresent();
    assertThat(r.satisfying().get().events())
        .filteredOn(e -> e.kind() == TraceEvent.Kind.PRIMITIVE)
        .extracting(TraceEvent::function)
        .contains("P0", "P1");
    assertThat(r.satisfying().get().events())
        .extracting(TraceEvent::text)
        .anyMatch(t -> t.contains("READ_ONCE"));
    assertThat(r.states()).containsExactly("1:r0=0; 1:r1=0;", "1:r0=0; 1:r1=1;", "1:r0=1; 1:r1=1;");
  }

  @Test
  void lockTestFinalStates() throws Exception {
    LitmusResult r = run("lock+if+cmpxchg.litmus", true);
    assertThat(r.statesComplete()).isTrue();
    assertThat(r.states())
        .containsExactlyInAnyOrder("x=2; 0:r1=0; 1:r1=1; 1:r9=2;", "x=2; 0:r1=2; 1:r1=0; 1:r9=1;");
  }

  @Test
  void notExistsAndForallReportTheBody() throws Exception {
    String src =
        """
        C neg
        { x=1; }
        P0(int *x) { int r0; r0 = READ_ONCE(*x); }
        ~exists (0:r0=2)
        """;
    LitmusResult r =
        LitmusRunner.run(
            LitmusParser.parse("neg.litmus", src), CheckOptions.defaults().withThreads(1));
    assertThat(r.outcome()).contains(Outcome.NEVER);
    assertThat(r.validated()).contains(true);
    assertThat(r.agrees()).isEmpty();
    assertThat(r.states()).containsExactly("0:r0=1;");
  }

  @Test
  void valuesOutsideTheCandidatesMakeTheListIncomplete() throws Exception {
    String src =
        """
        C add
        { x=5; }
        P0(atomic_t *x) { int r0; r0 = atomic_add_return(3, x); }
        exists (x=8)
        """;
    LitmusResult r =
        LitmusRunner.run(
            LitmusParser.parse("add.litmus", src), CheckOptions.defaults().withThreads(1));
    assertThat(r.outcome()).contains(Outcome.ALWAYS);
    assertThat(r.states()).containsExactly("x=8;");
    String src2 = src.replace("exists (x=8)", "exists (0:r0=1)");
    LitmusResult r2 =
        LitmusRunner.run(
            LitmusParser.parse("add.litmus", src2), CheckOptions.defaults().withThreads(1));
    assertThat(r2.outcome()).contains(Outcome.NEVER);
    assertThat(r2.statesComplete()).isFalse();
  }

  @Test
  void deadlockedExecutionsAreNotFinalStates() throws Exception {
    String src =
        """
        C deadlock
        {}
        P0(spinlock_t *l) { spin_lock(l); spin_lock(l); }
        exists (true)
        """;
    LitmusResult r =
        LitmusRunner.run(
            LitmusParser.parse("d.litmus", src), CheckOptions.defaults().withThreads(1));
    assertThat(r.outcome()).contains(Outcome.NEVER);
    assertThat(r.problems()).singleElement().asString().contains("deadlock");
  }

  @Test
  void budgetLeavesTheOutcomeOpen() throws Exception {
    LitmusTest t = LitmusParser.parse(resource("IRIW+poonceonces-sc.litmus"));
    LitmusResult r =
        LitmusRunner.run(
            t, CheckOptions.defaults().withThreads(1).withMaxStates(3).withShortestBudget(3));
    assertThat(r.outcome()).isEqualTo(Optional.empty());
    assertThat(r.statesComplete()).isFalse();
  }
}
