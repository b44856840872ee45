package dev.klpct.it.matrix;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Supplies a {@code @ParameterizedTest} with {@code (String strategy, Scenario scenario)} (and a
 * {@code MemoryModel} when {@link #memoryModels()} is given) for every name in {@code
 * StrategyComponent.builtIn().names()} times every scenario listed, each written as {@code klpct}
 * options ({@code ""} is the default pair scenario).
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ArgumentsSource(StrategyMatrixProvider.class)
public @interface StrategyMatrix {
  /** Scenarios as {@code klpct} options, e.g. {@code "--reverse --transitions 1"}. */
  String[] scenarios() default {""};

  /**
   * Memory models (ids such as {@code "lkmm"}); when given, the test also takes a third parameter,
   * the {@code MemoryModel}, and runs for each.
   */
  String[] memoryModels() default {};
}
