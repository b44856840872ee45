package dev.klpct.core;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Loc;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.api.klp.Task;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.KernelVariant;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.api.program.Metric;
import dev.klpct.api.program.Property;
import dev.klpct.api.program.WriteObserver;
import org.jspecify.annotations.Nullable;

/**
 * A strategy in a scenario, ready for the checker: the kernel model of {@link LivepatchModel}, the
 * transition driver on CPU0, one {@link NohzTask} per NOHZ_FULL CPU, and the contracts of {@link
 * Contract} as properties. Immutable; its programs are stateless, so one machine can be explored
 * many times and from several threads.
 */
public final class KlpMachine implements Machine {
  /** Metric id: IPIs, fake signals and work items sent to NOHZ_FULL CPUs. */
  public static final String DISTURBANCES = "disturbances";

  /** Metric id: failed {@code klp_try_complete_transition()} attempts (transition length). */
  public static final String FAILED_ATTEMPTS = "failed-attempts";

  /** Metric id: transitions completed. */
  public static final String COMPLETED = "completed";

  /**
   * Metric id: sync IPIs of {@code text_poke_bp_batch()} sent to NOHZ_FULL CPUs when a function's
   * first patch registers its ftrace ops (three per function and CPU on x86); not counted as
   * disturbances of the transition.
   */
  public static final String TEXT_POKE_IPIS = "text-poke-ipis";

  private final Strategy strategy;
  private final KlpConfig config;
  private final LivepatchModel m;
  private final CpuProgram[] programs;
  private final ImmutableList<Property> properties;
  private final ImmutableList<Metric> metrics;
  private final @Nullable WriteObserver[] observers;

  private KlpMachine(Strategy strategy, KlpConfig config) {
    this.strategy = strategy;
    this.config = config;
    this.m = new LivepatchModel(strategy, config);
    programs = new CpuProgram[m.layout.cpus()];
    programs[LivepatchModel.DRIVER] = new TransitionDriver(m);
    for (Task t : m.tasks) {
      switch (t.kind()) {
        case NOHZ_USER -> programs[t.cpu()] = new NohzTask(m, t);
        case IDLE -> programs[t.cpu()] = new IdleCpu(m, t);
        case SLEEPING -> {
          if (m.sleeperInF(t)) {
            programs[m.wakeCpu[t.id()]] = new SleeperInF(m, t);
          }
        }
        case HOUSEKEEPING -> {}
      }
    }
    ImmutableList.Builder<Property> ps = ImmutableList.builder();
    for (Contract c : Contract.values()) {
      ps.add(property(c));
    }
    properties = ps.build();
    metrics =
        ImmutableList.of(
            Metric.of(DISTURBANCES, v -> v.value(m.disturbances)),
            Metric.of(FAILED_ATTEMPTS, v -> v.value(m.failedAttempts)),
            Metric.of(COMPLETED, v -> v.value(m.completed)),
            Metric.of(TEXT_POKE_IPIS, v -> v.value(m.textPokeIpis)));
    observers = new WriteObserver[m.layout.size()];
    for (Task t : m.tasks) {
      observers[m.patchState[t.id()].index()] =
          (k, loc, old, neu, site) -> m.onPatchStateWrite(k, t, old, neu, site);
    }
  }

  /** Builds the machine for {@code strategy} in scenario {@code config}. */
  public static KlpMachine of(Strategy strategy, KlpConfig config) {
    return new KlpMachine(strategy, config);
  }

  public Strategy strategy() {
    return strategy;
  }

  public KlpConfig config() {
    return config;
  }

  /** The {@code klp_synchronize_transition()} in effect. */
  public SyncMode sync() {
    return m.sync.mode();
  }

  /** The kernel the configuration models: its {@code --test-and-clear} semantics. */
  @Override
  public KernelVariant kernelVariant() {
    return config.testAndClear() == KlpConfig.TestAndClear.Y2022
        ? KernelVariant.LINUX_2022
        : KernelVariant.LINUX_2021;
  }

  @Override
  public String description() {
    return "strategy " + strategy.name() + " " + config.toOptions(m.sync.mode());
  }

  @Override
  public MemoryLayout layout() {
    return m.layout;
  }

  @Override
  public CpuProgram program(int cpu) {
    return programs[cpu];
  }

  @Override
  public ImmutableList<Property> properties() {
    return properties;
  }

  @Override
  public ImmutableList<Metric> metrics() {
    return metrics;
  }

  @Override
  public @Nullable WriteObserver observer(Loc loc) {
    return observers[loc.index()];
  }

  /** The tasks' {@code pi_lock}s, the only locks the model takes. */
  @Override
  public boolean lockWord(Loc loc) {
    for (Loc l : m.piLock) {
      if (loc.equals(l)) {
        return true;
      }
    }
    return false;
  }

  private Property property(Contract c) {
    return Property.of(
        c.id(),
        c.statement(),
        c.kind(),
        s ->
            switch (c) {
              case COMPLETES -> s.value(m.completed) == config.transitions();
              default -> (s.value(m.violations) & c.bit()) == 0;
            },
        s ->
            switch (c) {
              case COMPLETES ->
                  "completes: only "
                      + s.value(m.completed)
                      + " of "
                      + config.transitions()
                      + " transitions completed within --retries "
                      + config.retries();
              case NOHZ_UNDISTURBED ->
                  "nohz-undisturbed: "
                      + s.value(m.disturbances)
                      + " IPI(s) or work item(s) sent to NOHZ_FULL CPUs";
              default -> c.id() + ": " + c.statement();
            });
  }
}
