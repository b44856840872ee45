package dev.klpct.checker.internal.explore;

import static dev.klpct.checker.TinyMachine.site;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Guard;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.TinyMachine;
import dev.klpct.checker.Verdict;
import dev.klpct.checker.trace.TraceEvent;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The model backend's soundness checks, seen through {@link Checker}: model-sound findings. */
class ReplayingKernelTest {
  private static final Site R = site("reader");
  private static final Site W = site("writer");

  private static CheckReport check(Machine m) {
    return new Checker(CheckOptions.defaults().withThreads(1)).check(m);
  }

  private static Counterexample soundness(CheckReport r) {
    assertThat(r.verdict(BuiltInProperty.MODEL_SOUND.id()).orElseThrow().verdict())
        .isEqualTo(Verdict.VIOLATED);
    return r.verdict(BuiltInProperty.MODEL_SOUND.id()).orElseThrow().counterexample().orElseThrow();
  }

  @Test
  void routineThatCallsDifferentPrimitivesOnReplayIsReported() {
    AtomicInteger runs = new AtomicInteger();
    TinyMachine.Builder b = TinyMachine.builder("nondeterministic", 1);
    Loc a = b.shared("a");
    Loc c = b.shared("c");
    Loc d = b.shared("d");
    b.routines(
        0,
        0,
        k -> {
          // Depends on how often the routine ran, not on registers or results.
          if (runs.getAndIncrement() % 2 == 0) {
            k.READ_ONCE(a, site("branch_a"));
          } else {
            k.READ_ONCE(c, site("branch_c"));
          }
          k.WRITE_ONCE(d, 1, W);
        });
    CheckReport r = check(b.build());

    Counterexample cx = soundness(r);
    assertThat(cx.why()).contains("CPU0").contains("not deterministic");
    assertThat(r.overall()).isEqualTo(Verdict.VIOLATED);
  }

  @Test
  void routineThatStopsEarlierOnReplayIsReported() {
    AtomicInteger runs = new AtomicInteger();
    TinyMachine.Builder b = TinyMachine.builder("shrinking routine", 1);
    Loc a = b.shared("a");
    b.routines(
        0,
        0,
        k -> {
          int n = runs.getAndIncrement();
          // The first run (setup) and the second (first step) call two primitives, later runs one.
          k.READ_ONCE(a, R);
          if (n < 2) {
            k.READ_ONCE(a, R);
          }
        });
    CheckReport r = check(b.build());

    assertThat(soundness(r).why()).contains("returned after").contains("not deterministic");
  }

  @Test
  void exceptionInAStepIsReportedWithItsName() {
    TinyMachine.Builder b = TinyMachine.builder("throws", 2);
    Loc x = b.shared("x");
    b.routines(
        0,
        0,
        k -> k.WRITE_ONCE(x, 1, W),
        k -> {
          if (k.READ_ONCE(x, R) == 1) {
            throw new IllegalStateException("boom at x == 1");
          }
        });
    b.routines(1, 0, k -> k.WRITE_ONCE(x, 2, W));
    CheckReport r = check(b.build());

    Counterexample cx = soundness(r);
    assertThat(cx.why()).contains("IllegalStateException").contains("boom at x == 1");
    // The failing step is the last of the schedule, and the trace ends with the error.
    assertThat(cx.steps()).hasSize(2);
    assertThat(cx.events().get(cx.events().size() - 1).kind()).isEqualTo(TraceEvent.Kind.ERROR);
  }

  @Test
  void writeOutsideTheLayoutIsReported() {
    TinyMachine.Builder b = TinyMachine.builder("bad write", 2);
    Loc mine = b.privateTo("cpu0_only", 0);
    b.routines(0, 0, k -> k.WRITE_ONCE(mine, 1, W));
    b.routines(1, 0, k -> k.WRITE_ONCE(mine, 2, W));
    CheckReport r = check(b.build());

    assertThat(soundness(r).why())
        .contains("wrote cpu0_only, which the layout does not let CPU1 write");
  }

  @Test
  void readOutsideTheLayoutIsReported() {
    TinyMachine.Builder b = TinyMachine.builder("bad read", 2);
    Loc mine =
        b.shared(
            "written_by_all_read_by_0",
            MemoryLayout.Builder.mask(0),
            MemoryLayout.Builder.mask(0, 1),
            0);
    b.routines(0, 0, k -> k.READ_ONCE(mine, R));
    b.routines(1, 0, k -> k.READ_ONCE(mine, R));
    CheckReport r = check(b.build());

    assertThat(soundness(r).why()).contains("which the layout does not let CPU1 read");
  }

  @Test
  void monotonePropertyThatHoldsAgainIsReported() {
    TinyMachine.Builder b = TinyMachine.builder("not monotone", 1);
    Loc x = b.shared("x");
    b.routines(0, 0, k -> k.WRITE_ONCE(x, 1, W), k -> k.WRITE_ONCE(x, 2, W));
    b.monotone("x-is-not-1", s -> s.value(x) != 1);
    CheckReport r = check(b.build());

    assertThat(soundness(r).why())
        .contains("x-is-not-1")
        .contains("declared monotone but holds again");
    assertThat(r.verdict("x-is-not-1").orElseThrow().verdict()).isEqualTo(Verdict.VIOLATED);
  }

