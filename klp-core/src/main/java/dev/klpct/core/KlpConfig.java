package dev.klpct.core;

import static java.util.Objects.requireNonNull;

import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.klpct.api.klp.SyncMode;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The scenario parameters, each a {@code klpct} option of the same name ({@code klpct list} and
 * docs/model.md describe them). Immutable; the compact constructor rejects out-of-range values with
 * a message naming the option.
 *
 * @param nohzCpus {@code --nohz-cpus}: NOHZ_FULL CPUs, each running one user task
 * @param sleepingTasks {@code --sleeping-tasks}: tasks asleep in the kernel (stack-checked)
 * @param episodes {@code --episodes}: kernel episodes (syscalls) per user task
 * @param retries {@code --retries}: delayed {@code klp_try_complete_transition()} retries after the
 *     first attempt, per transition
 * @param signalAfter {@code --signal-after}: fake signals are sent when {@code klp_signals_cnt &&
 *     klp_signals_cnt % signalAfter == 0} (the kernel uses 15)
 * @param sequence {@code --transitions}: the transitions CPU0 runs one after the other, each
 *     enabling a new patch over the same functions ({@code klp_enable_patch()}) or disabling the
 *     newest enabled one ({@code klp_disable_patch()}); {@code --transitions N} is N enables
 * @param reverse {@code --reverse}: reverse the first transition at its first failed attempt
 * @param reversals {@code --reversals}: up to this many reversals, each at any failed attempt of
 *     any transition (a nondeterministic choice of CPU0); exclusive with {@code --reverse}
 * @param nmi {@code --nmi}: each user task may take one NMI from user mode
 * @param sync {@code --sync}: the {@code klp_synchronize_transition()}; empty = the strategy's
 * @param testAndClear {@code --test-and-clear}: failure ordering of {@code test_and_clear_bit}
 * @param reverseOrder {@code --reverse-order}: {@code klp_reverse_transition()} ordering
 * @param idleCpus {@code --idle-cpus}: idle CPUs, each running its idle task in {@code do_idle()}
 * @param printk {@code --printk on|off}: whether {@code klp_start_transition()}'s {@code
 *     pr_notice()} runs, and with it printk's fully ordered ring-buffer reservation (on in every
 *     kernel; off shows which verdicts lean on a barrier livepatch never says it relies on)
 * @param vcpuTasks {@code --vcpu-tasks}: the first this many NOHZ_FULL tasks are KVM vCPU threads,
 *     whose kernel episodes are {@code KVM_RUN} ioctls that enter guest mode (docs/model.md)
 * @param vcpuRun {@code --vcpu-run}: whether the function on a vCPU thread's stack while its guest
 *     runs ({@code vcpu_run()}) is the patched {@code f}, or only the exit handlers called after a
 *     VM exit are patched
 * @param sleepersInF {@code --sleepers-in-f}: user tasks asleep inside the patched function {@code
 *     f} (their stack check fails with {@code -EADDRINUSE}), each woken once, by itself at any time
 *     or by {@code klp_send_signals()}'s fake signal, onto a housekeeping CPU of its own
 * @param kworker {@code --kworker}: whether the transition CPU's own task (the kworker running
 *     {@code klp_transition_work_fn()}, {@code current} on CPU0) is in the task list, and whether
 *     {@code klp_check_and_switch_task()} has the {@code task != current} clause
 * @param taskOrder {@code --task-order}: the order in which {@code for_each_process_thread()} walks
 *     the tasks other than the idle tasks (their creation order): the listed one, or every one up
 *     to exchanging the identical {@code --sleeping-tasks} (a choice of CPU0 before the first
 *     transition)
 */
