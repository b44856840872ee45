package dev.klpct.core;

import static dev.klpct.api.klp.Klp.KLP_PATCHED;
import static dev.klpct.api.klp.Klp.KLP_UNDEFINED;
import static dev.klpct.api.klp.Klp.KLP_UNPATCHED;
import static dev.klpct.api.klp.Klp.stateName;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.ContextTracker;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Livepatch;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.Task;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.ct.ContextTrackers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The kernel state of one scenario and the livepatch services strategies use: memory layout, tasks,
 * context tracking, {@code klp_ftrace_handler()}, preemption / RCU read-side sections, and the
 * ghost bookkeeping the contracts are judged on.
 *
 * <h2>Memory</h2>
 *
 * CPU0 runs the transition ({@link TransitionDriver}); CPU1..N each run one user task ({@link
 * NohzTask}). Globals ({@code klp_target_state}, each patch's {@code func->transition}, each
 * function's {@code ops->func_stack}) are written only by CPU0. A running task's {@code
 * patch_state} and flags are accessed by its CPU and by CPU0; a sleeping task's only by CPU0. These
 * masks are what the checker's partial-order reduction relies on, and it enforces them on every
 * access.
 *
 * <p>Each of CPU1..N keeps its preemption count, interrupt and RCU state in a {@link CpuContext},
 * in registers its program reserves; the preemption and RCU hooks below reach it through {@link
 * #context}.
 *
 * <h2>Functions and versions</h2>
 *
 * One object with two patched functions, {@code f} calling {@code g}. Patch p (1-based, the p-th
 * enable of {@code --transitions}) patches both. {@code func_stack[fn]} is modelled as the bit set
 * of the patches on the RCU list, newest (highest) first; a frame's version is the patch whose body
 * runs, 0 for the original.
 */
final class LivepatchModel implements Livepatch, ContextTracker.Hooks {
  static final int DRIVER = 0;
  static final String[] FN = {"f", "g"};
  static final int F = 0;
  static final int G = 1;

  /**
   * Where the transition is, as the contracts judge writes to {@code patch_state}: the ghost word
   * {@code ghost.phase} holds the stage in its low 3 bits and the transition's number above.
   */
  enum Stage {
    IDLE,
    INIT,
    SWITCHING,
    REVERSING,
    COMPLETING,
    RESETTING;

    private static final Stage[] ALL = values();

    /** The {@code ghost.phase} word of transition {@code epoch} at this stage. */
    @SuppressWarnings("EnumOrdinal") // the ghost word is the encoding; values() reads it back
    int word(int epoch) {
      return (epoch << 3) | ordinal();
    }

    static Stage of(int phaseWord) {
      return ALL[phaseWord & 7];
    }

    static int epoch(int phaseWord) {
      return phaseWord >>> 3;
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  // pending interrupt bits of a NOHZ CPU
  static final int IRQ_KICK = 1;
  static final int IRQ_SYNC = 2;

  /**
   * {@code try_to_wake_up()} of a sleeper of {@code --sleepers-in-f} by {@code wake_up_state()}:
   * the task is queued on its housekeeping CPU, which the reschedule IPI gets out of its idle loop.
   */
  static final int IRQ_WAKE = 16;

  /** The sync IPI of the text modification that registers function {@code fn}'s ftrace ops. */
  static int irqTextPoke(int fn) {
    return 4 << fn;
  }

  /** Every {@link #irqTextPoke} bit. */
  static final int IRQ_TEXT_POKE = ((1 << FN.length) - 1) << 2;

  final Strategy strategy;
  final KlpConfig config;
  final SynchronizeTransition sync;
  final MemoryLayout layout;
  final ContextTracker ct;
  final ImmutableList<Task> tasks;

  /**
   * The orders in which {@code for_each_process_thread()} may walk {@link #tasks} ({@code
   * --task-order}): each the task ids in walk order, the idle tasks last by CPU. The first is the
   * listed order; with {@code --task-order all} every order of the other tasks follows, up to
   * exchanging the identical {@code --sleeping-tasks} (in each order S1 comes before S2, and so
   * on).
   */
  final int[][] taskOrders;

  final @Nullable Task[] onCpu;
  final int[] nohzCpus;

  /** The idle CPUs ({@code --idle-cpus}), after the NOHZ_FULL ones. */
  final int[] idleCpus;

  /** Every CPU but the transition CPU. */
  final int[] otherCpus;

  /**
   * Per task: the housekeeping CPU a sleeper of {@code --sleepers-in-f} runs on once woken, {@code
   * -1} for every other task.
   */
  final int[] wakeCpu;

  /**
   * Per sleeper in {@code f}: {@code on_cpu} (1 while it runs, {@code task_curr()}), the word
   * {@code task_call_func()} and the scheduler decide it by.
   */
  final @Nullable Loc[] onCpuWord; // [task]

  /**
   * Per sleeper in {@code f}: its kernel stack as {@code klp_check_stack()} reads it: 1 + the
   * version of the {@code f} frame it sleeps in, 0 once it has returned from {@code f}.
   */
  final @Nullable Loc[] stackWord; // [task]

  /**
   * Per sleeper in {@code f}: {@code p->pi_lock}, standing for the locks {@code task_call_func()}
   * takes (and the runqueue lock when the task is queued or running): while CPU0 holds it the task
   * is neither woken nor scheduled in or out.
   */
  final @Nullable Loc[] piLock; // [task]

  /** Per sleeper in {@code f}: the task as it is while it runs ({@code task_curr()}). */
  final @Nullable Task[] runningView; // [task]

  /**
   * The transition CPU's own task ({@code --kworker}), the kworker running {@code
   * klp_transition_work_fn()}, or {@code null}.
   */
  final @Nullable Task kworker;

  final Loc target;
  final Loc[][] transition; // [patch][fn]
  final Loc[] funcStack; // [fn]
  final Loc[] patchState; // [task]
  final Loc[] flags; // [task]
  final @Nullable Loc[] stack; // [task] ghost: depth | v0 << 4 | v1 << 8
  final @Nullable Loc[] irq; // [cpu]
  final @Nullable Loc[] rcuReader; // [cpu]: CpuContext.RCU_EQS, RCU_WATCHING or RCU_READER

  /** The kernel context of every CPU but the transition CPU. */
  private final @Nullable CpuContext[] context; // [cpu]

  final @Nullable Loc[] mode; // [cpu] ghost: 0 user, 1 kernel, 2 nmi, 4 guest
  final Loc phase;
  final Loc reversed;
  final Loc completed;
  final Loc violations;
  final Loc disturbances;
  final Loc failedAttempts;

  /** Sync IPIs of the first patch's ftrace registration sent to NOHZ_FULL CPUs. */
  final Loc textPokeIpis;

  private static final Site HANDLER = Site.in("klp_ftrace_handler");
  private static final Site CHECK_STACK = Site.in("klp_check_stack");

  /** func_stack read before func->transition read (pairs with __klp_enable_patch's smp_wmb). */
  private static final Site H_RMB1 = HANDLER.label("smp_rmb() [func_stack]");

  /** func->transition read before patch_state read (pairs with klp_init_transition's smp_wmb). */
  private static final Site H_RMB2 = HANDLER.label("smp_rmb() [transition]");

  LivepatchModel(Strategy strategy, KlpConfig config) {
    this.strategy = strategy;
    this.config = config;
    this.sync = SynchronizeTransition.of(config.sync().orElse(strategy.defaultSync()));
    int cpus = 1 + config.nohzCpus() + config.idleCpus() + config.sleepersInF();
    MemoryLayout.Builder b = MemoryLayout.builder(cpus);
    long all = b.allCpus();
    long drv = MemoryLayout.Builder.mask(DRIVER);
    nohzCpus = new int[config.nohzCpus()];
    for (int i = 0; i < nohzCpus.length; i++) {
      nohzCpus[i] = i + 1;
    }
    idleCpus = new int[config.idleCpus()];
    otherCpus = new int[cpus - 1];
    for (int i = 0; i < idleCpus.length; i++) {
      idleCpus[i] = 1 + config.nohzCpus() + i;
    }
    for (int i = 0; i < otherCpus.length; i++) {
      otherCpus[i] = i + 1;
    }

    target = b.shared("klp_target_state", all, drv, KLP_UNDEFINED);
    int patches = config.patches();
    transition = new Loc[patches + 1][];
    for (int p = 1; p <= patches; p++) {
      transition[p] = new Loc[FN.length];
      for (int fn = 0; fn < FN.length; fn++) {
        transition[p][fn] = b.shared("p" + p + "." + FN[fn] + "->transition", all, drv, 0);
      }
    }
    funcStack = new Loc[FN.length];
    for (int fn = 0; fn < FN.length; fn++) {
      funcStack[fn] = b.shared(FN[fn] + ".ops->func_stack", all, drv, 0);
    }

    List<Task> ts = new ArrayList<>();
    for (int i = 0; i < config.nohzCpus(); i++) {
      ts.add(new Task(ts.size(), "T" + (i + 1), Task.Kind.NOHZ_USER, i + 1));
    }
    for (int i = 0; i < config.sleepingTasks(); i++) {
      ts.add(new Task(ts.size(), "S" + (i + 1), Task.Kind.SLEEPING, -1));
    }
    List<Integer> wakeCpus = new ArrayList<>();
    for (int i = 0; i < config.sleepersInF(); i++) {
      ts.add(new Task(ts.size(), "W" + (i + 1), Task.Kind.SLEEPING, -1));
      wakeCpus.add(1 + config.nohzCpus() + config.idleCpus() + i);
    }
    Task kw = null;
    if (config.kworker() != KlpConfig.Kworker.OFF) {
      // the kthread that runs klp_transition_work_fn(): current on the transition CPU
      kw = new Task(ts.size(), "kworker/0:1", Task.Kind.HOUSEKEEPING, DRIVER);
      ts.add(kw);
    }
    kworker = kw;
    for (int cpu : idleCpus) {
      ts.add(new Task(ts.size(), "swapper/" + cpu, Task.Kind.IDLE, cpu));
    }
    tasks = ImmutableList.copyOf(ts);
    taskOrders = taskOrders(config, tasks.size());
    onCpu = new Task[cpus];
    patchState = new Loc[tasks.size()];
    flags = new Loc[tasks.size()];
    stack = new Loc[tasks.size()];
    wakeCpu = new int[tasks.size()];
    onCpuWord = new Loc[tasks.size()];
    stackWord = new Loc[tasks.size()];
    piLock = new Loc[tasks.size()];
    runningView = new Task[tasks.size()];
    Arrays.fill(wakeCpu, -1);
    for (int i = 0; i < wakeCpus.size(); i++) {
      wakeCpu[config.nohzCpus() + config.sleepingTasks() + i] = wakeCpus.get(i);
    }
    for (Task t : tasks) {
      int home = t.running() ? t.cpu() : wakeCpu[t.id()];
      long m = home >= 0 ? MemoryLayout.Builder.mask(DRIVER, home) : drv;
      patchState[t.id()] = b.shared(t.comm() + "->patch_state", m, m, KLP_UNDEFINED);
      flags[t.id()] = b.shared(t.comm() + "->flags", m, m, 0);
      if (t.running()) {
        onCpu[t.cpu()] = t;
      }
      if (wakeCpu[t.id()] >= 0) {
        int h = wakeCpu[t.id()];
        onCpu[h] = t;
        runningView[t.id()] = new Task(t.id(), t.comm(), Task.Kind.HOUSEKEEPING, h);
        onCpuWord[t.id()] = b.shared(t.comm() + "->on_cpu", m, m, 0);
        stackWord[t.id()] = b.shared(t.comm() + "->stack", m, m, 1 /* f of the original */);
        piLock[t.id()] = b.shared(t.comm() + "->pi_lock", m, m, 0);
        // asleep in f of the original, called before the first patch: depth 1, version 0
        stack[t.id()] =
            b.add(t.comm() + ".stack", Loc.Kind.GHOST, m, MemoryLayout.Builder.mask(h), 1);
      }
      if (t.kind() == Task.Kind.NOHZ_USER) {
        long self = MemoryLayout.Builder.mask(t.cpu());
        // the transition CPU may stack-check it (a strategy that does so for a running task)
        stack[t.id()] =
            b.add(
                t.comm() + ".stack",
                Loc.Kind.GHOST,
                MemoryLayout.Builder.mask(DRIVER, t.cpu()),
                self,
                0);
      }
    }
    irq = new Loc[cpus];
    rcuReader = new Loc[cpus];
    context = new CpuContext[cpus];
    mode = new Loc[cpus];
    for (int cpu : otherCpus) {
      long both = MemoryLayout.Builder.mask(DRIVER, cpu);
      long self = MemoryLayout.Builder.mask(cpu);
      irq[cpu] = b.shared("cpu" + cpu + ".pending_ipi", both, both, 0);
      if (sync.waitsForReaders()) {
        // RCU's view of this CPU, kept by its CpuContext
        rcuReader[cpu] =
            b.add("cpu" + cpu + ".rcu_reader", Loc.Kind.GHOST, both, self, CpuContext.RCU_EQS);
      }
      context[cpu] = new CpuContext(rcuReader[cpu]);
      if (cpu <= config.nohzCpus() || cpu > config.nohzCpus() + config.idleCpus()) {
        // a NOHZ_FULL CPU (0 user, 1 kernel, 2 NMI) or a sleeper's CPU (0 asleep, 1 running)
        mode[cpu] = b.add("cpu" + cpu + ".mode", Loc.Kind.GHOST, both, self, 0);
      }
    }
    phase = b.add("ghost.phase", Loc.Kind.GHOST, all, drv, Stage.IDLE.word(0));
    reversed = b.add("ghost.reversed", Loc.Kind.GHOST, all, drv, 0);
    completed = b.add("ghost.completed", Loc.Kind.GHOST, all, drv, 0);
    violations = b.ghostCommutative("ghost.violations");
    disturbances = b.ghostCommutative("ghost.disturbances");
    failedAttempts = b.ghostCommutative("ghost.failed_attempts");
    textPokeIpis = b.ghostCommutative("ghost.text_poke_ipis");

    ct =
        ContextTrackers.create(
            strategy.contextTracking(), b, DRIVER, nohzCpus, sync.rcuWatchesCtWork());
    layout = b.build();
  }

  /**
   * The walk orders of {@link #taskOrders}: the distinct permutations, in lexicographic order, of
   * the ordered tasks with every sleeping task labelled as the first, each sleeping-task label then
   * given to S1, S2, ... in turn; the idle tasks after them.
   */
  private static int[][] taskOrders(KlpConfig config, int size) {
    int n = config.orderedTasks();
    int firstS = config.nohzCpus();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i >= firstS && i < firstS + config.sleepingTasks() ? firstS : i;
    }
    List<int[]> orders = new ArrayList<>();
    do {
      int[] order = new int[size];
      int nextS = firstS;
      for (int i = 0; i < size; i++) {
        order[i] =
            i >= n ? i : labels[i] == firstS && config.sleepingTasks() > 0 ? nextS++ : labels[i];
      }
      orders.add(order);
    } while (config.taskOrder() == KlpConfig.TaskOrder.ALL && nextPermutation(labels));
    return orders.toArray(new int[0][]);
  }

  /**
   * Rearranges {@code a} into its next permutation in lexicographic order; false after the last.
   */
  private static boolean nextPermutation(int[] a) {
    int i = a.length - 2;
    while (i >= 0 && a[i] >= a[i + 1]) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    int j = a.length - 1;
    while (a[j] <= a[i]) {
      j--;
    }
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
    for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
      t = a[l];
      a[l] = a[r];
      a[r] = t;
    }
    return true;
  }

  /**
   * The patch that transition {@code transition} (from 1, an enable) enables: its enables' count.
   */
  int patchEnabledBy(int transition) {
    int p = 0;
    for (int i = 0; i < transition; i++) {
      if (config.sequence().get(i) == KlpConfig.Transition.ENABLE) {
        p++;
      }
    }
    return p;
  }

  // ---- Livepatch -------------------------------------------------------------------------

  @Override
  public Loc klp_target_state() {
    return target;
  }

  @Override
  public Loc patch_state(Task t) {
    return patchState[t.id()];
  }

  @Override
  public Loc thread_flags(Task t) {
    return flags[t.id()];
  }

  @Override
  public ImmutableList<Task> tasks() {
    return tasks;
  }

  /**
   * The task running on the executing CPU: on the transition CPU its kworker when the scenario
   * models it ({@code --kworker}), else {@code null}.
   */
  @Override
  public @Nullable Task current(Kernel k) {
    int c = k.cpu();
    return c >= 0 && c < onCpu.length ? onCpu[c] : null;
  }

  @Override
  public ContextTracker contextTracking() {
    return ct;
  }

  /** The strategy's {@code klp_update_patch_state()}. */
  @Override
  public void klp_update_patch_state(Kernel k, Task task) {
    strategy.patchStateUpdater().klp_update_patch_state(k, this, task);
  }

  /**
   * {@code --sleeping-tasks} sleep outside any patched function, so their stack check passes. A
   * sleeper of {@code --sleepers-in-f} fails it with {@code -EADDRINUSE} while its stack holds the
   * {@code f} that the transition replaces (kernel.md §2.1): the new patch's {@code f} when the
   * target is {@code KLP_UNPATCHED}, otherwise the next older one on {@code ops->func_stack} (the
   * original if there is none); its stack is a word CPU0 reads. A running task's stack is read from
   * the model's frame bookkeeping (strategies must not stack-check running tasks; if one does, it
   * sees the task's live frames).
   */
  @Override
  public int klp_check_stack(Kernel k, Task t) {
    Loc w = stackWord[t.id()];
    if (w != null) {
      int frame = k.READ_ONCE(w, CHECK_STACK);
      return frame != 0 && frame - 1 == TransitionDriver.replacedVersion(k, this)
          ? -Klp.EADDRINUSE
          : 0;
    }
    Loc s = stack[t.id()];
    if (s != null && (k.ghost(s) & 0xF) != 0) {
      return -Klp.EADDRINUSE;
    }
    return 0;
  }

  @Override
  public void preempt_disable_notrace(Kernel k, Site site) {
    if (k.cpu() != DRIVER) { // nobody waits for the transition CPU's own read-side sections
      context(k.cpu()).preempt_disable(k);
    }
  }

  @Override
  public void preempt_enable_notrace(Kernel k, Site site) {
    if (k.cpu() != DRIVER) {
      context(k.cpu()).preempt_enable(k);
    }
  }

  /** Whether {@code t} is a sleeper of {@code --sleepers-in-f}. */
  boolean sleeperInF(Task t) {
    return wakeCpu[t.id()] >= 0;
  }

  /** Whether {@code cpu} is a NOHZ_FULL CPU. */
  boolean nohz(int cpu) {
    return cpu >= 1 && cpu <= config.nohzCpus();
  }

  /** {@code cpu}'s pending-IPI word, for any CPU but the transition CPU. */
  Loc irq(int cpu) {
    return present(irq[cpu], "pending_ipi", cpu);
  }

  /** {@code cpu}'s {@code rcu_reader} ghost word, when the sync waits for read-side sections. */
  Loc rcuReader(int cpu) {
    return present(rcuReader[cpu], "rcu_reader", cpu);
  }

  /** {@code cpu}'s user/kernel/NMI ghost word, for a NOHZ_FULL CPU. */
  Loc mode(int cpu) {
    return present(mode[cpu], "mode", cpu);
  }

  private static Loc present(@Nullable Loc l, String what, int cpu) {
    if (l == null) {
      throw new IllegalStateException("CPU" + cpu + " has no " + what + " word");
    }
    return l;
  }

  /** The kernel context of {@code cpu}, any CPU but the transition CPU. */
  CpuContext context(int cpu) {
    CpuContext c = context[cpu];
    if (c == null) {
      throw new IllegalStateException("CPU" + cpu + " has no kernel context");
    }
    return c;
  }

  // ---- ContextTracker.Hooks ----------------------------------------------------------------

  @Override
  public void runWork(Kernel k, int work) {
    if ((work & Klp.CT_WORK_KLP) != 0) {
      Task cur = current(k);
      if (cur != null) {
        strategy.patchStateUpdater().ct_work_klp(k, this, cur);
      }
    }
  }

  @Override
  public void rcuWatching(Kernel k, boolean watching) {
    if (watching) {
      context(k.cpu()).rcu_eqs_exit(k);
    } else {
      context(k.cpu()).rcu_eqs_enter(k);
    }
  }

  @Override
  public boolean rcuUsesCtSeq() {
    return sync.rcuWatchesCtWork();
  }

  // ---- klp_ftrace_handler ------------------------------------------------------------------

  /**
   * A call of patched function {@code fn} by {@code cur}: {@code klp_ftrace_handler()} decides
   * which version runs (kernel.md §2.1 dispatch table) and the model pushes a frame of that
   * version, checking {@link Contract#CONSISTENCY} and {@link Contract#HANDLER_DEFINED_STATE}.
   *
   * @param callsHandler whether {@code fn}'s call site calls the ftrace handler on this CPU: its
   *     ftrace registration has modified the text and this CPU has handled the sync IPI; if not,
   *     the original runs and nothing is read
   */
  void call(Kernel k, Task cur, int fn, boolean callsHandler) {
    if (!callsHandler) {
      push(k, cur, fn, 0, Integer.MIN_VALUE);
      return;
    }
    preempt_disable_notrace(k, HANDLER);
    int stackBits = k.READ_ONCE(funcStack[fn], HANDLER);
    int version;
    int ps = Integer.MIN_VALUE;
    if (stackBits == 0) {
      version = 0; // no patch registered: ftrace does not call the handler
    } else {
      int top = 31 - Integer.numberOfLeadingZeros(stackBits);
      version = top;
      k.smp_rmb(H_RMB1);
      int tr = k.READ_ONCE(transition[top][fn], HANDLER);
      if (tr != 0) {
        k.smp_rmb(H_RMB2);
        ps = k.READ_ONCE(patchState[cur.id()], HANDLER);
        if (ps == KLP_UNDEFINED) {
          violate(
              k,
              Contract.HANDLER_DEFINED_STATE,
              () ->
                  cur.comm()
                      + " called "
                      + FN[fn]
                      + " while p"
                      + top
                      + "."
                      + FN[fn]
                      + "->transition is set and its patch_state is"
                      + " KLP_UNDEFINED (WARN_ON_ONCE in klp_ftrace_handler); runs "
                      + version(top));
        } else if (ps == KLP_UNPATCHED) {
          int below = stackBits & ~(1 << top);
          version = below == 0 ? 0 : 31 - Integer.numberOfLeadingZeros(below);
        }
      }
    }
    push(k, cur, fn, version, ps);
    preempt_enable_notrace(k, HANDLER);
  }

  static String version(int v) {
    return v == 0 ? "the original" : "patch " + v;
  }

  private void push(Kernel k, Task cur, int fn, int version, int ps) {
    Loc s = stack[cur.id()];
    if (s == null) {
      return;
    }
    int st = k.ghost(s);
    int depth = st & 0xF;
    if (k.tracing()) {
      k.note(
          cur.comm()
              + " runs "
              + FN[fn]
              + " of "
              + version(version)
              + (ps == Integer.MIN_VALUE ? "" : " (patch_state " + stateName(ps) + ")"));
    }
    for (int i = 0; i < depth; i++) {
      int v = (st >>> (4 + 4 * i)) & 0xF;
      if (v != version) {
        int below = i;
        violate(
            k,
            Contract.CONSISTENCY,
            () ->
                cur.comm()
                    + " runs "
                    + FN[fn]
                    + " of "
                    + version(version)
                    + " while "
                    + FN[below]
                    + " of "
                    + version(v)
                    + " is still on its stack: two patch versions on one call chain");
        break;
      }
    }
    k.setGhost(s, (depth + 1) | (st & ~0xF) | (version << (4 + 4 * depth)));
  }

  /** Returns from the newest klp-managed frame of {@code cur}. */
  void pop(Kernel k, Task cur) {
    Loc s = stack[cur.id()];
    if (s != null) {
      int st = k.ghost(s);
      int depth = (st & 0xF) - 1;
      if (depth < 0) {
        throw new IllegalStateException(cur.comm() + " returns from a frame it does not have");
      }
      k.setGhost(s, depth | (st & ~0xF & ~(0xF << (4 + 4 * depth))));
    }
  }

  /** Whether {@code t} is a KVM vCPU thread: one of the first {@code --vcpu-tasks} NOHZ tasks. */
  boolean isVcpu(Task t) {
    return t.kind() == Task.Kind.NOHZ_USER && t.cpu() <= config.vcpuTasks();
  }

  /** Returns from every klp-managed frame of {@code cur}. */
  void popAll(Kernel k, Task cur) {
    Loc s = stack[cur.id()];
    if (s != null) {
      k.setGhost(s, 0);
    }
  }

  /**
   * The transition sends an IPI, a fake signal or a work item to NOHZ_FULL CPU {@code cpu}: always
   * a disturbance (the metric); a violation of {@link Contract#NOHZ_UNDISTURBED} when the CPU's
   * task is in user mode (or in an NMI taken there), the only place NOHZ_FULL promises not to
   * interrupt it (Documentation/timers/no_hz.rst: a CPU with a single runnable task "in user
   * space"). Sent while the task is in the kernel of its own accord, it interrupts nothing the
   * promise covers.
   */
  void disturb(Kernel k, int cpu, Supplier<String> why) {
    k.ghostAdd(disturbances, 1);
    if (k.ghost(mode(cpu)) != MODE_KERNEL) {
      violate(k, Contract.NOHZ_UNDISTURBED, () -> why.get() + " while its task runs in user mode");
    }
  }

  /** {@link #mode} of a CPU whose task is in the kernel (syscall or interrupt from user mode). */
  static final int MODE_KERNEL = 1;

  /**
   * {@link #mode} of a CPU whose vCPU thread is in guest mode. For {@link #disturb} it counts as
   * user mode: context tracking and RCU treat guest mode as they treat user mode, and isolating a
   * vCPU from host interrupts is what NOHZ_FULL is used for with KVM (Tosatti on 11/11). [inferred]
   * A bit of its own ({@code mode & 3 == 0}: user or guest).
   */
  static final int MODE_GUEST = 4;

  /**
   * Records a violation of {@code c}; {@code why} is built only if the kernel keeps it (a search
   * that records no trace does not).
   */
  void violate(Kernel k, Contract c, Supplier<String> why) {
    k.violate(violations, c.bit(), () -> c.id() + ": " + why.get());
  }

  /**
   * Ghost check of every write to a task's patch_state (INV-6, INV-9), whatever the value it
   * overwrites: a write of the value already there is judged too, since what makes it stale is when
   * it lands and what it writes (a pending work that rewrites the pre-reversal target, then clears
   * the new TIF, changes nothing in patch_state but undoes klp_start_transition()).
   */
  void onPatchStateWrite(Kernel k, Task t, int old, int neu, Site site) {
    if (TransitionDriver.initOrReset(site)) {
      return;
    }
    int ph = k.ghost(phase);
    Stage stage = Stage.of(ph);
    int tgt = k.ghost(target);
    boolean stale =
        switch (stage) {
          // klp_reverse_transition() window: a klp_update_patch_state() that read the target
          // before the flip may still land ("let remaining klp_update_patch_state() complete");
          // klp_start_transition() then sets TIF again for it. Upstream v5.15 has this window.
          case REVERSING -> neu != KLP_PATCHED && neu != KLP_UNPATCHED;
          case SWITCHING, COMPLETING -> neu != tgt;
          default -> true;
        };
    if (!stale) {
      return;
    }
    violate(
        k,
        Contract.NO_STALE_WRITE,
        () ->
            site.function()
                + " wrote "
                + stateName(neu)
                + " to "
                + t.comm()
                + "->patch_state (was "
                + stateName(old)
                + ") while transition "
                + Stage.epoch(ph)
                + " is "
                + stage
                + " with klp_target_state "
                + stateName(tgt));
    if (k.ghost(reversed) != 0
        && (stage == Stage.SWITCHING || stage == Stage.COMPLETING)
        && neu == 1 - tgt) {
      violate(
          k,
          Contract.REVERSAL,
          () ->
              site.function()
                  + " wrote the pre-reversal target "
                  + stateName(neu)
                  + " to "
                  + t.comm()
                  + "->patch_state after klp_start_transition()"
                  + " restarted the reversed transition");
    }
  }
}
