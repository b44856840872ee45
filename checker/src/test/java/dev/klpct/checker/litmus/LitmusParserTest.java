package dev.klpct.checker.litmus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.checker.litmus.LitmusTest.Call;
import dev.klpct.checker.litmus.LitmusTest.Deref;
import dev.klpct.checker.litmus.LitmusTest.Eval;
import dev.klpct.checker.litmus.LitmusTest.If;
import dev.klpct.checker.litmus.LitmusTest.LocAddr;
import dev.klpct.checker.litmus.LitmusTest.LocationKind;
import dev.klpct.checker.litmus.LitmusTest.SetReg;
import dev.klpct.checker.litmus.LitmusTest.Store;
import dev.klpct.checker.litmus.LitmusTest.Value;
import dev.klpct.lkmm.Event.Mode;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LitmusParserTest {

  private static final String HEAD = "C t\n{}\nP0(int *x, int *y)\n{\n";

  @Test
  void parsesHeaderExpectationLocationsAndStatements() throws Exception {
    LitmusTest t =
        LitmusParser.parse(
            "a.litmus",
            """
        C MP+x
        "doc string"
        (*
         * Result: Sometimes
         *)
        { y=2; int z = 3; atomic_t c = ATOMIC_INIT(-1); int *p = &z; q=y; 0:r1=4; }
        P0(int *x, int *y, int **p) {
          int r0 = READ_ONCE(*y);
          WRITE_ONCE(*x,   r0 + 1);
          *x = *y;
          (void)xchg(x, 1);
          if (r0 == 2) smp_mb(); else { r1 = READ_ONCE(*p); }
        }
        locations [x; 0:r0]
        filter (x=1)
        exists (0:r0=2 /\\ [x]=3 \\/ ~z=3 /\\ p=z)
        """);
    assertThat(t.name()).isEqualTo("MP+x");
    assertThat(t.expected()).contains(Outcome.SOMETIMES);
    assertThat(t.locations())
        .extracting(LitmusTest.Location::name)
        .containsExactly("y", "z", "c", "p", "q", "x");
    assertThat(t.location("c").orElseThrow().initial()).isEqualTo(new Value.Int(-1));
    assertThat(t.location("p").orElseThrow().initial()).isEqualTo(new Value.Address("z"));
    assertThat(t.location("q").orElseThrow().initial()).isEqualTo(new Value.Address("y"));
    assertThat(t.registerInits())
        .singleElement()
        .isEqualTo(new LitmusTest.RegisterInit(0, "r1", new Value.Int(4)));
    LitmusTest.Process p = t.processes().get(0);
    assertThat(p.registers()).containsExactly("r1", "r0");
    assertThat(p.body())
        .extracting(LitmusTest.Stmt::text)
        .containsExactly(
            "int r0 = READ_ONCE(*y);",
            "WRITE_ONCE(*x, r0 + 1);",
            "*x = *y;",
            "(void)xchg(x, 1);",
            "if (r0 == 2)");
    assertThat(p.body().get(0)).isInstanceOf(SetReg.class);
    assertThat(((SetReg) p.body().get(0)).value())
        .isInstanceOfSatisfying(
            Call.class, c -> assertThat(c.args()).containsExactly(new LocAddr("y")));
    assertThat(p.body().get(2))
        .isInstanceOfSatisfying(Store.class, s -> assertThat(s.value()).isInstanceOf(Deref.class));
    assertThat(p.body().get(3)).isInstanceOf(Eval.class);
    assertThat(p.body().get(4))
        .isInstanceOfSatisfying(
            If.class,
            i -> {
              assertThat(i.then()).hasSize(1);
              assertThat(i.otherwise()).hasSize(1);
            });
    assertThat(t.observed()).extracting(LitmusTest.Observed::location).containsExactly("x", "0:r0");
    assertThat(t.filter()).isPresent();
    assertThat(t.clause().text()).isEqualTo("exists (0:r0=2 /\\ [x]=3 \\/ ~z=3 /\\ p=z)");
  }

  @Test
  void normalisesTheLocationArgumentFirst() throws LitmusException {
    LitmusTest t =
        LitmusParser.parse(
            "r.litmus",
            HEAD
                + "int r0; r0 = atomic_add_return_relaxed(2, x);\n"
                + "r0 = cmpxchg_acquire(y, 1, 3);\n"
                + "atomic_inc(x);\n"
                + "}\nexists (x=1)\n");
    List<LitmusTest.Stmt> body = t.processes().get(0).body();
    Call add = (Call) ((SetReg) body.get(0)).value();
    assertThat(add.args()).containsExactly(new LocAddr("x"), new LitmusTest.Const(2));
    assertThat(add.primitive())
        .isInstanceOfSatisfying(
            Primitive.Rmw.class,
            r -> {
              assertThat(r.op()).isEqualTo(Primitive.RmwOp.ADD);
              assertThat(r.mode()).isEqualTo(Mode.ONCE);
              assertThat(r.result()).isEqualTo(Primitive.RmwResult.NEW);
            });
    Call cas = (Call) ((SetReg) body.get(1)).value();
    assertThat(cas.args())
        .containsExactly(new LocAddr("y"), new LitmusTest.Const(1), new LitmusTest.Const(3));
    Call inc = (Call) ((Eval) body.get(2)).expr();
    assertThat(inc.args()).containsExactly(new LocAddr("x"));
  }

  @Test
  void locationKindsComeFromTypesAndUse() throws LitmusException {
    LitmusTest t =
        LitmusParser.parse(
            "k.litmus",
            """
        C k
        { spinlock_t l; }
        P0(spinlock_t *l, int *x, struct srcu_struct *s) {
          int r0;
          spin_lock(l);
          r0 = srcu_read_lock(s);
          srcu_read_unlock(s, r0);
          spin_unlock(l);
        }
        P1(int *m) { spin_lock(m); }
        exists (x=0)
        """);
    assertThat(t.location("l").orElseThrow().kind()).isEqualTo(LocationKind.SPINLOCK);
    assertThat(t.location("m").orElseThrow().kind()).isEqualTo(LocationKind.SPINLOCK);
    assertThat(t.location("s").orElseThrow().kind()).isEqualTo(LocationKind.SRCU);
    assertThat(t.location("x").orElseThrow().kind()).isEqualTo(LocationKind.MEMORY);
  }

  @Test
  void everyPrimitiveOfTheKernelDefinitionsParses() throws LitmusException {
    for (Primitive p : Primitive.all().values()) {
      String loc = p instanceof Primitive.Lock ? "l" : p instanceof Primitive.Srcu ? "s" : "x";
      StringBuilder args = new StringBuilder();
      for (String shape : p.shape()) {
        args.append(args.length() > 0 ? ", " : "")
            .append(
                switch (shape) {
                  case "*X" -> "*" + loc;
                  case "X" -> loc;
                  default -> "1";
                });
      }
      String call = p.cName() + "(" + args + ")";
      String stmt = p.returns() ? "r0 = " + call + ";" : call + ";";
      LitmusTest t =
          LitmusParser.parse(
              "all.litmus",
              "C all\n{}\n"
                  + "P0(int *x, spinlock_t *l, struct srcu_struct *s) {\n int r0;\n "
                  + stmt
                  + "\n}\nexists (x=0)\n");
      assertThat(t.processes().get(0).body()).as(stmt).hasSize(1);
    }
    // every macro of linux-kernel.def: 114
    assertThat(Primitive.all()).hasSize(114);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "r0 = xchg_seq_cst(x, 1);|5:6: unsupported xchg_seq_cst: no such primitive in"
            + " tools/memory-model/linux-kernel.def",
        "atomic_add_relaxed(1, x);|5:1: unsupported atomic_add_relaxed: no such ordering variant",
        "r0 = atomic_long_read(x);|5:6: unsupported atomic_long_read: linux-kernel.def has only",
        "r0 = test_and_set_bit(1, x);|5:6: unsupported test_and_set_bit: linux-kernel.def has no"
            + " bit operations",
        "r0 = smp_load_acquire(*x);|5:23: expected a pointer as the first argument of"
            + " smp_load_acquire(X), found '*'",
        "r0 = READ_ONCE(x);|5:16: expected an lvalue '*p' as the first argument of READ_ONCE(*X)",
        "while (1) { }|5:1: unsupported statement 'while': no loops or jumps",
        "WRITE_ONCE(*x, 1)|6:1: expected ';', found '}'",
        "r0 = r1 && r1;|5:9: unsupported operator '&&' (herd7 does not parse it)",
        "r0 = !r1;|5:6: unsupported operator '!'",
        "r0 = -r1;|5:6: unsupported operator '-' (herd7 does not parse it except before a number)",
        "r0 = r1 % 2;|5:9: unsupported operator '%'",
        "r0 = 1 < 2 < 3;|5:12: unsupported chained comparison",
        "r0 = **p;|5:7: unsupported '**'",
        "r0 = 4294967296;|5:6: unsupported integer 4294967296: herd7's C integers have 32 bits",
        "r0 = 0x10;|5:6: unsupported integer '0x10': herd7 reads decimal integers only",
        "r0 = WRITE_ONCE(*x, 1);|5:6: expected a primitive that returns a value, WRITE_ONCE returns",
        "xchg(x, 1);|5:1: unsupported call of xchg as a statement: its value must be used",
        "int r0, r1;|5:7: unsupported ',' in a declaration",
        "x = 1;|5:1: unsupported assignment to parameter 'x'",
        ";|5:1: unsupported empty statement",
        "int r0; r0 = r0 # 1;|5:17: expected a token, found '#'",
        "spin_lock(x); WRITE_ONCE(*x, 1);|5:26: unsupported: spinlock 'x' accessed as memory",
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
        "C t\\n{}\\nP1(int *x) {}\\nexists (x=1)|3:1: expected P0, found 'P1'",
        "C t\\n{}\\nP0(int x) {}\\nexists (x=1)|3:8: expected '*' (parameters are pointers",
        "C t\\n{}\\nP0(int *x) {}\\nexists (1:r0=1)|4:9: expected a process number in 0..0",
        "C t\\n{}\\nP0(int *x) {}\\nexists (0:r0=1)|4:11: expected a register of P0, found 'r0'",
        "C t\\n{}\\nP0(int *x) {}\\nexists (q=1)|4:9: expected a shared location, found 'q'",
        "C t\\n{}\\nP0(int *x) {}\\nexists (x=1 /\\ )|4:16: expected a condition",
        "C t\\n{}\\nP0(int *x) {}\\nexists (x=1) junk|4:14: expected end of file",
        "C t\\n{}\\nP0(int *x) {}\\nexists (x=q)|4:11: expected an integer or a shared location",
        "C t\\n{ x=1; x=2; }\\nP0(int *x) {}\\nexists (x=1)|2:8: expected each location to be"
            + " declared once",
        "C t\\n{}\\nP0(int *x) {}\\n|4:1: expected a process 'P1(...)' or the final clause",
        "C t\\n{}\\nP0(spinlock_t *l) { spin_lock(l); }\\nexists (l=0)|4:9: unsupported: the final"
            + " value of spinlock 'l'",
        "C t\\n{}\\nP0(spinlock_t *l, int **p) { spin_lock(l); WRITE_ONCE(*p, l); }\\nexists"
            + " (true)|3:59: unsupported: the address of spinlock 'l' used as a value",
        "C t\\n(* Result: Maybe *)\\n{}\\nP0(int *x) {}\\nexists (x=1)|2:12: expected Never, Sometimes",
        "C t\\n(* open\\n{}|2:1: expected '*)' to close the comment",
      })
  void rejectsStructure(String src, String message) {
    assertThatThrownBy(() -> LitmusParser.parse("s.litmus", src.replace("\\n", "\n")))
        .isInstanceOf(LitmusException.class)
        .hasMessageStartingWith("s.litmus:" + message);
  }

  @Test
  void exceptionCarriesPosition() {
    LitmusException e =
        Assertions.assertThrows(
            LitmusException.class,
            () -> LitmusParser.parse("p.litmus", "C t\n{}\nP0(int *x) {\n  rcu_read_look();\n}\n"));
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.column()).isEqualTo(3);
    assertThat(e.file()).isEqualTo("p.litmus");
  }

  /** Observed's hand-written equals and hashCode (see its comment) keep a record's contract. */
  @Test
  void observedLocationsAreEqualExactlyWhenProcessAndNameAre() {
    LitmusTest.Observed r0 = new LitmusTest.Observed(0, "r0");

    assertThat(r0).isEqualTo(new LitmusTest.Observed(0, "r0")).hasSameHashCodeAs(r0);
    assertThat(new LitmusTest.Observed(0, new String("r0"))).hasSameHashCodeAs(r0).isEqualTo(r0);
    assertThat(r0)
        .isNotEqualTo(new LitmusTest.Observed(1, "r0"))
        .isNotEqualTo(new LitmusTest.Observed(0, "r1"))
        .isNotEqualTo(new LitmusTest.Observed(-1, "r0"))
        .isNotEqualTo("0:r0")
        .isNotEqualTo(null);
  }
}
