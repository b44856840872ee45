package dev.klpct.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Site;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.Checker;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.litmus.LitmusExport;
import dev.klpct.checker.litmus.Outcome;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The mail form on real checks: every line within 80 columns, the counterexample in CPU columns in
 * kernel terms ending in {@code *WHOOPSIE*}, the litmus test still a test once wrapped, and a
 * command line a shell reads back as the one that reproduces the check.
 */
class MailReportTest {
  private static final Site Z1 = Site.of("klp_update_patch_state", "smp_rmb() [Z1]");

  /** What a mail must never show: klpct's internals. */
  private static final List<String> INTERNALS =
      List.of(
          "choose alternative",
          "ghost",
          "ablation",
          "dev.klpct",
          "pending_ipi",
          "cpu1.",
          "cpu2.",
          "the RMW's full ordering",
          "user mode()",
          "Counterexample for");

  private static CheckResult check(
      String strategy, KlpConfig config, MemoryModel model, ImmutableSet<Site> weakened) {
    KlpMachine m = KlpMachine.of(ReportFixture.REGISTRY.get(strategy), config);
    CheckOptions o =
        CheckOptions.defaults().withThreads(1).withMemoryModel(model).withWeakened(weakened);
    return CheckResult.of(m, new Checker(o).check(m));
  }

  private static void assertMailShape(String mail) {
    for (String line : mail.split("\n", -1)) {
      assertThat(MailReport.columns(line)).as("columns of %s", line).isLessThanOrEqualTo(80);
      assertThat(line).as("a step number").doesNotMatch("^ *[0-9]+  .*");
    }
    for (String word : INTERNALS) {
      assertThat(mail).as("internal word").doesNotContain(word);
    }
  }

  @Test
  void theWhoopsieOfV1IsDrawnInCpuColumnsInKernelTerms() {
    CheckResult r =
        check("v1", KlpConfig.defaults(), MemoryModel.SC, ImmutableSet.of())
            .withContracts(List.of("consistency"));
    String mail = MailReport.print(r);

    assertMailShape(mail);
    assertThat(mail)
        .startsWith("klpct finds that v1 breaks consistency under sequential consistency.\n")
        .contains("  CPU0 (klp transition)                  CPU1 (T1, NOHZ_FULL)\n")
        .contains(
            "  klp_check_task()\n    clear_bit(TIF_PATCH_PENDING,\n        T1->flags): 1 -> 0\n")
        .contains("\n                                         *WHOOPSIE*\n")
        .contains("*WHOOPSIE*: consistency: T1 runs g of patch 1 while f of the original is")
        .doesNotContain("litmus")
        .endsWith(
            """
            Reproduce with:

              klpct check --strategy v1 --nohz-cpus 1 --sleeping-tasks 0 --episodes 1 \\
                  --retries 2 --signal-after 1 --transitions 2 --sync schedule-on-each-cpu \\
                  --test-and-clear 2021 --reverse-order v5.15 --memory-model sc \\
                  --contract consistency
            """);
    // CPU1's kernel entry comes after CPU0 saw it in user mode, and f runs before g
    assertThat(mail.indexOf("READ_ONCE(ct[1].state) = 1"))
        .isLessThan(mail.indexOf("// T1 enters the kernel (syscall)"));
    assertThat(mail.indexOf("// T1 runs f of the original"))
        .isLessThan(mail.indexOf("// T1 runs g of patch 1"));
  }

  @Test
  void aWeakMemoryCounterexampleCarriesItsLitmusTestWithinTheWidth() throws Exception {
    CheckResult r =
        check("zijlstra", KlpConfig.defaults(), MemoryModel.LKMM, ImmutableSet.of(Z1))
            .withContracts(List.of("no-stale-write"))
            .withOptions(List.of("--weaken 'klp_update_patch_state: smp_rmb() [Z1]'"));
    Counterexample cx = r.firstViolated().orElseThrow().counterexample().orElseThrow();
    // a comment as long as the CLI's, whose lines the mail must wrap
    LitmusExport.Exported test =
        LitmusExport.export(cx, List.of("Reproduce: " + r.command() + " " + r.command()))
            .exported()
            .orElseThrow();
    String mail = MailReport.print(r.withLitmus(Optional.of(test)));

    assertMailShape(mail);
    assertThat(mail)
        .startsWith("klpct finds that zijlstra (with smp_rmb() [Z1] in klp_update_patch_state()")
        .contains("\nremoved) breaks no-stale-write under the Linux-kernel memory model.\n")
        .contains("smp_rmb() (removed)")
        .contains("test_bit(TIF_PATCH_PENDING,\n")
        .contains("*WHOOPSIE*: no-stale-write: klp_update_patch_state wrote KLP_UNDEFINED")
        .contains("C " + test.name() + "\n")
        .contains("      --weaken 'klp_update_patch_state: smp_rmb() [Z1]' \\\n");
    String litmus =
        mail.substring(mail.indexOf("C " + test.name()), mail.indexOf("Reproduce with:"));
    assertThat(test.source().lines().anyMatch(l -> MailReport.columns(l) > 80))
        .as("the exported test has lines to wrap")
        .isTrue();
    assertThat(LitmusExport.outcome(litmus)).isEqualTo(Outcome.SOMETIMES);
  }

