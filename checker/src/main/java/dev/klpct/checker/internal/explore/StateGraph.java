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

  // The parts of the states interned apart (StateCodec), made by the first expander: the parts
  // of the weak-memory states, for a memory system that divides them (so that a search under sc
  // or tso makes no tables), and per CPU, its frames.
  private PartTable @Nullable [] weakParts;
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

  /** The tables the {@code count} parts of the weak-memory states are interned in, one per part. */
  synchronized PartTable[] weakParts(int count) {
    if (weakParts == null) {
      weakParts = PartTable.tables(count);
    }
    return checkCount(weakParts, count, "weak-memory parts");
  }

  /** The tables the frames of {@code cpus} CPUs are interned in, one per CPU. */
  synchronized PartTable[] frameParts(int cpus) {
    if (frameParts == null) {
      frameParts = PartTable.tables(cpus);
    }
    return checkCount(frameParts, cpus, "CPUs");
  }

  private static PartTable[] checkCount(PartTable[] t, int n, String what) {
    if (t.length != n) {
      throw new IllegalStateException("tables for " + t.length + " " + what + ", not " + n);
    }
    return t;
  }

  /** The number of states. */
  public long size() {
    return store.size();
  }

  /** Bytes the stores hold: the states', and their interned parts'. */
  public long bytes() {
    PartTable[] w;
    PartTable[] f;
    synchronized (this) {
      w = weakParts;
      f = frameParts;
    }
    return store.bytes() + bytes(w) + bytes(f);
  }

  private static long bytes(PartTable @Nullable [] tables) {
    long n = 0;
    if (tables != null) {
      for (PartTable t : tables) {
        n += t.bytes();
      }
    }
    return n;
  }
}
