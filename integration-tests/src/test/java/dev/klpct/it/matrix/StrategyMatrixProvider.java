package dev.klpct.it.matrix;

import dev.klpct.it.Scenario;
import dev.klpct.strategies.StrategyComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;

/** Expands {@link StrategyMatrix}: registered strategy names (sorted) times scenarios. */
public final class StrategyMatrixProvider
    implements ArgumentsProvider, AnnotationConsumer<StrategyMatrix> {
  private List<Scenario> scenarios = List.of();

  @Override
  public void accept(StrategyMatrix matrix) {
    List<Scenario> parsed = new ArrayList<>();
    for (String options : matrix.scenarios()) {
      parsed.add(Scenario.parse(options));
    }
    scenarios = List.copyOf(parsed);
  }

  @Override
  public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
    return StrategyComponent.builtIn().names().stream()
        .flatMap(name -> scenarios.stream().map(s -> Arguments.of(name, s)));
  }
}
