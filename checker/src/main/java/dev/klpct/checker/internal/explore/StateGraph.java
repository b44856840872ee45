package dev.klpct.checker.internal.explore;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.trace.Step;
import java.util.ArrayList;
import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * The states a search found, each stored once with the step that first reached it: what a search
 * result offers for turning a state into a schedule ({@link #pathTo}). Thread-safe.
 */
public final class StateGraph {
  /** Choice byte of a store-buffer flush step in the state store. */
  static final int CHOICE_FLUSH = 0xFE;

  /** Choice byte of a step without a choice. */
  static final int NO_CHOICE = 0xFF;

  final StateStore store = new StateStore();

  // The parts of the states interned apart (StateCodec), made by the first expander: the
  // weak-memory states, for a memory system that collapses them (so that a search under sc or
  // tso allocates no second store), and per CPU, its frames.
  private @Nullable StateStore weakParts;
  private PartTable @Nullable [] frameParts;

  /** The choice byte that stores {@code choice} (a {@link Step#choice()}). */
  static int choiceByte(int choice) {
    if (choice >= CHOICE_FLUSH) {
      throw new IllegalStateException("more than " + CHOICE_FLUSH + " alternatives in a step");
    }
    return choice == Step.FLUSH ? CHOICE_FLUSH : choice < 0 ? NO_CHOICE : choice;
  }

  /** The path of steps from the initial state to {@code state}. */
  public ImmutableList<Step> pathTo(long state) {
    ArrayList<Step> rev = new ArrayList<>();
    long id = state;
    while (true) {
      long parent = store.parent(id);
      if (parent == StateStore.NO_PARENT) {
        break;
      }
      int choice = store.choice(id);
      rev.add(
          new Step(
              store.cpu(id),
              choice == NO_CHOICE ? -1 : choice == CHOICE_FLUSH ? Step.FLUSH : choice));
      id = parent;
    }
    Collections.reverse(rev);
    return ImmutableList.copyOf(rev);
  }

  /** The store the states' weak-memory parts are interned in. */
  synchronized StateStore weakParts() {
    StateStore w = weakParts;
    if (w == null) {
      w = new StateStore();
      weakParts = w;
    }
    return w;
  }

  /** The tables the frames of {@code cpus} CPUs are interned in, one per CPU. */
  synchronized PartTable[] frameParts(int cpus) {
    PartTable[] f = frameParts;
    if (f == null) {
      f = new PartTable[cpus];
      for (int c = 0; c < cpus; c++) {
        f[c] = new PartTable();
      }
      frameParts = f;
    } else if (f.length != cpus) {
      throw new IllegalStateException("frame tables for " + f.length + " CPUs, not " + cpus);
    }
    return f;
  }

  /** The number of states. */
  public long size() {
    return store.size();
  }

  /** Bytes the stores hold: the states', and their interned parts'. */
  public long bytes() {
    StateStore w;
    PartTable[] f;
    synchronized (this) {
      w = weakParts;
      f = frameParts;
    }
    long n = store.bytes() + (w == null ? 0 : w.bytes());
    if (f != null) {
      for (PartTable t : f) {
        n += t.bytes();
      }
    }
    return n;
  }
}
