package dev.klpct.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klpct.api.klp.Strategy;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.inject.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strategies found with {@link java.util.ServiceLoader}: this module's test resources list {@link
 * Mine} in {@code META-INF/services/dev.klpct.strategies.StrategyProvider}, as a user's project
 * does.
 */
class StrategyProviderTest {
  private static final StrategyRegistry BUILT_IN = StrategyComponent.builtIn();

  private static StrategyRegistry copyOfZijlstraAs(String name) {
    Strategy s = BUILT_IN.get("zijlstra").toBuilder().name(name).build();
    return new StrategyRegistry(Map.<String, Provider<Strategy>>of(name, () -> s));
  }

  /** A user's provider, listed in the test resources. */
  public static final class Mine implements StrategyProvider {
    @Override
    public StrategyRegistry strategies() {
      return copyOfZijlstraAs("mine");
    }
  }

  /** Another provider of the same name, listed only by the conflict test. */
  public static final class AlsoMine implements StrategyProvider {
    @Override
    public StrategyRegistry strategies() {
      return copyOfZijlstraAs("mine");
    }
  }

  @Test
  void discoversTheListedProvidersNextToTheBuiltIns() {
    StrategyRegistry found = StrategyProvider.discover(getClass().getClassLoader());
    assertThat(found.names()).containsExactly("mine");
    assertThat(found.get("mine").name()).isEqualTo("mine");
    StrategyRegistry all = BUILT_IN.plus(found);
    assertThat(all.names()).containsExactly("baseline", "mine", "mladek", "v1", "v2", "zijlstra");
    assertThat(all.get("mine").taskSwitcher()).isSameAs(BUILT_IN.get("zijlstra").taskSwitcher());
  }

  @Test
  void aLoaderWithNoProviderFindsNothing() {
    assertThat(StrategyProvider.discover(ClassLoader.getPlatformClassLoader()).names()).isEmpty();
  }

  @Test
  void twoProvidersOfOneNameAreAnError(@TempDir Path dir) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(StrategyProvider.class.getName()), AlsoMine.class.getName() + "\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> StrategyProvider.discover(loader))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'mine' is provided twice")
          .hasMessageContaining(Mine.class.getName())
          .hasMessageContaining(AlsoMine.class.getName());
    }
  }

  @Test
  void aNameOfTheBuiltInsCannotBeAddedAgain() {
    assertThatThrownBy(() -> BUILT_IN.plus(copyOfZijlstraAs("zijlstra")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strategies in both registries: zijlstra");
  }
}
