package dev.klpct.bench;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.klp.ContextTracker;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Livepatch;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.Task;
import dev.klpct.api.program.KernelVariant;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.ct.ContextTrackers;
import dev.klpct.jvm.JvmKernel;
import dev.klpct.jvm.JvmMemory;
import org.jspecify.annotations.Nullable;

/**
 * A livepatch kernel in miniature for microbenchmarks: CPU0 (the transition CPU) and CPU1, a
 * NOHZ_FULL CPU running user task {@code T1}, with the strategy's context tracking, on the JVM
 * backend's memory. Strategy code runs on it unchanged.
 *
 * <p>Unlike the kernel model of {@code klp-core} it keeps no ghost bookkeeping (frames, RCU
 * readers, contracts) and its CPUs are {@linkplain JvmMemory#uncheckedKernel unchecked} JVM kernels
 * (no layout checks on each access): it costs what the kernel costs. {@code
 * preempt_disable_notrace()} is the kernel's {@code preempt_count} increment, an add to a field of
 * the CPU's {@link PerCpu} data; {@code klp_check_stack()} finds nothing on the stack; the
 * context-tracking work runs the strategy's {@code ct_work_klp}; RCU is assumed to watch from the
 * context-tracking increment on (RFC v2 08/11), which costs nothing extra.
 *
 * <p>A record because the JIT trusts a record's final fields to stay constant: where the benchmark
 * holds the kernel in a constant, the addresses of the task's words are constants too, as {@code
 * &current->thread_info.flags} is an offset fixed at build time.
 *
 * <p>Not thread-safe beyond what the kernel is: CPU0's code on {@link #cpu0}, CPU1's on {@link
 * #cpu1}, each from one thread.
 */
record OneTaskKernel(
    Strategy strategy,
    Task task,
    Loc target,
    Loc patchState,
    Loc flags,
    ContextTracker ct,
    JvmMemory memory,
    JvmKernel cpu0,
    JvmKernel cpu1,
    PerCpu cpu0Data,
    PerCpu cpu1Data)
    implements Livepatch, ContextTracker.Hooks {
  static final int DRIVER = 0;
  static final int NOHZ = 1;

  /**
   * @param variant the kernel modelled ({@code test_and_clear_bit()}'s failure ordering)
   */
  static OneTaskKernel create(Strategy strategy, KernelVariant variant) {
    Task task = new Task(0, "T1", Task.Kind.NOHZ_USER, NOHZ);
    MemoryLayout.Builder b = MemoryLayout.builder(2);
    long all = b.allCpus();
    long drv = MemoryLayout.Builder.mask(DRIVER);
    Loc target = b.shared("klp_target_state", all, drv, Klp.KLP_PATCHED);
    Loc patchState = b.shared("T1->patch_state", all, all, Klp.KLP_UNPATCHED);
    Loc flags = b.shared("T1->flags", all, all, 0);
    ContextTracker ct =
        ContextTrackers.create(strategy.contextTracking(), b, DRIVER, new int[] {NOHZ}, true);
    JvmMemory memory = JvmMemory.of(b.build(), variant);
    // no layout checks: the kernel has none (the model backend checks this code's accesses)
    return new OneTaskKernel(
        strategy,
        task,
        target,
        patchState,
        flags,
        ct,
        memory,
        memory.uncheckedKernel(DRIVER, 0),
        memory.uncheckedKernel(NOHZ, 0),
        new PerCpu(),
        new PerCpu());
  }

  // ---- Livepatch ----------------------------------------------------------------------------

  @Override
  public Loc klp_target_state() {
    return target;
  }

  @Override
  public Loc patch_state(Task t) {
    return patchState;
  }

  @Override
  public Loc thread_flags(Task t) {
    return flags;
  }

  @Override
  public ImmutableList<Task> tasks() {
    return ImmutableList.of(task);
  }

  @Override
  public @Nullable Task current(Kernel k) {
    return k.cpu() == NOHZ ? task : null;
  }

  @Override
  public ContextTracker contextTracking() {
    return ct;
  }

  @Override
  public void klp_update_patch_state(Kernel k, Task t) {
    strategy.patchStateUpdater().klp_update_patch_state(k, this, t);
  }

  @Override
  public int klp_check_stack(Kernel k, Task t) {
    return 0;
  }

  @Override
  public void preempt_disable_notrace(Kernel k, Site site) {
    this_cpu(k).preemptCount++;
  }

  @Override
  public void preempt_enable_notrace(Kernel k, Site site) {
    this_cpu(k).preemptCount--;
  }

  /** The per-CPU data of the CPU running {@code k}'s code. */
  PerCpu this_cpu(Kernel k) {
    return k == cpu1 ? cpu1Data : cpu0Data;
  }

  // ---- ContextTracker.Hooks --------------------------------------------------------------------

  @Override
  public void runWork(Kernel k, int work) {
    if ((work & Klp.CT_WORK_KLP) != 0) {
      strategy.patchStateUpdater().ct_work_klp(k, this, task);
    }
  }

  @Override
  public void rcuWatching(Kernel k, boolean watching) {}

  @Override
  public boolean rcuUsesCtSeq() {
    return true;
  }
}
