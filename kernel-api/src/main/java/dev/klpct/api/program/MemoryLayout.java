package dev.klpct.api.program;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Loc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulated memory of a {@link Machine}: every location with its name, kind, initial value and
 * the CPUs allowed to read and write it. Immutable.
 */
public final class MemoryLayout {
  private final ImmutableList<Loc> locations;
  private final int cpus;

  private MemoryLayout(List<Loc> locations, int cpus) {
    this.locations = ImmutableList.copyOf(locations);
    this.cpus = cpus;
  }

  public static Builder builder(int cpus) {
    return new Builder(cpus);
  }

  public ImmutableList<Loc> locations() {
    return locations;
  }

  public int size() {
    return locations.size();
  }

  public int cpus() {
    return cpus;
  }

  public Loc get(int index) {
    return locations.get(index);
  }

  /** Looks a location up by name; throws if absent. */
  public Loc byName(String name) {
    for (Loc l : locations) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no location named " + name);
  }

  /** Builds a layout; names must be unique. Not thread-safe. */
  public static final class Builder {
    private final int cpus;
    private final List<Loc> locs = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private boolean built;

    private Builder(int cpus) {
      checkArgument(cpus >= 1 && cpus <= 63, "cpus must be in 1..63: %s", cpus);
      this.cpus = cpus;
    }

    public int cpus() {
      return cpus;
    }

    /** Mask of every CPU. */
    public long allCpus() {
      return cpus == 64 ? -1L : (1L << cpus) - 1;
    }

    /** Mask of the given CPUs. */
    public static long mask(int... cpus) {
      long m = 0;
      for (int c : cpus) {
        m |= 1L << c;
      }
      return m;
    }

    /** Adds a location. */
    public Loc add(String name, Loc.Kind kind, long readers, long writers, int initial) {
      checkState(!built, "layout already built");
      requireNonNull(name);
      checkArgument(names.add(name), "duplicate location name %s", name);
      Loc l = new Loc(locs.size(), name, kind, readers, writers, initial);
      locs.add(l);
      return l;
    }

    /** Adds shared kernel memory. */
    public Loc shared(String name, long readers, long writers, int initial) {
      return add(name, Loc.Kind.SHARED, readers, writers, initial);
    }

    /** Adds a ghost location every CPU may read and write. */
    public Loc ghost(String name, long accessors, int initial) {
      return add(name, Loc.Kind.GHOST, accessors, accessors, initial);
    }

    /** Adds a commutative ghost location (flags, counters) every CPU may update. */
    public Loc ghostCommutative(String name) {
      return add(name, Loc.Kind.GHOST_COMMUTATIVE, allCpus(), allCpus(), 0);
    }

    public MemoryLayout build() {
      built = true;
      return new MemoryLayout(locs, cpus);
    }
  }
}
