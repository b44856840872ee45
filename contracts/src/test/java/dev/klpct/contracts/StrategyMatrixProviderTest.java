package dev.klpct.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.api.klp.Strategy;
import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpConfig;
import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.StrategyRegistry;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.inject.Provider;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The matrix covers every strategy of its registry with every listed scenario, and nothing else.
 */
class StrategyMatrixProviderTest {

  /** A user's registry: one strategy of its own, a copy of v1. */
  public static final class OneStrategy implements Supplier<StrategyRegistry> {
    @Override
    public StrategyRegistry get() {
      Strategy v1 = StrategyComponent.builtIn().get("v1");
      Strategy mine = v1.toBuilder().name("mine").description("a copy of v1").build();
      return new StrategyRegistry(Map.<String, Provider<Strategy>>of("mine", () -> mine));
    }
  }

  @StrategyMatrix(scenarios = {"", "--nmi"})
  @SuppressWarnings("UnusedMethod") // read reflectively by the tests below
  private static void builtIn() {}

  @StrategyMatrix(
      registry = OneStrategy.class,
      scenarios = {" --reverse  --transitions 1 "},
      memoryModels = {"sc", "lkmm"})
  @SuppressWarnings("UnusedMethod")
  private static void userRegistry() {}

  @StrategyMatrix(scenarios = {"--nmii"})
  @SuppressWarnings("UnusedMethod")
  private static void misspelt() {}

  private static List<String> cases(String method) throws NoSuchMethodException {
    Method m = StrategyMatrixProviderTest.class.getDeclaredMethod(method);
    StrategyMatrixProvider provider = new StrategyMatrixProvider();
    provider.accept(m.getAnnotation(StrategyMatrix.class));
    List<String> cases = new ArrayList<>();
    provider
        .provideArguments(null)
        .map(Arguments::get)
        .forEach(
            a -> {
              StringBuilder c = new StringBuilder(a[0] + " [" + ((Named<?>) a[1]).getName() + "]");
              if (a.length > 2) {
                c.append(' ').append((MemoryModel) a[2]);
              }
              cases.add(c.toString());
            });
    return cases;
  }

  @Test
  void expandsEveryRegisteredStrategyTimesEveryScenario() throws NoSuchMethodException {
    List<String> expected = new ArrayList<>();
    for (String name : StrategyComponent.builtIn().names()) {
      expected.add(name + " [default]");
      expected.add(name + " [--nmi]");
    }
    assertThat(cases("builtIn")).containsExactlyElementsOf(expected);
    assertThat(StrategyComponent.builtIn().names())
        .contains("baseline", "v1", "v2", "mladek", "zijlstra");
  }

  @Test
  void aUsersRegistryAndMemoryModelsExpandToo() throws NoSuchMethodException {
    assertThat(cases("userRegistry"))
        .containsExactly(
            "mine [--reverse  --transitions 1] sc", "mine [--reverse  --transitions 1] lkmm");
  }

  @Test
  void scenariosAreParsedAsKlpctParsesThem() {
    assertThat(KlpConfig.parseOptions("")).isEqualTo(KlpConfig.defaults());
    assertThat(KlpConfig.parseOptions("--nohz-cpus 2 --episodes 1 --transitions 1"))
        .isEqualTo(KlpConfig.defaults().withNohzCpus(2).withEpisodes(1).withTransitions(1));
    assertThat(KlpConfig.parseOptions("--nmi --sleeping-tasks 1 --retries 3 --reverse"))
        .isEqualTo(
            KlpConfig.defaults()
                .withNmi(true)
                .withSleepingTasks(1)
                .withRetries(3)
                .withReverse(true));
    assertThat(KlpConfig.parseOptions("--reverse-order v6.4 --test-and-clear 2022"))
        .isEqualTo(
            KlpConfig.defaults()
                .withReverseOrder(KlpConfig.ReverseOrder.V6_4)
                .withTestAndClear(KlpConfig.TestAndClear.Y2022));
  }

  @Test
  void badScenariosFailNamingTheOption() {
    assertThatThrownBy(() -> cases("misspelt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--nmii");
    assertThatThrownBy(() -> KlpConfig.parseOptions("--transitions"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Missing required parameter for option '--transitions'");
    assertThatThrownBy(() -> KlpConfig.parseOptions("--transitions 3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--transitions must be in 1..2");
    assertThatThrownBy(() -> KlpConfig.parseOptions("--episodes many"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'--episodes'");
  }
}
