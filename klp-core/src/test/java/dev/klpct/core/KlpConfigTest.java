package dev.klpct.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Splitter;
import dev.klpct.api.klp.SyncMode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KlpConfigTest {
  private static final KlpConfig D = KlpConfig.defaults();

  @Test
  void defaultsAreTheOctober2021Pair() {
    assertThat(D.nohzCpus()).isEqualTo(1);
    assertThat(D.sleepingTasks()).isZero();
    assertThat(D.transitions()).isEqualTo(2);
    assertThat(D.sync()).isEmpty();
    assertThat(D.testAndClear()).isEqualTo(KlpConfig.TestAndClear.Y2021);
    assertThat(D.reverseOrder()).isEqualTo(KlpConfig.ReverseOrder.V5_15);
  }

  @Test
  void outOfRangeValuesNameTheOption() {
    assertThatThrownBy(() -> D.withNohzCpus(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--nohz-cpus must be in 1..6, got 0");
    assertThatThrownBy(() -> D.withNohzCpus(7)).hasMessage("--nohz-cpus must be in 1..6, got 7");
    assertThatThrownBy(() -> D.withSleepingTasks(-1))
        .hasMessage("--sleeping-tasks must be in 0..6, got -1");
    assertThatThrownBy(() -> D.withEpisodes(7)).hasMessage("--episodes must be in 0..6, got 7");
    assertThatThrownBy(() -> D.withRetries(17)).hasMessage("--retries must be in 0..16, got 17");
    assertThatThrownBy(() -> D.withSignalAfter(0))
        .hasMessage("--signal-after must be in 1..64, got 0");
    assertThatThrownBy(() -> D.withTransitions(3))
        .hasMessage("--transitions must be in 1..2, got 3");
    assertThatThrownBy(() -> D.withIdleCpus(-1))
        .hasMessage("--idle-cpus must be in 0.." + KlpConfig.MAX_IDLE_CPUS + ", got -1");
  }

  @Test
  void boundsAreInclusive() {
    KlpConfig c =
        D.withNohzCpus(KlpConfig.MAX_NOHZ_CPUS)
            .withSleepingTasks(KlpConfig.MAX_SLEEPING_TASKS)
            .withEpisodes(0)
            .withRetries(KlpConfig.MAX_RETRIES)
            .withSignalAfter(64)
            .withTransitions(1);

    assertThat(c.nohzCpus()).isEqualTo(6);
    assertThat(c.sleepingTasks()).isEqualTo(6);
    assertThat(c.retries()).isEqualTo(16);
    assertThat(c.signalAfter()).isEqualTo(64);
  }

  @Test
  void withersChangeOneField() {
    KlpConfig c =
        D.withReverse(true)
            .withNmi(true)
            .withSync(Optional.of(SyncMode.RCU))
            .withTestAndClear(KlpConfig.TestAndClear.Y2022)
            .withReverseOrder(KlpConfig.ReverseOrder.V6_4)
            .withEpisodes(3)
            .withIdleCpus(2);

    assertThat(c.reverse()).isTrue();
    assertThat(c.nmi()).isTrue();
    assertThat(c.sync()).contains(SyncMode.RCU);
    assertThat(c.testAndClear()).isEqualTo(KlpConfig.TestAndClear.Y2022);
    assertThat(c.reverseOrder()).isEqualTo(KlpConfig.ReverseOrder.V6_4);
    assertThat(c.episodes()).isEqualTo(3);
    assertThat(c.idleCpus()).isEqualTo(2);
    // untouched
    assertThat(c.nohzCpus()).isEqualTo(D.nohzCpus());
    assertThat(c.retries()).isEqualTo(D.retries());
    assertThat(c.signalAfter()).isEqualTo(D.signalAfter());
    assertThat(c.transitions()).isEqualTo(D.transitions());
    assertThat(c.sleepingTasks()).isEqualTo(D.sleepingTasks());
    assertThat(D.withEpisodes(1)).isEqualTo(D);
  }

  @Test
  void toOptionsListsEveryOption() {
    String o = D.withNohzCpus(2).withReverse(true).toOptions(SyncMode.RCU_EQS_WORK);

    assertThat(o)
        .isEqualTo(
            "--nohz-cpus 2 --sleeping-tasks 0 --episodes 1 --retries 2"
                + " --signal-after 1 --transitions 2 --reverse --sync rcu-eqs-work"
                + " --test-and-clear 2021 --reverse-order v5.15");
    assertThat(D.toOptions(SyncMode.RCU)).doesNotContain("--reverse ").doesNotContain("--nmi");
    assertThat(D.withNmi(true).toOptions(SyncMode.RCU)).contains(" --nmi ");
    assertThat(D.withIdleCpus(1).toOptions(SyncMode.RCU))
        .contains("--sleeping-tasks 0 --idle-cpus 1 --episodes");
  }

  @Test
  void enumsParseTheirCommandLineNames() {
    for (KlpConfig.TestAndClear t : KlpConfig.TestAndClear.values()) {
      assertThat(KlpConfig.TestAndClear.parse(t.cliName())).isEqualTo(t);
    }
    for (KlpConfig.ReverseOrder r : KlpConfig.ReverseOrder.values()) {
      assertThat(KlpConfig.ReverseOrder.parse(r.cliName())).isEqualTo(r);
    }
    assertThat(KlpConfig.ReverseOrder.parse("V6.4")).isEqualTo(KlpConfig.ReverseOrder.V6_4);
    assertThatThrownBy(() -> KlpConfig.TestAndClear.parse("2023"))
        .hasMessageContaining("--test-and-clear")
        .hasMessageContaining("2023");
    assertThatThrownBy(() -> KlpConfig.ReverseOrder.parse("v6.5"))
        .hasMessageContaining("--reverse-order")
        .hasMessageContaining("v6.5");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> D.withSync(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> D.withTestAndClear(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void builderStartsFromTheDefaultsOrAConfig() {
    assertThat(KlpConfig.builder().build()).isEqualTo(D);
    KlpConfig c = KlpConfig.builder().nohzCpus(2).nmi(true).idleCpus(1).build();
    assertThat(c).isEqualTo(D.withNohzCpus(2).withNmi(true).withIdleCpus(1));
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThatThrownBy(() -> KlpConfig.builder().retries(99).build())
        .hasMessage("--retries must be in 0..16, got 99");
  }

  @Test
  void parseOptionsIsTheInverseOfToOptions() {
    KlpConfig c =
        D.withNohzCpus(2)
            .withSleepingTasks(1)
            .withIdleCpus(1)
            .withEpisodes(3)
            .withRetries(0)
            .withSignalAfter(15)
            .withTransitions(1)
            .withReverse(true)
            .withNmi(true)
            .withSync(Optional.of(SyncMode.RCU_EQS_WORK))
            .withTestAndClear(KlpConfig.TestAndClear.Y2022)
            .withReverseOrder(KlpConfig.ReverseOrder.V6_4);
    assertThat(KlpConfig.parseOptions(c.toOptions())).isEqualTo(c);
    assertThat(KlpConfig.parseOptions(D.toOptions())).isEqualTo(D);
    assertThat(D.toOptions()).doesNotContain("--sync");
    assertThat(KlpConfig.parseOptions("")).isEqualTo(D);
    assertThat(KlpConfig.parseOptions("  \t ")).isEqualTo(D);
  }

  @Test
  void parseOptionsTakesTheCommandLinesSpellings() {
    assertThat(KlpConfig.parseOptions("--nohz-cpus=2 --reverse=false --nmi=TRUE"))
        .isEqualTo(D.withNohzCpus(2).withNmi(true));
    assertThat(KlpConfig.parseOptions("--transitions +1")).isEqualTo(D.withTransitions(1));
    assertThat(KlpConfig.parseOptions("--reverse-order V6.4"))
        .isEqualTo(D.withReverseOrder(KlpConfig.ReverseOrder.V6_4));
  }

  @Test
  void printkIsOnByDefaultAndWrittenOnlyWhenOff() {
    assertThat(D.printk()).isTrue();
    assertThat(D.toOptions()).doesNotContain("--printk");
    KlpConfig off = KlpConfig.parseOptions("--printk off");
    assertThat(off).isEqualTo(D.withPrintk(false));
    assertThat(off.toOptions()).endsWith(" --printk off");
    assertThat(KlpConfig.parseOptions(off.toOptions())).isEqualTo(off);
    assertThat(KlpConfig.parseOptions("--printk=on")).isEqualTo(D);
    assertThatThrownBy(() -> KlpConfig.parseOptions("--printk maybe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--printk must be on or off, got maybe");
  }

  @Test
  void parseOptionsRejectsWithTheCommandLinesMessages() {
    String[][] cases = {
      {"--nohz-cpus", "Missing required parameter for option '--nohz-cpus' (N)"},
      {"--nohz-cpus x", "Invalid value for option '--nohz-cpus': 'x' is not an int"},
      {
        "--nohz-cpus 99999999999",
        "Invalid value for option '--nohz-cpus': '99999999999' is not an int"
      },
      {"--nohz-cpus= 2", "Invalid value for option '--nohz-cpus': '' is not an int"},
      {"--nohz-cpus 1 --nohz-cpus 2", "option '--nohz-cpus' (N) should be specified only once"},
      {"--reverse --reverse", "option '--reverse' should be specified only once"},
      {"--reverse=maybe", "Invalid value for option '--reverse': 'maybe' is not a boolean"},
      {"--bogus", "Unknown option: '--bogus'"},
      {"-x", "Unknown option: '-x'"},
      {"--nmi foo", "Unmatched argument at index 1: 'foo'"},
      {"--nohz-cpus --nmi", "Expected parameter for option '--nohz-cpus' but found '--nmi'"},
      {"--sync RCU", "unknown sync mode 'RCU' (known: schedule-on-each-cpu, rcu, rcu-eqs-work)"},
      {"--nohz-cpus 0", "--nohz-cpus must be in 1..6, got 0"},
      {"--test-and-clear 2020", "--test-and-clear must be 2021 or 2022, got 2020"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> KlpConfig.parseOptions(c[0]))
          .as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(c[1]);
    }
  }

  @Test
  void optionsListsWhatToOptionsWrites() {
    KlpConfig all =
        D.withReverse(true)
            .withNmi(true)
            .withIdleCpus(1)
            .withSync(Optional.of(SyncMode.RCU))
            .withPrintk(false)
            .withVcpuTasks(1)
            .withVcpuRun(KlpConfig.VcpuRun.UNPATCHED)
            .withSleepersInF(1)
            .withKworker(KlpConfig.Kworker.NO_CURRENT_CLAUSE)
            .withTaskOrder(KlpConfig.TaskOrder.ALL);
    for (String token : Splitter.on(' ').split(all.toOptions())) {
      if (token.startsWith("--")) {
        assertThat(KlpConfig.OPTIONS).containsKey(token);
      }
    }
    assertThat(KlpConfig.OPTIONS).hasSize(19);
  }

  @Test
  void transitionsTakeANumberOfEnablesOrAList() {
    KlpConfig c = KlpConfig.parseOptions("--transitions enable,enable,disable");
    assertThat(c.sequence())
        .containsExactly(
            KlpConfig.Transition.ENABLE, KlpConfig.Transition.ENABLE, KlpConfig.Transition.DISABLE);
    assertThat(c.transitions()).isEqualTo(3);
    assertThat(c.patches()).isEqualTo(2);
    assertThat(c.enablesOnly()).isFalse();
    assertThat(c.mayUnpatch()).isTrue();
    assertThat(c.toOptions()).contains(" --transitions enable,enable,disable ");
    assertThat(KlpConfig.parseOptions(c.toOptions())).isEqualTo(c);
    // a list of enables is the number
    assertThat(KlpConfig.parseOptions("--transitions Enable,ENABLE")).isEqualTo(D);
    assertThat(D.toOptions()).contains(" --transitions 2 ");
    assertThat(D.patches()).isEqualTo(2);
    assertThat(D.mayUnpatch()).isFalse();
    assertThat(KlpConfig.parseOptions("--transitions enable,disable,enable,disable").patches())
        .isEqualTo(2);
  }

  @Test
  void reversalsAreABoundWrittenOnlyWhenUsed() {
    KlpConfig c = KlpConfig.parseOptions("--reversals 2");
    assertThat(c.reversals()).isEqualTo(2);
    assertThat(c.reverse()).isFalse();
    assertThat(c.mayUnpatch()).isTrue();
    assertThat(c.toOptions()).contains(" --reversals 2 ");
    assertThat(KlpConfig.parseOptions(c.toOptions())).isEqualTo(c);
    assertThat(D.reversals()).isZero();
    assertThat(D.toOptions()).doesNotContain("--reversals");
    assertThat(D.withReversals(KlpConfig.MAX_REVERSALS).reversals()).isEqualTo(3);
  }

  /** Issue 9 §2.4: sleepers in {@code f}, a bound written only when used. */
  @Test
  void sleepersInFAreABoundWrittenOnlyWhenUsed() {
    KlpConfig c = KlpConfig.parseOptions("--sleepers-in-f 2");
    assertThat(c.sleepersInF()).isEqualTo(2);
    assertThat(c.sleepingTasks()).isZero();
    assertThat(c.toOptions()).contains(" --sleeping-tasks 0 --sleepers-in-f 2 ");
    assertThat(KlpConfig.parseOptions(c.toOptions())).isEqualTo(c);
    assertThat(D.sleepersInF()).isZero();
    assertThat(D.toOptions()).doesNotContain("--sleepers-in-f");
    assertThat(D.withSleepersInF(KlpConfig.MAX_SLEEPERS_IN_F).sleepersInF()).isEqualTo(2);
    for (String[] bad :
        new String[][] {
          {"--sleepers-in-f 3", "--sleepers-in-f must be in 0..2, got 3"},
          {"--sleepers-in-f -1", "--sleepers-in-f must be in 0..2, got -1"},
          {"--sleepers-in-f x", "Invalid value for option '--sleepers-in-f': 'x' is not an int"},
        }) {
      assertThatThrownBy(() -> KlpConfig.parseOptions(bad[0]))
          .as(bad[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(bad[1]);
    }
  }

  /** Issue 9 §2.5: the transition CPU's own task, written only when modelled. */
  @Test
  void kworkerIsOffByDefaultAndWrittenOnlyWhenModelled() {
    assertThat(D.kworker()).isEqualTo(KlpConfig.Kworker.OFF);
    assertThat(D.toOptions()).doesNotContain("--kworker");
    for (KlpConfig.Kworker w :
        new KlpConfig.Kworker[] {KlpConfig.Kworker.ON, KlpConfig.Kworker.NO_CURRENT_CLAUSE}) {
      KlpConfig c = KlpConfig.parseOptions("--kworker " + w.cliName());
      assertThat(c.kworker()).isEqualTo(w);
      assertThat(c.toOptions()).endsWith(" --kworker " + w.cliName());
      assertThat(KlpConfig.parseOptions(c.toOptions())).isEqualTo(c);
    }
    assertThat(KlpConfig.parseOptions("--kworker off")).isEqualTo(D);
    assertThatThrownBy(() -> KlpConfig.parseOptions("--kworker yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--kworker must be off, on or no-current-clause, got yes");
  }

  @Test
  void badTransitionListsAndReversalsNameTheOption() {
    String[][] cases = {
      {
        "--transitions disable",
        "--transitions: transition 1 disables a patch but no patch is enabled before it, got"
            + " disable"
      },
      {
        "--transitions enable,disable,disable",
        "--transitions: transition 3 disables a patch but no patch is enabled before it, got"
            + " enable,disable,disable"
      },
      {
        "--transitions enable,frob",
        "--transitions must be 1, 2 or a list of enable and disable such as"
            + " enable,enable,disable, got enable,frob"
      },
      {
        "--transitions enable,,disable",
        "--transitions must be 1, 2 or a list of enable and disable such as"
            + " enable,enable,disable, got enable,,disable"
      },
      {
        "--transitions enable,enable,enable,enable,enable",
        "--transitions must list 1..4 transitions, got 5"
      },
      {"--transitions 3", "--transitions must be in 1..2, got 3"},
      {"--transitions 1x", "Invalid value for option '--transitions': '1x' is not an int"},
      {"--reversals 4", "--reversals must be in 0..3, got 4"},
      {"--reversals -1", "--reversals must be in 0..3, got -1"},
      {"--reversals x", "Invalid value for option '--reversals': 'x' is not an int"},
      {
        "--reverse --reversals 1",
        "--reverse and --reversals are exclusive: --reverse reverses the first transition at its"
            + " first failed attempt, --reversals N up to N times at any failed attempt of any"
            + " transition"
      },
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> KlpConfig.parseOptions(c[0]))
          .as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(c[1]);
    }
    assertThat(KlpConfig.parseOptions("--reverse --reversals 0").reverse()).isTrue();
  }

  @Test
  void vcpuTasksAreWrittenOnlyWhenUsed() {
    assertThat(D.vcpuTasks()).isZero();
    assertThat(D.vcpuRun()).isEqualTo(KlpConfig.VcpuRun.PATCHED);
    assertThat(D.toOptions()).doesNotContain("--vcpu");
    KlpConfig c = KlpConfig.parseOptions("--nohz-cpus 2 --vcpu-tasks 2");
    assertThat(c.vcpuTasks()).isEqualTo(2);
    assertThat(c.toOptions()).contains(" --vcpu-tasks 2 ").doesNotContain("--vcpu-run");
    assertThat(KlpConfig.parseOptions(c.toOptions())).isEqualTo(c);
    KlpConfig u = KlpConfig.parseOptions("--vcpu-tasks 1 --vcpu-run unpatched");
    assertThat(u.vcpuRun()).isEqualTo(KlpConfig.VcpuRun.UNPATCHED);
    assertThat(u.toOptions()).contains(" --vcpu-tasks 1 --vcpu-run unpatched ");
    assertThat(KlpConfig.parseOptions(u.toOptions())).isEqualTo(u);
    assertThat(KlpConfig.parseOptions("--vcpu-tasks 1 --vcpu-run patched").vcpuRun())
        .isEqualTo(KlpConfig.VcpuRun.PATCHED);
    assertThat(D.withVcpuTasks(1).withVcpuRun(KlpConfig.VcpuRun.UNPATCHED)).isEqualTo(u);
  }

  @Test
  void badVcpuOptionsNameTheOption() {
    String[][] cases = {
      {
        "--vcpu-tasks 2",
        "--vcpu-tasks must be in 0..1 (vCPU threads are some of the --nohz-cpus tasks), got 2"
      },
      {
        "--nohz-cpus 2 --vcpu-tasks 3",
        "--vcpu-tasks must be in 0..2 (vCPU threads are some of the --nohz-cpus tasks), got 3"
      },
      {
        "--vcpu-tasks -1",
        "--vcpu-tasks must be in 0..1 (vCPU threads are some of the --nohz-cpus tasks), got -1"
      },
      {"--vcpu-tasks x", "Invalid value for option '--vcpu-tasks': 'x' is not an int"},
      {"--vcpu-tasks 1 --vcpu-run frame", "--vcpu-run must be patched or unpatched, got frame"},
      {"--vcpu-run unpatched", "--vcpu-run unpatched needs --vcpu-tasks 1 or more"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> KlpConfig.parseOptions(c[0]))
          .as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(c[1]);
    }
  }
}
