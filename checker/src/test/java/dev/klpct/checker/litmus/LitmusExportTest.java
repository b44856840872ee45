package dev.klpct.checker.litmus;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import dev.klpct.api.Site;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.Edit;
import dev.klpct.checker.trace.Step;
import dev.klpct.checker.trace.TraceEvent;
import dev.klpct.checker.trace.TraceEvent.Access;
import dev.klpct.checker.trace.TraceEvent.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Counterexamples cut down to litmus tests, on hand-written traces. */
class LitmusExportTest {
  /** Zijlstra's Z2 put back: smp_mb__before_atomic() after the patch_state write. */
  private static final Edit Z2_BACK =
      new Edit(
          Site.in("klp_update_patch_state"),
          "WRITE_ONCE",
          Edit.pattern("T1->patch_state"),
          Edit.Kind.SMP_MB_BEFORE_ATOMIC);

  private final List<TraceEvent> events = new ArrayList<>();

  private void load(int cpu, String f, String loc, int found) {
    events.add(
        event(
            cpu,
            f,
            new Access(
                "READ_ONCE",
                Op.LOAD,
                null,
                Ordering.RELAXED,
                true,
                loc,
                0,
                0,
                0,
                found,
                "",
                true)));
  }

  private void store(int cpu, String f, String loc, int v) {
    events.add(
        event(
            cpu,
            f,
            new Access(
                "WRITE_ONCE", Op.STORE, null, Ordering.RELAXED, true, loc, 0, v, 0, v, "", false)));
  }

  private void fence(int cpu, String f, String name, boolean ordered) {
    events.add(
        event(
            cpu,
            f,
            new Access(
                name, Op.FENCE, null, Ordering.RELAXED, ordered, "", 0, 0, 0, 0, "", false)));
  }

  private void rmw(int cpu, String f, String loc, int operand, int found) {
    events.add(
        event(
            cpu,
            f,
            new Access(
                "atomic_add_return",
                Op.RMW,
                RmwOp.ADD,
                Ordering.FULL,
                true,
                loc,
                0,
                operand,
                0,
                found,
                "",
                true)));
  }

  /** A bit operation that returns nothing ({@code set_bit}, {@code clear_bit}): relaxed. */
  private void bitop(int cpu, String f, String name, RmwOp op, String loc, int found) {
    events.add(
        event(
            cpu,
            f,
            new Access(name, Op.RMW, op, Ordering.RELAXED, true, loc, 0, 1, 0, found, "", false)));
  }

  private TraceEvent event(int cpu, String f, Access a) {
    return new TraceEvent(
        events.size(), cpu, f, a.primitive() + "(...)", TraceEvent.Kind.PRIMITIVE, Optional.of(a));
  }

  private Counterexample cx() {
    List<Step> steps = new ArrayList<>();
    for (TraceEvent e : events) {
      steps.add(new Step(e.cpu(), -1));
    }
    return new Counterexample(
        "c", ImmutableList.copyOf(steps), ImmutableList.copyOf(events), "why", true);
  }

  @Test
  void messagePassingWithoutTheReadBarrierBecomesAnMpTestWithoutTheAccessesItDoesNotNeed()
      throws Exception {
    store(0, "writer", "data", 1);
    fence(0, "writer", "smp_wmb", true);
    store(0, "writer", "flag", 1);
    load(1, "reader", "other", 0); // a location nobody writes: not needed
    load(1, "reader", "flag", 1);
    fence(1, "reader", "smp_rmb", false); // removed by ablation: left out
    load(1, "reader", "data", 0);
    LitmusExport.Result r = LitmusExport.export(cx(), List.of("from a test"));

    assertThat(r.exported()).isPresent();
    LitmusExport.Exported x = r.exported().get();
    assertThat(x.name()).isEqualTo("MP+fencewmbonceonce+poonceonce");
    assertThat(x.source())
        .contains("WRITE_ONCE(*data, 1);\n\tsmp_wmb();\n\tWRITE_ONCE(*flag, 1);")
        .contains("r0 = READ_ONCE(*flag);\n\tr1 = READ_ONCE(*data);")
        .contains("exists (1:r0=1 /\\ 1:r1=0)")
        .doesNotContain("other")
        .doesNotContain("smp_rmb");
    assertThat(ExactLitmusRunner.run(x.test()).outcome()).isEqualTo(Outcome.SOMETIMES);

    // The read barrier put back (between the two loads of "reader"): Never.
    Edit rmb = new Edit(Site.in("reader"), "READ_ONCE", "flag", Edit.Kind.SMP_RMB);
    String repaired =
        LitmusExport.withEdits(
            x, "MP+fencewmbonceonce+fencermbonceonce", List.of(), ImmutableSet.of(rmb));
    assertThat(repaired).contains("r0 = READ_ONCE(*flag);\n\tsmp_rmb();\n\tr1 = READ_ONCE(*data);");
    assertThat(LitmusExport.outcome(repaired)).isEqualTo(Outcome.NEVER);
    // Making the flag load an acquire also forbids it; a barrier after the wrong load does not.
    Edit acquire = new Edit(Site.in("reader"), "READ_ONCE", "flag", Edit.Kind.ACQUIRE);
    assertThat(
            LitmusExport.outcome(
                LitmusExport.withEdits(x, "t", List.of(), ImmutableSet.of(acquire))))
        .isEqualTo(Outcome.NEVER);
    Edit wrong = new Edit(Site.in("reader"), "READ_ONCE", "data", Edit.Kind.SMP_MB);
    assertThat(
            LitmusExport.outcome(LitmusExport.withEdits(x, "t", List.of(), ImmutableSet.of(wrong))))
        .isEqualTo(Outcome.SOMETIMES);
  }