  @Test
  void stickyMonotonePropertyIsNotReported() {
    TinyMachine.Builder b = TinyMachine.builder("monotone", 1);
    Loc x = b.shared("x");
    Loc flags = b.ghostCommutative("flags");
    b.routines(
        0,
        0,
        k -> {
          k.WRITE_ONCE(x, 1, W);
          k.violate(flags, 1, "x was 1");
        },
        k -> k.WRITE_ONCE(x, 2, W));
    b.monotone("never-1", s -> s.value(flags) == 0);
    CheckReport r = check(b.build());

    assertThat(r.verdict(BuiltInProperty.MODEL_SOUND.id()).orElseThrow().verdict())
        .isEqualTo(Verdict.HOLDS);
    assertThat(r.verdict("never-1").orElseThrow().verdict()).isEqualTo(Verdict.VIOLATED);
  }

  @Test
  void ghostWriteOfSharedMemoryIsReported() {
    TinyMachine.Builder b = TinyMachine.builder("ghost write of shared", 1);
    Loc x = b.shared("x");
    b.routines(
        0,
        0,
        k -> {
          k.READ_ONCE(x, R);
          k.setGhost(x, 5);
        });
    CheckReport r = check(b.build());

    assertThat(soundness(r).why()).contains("ghost write of shared location x");
  }

  @Test
  void routineWithTooManyPrimitivesIsReported() {
    TinyMachine.Builder b = TinyMachine.builder("long routine", 1);
    Loc x = b.shared("x");
    b.routines(
        0,
        0,
        k -> {
          for (int i = 0; i <= CpuProgram.MAX_PRIMITIVES_PER_ROUTINE; i++) {
            k.READ_ONCE(x, R);
          }
        });
    CheckReport r = check(b.build());

    assertThat(soundness(r).why())
        .contains("more than " + CpuProgram.MAX_PRIMITIVES_PER_ROUTINE + " primitives");
  }

  @Test
  void routineAtTheLimitIsFine() {
    TinyMachine.Builder b = TinyMachine.builder("long routine", 1);
    Loc x = b.shared("x");
    b.routines(
        0,
        0,
        k -> {
          for (int i = 0; i < CpuProgram.MAX_PRIMITIVES_PER_ROUTINE; i++) {
            k.WRITE_ONCE(x, i, W);
          }
        });
    b.terminal("last-write", s -> s.value(x) == CpuProgram.MAX_PRIMITIVES_PER_ROUTINE - 1);
    CheckReport r = check(b.build());

    assertThat(r.overall()).isEqualTo(Verdict.HOLDS);
    assertThat(r.stats().depth()).isEqualTo(CpuProgram.MAX_PRIMITIVES_PER_ROUTINE + 1);
  }

  @Test
  void programThatLoopsWithoutTouchingMemoryIsReported() {
    TinyMachine.Builder b = TinyMachine.builder("local loop", 1);
    Loc x = b.shared("x");
    b.program(
        0,
        new CpuProgram() {
          @Override
          public String name() {
            return "spinner";
          }

          @Override
          public int registers() {
            return 1;
          }

          @Override
          public boolean step(Kernel k) {
            if (k.reg(0) == 0) {
              k.READ_ONCE(x, R);
              k.setReg(0, 1);
            }
            return true; // never finishes, never calls another primitive
          }
        });
    CheckReport r = check(b.build());

    assertThat(soundness(r).why()).contains("spinner").contains("without a primitive");
  }

  @Test
  void programThatCallsPrimitivesAndThenReturnsFalseIsReported() {
    TinyMachine.Builder b = TinyMachine.builder("returns false", 1);
    Loc x = b.shared("x");
    b.program(
        0,
        new CpuProgram() {
          @Override
          public String name() {
            return "quitter";
          }

          @Override
          public int registers() {
            return 0;
          }

          @Override
          public boolean step(Kernel k) {
            k.READ_ONCE(x, R);
            return false;
          }
        });
    CheckReport r = check(b.build());

    assertThat(soundness(r).why()).contains("quitter").contains("returned false");
  }

  @Test
  void registersCommitOnlyWhenTheRoutineCompletes() {
    // Within a routine, setReg is invisible to properties until the routine returns.
    TinyMachine.Builder b = TinyMachine.builder("registers", 1);
    Loc x = b.shared("x");
    b.program(
        0,
        new TinyMachine.RoutineProgram(
                "regs",
                1,
                k -> {
                  k.setReg(1, 5);
                  k.READ_ONCE(x, R);
                  k.READ_ONCE(x, R);
                },
                k -> k.await(Guard.never(), site("park")))
            .quiescentWhen(regs -> regs[0] == 1));
    // Between the two reads (state after step 1) register 1 must still be 0.
    b.monotone("reg-not-early", s -> s.register(0, 0) == 1 || s.register(0, 1) == 0);
    b.terminal("reg-committed", s -> s.register(0, 1) == 5);
    CheckReport r = check(b.build());

    assertThat(r.overall()).isEqualTo(Verdict.HOLDS);
  }
}
