package dev.klpct.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Site;
import dev.klpct.checker.CheckOptions;
import dev.klpct.checker.Edit;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.repair.Repair;
import dev.klpct.core.KlpConfig;
import dev.klpct.core.KlpMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repair's change as a hunk of the strategy's Java source: zijlstra with its {@code smp_rmb()}
 * [Z1] removed gets it back as a diff that applies to PatchStateUpdaters.java and puts the fence
 * where the model put it (after the {@code test_bit()}, whichever way the test goes); where the
 * source is not on disk, or the edit has no form in Java, there is no diff and the report says why.
 */
class SourceDiffTest {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

  private static final Supplier<Repair.Result> NO_Z1 =
      Suppliers.memoize(
          () -> {
            KlpMachine m =
                KlpMachine.of(ReportFixture.REGISTRY.get("zijlstra"), KlpConfig.defaults());
            CheckOptions o =
                CheckOptions.defaults()
                    .withThreads(1)
                    .withWeakened(
                        ImmutableSet.of(Site.of("klp_update_patch_state", "smp_rmb() [Z1]")));
            return Repair.run(m, o, List.of(MemoryModel.LKMM), 1, line -> {});
          });

  private static Repair.Change change(Repair.Result r, Edit.Kind kind) {
    return r.repairs().stream()
        .flatMap(f -> f.changes().stream())
        .filter(c -> c.edit().kind() == kind && c.edit().primitive().equals("test_bit"))
        .findFirst()
        .orElseThrow();
  }

  /** What {@code patch -p1} does with a one-hunk diff, checking every line it keeps or removes. */
  private static List<String> apply(String diff, List<String> file) {
    List<String> lines = diff.lines().toList();
    String header = lines.get(2);
    int from = Integer.parseInt(header.substring(4, header.indexOf(',')));
    List<String> out = new ArrayList<>(file.subList(0, from - 1));
    int at = from - 1;
    for (String l : lines.subList(3, lines.size())) {
      if (l.startsWith("+")) {
        out.add(l.substring(1));
      } else {
        assertThat(file.get(at)).as("line %d", at + 1).isEqualTo(l.substring(1));
        if (l.startsWith(" ")) {
          out.add(file.get(at));
        }
        at++;
      }
    }
    out.addAll(file.subList(at, file.size()));
    return out;
  }

  @Test
  void theRemovedBarrierComesBackAsAHunkOfTheStrategysSource() throws Exception {
    Repair.Result r = NO_Z1.get();
    RepairReport report =
        RepairReport.of(
            "zijlstra", "zijlstra", ImmutableList.of(MemoryModel.LKMM), 1, r, List.of(CHECKOUT));
    SourceDiff d = report.diff(change(r, Edit.Kind.SMP_RMB));

    String path = "strategies/src/main/java/dev/klpct/strategies/kernel/PatchStateUpdaters.java";
    assertThat(d.diff()).isPresent();
    String diff = d.diff().get();
    assertThat(diff).startsWith("--- a/" + path + "\n+++ b/" + path + "\n@@ -");
    List<String> before = Files.readAllLines(CHECKOUT.resolve(path));
    List<String> after = apply(diff, before);
    assertThat(after).hasSize(before.size() + 2);
    // the value of the test is kept, the fence follows the test on both branches
    String joined = String.join("\n", after);
    assertThat(joined)
        .containsPattern(
            "boolean (\\w+) = k\\.test_bit\\(TIF_PATCH_PENDING, lp\\.thread_flags\\(task\\),"
                + " SITE\\);\n\\s+k\\.smp_rmb\\(SITE\\);\n\\s+if \\(\\1\\) \\{\n"
                + "\\s+// Order loads of TIF_PATCH_PENDING vs klp_target_state");

    assertThat(TextReport.print(report)).contains("    --- a/" + path);
    assertThat(MarkdownReport.print(report)).contains("```diff\n--- a/" + path);
    assertThat(JsonReport.print(report)).contains("\"diff\": \"--- a/" + path);
  }

  @Test
  void withoutTheSourceOrAJavaFormThereIsNoDiffAndTheReportSaysWhy(@TempDir Path jarOnly) {
    Repair.Result r = NO_Z1.get();
    RepairReport report =
        RepairReport.of(
            "zijlstra", "zijlstra", ImmutableList.of(MemoryModel.LKMM), 1, r, List.of(jarOnly));
    Repair.Change rmb = change(r, Edit.Kind.SMP_RMB);

    assertThat(report.diff(rmb).diff()).isEmpty();
    assertThat(report.diff(rmb).unavailable())
        .isEqualTo(
            "the source dev/klpct/strategies/kernel/PatchStateUpdaters.java is not on disk here"
                + " (klpct run from a jar?)");
    assertThat(TextReport.print(report))
        .contains(
            "  in klp_update_patch_state(): insert smp_rmb() after test_bit(0, T1->flags)\n"
                + "    (no diff: the source");
    assertThat(JsonReport.print(report)).contains("\"diffUnavailable\": \"the source");

    RepairReport here =
        RepairReport.of(
            "zijlstra", "zijlstra", ImmutableList.of(MemoryModel.LKMM), 1, r, List.of(CHECKOUT));
    assertThat(here.diff(change(r, Edit.Kind.ACQUIRE)).unavailable())
        .isEqualTo("kernel-api's Kernel has no acquire form of test_bit()");
  }
}
