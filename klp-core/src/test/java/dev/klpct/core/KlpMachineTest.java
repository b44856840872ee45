package dev.klpct.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.Loc;
import dev.klpct.api.klp.ContextTracking;
import dev.klpct.api.klp.Klp;
import dev.klpct.api.klp.Strategy;
import dev.klpct.api.klp.SyncMode;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.api.program.Metric;
import dev.klpct.api.program.Property;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The machine's shape: layout, programs, properties and metrics. Nothing is explored here. */
class KlpMachineTest {

  /** A strategy whose parts are never run by these tests. */
  private static Strategy fixed(ContextTracking contextTracking, SyncMode defaultSync) {
    return Strategy.builder("fixed")
        .description("test strategy")
        .taskSwitcher((k, lp, t) -> -Klp.EBUSY)
        .patchStateUpdater((k, lp, task) -> {})
        .contextTracking(contextTracking)
        .defaultSync(defaultSync)
        .build();
  }

  private static final Strategy UPSTREAM =
      fixed(ContextTracking.STATE_2021, SyncMode.SCHEDULE_ON_EACH_CPU);
  private static final Strategy SEQ = fixed(ContextTracking.SEQ_WORK, SyncMode.RCU);

  /** A strategy for tests of this package that need one but never run it. */
  static Strategy strategy() {
    return UPSTREAM;
  }

  @Test
  void layoutHasKernelNames() {
    KlpMachine m =
        KlpMachine.of(UPSTREAM, KlpConfig.defaults().withNohzCpus(2).withSleepingTasks(1));
    MemoryLayout l = m.layout();

    assertThat(l.byName("klp_target_state").kind()).isEqualTo(Loc.Kind.SHARED);
    assertThat(l.byName("klp_target_state").initial()).isEqualTo(-1);
    assertThat(l.byName("T1->patch_state").initial()).isEqualTo(-1);
    assertThat(l.locations())
        .extracting(Loc::name)
        .contains(
            "T1->patch_state",
            "T1->flags",
            "T2->patch_state",
            "S1->patch_state",
            "S1->flags",
            "p1.f->transition",
            "p2.g->transition",
            "f.ops->func_stack",
            "g.ops->func_stack",
            "cpu1.pending_ipi",
            "cpu2.pending_ipi",
            "ghost.violations");
    assertThat(l.locations()).extracting(Loc::name).doesNotContain("T3->patch_state");
  }

  @Test
  void layoutNamesAreUnique() {
    KlpMachine m = KlpMachine.of(SEQ, KlpConfig.defaults().withNohzCpus(3).withSleepingTasks(2));

    assertThat(m.layout().locations()).extracting(Loc::name).doesNotHaveDuplicates();
    assertThat(m.layout().locations())
        .extracting(Loc::index)
        .containsExactlyElementsOf(IntStream.range(0, m.layout().size()).boxed().toList());
  }

  @Test
  void accessMasksFollowTheKernelModel() {
    KlpMachine m =
        KlpMachine.of(UPSTREAM, KlpConfig.defaults().withNohzCpus(2).withSleepingTasks(1));
    MemoryLayout l = m.layout();

    // globals: everyone reads, only the transition CPU writes
    assertThat(l.byName("klp_target_state").readers()).isEqualTo(0b111);
    assertThat(l.byName("klp_target_state").writers()).isEqualTo(0b001);
    // a running task's state: its CPU and CPU0
    assertThat(l.byName("T2->patch_state").writers()).isEqualTo(0b101);
    // a sleeping task's state: CPU0 only
    assertThat(l.byName("S1->patch_state").readers()).isEqualTo(0b001);
  }

  @Test
  void oneProgramPerCpu() {
    KlpMachine m = KlpMachine.of(UPSTREAM, KlpConfig.defaults().withNohzCpus(3));

    assertThat(m.cpus()).isEqualTo(4);
    assertThat(m.program(0).name()).isEqualTo("CPU0 (klp transition)");
    assertThat(m.program(1).name()).isEqualTo("CPU1 (T1, NOHZ_FULL)");
    assertThat(m.program(3).name()).isEqualTo("CPU3 (T3, NOHZ_FULL)");
  }

  @Test
  void idleCpusComeAfterTheNohzCpus() {
    KlpMachine m = KlpMachine.of(UPSTREAM, KlpConfig.defaults().withNohzCpus(2).withIdleCpus(1));

    assertThat(m.cpus()).isEqualTo(4);
    assertThat(m.program(3).name()).isEqualTo("CPU3 (swapper/3, idle)");
    assertThat(m.layout().byName("swapper/3->patch_state").writers()).isEqualTo(0b1001);
  }

  @Test
  void propertiesAreTheContracts() {
    KlpMachine m = KlpMachine.of(UPSTREAM, KlpConfig.defaults());

    assertThat(m.properties())
        .extracting(Property::id)
        .containsExactlyElementsOf(Contract.all().stream().map(Contract::id).toList());
    for (Property p : m.properties()) {
      Contract c = Contract.byId(p.id()).orElseThrow();
      assertThat(p.kind()).isEqualTo(c.kind());
      assertThat(p.statement()).isEqualTo(c.statement());
    }
    assertThat(m.metrics())
        .extracting(Metric::id)
        .containsExactly(
            KlpMachine.DISTURBANCES,
            KlpMachine.FAILED_ATTEMPTS,
            KlpMachine.COMPLETED,
            KlpMachine.TEXT_POKE_IPIS);
  }

  @Test
  void syncDefaultsToTheStrategysAndCanBeOverridden() {
    KlpMachine byDefault = KlpMachine.of(SEQ, KlpConfig.defaults());
    KlpMachine overridden =
        KlpMachine.of(SEQ, KlpConfig.defaults().withSync(Optional.of(SyncMode.RCU_EQS_WORK)));

    assertThat(byDefault.sync()).isEqualTo(SyncMode.RCU);
    assertThat(overridden.sync()).isEqualTo(SyncMode.RCU_EQS_WORK);
    assertThat(byDefault.description())
        .startsWith("strategy fixed --nohz-cpus 1")
        .contains("--sync rcu ");
    // rcu-eqs-work: context tracking without 08/11, so RCU keeps its own dynticks counter
    assertThat(overridden.layout().locations()).extracting(Loc::name).contains("rcu[1].dynticks");
    assertThat(byDefault.layout().locations())
        .extracting(Loc::name)
        .doesNotContain("rcu[1].dynticks");
  }

  @Test
  void observersWatchEveryPatchState() {
    KlpMachine m =
        KlpMachine.of(UPSTREAM, KlpConfig.defaults().withNohzCpus(2).withSleepingTasks(1));

    for (Loc l : m.layout().locations()) {
      assertThat(m.observer(l) != null).as(l.name()).isEqualTo(l.name().endsWith("->patch_state"));
    }
  }
}
