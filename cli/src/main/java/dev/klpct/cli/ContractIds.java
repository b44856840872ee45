package dev.klpct.cli;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.core.Contract;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The ids {@code --contract} accepts, every {@link Contract}'s and then the built-in properties'
 * ({@code deadlock-free}, {@code model-sound}), and the parsing of the option.
 */
final class ContractIds {
  private ContractIds() {}

  static ImmutableList<String> ids() {
    ImmutableList.Builder<String> b = ImmutableList.builder();
    for (Contract c : Contract.all()) {
      b.add(c.id());
    }
    return b.add(BuiltInProperty.DEADLOCK_FREE.id()).add(BuiltInProperty.MODEL_SOUND.id()).build();
  }

  /**
   * The requested ids without repeats, or empty for all (option not given).
   *
   * @throws IllegalArgumentException for an unknown id (with the known ones) or an empty list
   */
  static ImmutableList<String> validate(@Nullable List<String> requested) {
    if (requested == null) {
      return ImmutableList.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String r : requested) {
      String id = r.trim();
      if (!ids().contains(id)) {
        throw new IllegalArgumentException(
            (id.isEmpty() ? "--contract needs a contract id" : "unknown contract '" + id + "'")
                + " (known: "
                + String.join(", ", ids())
                + ")");
      }
      out.add(id);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "--contract needs a contract id (known: " + String.join(", ", ids()) + ")");
    }
    return ImmutableList.copyOf(out);
  }
}
