package dev.klpct.checker.litmus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The exact engine on small tests that pin down one point of herd7's semantics each. The expected
 * outcomes and counts are herd7 7.58's with the kernel's model (run by hand when these tests were
 * written; the corpus test checks the same engine on two thousand more).
 */
class ExactLitmusRunnerTest {

  private static ExactResult run(String src) throws LitmusException {
    return ExactLitmusRunner.run(LitmusParser.parse("t.litmus", src));
  }

  /**
   * The example of issue 10: a strong fence is cumulative through an intermediate process whose
   * store depends on its load only by a control dependency. The view machine says Sometimes; the
   * LKMM says Never.
   */
  @Test
  void strongFenceIsCumulativeThroughAControlDependency() throws LitmusException {
    ExactResult r =
        run(
            """
        C issue10
        {}
        P0(int *x, int *y) { WRITE_ONCE(*x, 1); smp_mb(); WRITE_ONCE(*y, 1); }
        P1(int *y, int *z) { int r0; r0 = READ_ONCE(*y); if (r0 == 1) WRITE_ONCE(*z, 1); }
        P2(int *z, int *x) { int r0; int r1; r0 = READ_ONCE(*z); smp_rmb(); r1 = READ_ONCE(*x); }
        exists (1:r0=1 /\\ 2:r0=1 /\\ 2:r1=0)
        """);
    assertThat(r.outcome()).isEqualTo(Outcome.NEVER);
    assertThat(r.negative()).isEqualTo(5);
  }

  @Test
  void loadBufferingWithoutDependencies() throws LitmusException {
    ExactResult r =
        run(
            """
        C LB
        {}
        P0(int *x, int *y) { int r0; r0 = READ_ONCE(*x); WRITE_ONCE(*y, 1); }
        P1(int *x, int *y) { int r0; r0 = READ_ONCE(*y); WRITE_ONCE(*x, 1); }
        exists (0:r0=1 /\\ 1:r0=1)
        """);
    assertThat(r.outcome()).isEqualTo(Outcome.SOMETIMES);
    assertThat(r.positive()).isEqualTo(1);
    assertThat(r.negative()).isEqualTo(3);
    assertThat(r.validated()).isTrue();
  }

  /** herd7's C front end gives a control dependency to the branches only, not to what follows. */
  @Test
  void controlDependencyEndsWithTheIf() throws LitmusException {
    ExactResult r =
        run(
            """
        C LB+ctrl-ends-at-the-if
        {}
        P0(int *x, int *y, int *z) {
          int r0;
          r0 = READ_ONCE(*x);
          if (r0 == 1)
            WRITE_ONCE(*z, 2);
          WRITE_ONCE(*y, 1);
        }
        P1(int *x, int *y) { int r0; r0 = READ_ONCE(*y); smp_mb(); WRITE_ONCE(*x, 1); }
        exists (0:r0=1 /\\ 1:r0=1)
        """);
    assertThat(r.outcome()).isEqualTo(Outcome.SOMETIMES);
    assertThat(r.positive()).isEqualTo(1);
    assertThat(r.negative()).isEqualTo(3);
  }

  @Test
  void filterRemovesExecutions() throws LitmusException {
    ExactResult r =
        run(
            """
        C filtered
        {}
        P0(int *x, int *y) { WRITE_ONCE(*x, 1); WRITE_ONCE(*y, 1); }
        P1(int *x, int *y) { int r0; int r1; r0 = READ_ONCE(*y); r1 = READ_ONCE(*x); }
        filter (1:r0=1)
        exists (1:r1=0)
        """);
    assertThat(r.outcome()).isEqualTo(Outcome.SOMETIMES);
    assertThat(r.positive()).isEqualTo(1);
    assertThat(r.negative()).isEqualTo(1);
  }

  /**
   * Reads on a cycle of plain copies have no value that anything fixes; herd7 keeps such an
   * execution with a symbolic value, which equals no constant.
   */
  @Test
  void undeterminedCopiesAreKeptAndRace() throws LitmusException {
    ExactResult r =
        run(
            """
        C oota-copies
        {}
        P0(int *x, int *y) { int r0; r0 = *x; *y = r0; }
        P1(int *x, int *y) { int r1; r1 = *y; *x = r1; }
        exists (0:r0=1)
        """);
    assertThat(r.outcome()).isEqualTo(Outcome.NEVER);
    assertThat(r.negative()).isEqualTo(4);
    assertThat(r.flags()).containsExactly("data-race");
    assertThat(r.states()).containsExactly("0:r0=0;", "0:r0=S0;");
  }

