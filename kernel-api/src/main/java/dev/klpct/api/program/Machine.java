package dev.klpct.api.program;

import com.google.common.collect.ImmutableList;
import dev.klpct.api.Loc;
import org.jspecify.annotations.Nullable;

/**
 * A closed system to explore: a memory layout, one program per CPU, and the properties to judge.
 * Everything the checker needs; it knows nothing of livepatch.
 *
 * <p>A machine is a value: {@link #program(int)} must return programs whose behaviour depends only
 * on their registers and on memory, so the same machine can be explored many times.
 */
public interface Machine {

  /** Short description of the configuration, for reports. */
  String description();

  MemoryLayout layout();

  /** The CPU count; equals {@code layout().cpus()}. */
  default int cpus() {
    return layout().cpus();
  }

  CpuProgram program(int cpu);

  ImmutableList<Property> properties();

  /** Quantities to report over terminal states (min and max), e.g. disturbances. */
  default ImmutableList<Metric> metrics() {
    return ImmutableList.of();
  }

  /**
   * The kernel whose primitive semantics the machine's programs assume. Both backends read it from
   * here; the default is the kernels of the Oct 2021 thread.
   */
  default KernelVariant kernelVariant() {
    return KernelVariant.LINUX_2021;
  }

  /**
   * Ghost instrumentation run after every write to {@code loc} (in the same step), or null. Lets a
   * model judge writes made by code it does not control, such as strategy code.
   */
  default @Nullable WriteObserver observer(Loc loc) {
    return null;
  }

  /**
   * Whether {@code spin_lock()} and {@code spin_unlock()} may take {@code loc}; by default every
   * location may. A machine that answers for its lock words lets the lkmm search forget who wrote
   * the stores of 0 to other locations, as it does for other values (docs/memory-models.md, the
   * canonical form); the checker treats a {@code spin_lock()} or {@code spin_unlock()} of a
   * location denied here as a model error ({@code model-sound}).
   */
  default boolean lockWord(Loc loc) {
    return true;
  }
}
