package dev.klpct.cli;

import dev.klpct.api.klp.SyncMode;
import dev.klpct.core.KlpConfig;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The scenario parameters as command-line options (docs/model.md); parses into {@link KlpConfig},
 * the library's own type, whose defaults are the defaults here. The options are {@link
 * KlpConfig#OPTIONS}, which {@link KlpConfig#parseOptions} reads back from trace files.
 */
final class ScenarioOptions {
  private static final KlpConfig D = KlpConfig.defaults();

  @Option(
      names = "--nohz-cpus",
      paramLabel = "N",
      description = "NOHZ_FULL CPUs, each running one user task (default: ${DEFAULT-VALUE}).")
  int nohzCpus = D.nohzCpus();

  @Option(
      names = "--sleeping-tasks",
      paramLabel = "N",
      description =
          "Tasks asleep in the kernel, switched by the stack check (default: ${DEFAULT-VALUE}).")
  int sleepingTasks = D.sleepingTasks();

  @Option(
      names = "--sleepers-in-f",
      paramLabel = "N",
      description =
          "User tasks asleep inside the patched function f (their stack check fails), each woken"
              + " once, by itself at any time or by the fake signal, onto a housekeeping CPU"
              + " (default: ${DEFAULT-VALUE}).")
  int sleepersInF = D.sleepersInF();

  @Option(
      names = "--idle-cpus",
      paramLabel = "N",
      description =
          "Idle CPUs, each running its idle task in do_idle() (default: ${DEFAULT-VALUE}).")
  int idleCpus = D.idleCpus();

  @Option(
      names = "--episodes",
      paramLabel = "K",
      description = "Kernel episodes (syscalls) per user task (default: ${DEFAULT-VALUE}).")
  int episodes = D.episodes();

  @Option(
      names = "--retries",
      paramLabel = "R",
      description =
          "Delayed klp_try_complete_transition() retries per transition (default: ${DEFAULT-VALUE}).")
  int retries = D.retries();

  @Option(
      names = "--signal-after",
      paramLabel = "S",
      description =
          "Send fake signals when klp_signals_cnt && !(klp_signals_cnt %% S); the kernel uses 15 (default: ${DEFAULT-VALUE}).")
  int signalAfter = D.signalAfter();

  @Option(
      names = "--transitions",
      paramLabel = "1|2|LIST",
      description =
          "1, or 2: enable a second patch over the same functions; or a list such as"
              + " enable,enable,disable (klp_disable_patch() disables the newest enabled patch)"
              + " (default: ${DEFAULT-VALUE}).")
  String transitions = D.transitionsOption();

  @Option(
      names = "--reverse",
      description = "Reverse the first transition at its first failed attempt.")
  boolean reverse;

  @Option(
      names = "--reversals",
      paramLabel = "N",
      description =
          "Up to N reversals, each at any failed attempt of any transition; exclusive with"
              + " --reverse (default: ${DEFAULT-VALUE}).")
  int reversals = D.reversals();

  @Option(names = "--nmi", description = "Each user task may take one NMI from user mode.")
  boolean nmi;

  @Option(
      names = "--sync",
      paramLabel = "MODE",
      description =
          "klp_synchronize_transition(): schedule-on-each-cpu | rcu | rcu-eqs-work"
              + " (default: the strategy's; baseline and v1 schedule-on-each-cpu, others rcu).")
  @Nullable String sync;

  @Option(
      names = "--test-and-clear",
      paramLabel = "2021|2022",
      description = "Failure ordering of test_and_clear_bit() (default: 2021).")
  String testAndClear = D.testAndClear().cliName();

  @Option(
      names = "--reverse-order",
      paramLabel = "v5.15|v6.4",
      description = "klp_reverse_transition() ordering (default: v5.15).")
  String reverseOrder = D.reverseOrder().cliName();

  @Option(
      names = "--printk",
      paramLabel = "on|off",
      description =
          "Whether klp_start_transition()'s pr_notice() runs, with printk's fully ordered"
              + " ring-buffer reservation (default: on, as in every kernel).")
  String printk = D.printk() ? "on" : "off";

  @Option(
      names = "--vcpu-tasks",
      paramLabel = "N",
      description =
          "The first N NOHZ_FULL tasks are KVM vCPU threads: each kernel episode is a KVM_RUN"
              + " that enters guest mode (default: ${DEFAULT-VALUE}).")
  int vcpuTasks = D.vcpuTasks();

  @Option(
      names = "--vcpu-run",
      paramLabel = "patched|unpatched",
      description =
          "patched: f is vcpu_run(), on the vCPU's stack while the guest runs, g the exit handler"
              + " it calls after a VM exit; unpatched: only the exit handler f and its callee g"
              + " (default: patched).")
  String vcpuRun = D.vcpuRun().cliName();

  @Option(
      names = "--kworker",
      paramLabel = "off|on|no-current-clause",
      description =
          "The transition CPU's own task (the kworker, current on CPU0) in the task list: on, with"
              + " the task != current clause; no-current-clause, RFC v2 03/11 as first posted"
              + " (default: off).")
  String kworker = D.kworker().cliName();

  @Option(
      names = "--task-order",
      paramLabel = "listed|all",
      description =
          "The creation order of the tasks, which for_each_process_thread() walks: listed, the"
              + " NOHZ_FULL tasks by CPU, then the sleeping tasks, the sleepers in f and the kworker;"
              + " all, every order up to exchanging the sleeping tasks (default: listed).")
  String taskOrder = D.taskOrder().cliName();

  /**
   * @throws IllegalArgumentException naming the option, for out-of-range or unknown values
   */
  KlpConfig toConfig() {
    return KlpConfig.builder()
        .nohzCpus(nohzCpus)
        .sleepingTasks(sleepingTasks)
        .episodes(episodes)
        .retries(retries)
        .signalAfter(signalAfter)
        .transitions(KlpConfig.parseTransitions(transitions))
        .reverse(reverse)
        .reversals(reversals)
        .nmi(nmi)
        .sync(sync == null ? Optional.empty() : Optional.of(SyncMode.parse(sync)))
        .testAndClear(KlpConfig.TestAndClear.parse(testAndClear))
        .reverseOrder(KlpConfig.ReverseOrder.parse(reverseOrder))
        .idleCpus(idleCpus)
        .printk(KlpConfig.onOff("--printk", printk))
        .vcpuTasks(vcpuTasks)
        .vcpuRun(KlpConfig.VcpuRun.parse(vcpuRun))
        .sleepersInF(sleepersInF)
        .kworker(KlpConfig.Kworker.parse(kworker))
        .taskOrder(KlpConfig.TaskOrder.parse(taskOrder))
        .build();
  }
}
