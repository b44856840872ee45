package dev.klpct.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --task-order}: the task-list orders the model walks. Nothing is explored here. */
class TaskOrderTest {
  private static final KlpConfig.TaskOrder ALL = KlpConfig.TaskOrder.ALL;

  private static LivepatchModel model(KlpConfig c) {
    return new LivepatchModel(KlpMachineTest.strategy(), c);
  }

  /** Each order as the tasks' names, in walk order. */
  private static List<String> names(KlpConfig c) {
    LivepatchModel m = model(c);
    return Arrays.stream(m.taskOrders)
        .map(o -> String.join(",", Arrays.stream(o).mapToObj(i -> m.tasks.get(i).comm()).toList()))
        .toList();
  }

  @Test
  void listedIsTheDefaultAndTheOnlyOrder() {
    KlpConfig d = KlpConfig.defaults();
    assertThat(d.taskOrder()).isEqualTo(KlpConfig.TaskOrder.LISTED);
    assertThat(d.toOptions()).doesNotContain("--task-order");
    KlpConfig big = d.withNohzCpus(3).withSleepingTasks(2).withKworker(KlpConfig.Kworker.ON);
    assertThat(big.taskOrders()).isEqualTo(1);
    assertThat(names(big)).containsExactly("T1,T2,T3,S1,S2,kworker/0:1");
  }

  @Test
  void allOrdersTheNohzTasks() {
    KlpConfig c = KlpConfig.defaults().withNohzCpus(2).withTaskOrder(ALL);
    assertThat(c.taskOrders()).isEqualTo(2);
    assertThat(names(c)).containsExactly("T1,T2", "T2,T1");
  }

  @Test
  void sleepingTasksAreExchangeable() {
    KlpConfig c = KlpConfig.defaults().withSleepingTasks(2).withTaskOrder(ALL);
    assertThat(c.taskOrders()).isEqualTo(3);
    // S1 always before S2: the orders that only exchange them are the same system
    assertThat(names(c)).containsExactly("T1,S1,S2", "S1,T1,S2", "S1,S2,T1");
  }

  @Test
  void idleTasksStayLastByCpu() {
    KlpConfig c =
        KlpConfig.defaults()
            .withNohzCpus(2)
            .withSleepingTasks(1)
            .withIdleCpus(2)
            .withKworker(KlpConfig.Kworker.ON)
            .withTaskOrder(ALL);
    assertThat(c.taskOrders()).isEqualTo(24);
    List<String> orders = names(c);
    assertThat(orders)
        .hasSize(24)
        .doesNotHaveDuplicates()
        .first()
        .isEqualTo("T1,T2,S1,kworker/0:1,swapper/3,swapper/4");
    assertThat(orders).allMatch(o -> o.endsWith(",swapper/3,swapper/4"));
  }

  @Test
  void everyOrderFitsTheSelects() {
    // more than 32 orders: chosen in two base-32 digits
    KlpConfig c =
        KlpConfig.defaults()
            .withNohzCpus(3)
            .withSleepingTasks(1)
            .withKworker(KlpConfig.Kworker.ON)
            .withTaskOrder(ALL);
    assertThat(c.taskOrders()).isEqualTo(120);
    assertThat(names(c)).hasSize(120).doesNotHaveDuplicates();
  }

  @Test
  void tooManyOrdersAreRefused() {
    assertThatThrownBy(
            () -> KlpConfig.defaults().withNohzCpus(6).withSleepingTasks(3).withTaskOrder(ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--task-order all: 60480 orders of the tasks, more than 40320");
    assertThatThrownBy(() -> KlpConfig.parseOptions("--task-order foo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--task-order must be listed or all, got foo");
  }

  @Test
  void theOptionRoundTrips() {
    KlpConfig c = KlpConfig.parseOptions("--nohz-cpus 2 --task-order all");
    assertThat(c.taskOrder()).isEqualTo(ALL);
    assertThat(c.toOptions()).endsWith(" --task-order all");
    assertThat(KlpConfig.parseOptions(c.toOptions())).isEqualTo(c);
  }
}
