package dev.klpct.lkmm;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * One event of an execution graph, as herd7 builds it for the Linux-kernel memory model: a memory
 * access, a fence, a spinlock operation or an SRCU operation.
 *
 * <p>The kinds and annotations are those of {@code linux-kernel.bell} and {@code lock.cat}: each
 * record says which of the model's event sets it belongs to. Locations are small integers chosen by
 * the producer of the graph; the only meaning a location has for the model is equality. Events
 * carry no values: values belong to an execution ({@link ExecutionGraph#value(int)}).
 */
public sealed interface Event {

  /** The thread (process) of the event, or -1 for an initial write. */
  int thread();

  /** The location accessed, or -1 for an event without one (a fence). */
  default int location() {
    return -1;
  }

  /**
   * The annotation of a read or write: {@code linux-kernel.bell}'s {@code Accesses}, plus {@link
   * #PLAIN} for an unannotated C access.
   */
  enum Mode {
    /** An unmarked C access ({@code *x = 1}, {@code r = *x}): the bell's {@code Plain}. */
    PLAIN,
    /** {@code READ_ONCE}, {@code WRITE_ONCE}, relaxed RMWs. */
    ONCE,
    /** {@code smp_load_acquire}, acquire RMWs. */
    ACQUIRE,
    /** {@code smp_store_release}, {@code rcu_assign_pointer}, release RMWs. */
    RELEASE,
    /** Fully ordered RMWs ({@code xchg}, {@code cmpxchg}, {@code atomic_add_return}, ...). */
    MB,
    /** RMWs that return nothing ({@code atomic_add}, {@code atomic_inc}, ...). */
    NORETURN
  }

  /** The fences of {@code linux-kernel.bell}'s {@code Barriers}. */
  enum FenceKind {
    /** {@code smp_mb()}: the bell's {@code 'MB}, which it shares with fully ordered accesses. */
    MB,
    RMB,
    WMB,
    /** {@code barrier()}: a compiler barrier. */
    BARRIER,
    RCU_LOCK,
    RCU_UNLOCK,
    /** {@code synchronize_rcu()} and {@code synchronize_rcu_expedited()}. */
    SYNC_RCU,
    BEFORE_ATOMIC,
    AFTER_ATOMIC,
    AFTER_SPINLOCK,
    AFTER_UNLOCK_LOCK,
    AFTER_SRCU_READ_UNLOCK
  }

  /** The spinlock events of {@code lock.cat}. */
  enum LockKind {
    /** Lock-Read: the read of {@code spin_lock()} or of a successful {@code spin_trylock()}. */
    LKR,
    /** Lock-Write: the write paired with an {@link #LKR}. */
    LKW,
    /** Unlock: {@code spin_unlock()}. */
    UL,
    /** Lock-Fail: a failed {@code spin_trylock()}. */
    LF,
    /** Read-Locked: {@code spin_is_locked()} returning true. */
    RL,
    /** Read-Unlocked: {@code spin_is_locked()} returning false. */
    RU
  }

  /** The SRCU events of {@code linux-kernel.bell}. */
  enum SrcuKind {
    /** {@code srcu_read_lock()}, {@code srcu_down_read()}: a read of the srcu_struct. */
    LOCK,
    /** {@code srcu_read_unlock()}, {@code srcu_up_read()}: a write of the srcu_struct. */
    UNLOCK,
    /** {@code synchronize_srcu()}: neither a read nor a write, but at the srcu_struct. */
    SYNC
  }

  /** The write of a location's initial value: the model's {@code IW}. */
  record InitWrite(int location) implements Event {
    public InitWrite {
      checkArgument(location >= 0, "location %s", location);
    }

    @Override
    public int thread() {
      return -1;
    }
  }

  /**
   * A read.
   *
   * @param rmw whether it is the read of a read-modify-write primitive (the bell's {@code RMW}
   *     set), even one that failed and wrote nothing
   */
  record Read(int thread, int location, Mode mode, boolean rmw) implements Event {
    public Read {
      checkArgument(thread >= 0 && location >= 0, "thread %s location %s", thread, location);
      requireNonNull(mode);
      checkArgument(
          rmw || mode == Mode.PLAIN || mode == Mode.ONCE || mode == Mode.ACQUIRE,
          "a %s read that is not an RMW's",
          mode);
    }
  }

  /**
   * A write.
   *
   * @param rmw whether it is the write of a read-modify-write primitive
   */
  record Write(int thread, int location, Mode mode, boolean rmw) implements Event {
    public Write {
      checkArgument(thread >= 0 && location >= 0, "thread %s location %s", thread, location);
      requireNonNull(mode);
      checkArgument(
          rmw || mode == Mode.PLAIN || mode == Mode.ONCE || mode == Mode.RELEASE,
          "a %s write that is not an RMW's",
          mode);
    }
  }

  /** A fence. */
  record Fence(int thread, FenceKind kind) implements Event {
    public Fence {
      checkArgument(thread >= 0, "thread %s", thread);
      requireNonNull(kind);
    }
  }

  /** A spinlock operation on the lock at {@code location}. */
  record Lock(int thread, int location, LockKind kind) implements Event {
    public Lock {
      checkArgument(thread >= 0 && location >= 0, "thread %s location %s", thread, location);
      requireNonNull(kind);
    }
  }

  /** An SRCU operation on the srcu_struct at {@code location}. */
  record Srcu(int thread, int location, SrcuKind kind) implements Event {
    public Srcu {
      checkArgument(thread >= 0 && location >= 0, "thread %s location %s", thread, location);
      requireNonNull(kind);
    }
  }
}