  @Test
  void threeCpusShareTheWidth() {
    CheckResult r =
        check(
            "v1",
            KlpConfig.defaults().withNohzCpus(2).withTransitions(1),
            MemoryModel.SC,
            ImmutableSet.of());
    String mail = MailReport.print(r);

    assertMailShape(mail);
    assertThat(mail)
        .contains("  CPU0 (klp transition)     CPU1 (T1, NOHZ_FULL)      CPU2 (T2, NOHZ_FULL)\n")
        .contains("*WHOOPSIE*");
  }

  @Test
  void whenEveryContractHoldsTheMailSaysSoBriefly() {
    // --signal-after 3: by default zijlstra's fake signal disturbs the NOHZ_FULL CPU
    CheckResult r =
        check(
            "zijlstra", KlpConfig.defaults().withSignalAfter(3), MemoryModel.SC, ImmutableSet.of());
    String mail = MailReport.print(r);

    assertMailShape(mail);
    assertThat(mail)
        .startsWith("klpct checked zijlstra under sequential consistency exhaustively within the")
        .contains("\nscenario's bounds: every contract checked holds (consistency,")
        .doesNotContain("WHOOPSIE")
        .contains("Reproduce with:\n\n  klpct check --strategy zijlstra ");
    assertThat(mail.lines().count()).isLessThan(16);
  }

  @Test
  void aQuotedArgumentTooWideForALineIsSplitWhereTheShellJoinsItBack() {
    String site = "ct_seq_set_user_work: atomic_try_cmpxchg(&ct->seq, &seq, seq | CT_SEQ_WORK) x";
    String command = "klpct check --strategy zijlstra --weaken '" + site + "' --contract c";
    String wrapped = MailReport.command(command);

    for (String line : wrapped.split("\n", -1)) {
      assertThat(line.length()).isLessThanOrEqualTo(80);
    }
    // what a POSIX shell does: drop each backslash-newline, join adjacent quoted strings
    String read = wrapped.replace("\\\n", "").replace("''", "").strip().replaceAll(" +", " ");
    assertThat(read).isEqualTo(command);
  }

  @Test
  void aTestNameTooLongForItsLineKeepsTheAnnotationsThatFit() throws Exception {
    String name = "klpct-2cpu-8acc" + "+fencewmbonceonce".repeat(6);
    String source =
        "C "
            + name
            + "\n\n{\n\tx=0;\n\ty=0;\n}\n\nP0(int *x, int *y)\n{\n\tWRITE_ONCE(*x, 1);\n"
            + "\tWRITE_ONCE(*y, 1);\n}\n\nP1(int *x, int *y)\n{\n\tint r0;\n\tint r1;\n\n"
            + "\tr0 = READ_ONCE(*y);\n\tr1 = READ_ONCE(*x);\n}\n\nexists (1:r0=1 /\\ 1:r1=0)\n";
    String mailed = MailReport.litmus(source);

    String first = mailed.substring(0, mailed.indexOf('\n'));
    assertThat(first).hasSizeLessThanOrEqualTo(80).startsWith("C klpct-2cpu-8acc+fencewmbonceonce");
    assertThat(name).startsWith(first.substring(2));
    assertThat(LitmusExport.outcome(mailed)).isEqualTo(Outcome.SOMETIMES);
  }

  @Test
  void wrapKeepsIndentAndBreaksAWordOnlyWhenItMust() {
    assertThat(MailReport.wrap("  READ_ONCE(x) = 0 [stale: a b c]", 20, "  "))
        .containsExactly("  READ_ONCE(x) = 0", "    [stale: a b c]");
    assertThat(MailReport.wrap("abcdefghij", 4, "")).containsExactly("abcd", "efgh", "ij");
  }
}
