package dev.klpct.checker.internal.explore;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.BuiltInProperty;
import dev.klpct.api.program.CpuProgram;
import dev.klpct.api.program.KernelVariant;
import dev.klpct.api.program.Machine;
import dev.klpct.api.program.Property;
import dev.klpct.api.program.WriteObserver;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Machine} made ready for the replaying kernel under one memory system: its layout,
 * programs, observers and properties, built once per check and shared by the search's threads and
 * the tracer, which each take their own kernel ({@link #newKernel}) and frames. Immutable apart
 * from the {@link SiteTable}, which is thread-safe.
 */
public final class ModelInstance {
  final Machine machine;
  final Loc[] layout;
  final int cpus;
  final CpuProgram[] programs;
  final int[] regCounts;
  final @Nullable WriteObserver[] observers;

  /** By location index, whether {@code spin_lock()} may take it ({@link Machine#lockWord}). */
  final boolean[] lockWords;

  /** The layout plus the pseudo-location of the order of strong fences, for footprints. */
  final Loc[] porLayout;

  final ImmutableList<Property> properties;

  /** Ids of the machine's properties followed by the built-in ones. */
  final ImmutableList<String> propertyIds;

  final MemoryKind memory;
  final KernelVariant variant;
  final ImmutableSet<Site> weakened;
  final ImmutableSet<OrderingEdit> edits;

  /** The sites' orderings once {@link #weakened} and {@link #edits} are applied. */
  final SiteOrderings orderings;

  final SiteTable sites = new SiteTable();

  private ModelInstance(
      Machine machine,
      MemoryKind memory,
      ImmutableSet<Site> weakened,
      ImmutableSet<OrderingEdit> edits) {
    this.machine = machine;
    this.layout = machine.layout().locations().toArray(new Loc[0]);
    this.cpus = machine.cpus();
    this.programs = new CpuProgram[cpus];
    this.regCounts = new int[cpus];
    for (int c = 0; c < cpus; c++) {
      programs[c] = machine.program(c);
      regCounts[c] = programs[c].registers();
    }
    this.observers = new WriteObserver[layout.length];
    this.lockWords = new boolean[layout.length];
    for (Loc l : layout) {
      observers[l.index()] = machine.observer(l);
      lockWords[l.index()] = machine.lockWord(l);
    }
    this.porLayout = Arrays.copyOf(layout, layout.length + 1);
    long all = cpus >= 64 ? -1L : (1L << cpus) - 1;
    porLayout[layout.length] =
        new Loc(layout.length, "smp_mb() order", Loc.Kind.SHARED, all, all, 0);
    this.properties = machine.properties();
    ImmutableList.Builder<String> ids = ImmutableList.builder();
    for (Property p : properties) {
      ids.add(p.id());
    }
    for (BuiltInProperty b : BuiltInProperty.values()) {
      ids.add(b.id());
    }
    this.propertyIds = ids.build();
    this.memory = memory;
    this.variant = machine.kernelVariant();
    // Under sequential consistency no ordering has any effect: nothing to weaken (and so traces
    // do not mark sites as removed).
    this.weakened = memory == MemoryKind.SC ? ImmutableSet.of() : weakened;
    this.edits = memory == MemoryKind.SC ? ImmutableSet.of() : edits;
    this.orderings = new SiteOrderings(this.weakened, this.edits, layout);
  }

  /** {@code machine} on {@code memory}, with the ordering of the {@code weakened} sites removed. */
  public static ModelInstance of(Machine machine, MemoryKind memory, ImmutableSet<Site> weakened) {
    return new ModelInstance(machine, memory, weakened, ImmutableSet.of());
  }

  /**
   * {@code machine} on {@code memory}, with the ordering of the {@code weakened} sites removed and
   * the {@code edits} applied (repair). Under sequential consistency neither changes anything and
   * both are ignored.
   */
  public static ModelInstance of(
      Machine machine,
      MemoryKind memory,
      ImmutableSet<Site> weakened,
      ImmutableSet<OrderingEdit> edits) {
    return new ModelInstance(machine, memory, weakened, edits);
  }

  /** The machine's property ids followed by the built-in ones, as results index them. */
  public ImmutableList<String> propertyIds() {
    return propertyIds;
  }

  /** The machine. */
  public Machine machine() {
    return machine;
  }

  /** The pseudo-location of the order of strong fences. */
  Loc fenceOrder() {
    return porLayout[layout.length];
  }

  /** A kernel of its own, on a memory system of its own: one per thread. */
  ReplayingKernel newKernel() {
    return new ReplayingKernel(this, memory.create(layout, cpus, sites, observed(), lockWords));
  }

  /** By location index, whether the machine observes the location's writes. */
  private boolean[] observed() {
    boolean[] o = new boolean[layout.length];
    for (int i = 0; i < o.length; i++) {
      o[i] = observers[i] != null;
    }
    return o;
  }

  /** One fresh frame per CPU. */
  Frame[] newFrames() {
    Frame[] f = new Frame[cpus];
    for (int c = 0; c < cpus; c++) {
      f[c] = new Frame(regCounts[c]);
    }
    return f;
  }

  /**
   * Puts the initial state into {@code values}, {@code state} and {@code frames}: the initial
   * values, then every CPU's setup (its program up to the first primitive) on {@code k}, which is
   * left bound to {@code state}.
   *
   * @return what went wrong in the first setup that failed, or null
   */
  @Nullable String initial(ReplayingKernel k, int[] values, MemoryState state, Frame[] frames) {
    for (Loc l : layout) {
      values[l.index()] = l.initial();
    }
    k.memory().init(state, values);
    k.bind(state);
    String failure = null;
    for (int c = 0; c < cpus; c++) {
      StepResult r = k.setup(values, frames[c], c);
      if (r.outcome() == StepResult.Outcome.ERROR && failure == null) {
        failure = "CPU" + c + " fails before its first step: " + r.error();
      }
    }
    return failure;
  }
}
