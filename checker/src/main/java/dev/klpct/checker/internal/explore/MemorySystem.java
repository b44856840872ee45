package dev.klpct.checker.internal.explore;

import dev.klpct.api.Guard;
import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A memory model as the replaying kernel uses it: what loads may read, where stores go, what fences
 * do, and which of them are scheduling steps of their own. {@link ScMemory} is sequential
 * consistency; {@link TsoMemory} and {@link ViewMemory} are the weak models.
 *
 * <p>The kernel runs the replay protocol, checks accesses against the layout and records results;
 * the memory system decides everything that differs between models. Each access method runs inside
 * the step being executed ({@link MemoryStep}) on the state last {@linkplain #bind bound}.
 *
 * <p>An instance keeps only scratch space and the bound state: one per exploring thread.
 */
interface MemorySystem {

  // ---- state ------------------------------------------------------------------------------------

  /** Sets {@code s} up for the initial values in {@code values}. */
  void init(MemoryState s, int[] values);

  /** Sets the state the next operations work on (mutated in place). */
  void bind(MemoryState s);

  /** Whether the model keeps a {@link MemoryState} besides the values (stored with each state). */
  boolean hasState();

  /**
   * How a search stores this model's {@link MemoryState}: null to write it into every state's
   * encoding, else divided into parts, each distinct part stored once and each state holding their
   * ids ({@link StateCodec}). Worth a lookup per changed part where the memory state is most of a
   * state's bytes and states share its parts. Belongs to this instance (one exploring thread).
   */
  default @Nullable StateParts stateParts() {
    return null;
  }

  /**
   * Brings {@code s} to canonical form: forgets what no CPU can observe any more, so that
   * equivalent states encode equally.
   *
   * @param finished which CPUs have finished their programs
   */
  void canonicalize(MemoryState s, boolean[] finished);

  // ---- accesses ---------------------------------------------------------------------------------

  /** A load (ACQUIRE if {@code acquire}); may have several outcomes ({@link MemoryStep#choose}). */
  int load(MemoryStep k, Loc x, boolean acquire);

  /** A load that reads the latest store visible to the CPU (a spin loop's last read: a guard). */
  int loadLatest(MemoryStep k, Loc x);

  /**
   * Called before a guard's {@link #loadLatest}: where the CPU may also read older stores of {@code
   * x} and one of them satisfies {@code guard}, the spin loop could end on it (learning less than
   * the newest store carries), which the model does not explore; a model that keeps such stores
   * names the wait in the {@link #collectUnorderedPairs} sink, so that no contract HOLDS.
   */
  default void guardRead(MemoryStep k, Loc x, Guard guard) {}

  /**
   * The latest value of {@code x} as the CPU will see it once its own stores land, for bookkeeping
   * ({@code Kernel.ghostSeen}): the latest in coherence order, except that a store still in the
   * CPU's own store buffer counts. Reads nothing, changes no view, is no scheduling step.
   */
  int seen(MemoryStep k, Loc x);

  /** A store (RELEASE if {@code release}). */
  void store(MemoryStep k, Loc x, int v, boolean release);

  /**
   * A read-modify-write as one step, returning the value found. A fully ordered RMW's fence before
   * it is part of the step; the one after it is {@link Primitive#MB_AFTER_RMW}, a step of its own
   * where {@link #isStep} says so.
   *
   * @param ordering the ordering in force (RELAXED where ablation removed the site's)
   * @param mustFind the value the RMW waits for ({@code spin_lock}: 0), or {@link Primitive#ANY}
   * @param returns false for an RMW that returns nothing ({@code set_bit()}, {@code atomic_or()},
   *     {@code atomic_inc()}, ...: the LKMM's {@code Noreturn})
   */
  int rmw(
      MemoryStep k,
      Loc x,
      RmwOp op,
      Ordering ordering,
      int operand,
      int expected,
      int mustFind,
      boolean returns);

  // ---- fences and model time --------------------------------------------------------------------

  /**
   * Whether {@code p} (a fence, {@link Primitive.Shape#MODEL_TIME} or {@link
   * Primitive#TAC_EARLY_READ} on {@code x}) is a scheduling step of its own under this model: it
   * touches state other CPUs see. Otherwise a fence acts as part of the step it belongs to, and the
   * others do nothing.
   */
  boolean isStep(Primitive p, @Nullable Loc x);

  /** What the fence {@code p} does, in its own step or the step it belongs to. */
  void fence(MemoryStep k, Primitive p);

  /** {@code spin_lock} is about to take a lock (before its RMW), or {@code mutex_lock} took one. */
  default void locking(MemoryStep k) {}

  /** {@code spin_unlock} has released a lock (after its store), or {@code mutex_unlock} one. */
  default void unlocked(MemoryStep k) {}

  /**
   * {@code wait_for_propagation()}: every store so far becomes visible to the CPU, and what it had
   * seen or stored to every CPU. Returns false if that cannot happen yet (the step blocks).
   */
  boolean propagate(MemoryStep k);

  /**
   * {@code rcu_report_qs()}: what the executing CPU had seen or stored becomes visible to {@code
   * other}. Returns false if that cannot happen yet, or if {@code outside} is false ({@code other}
   * is inside a read-side section and cannot report): the step blocks, with the footprint of the
   * report either way.
   */
  boolean reportQuiescentState(MemoryStep k, int other, boolean outside);

  /**
   * Makes the memory system put into {@code sink}, from now on, every executed pair of a read and a
   * later store of the same CPU to other locations that the model orders although the memory model
   * need not (the view machine's load-buffering guard): one line per pair, naming both sites; and
   * one line per other place where the model leaves out executions the memory model allows ({@link
   * #guardRead}, a lock taken over from another CPU's unlock).
   */
  default void collectUnorderedPairs(Set<String> sink) {}

  /** The store buffers of this model, or null if it has none. */
  default @Nullable StoreBuffers storeBuffers() {
    return null;
  }
}
