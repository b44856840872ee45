package dev.klpct.cli;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.core.Contract;
import java.util.ArrayList;
import java.util.List;

/** Contract ids accepted on the command line. */
final class Contracts {
  private Contracts() {}

  static ImmutableList<String> ids() {
    ImmutableList.Builder<String> b = ImmutableList.builder();
    for (Contract c : Contract.all()) {
      b.add(c.id());
    }
    return b.add(BuiltInProperty.DEADLOCK_FREE.id()).add(BuiltInProperty.MODEL_SOUND.id()).build();
  }

  /** The requested ids, or empty for all; rejects unknown ids with the list of known ones. */
  static List<String> validate(List<String> requested) {
    List<String> out = new ArrayList<>();
    if (requested == null) {
      return out;
    }
    for (String r : requested) {
      String id = r.trim();
      if (!ids().contains(id)) {
        throw new IllegalArgumentException(
            "unknown contract '" + id + "' (known: " + String.join(", ", ids()) + ")");
      }
      out.add(id);
    }
    return out;
  }
}
