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
  private List<dev.klpct.checker.MemoryModel> models = List.of();

  @Override
  public void accept(StrategyMatrix matrix) {
    List<Scenario> parsed = new ArrayList<>();
    for (String options : matrix.scenarios()) {
      parsed.add(Scenario.parse(options));
    }
    scenarios = List.copyOf(parsed);
    List<dev.klpct.checker.MemoryModel> ms = new ArrayList<>();
    for (String m : matrix.memoryModels()) {
      ms.add(dev.klpct.checker.MemoryModel.of(m));
    }
    models = List.copyOf(ms);
  }

  @Override
  public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
    if (!models.isEmpty()) {
      return StrategyComponent.builtIn().names().stream()
          .flatMap(
              name ->
                  scenarios.stream()
                      .flatMap(s -> models.stream().map(m -> Arguments.of(name, s, m))));
    }
    return StrategyComponent.builtIn().names().stream()
        .flatMap(name -> scenarios.stream().map(s -> Arguments.of(name, s)));
  }
}