  @Test
  void aDroppedFullyOrderedRmwLeavesItsFullBarrierBehind() throws Exception {
    // Store buffering where each CPU's ordering comes from an RMW on a location of its own.
    store(0, "a", "x", 1);
    rmw(0, "a", "c0", 1, 0);
    load(0, "a", "y", 0);
    store(1, "b", "y", 1);
    load(1, "b", "x", 0);
    LitmusExport.Exported x = LitmusExport.export(cx(), List.of()).exported().orElseThrow();

    assertThat(x.source()).contains("WRITE_ONCE(*x, 1);\n\tsmp_mb();\n\tr0 = READ_ONCE(*y);");
    assertThat(x.source()).doesNotContain("c0");
    assertThat(x.name()).isEqualTo("SB+fencembonceonce+poonceonce");
  }

  /**
   * zijlstra without Z2 (docs/barriers.md): CPU1 reads the 0 that CPU0's clear_bit wrote, not the
   * initial 0. The test keeps the clear_bit, folds the set_bit before it into the initial value,
   * and does not turn the unrelated message through "work" into a test of its own (which it did
   * while a read's value could come to be explained by the initial value).
   */
  @Test
  void aReadKeepsTheWriteItReadFromAndEarlierWritesFoldIntoTheInitialValue() throws Exception {
    bitop(0, "klp_start_transition", "set_bit", RmwOp.OR, "T1->flags", 0);
    bitop(0, "ct_set_cpu_work", "set_bit", RmwOp.OR, "work", 0);
    store(0, "klp_update_patch_state", "T1->patch_state", 1);
    bitop(0, "klp_update_patch_state", "clear_bit", RmwOp.ANDNOT, "T1->flags", 1);
    load(1, "ct_work", "work", 1);
    load(1, "klp_update_patch_state", "T1->flags", 0);
    fence(1, "klp_update_patch_state", "smp_rmb", true);
    load(1, "klp_ftrace_handler", "T1->patch_state", 0);
    LitmusExport.Exported x = LitmusExport.export(cx(), List.of()).exported().orElseThrow();

    assertThat(x.source())
        .contains("T1_flags=1;")
        .contains("WRITE_ONCE(*T1_patch_state, 1);\n\tatomic_andnot(1, T1_flags);")
        .contains("r0 = READ_ONCE(*T1_flags);\n\tsmp_rmb();\n")
        .contains("r1 = READ_ONCE(*T1_patch_state);")
        .contains("exists (1:r0=0 /\\ 1:r1=0)")
        .doesNotContain("work");
    assertThat(ExactLitmusRunner.run(x.test()).outcome()).isEqualTo(Outcome.SOMETIMES);
    // Z2, smp_mb__before_atomic() before the clear_bit, forbids it.
    assertThat(
            LitmusExport.outcome(
                LitmusExport.withEdits(x, "t", List.of(), ImmutableSet.of(Z2_BACK))))
        .isEqualTo(Outcome.NEVER);
  }

  /**
   * zijlstra without Z2, as the counterexample has it: the test needs no clear_bit, so an
   * smp_mb__before_atomic() put back before it must still act on the accesses after it
   * (klp_complete_transition's store), or the repair search would set the barrier aside.
   */
  @Test
  void aBarrierBeforeAnAtomicTheTestLeftOutStillOrdersWhatFollows() throws Exception {
    store(0, "klp_init_transition", "p1.f->transition", 1);
    bitop(0, "klp_start_transition", "set_bit", RmwOp.OR, "T1->flags", 0);
    store(0, "klp_update_patch_state", "T1->patch_state", 1);
    bitop(0, "klp_update_patch_state", "clear_bit", RmwOp.ANDNOT, "T1->flags", 1);
    store(0, "klp_complete_transition", "p1.f->transition", 0);
    load(1, "klp_ftrace_handler", "p1.f->transition", 0);
    fence(1, "klp_ftrace_handler", "smp_rmb", true);
    load(1, "klp_ftrace_handler", "T1->patch_state", 0);
    LitmusExport.Result r = LitmusExport.export(cx(), List.of());
    assertThat(r.why()).isEmpty();
    LitmusExport.Exported x = r.exported().orElseThrow();

    assertThat(x.source()).doesNotContain("T1_flags");
    assertThat(ExactLitmusRunner.run(x.test()).outcome()).isEqualTo(Outcome.SOMETIMES);
    String repaired = LitmusExport.withEdits(x, "t", List.of(), ImmutableSet.of(Z2_BACK));
    assertThat(repaired).contains("WRITE_ONCE(*T1_patch_state, 1);\n\tsmp_mb();");
    assertThat(LitmusExport.outcome(repaired)).isEqualTo(Outcome.NEVER);
  }

  @Test
  void readsPossibleUnderSequentialConsistencyHaveNoTest() throws Exception {
    store(0, "writer", "data", 1);
    store(0, "writer", "flag", 1);
    load(1, "reader", "flag", 1);
    load(1, "reader", "data", 1);
    LitmusExport.Result r = LitmusExport.export(cx(), List.of());

    assertThat(r.exported()).isEmpty();
    assertThat(r.why()).contains("sequential consistency");
  }

  @Test
  void locationNamesBecomeCIdentifiers() {
    assertThat(LitmusExport.identifier("T1->patch_state")).isEqualTo("T1_patch_state");
    assertThat(LitmusExport.identifier("ct[1].seq")).isEqualTo("ct_1_seq");
    assertThat(LitmusExport.identifier("p1.f->transition")).isEqualTo("p1_f_transition");
  }
}
