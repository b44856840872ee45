package dev.klpct.checker.litmus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.checker.litmus.LitmusTest.Prim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LitmusParserTest {

  private static final String HEAD = "C t\n{}\nP0(int *x, int *y)\n{\n";

  @Test
  void parsesHeaderExpectationVariablesAndSites() throws Exception {
    LitmusTest t =
        LitmusParser.parse(
            "a.litmus",
            """
        C MP+x
        "doc string"
        (*
         * Result: Sometimes
         *)
        { y=2; int z = 3; atomic_t c = ATOMIC_INIT(-1); }
        P0(int *x, int *y) {
          int r0 = READ_ONCE(*y);
          WRITE_ONCE(*x,   r0 + 1);
        }
        exists (0:r0=2 /\\ [x]=3 \\/ ~z=3)
        """);
    assertThat(t.name()).isEqualTo("MP+x");
    assertThat(t.expected()).contains(Outcome.SOMETIMES);
    assertThat(t.shared())
        .containsExactly(
            java.util.Map.entry("y", 2),
            java.util.Map.entry("z", 3),
            java.util.Map.entry("c", -1),
            java.util.Map.entry("x", 0));
    assertThat(t.processes().get(0).code())
        .filteredOn(i -> i instanceof Prim)
        .extracting(i -> ((Prim) i).text())
        .containsExactly("int r0 = READ_ONCE(*y);", "WRITE_ONCE(*x, r0 + 1);");
    assertThat(t.clause().text()).isEqualTo("exists (0:r0=2 /\\ [x]=3 \\/ ~z=3)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "r0 = xchg_seq_cst(x, 1);|5:6: unsupported xchg_seq_cst: no such primitive",
        "rcu_read_lock();|5:1: unsupported rcu_read_lock: RCU is not modelled",
        "atomic_add_relaxed(1, x);|5:1: unsupported atomic_add_relaxed: no such ordering variant",
        "r0 = smp_load_acquire(*x);|5:23: unsupported address expression: expected a parameter",
        "r0 = READ_ONCE(*z);|5:17: unsupported address expression 'z': not a parameter of P0",
        "r0 = READ_ONCE(x);|5:16: expected '*' and a parameter of P0",
        "while (1) { }|5:1: unsupported statement 'while': no loops or jumps",
        "*x = 1;|5:1: unsupported plain access",
        "WRITE_ONCE(*x, 1)|6:1: expected ';', found '}'",
        "WRITE_ONCE(*x, r7);|5:16: expected a register of P0, found 'r7'",
        "int r0; r0 = r0 + READ_ONCE(*x);|5:19: unsupported READ_ONCE inside an expression",
        "WRITE_ONCE(*x, 1 / 2);|5:18: unsupported operator '/'",
        "r0 = WRITE_ONCE(*x, 1);|5:6: expected a primitive that returns a value",
        "int r0; r0 = r0 # 1;|5:17: expected a token, found '#'",
      })
  void rejectsBodies(String body, String message) {
    String src = HEAD + body + "\n}\nexists (x=1)\n";
    assertThatThrownBy(() -> LitmusParser.parse("b.litmus", src))
        .isInstanceOf(LitmusException.class)
        .hasMessageStartingWith("b.litmus:" + message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "AArch64 A\\n{}|1:1: unsupported architecture 'AArch64'",
        "C t\\n{ x=y; }\\nP0(int *x) {}\\nexists (x=1)|2:5: unsupported value 'y'",
        "C t\\n{}\\nP1(int *x) {}\\nexists (x=1)|3:1: expected P0, found 'P1'",
        "C t\\n{}\\nP0(int x) {}\\nexists (x=1)|3:8: expected '*' (parameters are pointers",
        "C t\\n{}\\nP0(int *x) {}\\nexists (1:r0=1)|4:9: expected a process number in 0..0",
        "C t\\n{}\\nP0(int *x) {}\\nexists (0:r0=1)|4:11: expected a register of P0, found 'r0'",
        "C t\\n{}\\nP0(int *x) {}\\nexists (q=1)|4:9: expected a shared variable, found 'q'",
        "C t\\n{}\\nP0(int *x) {}\\nexists (x=1 /\\ )|4:16: expected a condition",
        "C t\\n{}\\nP0(int *x) {}\\nexists (x=1) junk|4:14: expected end of file",
        "C t\\n{}\\nP0(int *x) {}\\nlocations [x]\\nexists (x=1)|4:1: unsupported 'locations' clause",
        "C t\\n{}\\nP0(int *x) {}\\n|4:1: expected a process 'P1(...)' or the final clause",
        "C t\\n(* Result: Maybe *)\\n{}\\nP0(int *x) {}\\nexists (x=1)|2:12: expected Never, Sometimes",
        "C t\\n(* open\\n{}|2:1: expected '*)' to close the comment",
      })
  void rejectsStructure(String src, String message) {
    assertThatThrownBy(() -> LitmusParser.parse("s.litmus", src.replace("\\n", "\n")))
        .isInstanceOf(LitmusException.class)
        .hasMessageStartingWith("s.litmus:" + message);
  }

  @Test
  void parsesRmwFamiliesWithOrderingVariants() throws LitmusException {
    LitmusTest t =
        LitmusParser.parse(
            "r.litmus",
            HEAD
                + "int r0; int r1; int r2; int r3;\n"
                + "r0 = xchg_acquire(x, 1);\nr1 = atomic_fetch_andnot_release(2, x);\n"
                + "r2 = cmpxchg_relaxed(x, 1, 3);\natomic_inc(x);\nr3 = atomic_sub_return_relaxed(1, x);\n"
                + "}\nexists (x=1)\n");
    assertThat(t.processes().get(0).code())
        .filteredOn(i -> i instanceof Prim)
        .extracting(i -> ((Prim) i).rmw())
        .containsExactly(
            new LitmusTest.Rmw(dev.klpct.api.RmwOp.XCHG, dev.klpct.api.Ordering.ACQUIRE, false),
            new LitmusTest.Rmw(dev.klpct.api.RmwOp.ANDNOT, dev.klpct.api.Ordering.RELEASE, false),
            new LitmusTest.Rmw(dev.klpct.api.RmwOp.CMPXCHG, dev.klpct.api.Ordering.RELAXED, false),
            new LitmusTest.Rmw(dev.klpct.api.RmwOp.ADD, dev.klpct.api.Ordering.RELAXED, false),
            new LitmusTest.Rmw(dev.klpct.api.RmwOp.ADD, dev.klpct.api.Ordering.RELAXED, true));
  }

  @Test
  void exceptionCarriesPosition() {
    LitmusException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            LitmusException.class,
            () -> LitmusParser.parse("p.litmus", "C t\n{}\nP0(int *x) {\n  rcu_read_lock();\n}\n"));
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.column()).isEqualTo(3);
    assertThat(e.file()).isEqualTo("p.litmus");
  }
}