  /** A failing cmpxchg does not evaluate its new value: no read of y on that path. */
  @Test
  void failingCmpxchgSkipsItsNewValue() throws LitmusException {
    ExactResult r =
        run(
            """
        C cmpxchg-failure-skips-new
        { x=1; }
        P0(int *x, int *y) { int r0; r0 = cmpxchg(x, 0, READ_ONCE(*y)); }
        P1(int *y) { WRITE_ONCE(*y, 2); }
        exists (0:r0=1)
        """);
    assertThat(r.outcome()).isEqualTo(Outcome.ALWAYS);
    assertThat(r.positive()).isEqualTo(1);
  }

  @Test
  void pointerPublicationOrdersTheDereference() throws LitmusException {
    ExactResult r =
        run(
            """
        C MP+publish+deref
        { int *p = &a; int a = 0; }
        P0(int *x, int **p) { WRITE_ONCE(*x, 1); rcu_assign_pointer(*p, x); }
        P1(int *x, int **p, int *a) {
          int *r0;
          int r1;
          r0 = rcu_dereference(*p);
          r1 = READ_ONCE(*r0);
        }
        exists (1:r0=x /\\ 1:r1=0)
        """);
    assertThat(r.outcome()).isEqualTo(Outcome.NEVER);
    assertThat(r.negative()).isEqualTo(2);
    assertThat(r.states()).containsExactly("1:r0=a; 1:r1=0;", "1:r0=x; 1:r1=1;");
  }

  /**
   * Two pointers, RMWs through them, and an RMW whose address is a guess: on the guess that a
   * pointer leads to the other pointer location, the RMW would add to an address; that guess is not
   * an execution and no error. herd7: Never, 0 and 8, data-race and mixed-accesses.
   */
  @Test
  void rmwsThroughPointers() throws LitmusException {
    ExactResult r =
        run(
            """
        C rmws-through-pointers
        { p=x; q=y; }
        P0(int *x, int *y, int **p, int **q) {
          int *r0;
          int *r1;
          int r2;
          int r3;
          r0 = READ_ONCE(*p);
          r1 = smp_load_acquire(q);
          r2 = xchg_relaxed(r0, 2);
          r3 = cmpxchg(r1, r2, 5);
          if (r3 == 0) {
            *r0 = r3 + 1;
            atomic_inc(r1);
          }
        }
        P1(int **p, int **q, int *x, int *y) {
          int r4;
          WRITE_ONCE(*q, x);
          r4 = atomic_fetch_add_acquire(3, x);
          smp_store_release(p, y);
        }
        exists (0:r3=0 /\\ x=6)
        """);
    assertThat(r.outcome()).isEqualTo(Outcome.NEVER);
    assertThat(r.negative()).isEqualTo(8);
    assertThat(r.flags()).containsExactly("data-race", "mixed-accesses");
  }

  /**
   * Two wrong guesses can feed each other integers as addresses (each process's store, guessed at
   * the other's pointer location, becomes the other's pointer): not an error of the test, since a
   * read of a guessed store is not evidence. herd7: Never, 0 and 44, data-race.
   */
  @Test
  void guessesThatFeedEachOtherAreNotErrors() throws LitmusException {
    ExactResult r =
        run(
            """
        C guesses
        { p=x; q=z; }
        P0(int **q, int *x, int *z) {
          int *r0;
          r0 = rcu_dereference(*q);
          WRITE_ONCE(*r0, 4);
          rcu_assign_pointer(*q, x);
          smp_store_release(q, z);
        }
        P1(int **p, int **q, int *x) {
          int *r0;
          int *r1;
          r0 = smp_load_acquire(p);
          r1 = *q;
          *r0 = 5;
        }
        P2(int **q, int *x, int *z) {
          int *r0;
          r0 = smp_load_acquire(q);
          if (r0 == z) {
            WRITE_ONCE(*z, 6);
          }
          rcu_assign_pointer(*q, x);
          smp_wmb();
        }
        exists (x=1)
        """);
    assertThat(r.outcome()).isEqualTo(Outcome.NEVER);
    assertThat(r.negative()).isEqualTo(44);
    assertThat(r.flags()).containsExactly("data-race");
  }

  @Test
  void dereferencingANonPointerIsRejectedWithItsPosition() {
    assertThatThrownBy(
            () ->
                run(
                    """
        C null
        {}
        P0(int *x) { int *r0; int r1; r1 = READ_ONCE(*r0); }
        exists (x=0)
        """))
        .isInstanceOf(LitmusException.class)
        .hasMessage(
            "t.litmus:3:36: unsupported: an access to 0, which is not the address of a"
                + " location");
  }
}
