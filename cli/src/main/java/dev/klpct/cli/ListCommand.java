package dev.klpct.cli;

import dev.klpct.api.klp.Strategy;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.checker.CheckOptions;
import dev.klpct.core.Contract;
import dev.klpct.core.KlpConfig;
import dev.klpct.report.ExitCode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code klpct list}: strategies, contracts, scenario parameters. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "List the strategies, the contracts and the scenario parameters with their" + " defaults.")
final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Klpct klpct;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Strategies (--strategy NAME):");
    for (String n : klpct.registry().names()) {
      Strategy s = klpct.registry().get(n);
      out.printf(Locale.ROOT, "  %-9s %s%n", n, s.description());
      out.printf(
          Locale.ROOT,
          "  %-9s context tracking %s, default --sync %s%n",
          "",
          s.contextTracking().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          s.defaultSync().cliName());
    }
    out.println();
    out.println("Contracts (--contract ID):");
    for (Contract c : Contract.all()) {
      out.printf(
          Locale.ROOT, "  %-22s %-6s %-11s %s%n", c.id(), c.invariant(), c.when(), c.statement());
    }
    out.printf(
        Locale.ROOT,
        "  %-22s %-6s %-11s %s%n",
        BuiltInProperty.DEADLOCK_FREE.id(),
        "-",
        "end of run",
        "No execution ends with a CPU blocked forever.");
    out.printf(
        Locale.ROOT,
        "  %-22s %-6s %-11s %s%n",
        BuiltInProperty.MODEL_SOUND.id(),
        "-",
        "every step",
        "Strategy and model code are deterministic, stay in their memory, throw nothing.");
    out.println();
    KlpConfig d = KlpConfig.defaults();
    out.println("Scenario parameters (defaults reproduce the October 2021 thread):");
    row(
        out,
        "--nohz-cpus N",
        d.nohzCpus() + "",
        "NOHZ_FULL CPUs, one user task each (1.." + KlpConfig.MAX_NOHZ_CPUS + ")");
    row(
        out,
        "--sleeping-tasks N",
        d.sleepingTasks() + "",
        "tasks asleep in the kernel, switched by the stack check (0.."
            + KlpConfig.MAX_SLEEPING_TASKS
            + ")");
    row(
        out,
        "--sleepers-in-f N",
        d.sleepersInF() + "",
        "tasks asleep inside the patched f (stack check fails), woken once, by"
            + " themselves or the fake signal (0.."
            + KlpConfig.MAX_SLEEPERS_IN_F
            + ")");
    row(
        out,
        "--idle-cpus N",
        d.idleCpus() + "",
        "idle CPUs running do_idle(), switched in the"
            + " idle loop (0.."
            + KlpConfig.MAX_IDLE_CPUS
            + ")");
    row(
        out,
        "--episodes K",
        d.episodes() + "",
        "syscalls per user task (0.." + KlpConfig.MAX_EPISODES + ")");
    row(
        out,
        "--retries R",
        d.retries() + "",
        "delayed retries of klp_try_complete_transition()"
            + " per transition (0.."
            + KlpConfig.MAX_RETRIES
            + ")");
    row(
        out,
        "--signal-after S",
        d.signalAfter() + "",
        "fake signals when klp_signals_cnt && !(cnt % S) (kernel: 15)");
    row(
        out,
        "--transitions 1|2",
        d.transitionsOption(),
        "2: enable a second patch over the same functions");
    row(
        out,
        "--transitions LIST",
        "",
        "e.g. enable,enable,disable: disable = klp_disable_patch() of the newest"
            + " enabled patch (1.."
            + KlpConfig.MAX_TRANSITIONS
            + " transitions)");
    row(out, "--reverse", "off", "reverse the first transition at its first failed attempt");
    row(
        out,
        "--reversals N",
        d.reversals() + "",
        "up to N reversals, at any failed attempt of any transition (0.."
            + KlpConfig.MAX_REVERSALS
            + "; not with --reverse)");
    row(out, "--nmi", "off", "one NMI from user mode per task");
    row(
        out,
        "--vcpu-tasks N",
        d.vcpuTasks() + "",
        "the first N NOHZ_FULL tasks are KVM vCPUs: KVM_RUN enters guest mode (0..--nohz-cpus)");
    row(
        out,
        "--vcpu-run R",
        d.vcpuRun().cliName(),
        "patched: f = vcpu_run() on the stack in guest mode | unpatched: only exit handlers");
    row(out, "--sync MODE", "per strategy", "schedule-on-each-cpu | rcu | rcu-eqs-work");
    row(
        out,
        "--test-and-clear Y",
        d.testAndClear().cliName(),
        "2021 | 2022 (failure ordering of test_and_clear_bit)");
    row(
        out,
        "--reverse-order V",
        d.reverseOrder().cliName(),
        "v5.15 | v6.4 (klp_reverse_transition ordering)");
    row(
        out,
        "--printk on|off",
        d.printk() ? "on" : "off",
        "klp_start_transition's pr_notice() and its full barrier");
    row(
        out,
        "--kworker MODE",
        d.kworker().cliName(),
        "off | on | no-current-clause: CPU0's own task in the task list, with or without"
            + " the task != current clause (RFC v2 03/11 as posted)");
    row(
        out,
        "--task-order O",
        d.taskOrder().cliName(),
        "listed | all: the task list in the listed creation order, or in every order (up to"
            + " exchanging sleeping tasks)");
    out.println();
    CheckOptions e = CheckOptions.defaults();
    out.println(
        "Exploration: --max-states N ("
            + e.maxStates()
            + "), --time-limit D (none), --threads N (processors), --no-reduction,"
            + " --no-step-cache.");
    out.println(
        "Exit codes: 0 holds, 1 violated, 2 usage or input error, 3 inconclusive,"
            + " 4 internal error.");
    out.flush();
    return ExitCode.HOLDS;
  }

  private static void row(PrintWriter out, String opt, String def, String what) {
    out.printf(Locale.ROOT, "  %-20s %-13s %s%n", opt, def, what);
  }
}
