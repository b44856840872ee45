package dev.klpct.lkmm;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.Sets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the Linux-kernel memory model says of one candidate execution.
 *
 * @param failed the first check (in herd7's order) the execution fails; empty iff it is allowed
 * @param flags the flags an allowed execution raises; empty for a forbidden one, because herd7
 *     reports flags of allowed executions only
 */
public record LkmmVerdict(Optional<Axiom> failed, Set<Flag> flags) {
  public LkmmVerdict {
    requireNonNull(failed);
    flags = Sets.immutableEnumSet(flags);
    checkArgument(failed.isEmpty() || flags.isEmpty(), "a forbidden execution with flags");
  }

  static LkmmVerdict allowed(EnumSet<Flag> flags) {
    return new LkmmVerdict(Optional.empty(), flags);
  }

  static LkmmVerdict forbidden(Axiom axiom) {
    return new LkmmVerdict(Optional.of(axiom), EnumSet.noneOf(Flag.class));
  }

  /** Whether the model allows the execution. */
  public boolean allowed() {
    return failed.isEmpty();
  }
}
