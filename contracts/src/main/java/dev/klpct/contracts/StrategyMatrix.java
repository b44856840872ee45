package dev.klpct.contracts;

import dev.klpct.strategies.StrategyComponent;
import dev.klpct.strategies.StrategyRegistry;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Supplier;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Supplies a {@code @ParameterizedTest} with {@code (Strategy strategy, KlpConfig scenario)}, and a
 * {@code MemoryModel} when {@link #memoryModels()} is given, for every strategy of a registry (in
 * name order) times every scenario listed, each written as {@code klpct} options ({@code ""} is the
 * default pair scenario). A strategy added to the registry is covered without touching a test. Test
 * names show the strategy's name and the options as written.
 *
 * <pre>{@code
 * @ParameterizedTest(name = "{0} [{1}]")
 * @StrategyMatrix(registry = OurStrategies.class, scenarios = {"", "--nmi", "--reverse"})
 * void modelIsSound(Strategy strategy, KlpConfig scenario) {
 *   assertThat(new Checker(CheckOptions.defaults()).check(KlpMachine.of(strategy, scenario)))
 *       .holds(MODEL_SOUND);
 * }
 * }</pre>
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ArgumentsSource(StrategyMatrixProvider.class)
public @interface StrategyMatrix {
  /**
   * Where the strategies come from: a class with a public no-argument constructor whose {@code
   * get()} returns the registry, e.g. one that builds your Dagger component. klpct's five by
   * default.
   */
  Class<? extends Supplier<StrategyRegistry>> registry() default BuiltIn.class;

  /**
   * Scenarios as {@code klpct} options, e.g. {@code "--reverse --transitions 1"}, read by {@link
   * dev.klpct.core.KlpConfig#parseOptions} with {@code klpct}'s rules and messages.
   */
  String[] scenarios() default {""};

  /**
   * Memory models (ids such as {@code "lkmm"}); when given, the test also takes a third parameter,
   * the {@code MemoryModel}, and runs for each.
   */
  String[] memoryModels() default {};

  /** The registry of klpct's five built-in strategies. */
  final class BuiltIn implements Supplier<StrategyRegistry> {
    @Override
    public StrategyRegistry get() {
      return StrategyComponent.builtIn();
    }
  }
}