public record KlpConfig(
    int nohzCpus,
    int sleepingTasks,
    int episodes,
    int retries,
    int signalAfter,
    ImmutableList<Transition> sequence,
    boolean reverse,
    int reversals,
    boolean nmi,
    Optional<SyncMode> sync,
    TestAndClear testAndClear,
    ReverseOrder reverseOrder,
    int idleCpus,
    boolean printk,
    int vcpuTasks,
    VcpuRun vcpuRun,
    int sleepersInF,
    Kworker kworker,
    TaskOrder taskOrder) {

  public static final int MAX_NOHZ_CPUS = 6;
  public static final int MAX_SLEEPING_TASKS = 6;
  public static final int MAX_EPISODES = 6;
  public static final int MAX_RETRIES = 16;
  public static final int MAX_IDLE_CPUS = 4;
  public static final int MAX_TRANSITIONS = 4;
  public static final int MAX_REVERSALS = 3;
  public static final int MAX_SLEEPERS_IN_F = 2;

  /** The most task-list orders {@code --task-order all} may explore. */
  public static final long MAX_TASK_ORDERS = 40320;

  public KlpConfig {
    range("--nohz-cpus", nohzCpus, 1, MAX_NOHZ_CPUS);
    range("--sleeping-tasks", sleepingTasks, 0, MAX_SLEEPING_TASKS);
    range("--episodes", episodes, 0, MAX_EPISODES);
    range("--retries", retries, 0, MAX_RETRIES);
    range("--signal-after", signalAfter, 1, 64);
    sequence = ImmutableList.copyOf(sequence);
    checkSequence(sequence);
    range("--reversals", reversals, 0, MAX_REVERSALS);
    if (reverse && reversals != 0) {
      throw new IllegalArgumentException(
          "--reverse and --reversals are exclusive: --reverse reverses the first transition at its"
              + " first failed attempt, --reversals N up to N times at any failed attempt of any"
              + " transition");
    }
    range("--idle-cpus", idleCpus, 0, MAX_IDLE_CPUS);
    range("--sleepers-in-f", sleepersInF, 0, MAX_SLEEPERS_IN_F);
    requireNonNull(sync);
    requireNonNull(testAndClear);
    requireNonNull(reverseOrder);
    requireNonNull(vcpuRun);
    if (vcpuTasks < 0 || vcpuTasks > nohzCpus) {
      throw new IllegalArgumentException(
          "--vcpu-tasks must be in 0.."
              + nohzCpus
              + " (vCPU threads are some of the --nohz-cpus tasks), got "
              + vcpuTasks);
    }
    if (vcpuTasks == 0 && vcpuRun != VcpuRun.PATCHED) {
      throw new IllegalArgumentException(
          "--vcpu-run " + vcpuRun.cliName() + " needs --vcpu-tasks 1 or more");
    }
    requireNonNull(kworker);
    requireNonNull(taskOrder);
    if (taskOrder == TaskOrder.ALL) {
      long orders =
          everyOrder(orderedTasks(nohzCpus, sleepingTasks, sleepersInF, kworker), sleepingTasks);
      if (orders > MAX_TASK_ORDERS) {
        throw new IllegalArgumentException(
            "--task-order all: " + orders + " orders of the tasks, more than " + MAX_TASK_ORDERS);
      }
    }
  }

  /**
   * The tasks {@code for_each_process_thread()} walks in creation order: every task but the idle
   * tasks.
   */
  public int orderedTasks() {
    return orderedTasks(nohzCpus, sleepingTasks, sleepersInF, kworker);
  }

  /**
   * The orders of the task list {@code --task-order} explores: 1 for {@code listed}; for {@code
   * all}, n! / s! for n {@linkplain #orderedTasks() ordered tasks} of which s are the identical
   * {@code --sleeping-tasks}.
   */
  public long taskOrders() {
    return taskOrder == TaskOrder.LISTED ? 1 : everyOrder(orderedTasks(), sleepingTasks);
  }

  // Static, for the compact constructor, which runs before the fields are assigned.
  private static int orderedTasks(int nohz, int sleeping, int inF, Kworker kworker) {
    return nohz + sleeping + inF + (kworker == Kworker.OFF ? 0 : 1);
  }

  /** n! / s!: the orders of n tasks of which s are identical. */
  private static long everyOrder(int n, int s) {
    long orders = 1;
    for (int i = s + 1; i <= n; i++) {
      orders *= i;
    }
    return orders;
  }

  /**
   * A disable needs an enabled patch: read without reversals, every {@code disable} must follow
   * more enables than disables.
   */
  private static void checkSequence(List<Transition> sequence) {
    if (sequence.isEmpty() || sequence.size() > MAX_TRANSITIONS) {
      throw new IllegalArgumentException(
          "--transitions must list 1.." + MAX_TRANSITIONS + " transitions, got " + sequence.size());
    }
    int enabled = 0;
    for (int i = 0; i < sequence.size(); i++) {
      if (sequence.get(i) == Transition.ENABLE) {
        enabled++;
      } else if (enabled-- == 0) {
        throw new IllegalArgumentException(
            "--transitions: transition "
                + (i + 1)
                + " disables a patch but no patch is enabled before it, got "
                + sequenceName(sequence));
      }
    }
  }

  /** The number of transitions, enables and disables. */
  public int transitions() {
    return sequence.size();
  }

  /** The number of patches: one per enable. */
  public int patches() {
    return (int) sequence.stream().filter(t -> t == Transition.ENABLE).count();
  }

  /** Whether {@link #sequence} is only enables ({@code --transitions N}). */
  public boolean enablesOnly() {
    return !sequence.contains(Transition.DISABLE);
  }

  /** Whether some transition may end in {@code klp_unpatch_objects()}: a disable or a reversal. */
  public boolean mayUnpatch() {
    return reverse || reversals > 0 || !enablesOnly();
  }

  /** {@code --transitions} as written: {@code N} for N enables, else the list. */
  public String transitionsOption() {
    return enablesOnly() ? Integer.toString(sequence.size()) : sequenceName(sequence);
  }

  private static String sequenceName(List<Transition> sequence) {
    return sequence.stream().map(Transition::cliName).collect(Collectors.joining(","));
  }

  /** A transition of {@code --transitions}. */
  public enum Transition {
    /** {@code klp_enable_patch()} of a new patch, stacked on the enabled ones. */
    ENABLE("enable"),
    /** {@code klp_disable_patch()} of the newest enabled patch. */
    DISABLE("disable");

    private final String cli;

    Transition(String cli) {
      this.cli = cli;
    }

    public String cliName() {
      return cli;
    }
  }

  /**
   * {@code --transitions}: a number N (1 or 2: N enables, as before transition lists existed) or a
   * comma-separated list of {@code enable} and {@code disable}.
   *
   * @throws IllegalArgumentException naming the option
   */
  public static ImmutableList<Transition> parseTransitions(String value) {
    String v = value.trim();
    if (!v.isEmpty()
        && (Character.isDigit(v.charAt(0)) || v.charAt(0) == '+' || v.charAt(0) == '-')) {
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Invalid value for option '--transitions': '" + value + "' is not an int", e);
      }
      range("--transitions", n, 1, 2);
      return enables(n);
    }
    ImmutableList.Builder<Transition> b = ImmutableList.builder();
    for (String part : Splitter.on(',').trimResults().split(v.toLowerCase(Locale.ROOT))) {
      b.add(
          switch (part) {
            case "enable" -> Transition.ENABLE;
            case "disable" -> Transition.DISABLE;
            default ->
                throw new IllegalArgumentException(
                    "--transitions must be 1, 2 or a list of enable and disable such as"
                        + " enable,enable,disable, got "
                        + value);
          });
    }
    return b.build();
  }

  private static ImmutableList<Transition> enables(int n) {
    return ImmutableList.copyOf(Collections.nCopies(n, Transition.ENABLE));
  }

  private static void range(String option, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(option + " must be in " + lo + ".." + hi + ", got " + v);
    }
  }

  /** The defaults, which reproduce the October 2021 thread (the "default pair scenario"). */
  public static KlpConfig defaults() {
    return new KlpConfig(
        1,
        0,
        1,
        2,
        1,
        enables(2),
        false,
        0,
        false,
        Optional.empty(),
        TestAndClear.Y2021,
        ReverseOrder.V5_15,
        0,
        true,
        0,
        VcpuRun.PATCHED,
        0,
        Kworker.OFF,
        TaskOrder.LISTED);
  }

  /** {@code --vcpu-run}: what is patched on a vCPU thread's {@code KVM_RUN} path. */
  public enum VcpuRun {
    /**
     * {@code f} is {@code vcpu_run()} (or any function on the stack while the guest runs: {@code
     * kvm_arch_vcpu_ioctl_run()}, {@code vcpu_enter_guest()}); {@code g} is the exit handler it
     * calls after each VM exit.
     */
    PATCHED("patched"),
    /**
     * Nothing klp-managed is on the stack in guest mode: {@code f} is the exit handler called after
     * each VM exit, {@code g} a function it calls.
     */
    UNPATCHED("unpatched");

    private final String cli;

    VcpuRun(String cli) {
      this.cli = cli;
    }

    public String cliName() {
      return cli;
    }

    public static VcpuRun parse(String s) {
      return byCliName("--vcpu-run", s, s, values(), VcpuRun::cliName);
    }
  }

  /** {@code --kworker}: the transition CPU's own task. */
  public enum Kworker {
    /** Not in the task list (as before the option existed). */
    OFF("off"),
    /**
     * In the task list, current on CPU0; {@code klp_check_and_switch_task()} has {@code
     * task_curr(task) && task != current} (v5.15's {@code klp_try_switch_task()}, v5.16 after Petr
     * Mladek's review of RFC v2 03/11): CPU0 stack-checks its own task, whose stack holds no
     * patched function.
     */
    ON("on"),
    /**
     * In the task list, without the {@code task != current} clause: RFC v2 03/11 (and RFC v1 3/7)
     * as first posted, {@code if (task_curr(task)) return -EBUSY;}.
     */
    NO_CURRENT_CLAUSE("no-current-clause");

    private final String cli;

    Kworker(String cli) {
      this.cli = cli;
    }

    public String cliName() {
      return cli;
    }

    public static Kworker parse(String s) {
      return byCliName("--kworker", s, s, values(), Kworker::cliName);
    }
  }

  /**
   * {@code --task-order}: the creation order of the tasks, which {@code for_each_process_thread()}
   * walks.
   */
  public enum TaskOrder {
    /**
     * One order: the NOHZ_FULL tasks by CPU, the sleeping tasks, the sleepers in {@code f}, the
     * kworker (as before the option existed).
     */
    LISTED("listed"),
    /**
     * Every order, up to exchanging the identical {@code --sleeping-tasks}: CPU0 chooses one before
     * the first transition. The idle tasks come last, by CPU, in every order.
     */
    ALL("all");

    private final String cli;

    TaskOrder(String cli) {
      this.cli = cli;
    }

    public String cliName() {
      return cli;
    }

    public static TaskOrder parse(String s) {
      return byCliName("--task-order", s, s, values(), TaskOrder::cliName);
    }
  }

  /** Failure ordering of {@code test_and_clear_bit()}. */
  public enum TestAndClear {
    /** 2021 generic bitops: an early {@code READ_ONCE} return, unordered when the bit is clear. */
    Y2021("2021"),
    /** Since Aug 2022 ("locking/atomic: Make test_and_*_bit() ordered on failure"). */
    Y2022("2022");

    private final String cli;

    TestAndClear(String cli) {
      this.cli = cli;
    }

    public String cliName() {
      return cli;
    }

    public static TestAndClear parse(String s) {
      return byCliName("--test-and-clear", s, s, values(), TestAndClear::cliName);
    }
  }

  /** Ordering of {@code klp_reverse_transition()}. */
  public enum ReverseOrder {
    /** Flip the target, clear TIF, synchronize, start. */
    V5_15("v5.15"),
    /** Clear TIF, synchronize, flip the target, {@code smp_wmb()}, start (Josh/Mladek 2023). */
    V6_4("v6.4");

    private final String cli;

    ReverseOrder(String cli) {
      this.cli = cli;
    }

    public String cliName() {
      return cli;
    }

    public static ReverseOrder parse(String s) {
      return byCliName(
          "--reverse-order", s.toLowerCase(Locale.ROOT), s, values(), ReverseOrder::cliName);
    }
  }

  /**
   * The constant among {@code values} whose CLI name is {@code name}.
   *
   * @param given the value as the user wrote it, for the message
   * @throws IllegalArgumentException naming {@code option} and every CLI name
   */
  private static <E extends Enum<E>> E byCliName(
      String option, String name, String given, E[] values, Function<E, String> cliName) {
    for (E e : values) {
      if (cliName.apply(e).equals(name)) {
        return e;
      }
    }
    List<String> names = Arrays.stream(values).map(cliName).toList();
    throw new IllegalArgumentException(
        option
            + " must be "
            + String.join(", ", names.subList(0, names.size() - 1))
            + " or "
            + names.get(names.size() - 1)
            + ", got "
            + given);
  }

  public KlpConfig withNohzCpus(int n) {
    return toBuilder().nohzCpus(n).build();
  }

  public KlpConfig withSleepingTasks(int n) {
    return toBuilder().sleepingTasks(n).build();
  }

  public KlpConfig withEpisodes(int n) {
    return toBuilder().episodes(n).build();
  }

  public KlpConfig withRetries(int n) {
    return toBuilder().retries(n).build();
  }

  public KlpConfig withSignalAfter(int n) {
    return toBuilder().signalAfter(n).build();
  }

  public KlpConfig withTransitions(int n) {
    return toBuilder().transitions(n).build();
  }

  public KlpConfig withTransitions(List<Transition> sequence) {
    return toBuilder().transitions(sequence).build();
  }

  public KlpConfig withReverse(boolean b) {
    return toBuilder().reverse(b).build();
  }

  public KlpConfig withReversals(int n) {
    return toBuilder().reversals(n).build();
  }

  public KlpConfig withNmi(boolean b) {
    return toBuilder().nmi(b).build();
  }

  public KlpConfig withSync(Optional<SyncMode> s) {
    return toBuilder().sync(s).build();
  }

  public KlpConfig withTestAndClear(TestAndClear t) {
    return toBuilder().testAndClear(t).build();
  }

  public KlpConfig withReverseOrder(ReverseOrder r) {
    return toBuilder().reverseOrder(r).build();
  }

  public KlpConfig withIdleCpus(int n) {
    return toBuilder().idleCpus(n).build();
  }

  public KlpConfig withPrintk(boolean on) {
    return toBuilder().printk(on).build();
  }

  public KlpConfig withVcpuTasks(int n) {
    return toBuilder().vcpuTasks(n).build();
  }

  public KlpConfig withVcpuRun(VcpuRun r) {
    return toBuilder().vcpuRun(r).build();
  }

  public KlpConfig withSleepersInF(int n) {
    return toBuilder().sleepersInF(n).build();
  }

  public KlpConfig withKworker(Kworker w) {
    return toBuilder().kworker(w).build();
  }

  public KlpConfig withTaskOrder(TaskOrder o) {
    return toBuilder().taskOrder(o).build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects a {@link KlpConfig} field by field; {@link #build()} validates, with the messages of
   * the compact constructor. Not thread-safe.
   */
  public static final class Builder {
    private int nohzCpus;
    private int sleepingTasks;
    private int episodes;
    private int retries;
    private int signalAfter;
    private ImmutableList<Transition> sequence;
    private boolean reverse;
    private int reversals;
    private boolean nmi;
    private Optional<SyncMode> sync;
    private TestAndClear testAndClear;
    private ReverseOrder reverseOrder;
    private int idleCpus;
    private boolean printk;
    private int vcpuTasks;
    private VcpuRun vcpuRun;
    private int sleepersInF;
    private Kworker kworker;
    private TaskOrder taskOrder;

    private Builder(KlpConfig c) {
      nohzCpus = c.nohzCpus;
      sleepingTasks = c.sleepingTasks;
      episodes = c.episodes;
      retries = c.retries;
      signalAfter = c.signalAfter;
      sequence = c.sequence;
      reverse = c.reverse;
      reversals = c.reversals;
      nmi = c.nmi;
      sync = c.sync;
      testAndClear = c.testAndClear;
      reverseOrder = c.reverseOrder;
      idleCpus = c.idleCpus;
      printk = c.printk;
      vcpuTasks = c.vcpuTasks;
      vcpuRun = c.vcpuRun;
      sleepersInF = c.sleepersInF;
      kworker = c.kworker;
      taskOrder = c.taskOrder;
    }

    /** {@code --nohz-cpus}. */
    public Builder nohzCpus(int n) {
      nohzCpus = n;
      return this;
    }

    /** {@code --sleeping-tasks}. */
    public Builder sleepingTasks(int n) {
      sleepingTasks = n;
      return this;
    }

    /** {@code --episodes}. */
    public Builder episodes(int n) {
      episodes = n;
      return this;
    }

    /** {@code --retries}. */
    public Builder retries(int n) {
      retries = n;
      return this;
    }

    /** {@code --signal-after}. */
    public Builder signalAfter(int n) {
      signalAfter = n;
      return this;
    }

    /**
     * {@code --transitions N}: N enables.
     *
     * @throws IllegalArgumentException if {@code n} is not 1 or 2
     */
    public Builder transitions(int n) {
      range("--transitions", n, 1, 2);
      sequence = enables(n);
      return this;
    }

    /** {@code --transitions enable,...}: the sequence, validated by {@link #build()}. */
    public Builder transitions(List<Transition> s) {
      sequence = ImmutableList.copyOf(s);
      return this;
    }

    /** {@code --reverse}. */
    public Builder reverse(boolean b) {
      reverse = b;
      return this;
    }

    /** {@code --reversals}. */
    public Builder reversals(int n) {
      reversals = n;
      return this;
    }

    /** {@code --nmi}. */
    public Builder nmi(boolean b) {
      nmi = b;
      return this;
    }

    /** {@code --sync}; empty for the strategy's own. */
    public Builder sync(Optional<SyncMode> s) {
      sync = requireNonNull(s);
      return this;
    }

    /** {@code --test-and-clear}. */
    public Builder testAndClear(TestAndClear t) {
      testAndClear = requireNonNull(t);
      return this;
    }

    /** {@code --reverse-order}. */
    public Builder reverseOrder(ReverseOrder r) {
      reverseOrder = requireNonNull(r);
      return this;
    }

    /** {@code --idle-cpus}. */
    public Builder idleCpus(int n) {
      idleCpus = n;
      return this;
    }

    /** {@code --printk on|off}. */
    public Builder printk(boolean on) {
      printk = on;
      return this;
    }

    /** {@code --vcpu-tasks}. */
    public Builder vcpuTasks(int n) {
      vcpuTasks = n;
      return this;
    }

    /** {@code --vcpu-run}. */
    public Builder vcpuRun(VcpuRun r) {
      vcpuRun = requireNonNull(r);
      return this;
    }

    /** {@code --sleepers-in-f}. */
    public Builder sleepersInF(int n) {
      sleepersInF = n;
      return this;
    }

    /** {@code --kworker}. */
    public Builder kworker(Kworker w) {
      kworker = requireNonNull(w);
      return this;
    }

    /** {@code --task-order}. */
    public Builder taskOrder(TaskOrder o) {
      taskOrder = requireNonNull(o);
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming the option, for an out-of-range value
     */
    public KlpConfig build() {
      return new KlpConfig(
          nohzCpus,
          sleepingTasks,
          episodes,
          retries,
          signalAfter,
          sequence,
          reverse,
          reversals,
          nmi,
          sync,
          testAndClear,
          reverseOrder,
          idleCpus,
          printk,
          vcpuTasks,
          vcpuRun,
          sleepersInF,
          kworker,
          taskOrder);
    }
  }

  /**
   * The scenario options of {@code klpct}, each with its value's label as {@code klpct --help}
   * shows it ({@code null} for a flag): the options {@link #parseOptions} reads and {@link
   * #toOptions} writes.
   */
  public static final ImmutableMap<String, Optional<String>> OPTIONS =
      ImmutableMap.<String, Optional<String>>builder()
          .put("--nohz-cpus", Optional.of("N"))
          .put("--sleeping-tasks", Optional.of("N"))
          .put("--sleepers-in-f", Optional.of("N"))
          .put("--idle-cpus", Optional.of("N"))
          .put("--episodes", Optional.of("K"))
          .put("--retries", Optional.of("R"))
          .put("--signal-after", Optional.of("S"))
          .put("--transitions", Optional.of("1|2|LIST"))
          .put("--reverse", Optional.empty())
          .put("--reversals", Optional.of("N"))
          .put("--nmi", Optional.empty())
          .put("--sync", Optional.of("MODE"))
          .put("--test-and-clear", Optional.of("2021|2022"))
          .put("--reverse-order", Optional.of("v5.15|v6.4"))
          .put("--printk", Optional.of("on|off"))
          .put("--vcpu-tasks", Optional.of("N"))
          .put("--vcpu-run", Optional.of("patched|unpatched"))
          .put("--kworker", Optional.of("off|on|no-current-clause"))
          .put("--task-order", Optional.of("listed|all"))
          .buildOrThrow();

  /**
   * Parses scenario options written as on the command line ({@code --nmi --transitions 1}, or the
   * {@code options} line of a trace file) over {@link #defaults()}: the inverse of {@link
   * #toOptions}. The rules and messages are those of {@code klpct check}: {@code --name value} or
   * {@code --name=value}, each option at most once, flags without a value (or {@code =true}/{@code
   * =false}).
   *
   * @throws IllegalArgumentException naming the option, for unknown options, missing or malformed
   *     values, repeated options and out-of-range numbers
   */
  public static KlpConfig parseOptions(String options) {
    Builder b = builder();
    List<String> args =
        Splitter.on(CharMatcher.whitespace()).omitEmptyStrings().splitToList(options);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      Optional<String> label = OPTIONS.get(name);
      if (label == null) {
        throw new IllegalArgumentException(
            arg.startsWith("-")
                ? "Unknown option: '" + arg + "'"
                : "Unmatched argument at index " + i + ": '" + arg + "'");
      }
      String described = "'" + name + "'" + label.map(l -> " (" + l + ")").orElse("");
      if (!seen.add(name)) {
        throw new IllegalArgumentException(
            "option " + described + " should be specified only once");
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (label.isEmpty()) {
        value = "true";
      } else if (i + 1 == args.size()) {
        throw new IllegalArgumentException("Missing required parameter for option " + described);
      } else if (OPTIONS.containsKey(args.get(i + 1).split("=", 2)[0])) {
        throw new IllegalArgumentException(
            "Expected parameter for option '" + name + "' but found '" + args.get(i + 1) + "'");
      } else {
        value = args.get(++i);
      }
      set(b, name, value);
    }
    return b.build();
  }

  private static void set(Builder b, String name, String value) {
    switch (name) {
      case "--nohz-cpus" -> b.nohzCpus(intValue(name, value));
      case "--sleeping-tasks" -> b.sleepingTasks(intValue(name, value));
      case "--sleepers-in-f" -> b.sleepersInF(intValue(name, value));
      case "--idle-cpus" -> b.idleCpus(intValue(name, value));
      case "--episodes" -> b.episodes(intValue(name, value));
      case "--retries" -> b.retries(intValue(name, value));
      case "--signal-after" -> b.signalAfter(intValue(name, value));
      case "--transitions" -> b.transitions(parseTransitions(value));
      case "--reverse" -> b.reverse(booleanValue(name, value));
      case "--reversals" -> b.reversals(intValue(name, value));
      case "--nmi" -> b.nmi(booleanValue(name, value));
      case "--sync" -> b.sync(Optional.of(SyncMode.parse(value)));
      case "--test-and-clear" -> b.testAndClear(TestAndClear.parse(value));
      case "--reverse-order" -> b.reverseOrder(ReverseOrder.parse(value));
      case "--printk" -> b.printk(onOff(name, value));
      case "--vcpu-tasks" -> b.vcpuTasks(intValue(name, value));
      case "--vcpu-run" -> b.vcpuRun(VcpuRun.parse(value));
      case "--kworker" -> b.kworker(Kworker.parse(value));
      case "--task-order" -> b.taskOrder(TaskOrder.parse(value));
      default -> throw new AssertionError(name);
    }
  }

  private static int intValue(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid value for option '" + option + "': '" + value + "' is not an int", e);
    }
  }

  /**
   * {@code on} or {@code off}.
   *
   * @throws IllegalArgumentException naming the option, for anything else
   */
  public static boolean onOff(String option, String value) {
    return switch (value) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(option + " must be on or off, got " + value);
    };
  }

  private static boolean booleanValue(String option, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "Invalid value for option '" + option + "': '" + value + "' is not a boolean");
    };
  }

  /**
   * The option string of this configuration, with {@code --sync} only when it is set (without it,
   * each strategy's own applies).
   */
  public String toOptions() {
    return options(sync);
  }

  /** The option string that reproduces this configuration with {@code klpct}. */
  public String toOptions(SyncMode effectiveSync) {
    return options(Optional.of(effectiveSync));
  }

  private String options(Optional<SyncMode> s) {
    return "--nohz-cpus "
        + nohzCpus
        + " --sleeping-tasks "
        + sleepingTasks
        + (sleepersInF == 0 ? "" : " --sleepers-in-f " + sleepersInF)
        + (idleCpus == 0 ? "" : " --idle-cpus " + idleCpus)
        + " --episodes "
        + episodes
        + " --retries "
        + retries
        + " --signal-after "
        + signalAfter
        + " --transitions "
        + transitionsOption()
        + (reverse ? " --reverse" : "")
        + (reversals == 0 ? "" : " --reversals " + reversals)
        + (nmi ? " --nmi" : "")
        + (vcpuTasks == 0 ? "" : " --vcpu-tasks " + vcpuTasks)
        + (vcpuRun == VcpuRun.PATCHED ? "" : " --vcpu-run " + vcpuRun.cliName())
        + s.map(m -> " --sync " + m.cliName()).orElse("")
        + " --test-and-clear "
        + testAndClear.cliName()
        + " --reverse-order "
        + reverseOrder.cliName()
        + (printk ? "" : " --printk off")
        + (kworker == Kworker.OFF ? "" : " --kworker " + kworker.cliName())
        + (taskOrder == TaskOrder.LISTED ? "" : " --task-order " + taskOrder.cliName());
  }
}
