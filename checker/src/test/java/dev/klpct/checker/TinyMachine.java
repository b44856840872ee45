package dev.klpct.checker;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.MemoryLayout;
import dev.klpct.api.program.Metric;
import dev.klpct.api.program.Property;
import dev.klpct.api.program.StateView;
import dev.klpct.api.program.WriteObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A hand-built {@link Machine} for checker tests: a layout, one {@link RoutineProgram} (or any
 * {@link CpuProgram}) per CPU, and properties given as predicates over {@link StateView}.
 */
public final class TinyMachine implements Machine {
  private final String description;
  private final MemoryLayout layout;
  private final CpuProgram[] programs;
  private final ImmutableList<Property> properties;
  private final ImmutableList<Metric> metrics;
  private final Map<Loc, WriteObserver> observers;
  private final @Nullable ImmutableSet<Loc> lockWords;

  private TinyMachine(Builder b) {
    this.description = b.description;
    this.layout = b.layout.build();
    this.programs = b.programs.clone();
    for (int c = 0; c < programs.length; c++) {
      if (programs[c] == null) {
        programs[c] = new RoutineProgram("CPU" + c, 0);
      }
    }
    this.properties = ImmutableList.copyOf(b.properties);
    this.metrics = ImmutableList.copyOf(b.metrics);
    this.observers = new HashMap<>(b.observers);
    this.lockWords = b.lockWords;
  }

  public static Builder builder(String description, int cpus) {
    return new Builder(description, cpus);
  }

  /** A site in function {@code fn}. */
  public static Site site(String fn) {
    return Site.of(fn, fn);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public MemoryLayout layout() {
    return layout;
  }

  @Override
  public CpuProgram program(int cpu) {
    return programs[cpu];
  }

  @Override
  public ImmutableList<Property> properties() {
    return properties;
  }

  @Override
  public ImmutableList<Metric> metrics() {
    return metrics;
  }

  @Override
  public @Nullable WriteObserver observer(Loc loc) {
    return observers.get(loc);
  }

  @Override
  public boolean lockWord(Loc loc) {
    return lockWords == null || lockWords.contains(loc);
  }

  /** One routine of a {@link RoutineProgram}. */
  @FunctionalInterface
  public interface Routine {
    void run(Kernel k);
  }

  /**
   * A program that runs its routines in order: register 0 is the index of the next routine, the
   * other registers are free for the routines.
   */
  public static class RoutineProgram implements CpuProgram {
    private final String name;
    private final int extraRegisters;
    private final ImmutableList<Routine> routines;
    private Predicate<int[]> quiescent = regs -> false;

    public RoutineProgram(String name, int extraRegisters, Routine... routines) {
      this.name = name;
      this.extraRegisters = extraRegisters;
      this.routines = ImmutableList.copyOf(routines);
    }

    /** Declares when a blocked CPU counts as idle rather than deadlocked. */
    public RoutineProgram quiescentWhen(Predicate<int[]> p) {
      this.quiescent = p;
      return this;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int registers() {
      return 1 + extraRegisters;
    }

    @Override
    public boolean step(Kernel k) {
      int pc = k.reg(0);
      if (pc >= routines.size()) {
        return false;
      }
      routines.get(pc).run(k);
      k.setReg(0, pc + 1);
      return true;
    }

    @Override
    public String describe(int[] registers) {
      return name + " at routine " + registers[0];
    }

    @Override
    public boolean quiescent(int[] registers) {
      return quiescent.test(registers);
    }
  }

  /** Builds a {@link TinyMachine}. */
  public static final class Builder {
    private final String description;
    private final MemoryLayout.Builder layout;
    private final CpuProgram[] programs;
    private final List<Property> properties = new ArrayList<>();
    private final List<Metric> metrics = new ArrayList<>();
    private final Map<Loc, WriteObserver> observers = new HashMap<>();
    private @Nullable ImmutableSet<Loc> lockWords;

    private Builder(String description, int cpus) {
      this.description = description;
      this.layout = MemoryLayout.builder(cpus);
      this.programs = new CpuProgram[cpus];
    }

    /** Shared memory every CPU may read and write, initially 0. */
    public Loc shared(String name) {
      return layout.shared(name, layout.allCpus(), layout.allCpus(), 0);
    }

    /** Shared memory with explicit access masks. */
    public Loc shared(String name, long readers, long writers, int initial) {
      return layout.shared(name, readers, writers, initial);
    }

    /** Shared memory private to one CPU. */
    public Loc privateTo(String name, int cpu) {
      long m = MemoryLayout.Builder.mask(cpu);
      return layout.shared(name, m, m, 0);
    }

    /** A ghost location only {@code cpu} touches. */
    public Loc ghost(String name, int cpu) {
      return layout.ghost(name, MemoryLayout.Builder.mask(cpu), 0);
    }

    /** A ghost location every CPU may touch. */
    public Loc ghostAll(String name) {
      return layout.ghost(name, layout.allCpus(), 0);
    }

    /** A commutative ghost location (flags, counters). */
    public Loc ghostCommutative(String name) {
      return layout.ghostCommutative(name);
    }

    public Builder program(int cpu, CpuProgram p) {
      programs[cpu] = p;
      return this;
    }

    /** Runs {@code routines} on {@code cpu}, with {@code extraRegisters} free registers. */
    public Builder routines(int cpu, int extraRegisters, Routine... routines) {
      return program(cpu, new RoutineProgram("CPU" + cpu, extraRegisters, routines));
    }

    public Builder terminal(String id, Predicate<StateView> holds) {
      properties.add(property(id, Property.Kind.TERMINAL, holds));
      return this;
    }

    public Builder monotone(String id, Predicate<StateView> holds) {
      properties.add(property(id, Property.Kind.MONOTONE, holds));
      return this;
    }

    public Builder metric(String id, ToIntFunction<StateView> value) {
      metrics.add(Metric.of(id, value));
      return this;
    }

    public Builder observer(Loc loc, WriteObserver o) {
      observers.put(loc, o);
      return this;
    }

    /** Names the machine's lock words ({@code Machine.lockWord}); by default every location. */
    public Builder lockWords(Loc... locks) {
      lockWords = ImmutableSet.copyOf(locks);
      return this;
    }

    public TinyMachine build() {
      return new TinyMachine(this);
    }
  }

  /** A property given by a predicate. */
  public static Property property(String id, Property.Kind kind, Predicate<StateView> holds) {
    String statement = "statement of " + id;
    return kind == Property.Kind.MONOTONE
        ? Property.monotone(id, statement, holds, s -> id + " fails")
        : Property.terminal(id, statement, holds, s -> id + " fails");
  }
}
