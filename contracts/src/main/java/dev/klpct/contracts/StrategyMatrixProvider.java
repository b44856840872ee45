package dev.klpct.contracts;

import dev.klpct.checker.MemoryModel;
import dev.klpct.core.KlpConfig;
import dev.klpct.strategies.StrategyRegistry;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;

/**
 * Expands {@link StrategyMatrix}: the registry's strategies (in name order) times the scenarios
 * (times the memory models). Scenarios and memory models are parsed when the annotation is read, so
 * a misspelt option fails the test class, naming it.
 */
public final class StrategyMatrixProvider
    implements ArgumentsProvider, AnnotationConsumer<StrategyMatrix> {
  private List<Named<KlpConfig>> scenarios = List.of();
  private List<MemoryModel> models = List.of();
  private Class<? extends Supplier<StrategyRegistry>> registry = StrategyMatrix.BuiltIn.class;

  @Override
  public void accept(StrategyMatrix matrix) {
    List<Named<KlpConfig>> parsed = new ArrayList<>();
    for (String options : matrix.scenarios()) {
      String shown = options.strip();
      parsed.add(Named.of(shown.isEmpty() ? "default" : shown, KlpConfig.parseOptions(options)));
    }
    scenarios = List.copyOf(parsed);
    List<MemoryModel> ms = new ArrayList<>();
    for (String m : matrix.memoryModels()) {
      ms.add(MemoryModel.of(m));
    }
    models = List.copyOf(ms);
    registry = matrix.registry();
  }

  @Override
  public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
    StrategyRegistry strategies = registry();
    return strategies.names().stream()
        .map(strategies::get)
        .flatMap(
            s ->
                models.isEmpty()
                    ? scenarios.stream().map(c -> Arguments.of(s, c))
                    : scenarios.stream()
                        .flatMap(c -> models.stream().map(m -> Arguments.of(s, c, m))));
  }

  private StrategyRegistry registry() {
    try {
      return registry.getConstructor().newInstance().get();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "@StrategyMatrix(registry = "
              + registry.getName()
              + ".class) needs a public no-argument constructor",
          e instanceof InvocationTargetException ite && ite.getCause() != null
              ? ite.getCause()
              : e);
    }
  }
}
