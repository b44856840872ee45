package dev.klpct.it.contracts;

import static dev.klpct.core.Contract.COMPLETE_SWITCHED;
import static dev.klpct.core.Contract.CONSISTENCY;
import static dev.klpct.core.Contract.HANDLER_DEFINED_STATE;
import static dev.klpct.core.Contract.INIT_UNDEFINED;
import static dev.klpct.core.Contract.NOHZ_UNDISTURBED;
import static dev.klpct.core.Contract.NO_STALE_WRITE;

import dev.klpct.api.klp.Capability;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.checker.MemoryModel;
import dev.klpct.contracts.StrategyContract;
import dev.klpct.core.Contract;
import dev.klpct.core.KlpConfig;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.kernel.PatchStateUpdaters;
import dev.klpct.strategies.kernel.TaskSwitchers;
import java.util.Set;

/**
 * The contract suite on each built-in strategy in the default pair scenario under sc, tso and lkmm,
 * and on a strategy written here. Each nested class is what a strategy author writes as a top-level
 * test class; the module's Surefire configuration runs nested {@code *Test$*} classes.
 */
class ContractSuiteOnBuiltInsTest {
  private ContractSuiteOnBuiltInsTest() {}

  private static Strategy builtIn(String name) {
    return StrategyComponent.builtIn().get(name);
  }

  /**
   * Zijlstra 2021-10-06 11:04: keeps every contract with --signal-after 3. (With the default 1, the
   * fake signal can follow the failed attempt the first patch's registration IPIs cause.)
   */
  static class Zijlstra implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("zijlstra");
    }

    @Override
    public KlpConfig scenario() {
      return KlpConfig.defaults().withSignalAfter(3);
    }
  }

  /** Upstream v5.15. */
  static class Baseline implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("baseline");
    }

    // By design: schedule_on_each_cpu() and the fake signals interrupt NOHZ_FULL CPUs, the
    // problem the thread set out to solve.
    @Override
    public Set<Contract> expectedViolations() {
      return Set.of(NOHZ_UNDISTURBED);
    }
  }

  /** RFC v1, clear TIF then assign while T runs in user mode. */
  static class V1 implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("v1");
    }

    // consistency: the WHOOPSIE (Mladek 2021-10-06): CPU1 leaves user mode after CPU0 sampled
    // it, calls f with the old state and g with the new one. nohz-undisturbed: the RFC v1
    // context_tracking_state_cpu() is still synchronised with schedule_on_each_cpu(). The same
    // under every model: complete-switched is judged on what CPU0 itself reads, and CPU0 reads
    // its own patch_state write from its store buffer under x86-TSO (docs/findings.md).
    @Override
    public Set<Contract> expectedViolations() {
      return Set.of(CONSISTENCY, NOHZ_UNDISTURBED);
    }
  }

  /** Mladek's is_ct_user() on the RFC v2 seq. */
  static class Mladek implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("mladek");
    }

    // The same WHOOPSIE: is_ct_user() is a sample, T1 may enter the kernel right after it.
    // nohz-undisturbed: with --signal-after 1 the fake signal can follow two failed attempts (one
    // while T1 returns from a text-poke IPI of the first patch's ftrace registration).
    @Override
    public Set<Contract> expectedViolations() {
      return Set.of(CONSISTENCY, NOHZ_UNDISTURBED);
    }
  }

  /** RFC v2 09/11, the patch_state assignment deferred to CT_WORK_KLP. */
  static class V2 implements StrategyContract {
    @Override
    public Strategy strategy() {
      return builtIn("v2");
    }

    // The deferred __klp_update_patch_state() can run after klp_complete_transition():
    // complete-switched (T1 not switched when the transition completes), no-stale-write (the
    // work writes after the reset; Mladek 2021-10-06 point 2), init-undefined (the next
    // transition finds patch_state defined), and, once patch 2 is on its way,
    // handler-defined-state and consistency.
    @Override
    public Set<Contract> expectedViolations() {
      return Set.of(
          COMPLETE_SWITCHED,
          NO_STALE_WRITE,
          INIT_UNDEFINED,
          HANDLER_DEFINED_STATE,
          CONSISTENCY,
          NOHZ_UNDISTURBED); // the fake signal, as for mladek
    }
  }

  /**
   * A user's strategy: Zijlstra's race-to-complete without the {@code smp_rmb()} between the {@code
   * TIF_PATCH_PENDING} test and the {@code klp_target_state} read ([Z1]), composed from the kernel
   * building blocks. The barrier only orders reads under weak memory: under sequential consistency
   * and x86-TSO (which keeps loads in order) every contract holds; under lkmm T1's CPU can read the
   * {@code klp_target_state} from before the transition and write it to its own {@code
   * patch_state}.
   */
  static class ZijlstraWithoutZ1 implements StrategyContract {
    @Override
    public Strategy strategy() {
      return Strategy.builder("zijlstra-no-z1")
          .description("Zijlstra's race-to-complete without the smp_rmb() [Z1] after the TIF test")
          .taskSwitcher(TaskSwitchers.postWorkAndRace())
          .patchStateUpdater(
              PatchStateUpdaters.withoutBarriers(
                  PatchStateUpdaters.noinstrRace(), PatchStateUpdaters.Z1))
          .contextTracking(ContextTracking.SEQ_WORK)
          .defaultSync(SyncMode.RCU)
          .capabilities(
              Capability.SWITCHES_RUNNING_TASKS,
              Capability.POSTS_CT_WORK,
              Capability.SENDS_FAKE_SIGNALS)
          .build();
    }

    @Override
    public Set<Contract> expectedViolations(MemoryModel model, KlpConfig scenario) {
      return model == MemoryModel.LKMM
          ? Set.of(HANDLER_DEFINED_STATE, COMPLETE_SWITCHED, NO_STALE_WRITE)
          : Set.of();
    }

    @Override
    public KlpConfig scenario() {
      return KlpConfig.defaults().withSignalAfter(3);
    }
  }
}
