package dev.klpct.it.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.it.Scenario;
import dev.klpct.strategies.StrategyComponent;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** The matrix covers every registered strategy with every listed scenario, and nothing else. */
class StrategyMatrixProviderTest {

  @StrategyMatrix(scenarios = {"", "--nmi"})
  @SuppressWarnings("UnusedMethod") // read reflectively by the test below
  private static void annotated() {}

  @Test
  void expandsEveryRegisteredNameTimesEveryScenario() throws NoSuchMethodException {
    Method m = StrategyMatrixProviderTest.class.getDeclaredMethod("annotated");
    StrategyMatrixProvider provider = new StrategyMatrixProvider();
    provider.accept(m.getAnnotation(StrategyMatrix.class));

    List<String> cases = new ArrayList<>();
    provider
        .provideArguments(null)
        .map(Arguments::get)
        .forEach(a -> cases.add(a[0] + " [" + ((Scenario) a[1]) + "]"));

    List<String> expected = new ArrayList<>();
    for (String name : StrategyComponent.builtIn().names()) {
      expected.add(name + " [default]");
      expected.add(name + " [--nmi]");
    }
    assertThat(cases).containsExactlyElementsOf(expected);
    assertThat(StrategyComponent.builtIn().names())
        .contains("baseline", "v1", "v2", "mladek", "zijlstra");
  }
}
