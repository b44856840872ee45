package dev.klpct.checker.internal.explore;

import dev.klpct.api.Kernel;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.CpuProgram;
import org.jspecify.annotations.Nullable;

/**
 * Runs one step of one CPU by re-running its current routine from the start: the replay protocol
 * behind {@link ReplayingKernel}.
 *
 * <p>The first {@code nres} primitives of the routine are <em>replayed</em>: they return the
 * results recorded in the CPU's {@link Frame} and touch no memory, and a checksum of which
 * primitives they were is compared with the recorded one, so a routine that behaves differently on
 * replay is caught. The next primitive is <em>executed</em> and its result recorded. Execution then
 * continues through local code (registers, in-step fences, ghost bookkeeping) until the following
 * primitive, from which the routine runs on <em>dry</em> to its end: primitives return a neutral
 * value and act on nothing (cheaper than unwinding an exception through strategy code); a routine
 * that keeps calling primitives is cut with {@link Stop}. A routine that returns while executing
 * commits its registers, and the CPU's next routine starts in the same step.
 *
 * <p>A step whose primitive cannot run (an {@code await} with a false guard, {@link #block}) also
 * goes on dry to the routine's end, and the step is blocked: the frame keeps what it held, and
 * nothing the routine does after the primitive acts. The code after the primitive thus runs under a
 * guard that does not hold, with neutral values, as code after any step's primitive runs on neutral
 * values; throwing {@link Blocked} instead cost a blocked step 530 ns against 150 ns for one that
 * moves, the exception unwinding through the strategy's compiled frames (docs/performance.md,
 * "Blocked steps on dry, segments without a lock").
 *
 * <p>Not thread-safe: one per kernel.
 */
final class RoutineReplayer {

  /** Cuts a routine at the primitive after the executed one. */
  static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Control flow on the hot path: preallocated, without a stack trace.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final Stop INSTANCE = new Stop();

    private Stop() {
      super(null, null, false, false);
    }
  }

  /**
   * The step's primitive cannot run now, found deep in a memory system (an RMW that must find a
   * value, a choice without outcomes). An {@code await}, a {@code select} and a model-time step
   * block through {@link #block} instead, without unwinding.
   */
  static final class Blocked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Control flow on the hot path: preallocated, without a stack trace.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final Blocked INSTANCE = new Blocked();

    private Blocked() {
      super(null, null, false, false);
    }
  }

  /** A replayed schedule asks for a choice alternative that is not enabled. */
  static final class NoSuchChoice extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // Control flow on the hot path: preallocated, without a stack trace.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final NoSuchChoice INSTANCE = new NoSuchChoice();

    private NoSuchChoice() {
      super(null, null, false, false);
    }
  }

  private static final int MAX_LOCAL_ROUTINES = 10_000;

  /** Primitives a routine may call on dry after the step's own before it is cut. */
  private static final int DRY_LIMIT = 64;

  private @Nullable CpuProgram program;
  private Frame frame = new Frame(0);
  private int[] scratch = new int[0];
  private int pos;
  private int checksum;
  private boolean executed;
  private boolean dry;
  private boolean blocked;
  private int dryCount;
  private @Nullable String error;

  /**
   * Runs {@code p}'s routines on {@code k} until one has executed a primitive (a step) or, with
   * {@code setup}, up to its first primitive. {@code f} is updated; on {@link
   * StepResult.Outcome#ERROR}, {@link #error()} says what went wrong.
   */
  StepResult.Outcome run(CpuProgram p, Kernel k, Frame f, boolean setup) {
    program = p;
    frame = f;
    executed = setup;
    dry = false;
    blocked = false;
    dryCount = 0;
    error = null;
    if (f.finished) {
      return StepResult.Outcome.FINISHED;
    }
    if (scratch.length < f.regs.length) {
      scratch = new int[f.regs.length];
    }
    try {
      for (int guard = 0; guard < MAX_LOCAL_ROUTINES; guard++) {
        System.arraycopy(f.regs, 0, scratch, 0, f.regs.length);
        pos = 0;
        checksum = 0;
        boolean more = p.step(k);
        if (dry) {
          return dryOutcome(); // went on past the next primitive: discard that
        }
        if (!executed) {
          // The routine ended while we were still replaying it: it called fewer primitives
          // than it did when those were recorded.
          throw new ModelError(
              program()
                  + ": routine returned after "
                  + pos
                  + " primitives on replay, but "
                  + f.nres
                  + " were recorded: strategy or model code is not deterministic");
        }
        if (pos == 0 && !more) {
          f.finished = true;
          f.nres = 0;
          f.checksum = 0;
          return setup ? StepResult.Outcome.FINISHED : StepResult.Outcome.STEPPED;
        }
        if (!more) {
          throw new ModelError(program() + ": routine called primitives and then returned false");
        }
        // routine completed: commit registers, start the next routine in this step
        System.arraycopy(scratch, 0, f.regs, 0, f.regs.length);
        f.nres = 0;
        f.checksum = 0;
      }
      throw new ModelError(
          program()
              + ": more than "
              + MAX_LOCAL_ROUTINES
              + " routines without a primitive (a loop that never touches memory?)");
    } catch (Stop s) {
      return dryOutcome();
    } catch (Blocked b) {
      return StepResult.Outcome.BLOCKED;
    } catch (NoSuchChoice n) {
      return StepResult.Outcome.NO_SUCH_CHOICE;
    } catch (ModelError e) {
      if (dry) {
        return dryOutcome();
      }
      error = String.valueOf(e.getMessage());
      return StepResult.Outcome.ERROR;
    } catch (RuntimeException | StackOverflowError | AssertionError e) {
      if (dry) {
        return dryOutcome(); // dry values may make code fail; nothing of it is kept
      }
      if (e instanceof AssertionError a) {
        throw a; // a failed assert running for real propagates, as it always did
      }
      error =
          program()
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + " thrown at "
              + firstFrame(e);
      return StepResult.Outcome.ERROR;
    }
  }

  /** How a step that went on dry ends: blocked if its primitive could not run, else stepped. */
  private StepResult.Outcome dryOutcome() {
    return blocked ? StepResult.Outcome.BLOCKED : StepResult.Outcome.STEPPED;
  }

  /**
   * The primitive being executed cannot run now: the step is blocked. The routine goes on dry to
   * its end (the caller returns a neutral value), so that no exception unwinds through it.
   */
  void block() {
    blocked = true;
    executed = true; // what follows runs on dry
    dry = true;
  }

  /** Starts a step that runs no routine (a memory system's internal action): it executes. */
  void runInternal(Frame f) {
    frame = f;
    executed = true;
    dry = false;
    error = null;
  }

  /** What went wrong in the last {@link #run} that returned ERROR. */
  @Nullable String error() {
    return error;
  }

  /** The name of the program being run, for messages. */
  String program() {
    CpuProgram p = program;
    return p == null ? "?" : p.name();
  }

  /** The position of the next primitive in the routine. */
  int position() {
    return pos;
  }

  /** True when the primitive at the current position is to be replayed. */
  boolean replaying() {
    return pos < frame.nres;
  }

  /** Replays the primitive at the current position: its recorded result. */
  int replay(int code, @Nullable Loc loc, Site site) {
    Frame f = frame;
    checksum = mix(checksum, code, loc, site);
    int v = f.results[pos++];
    if (pos == f.nres && (checksum & 0xFF) != f.checksum) {
      throw new ModelError(
          program()
              + ": routine called different primitives on replay (first "
              + f.nres
              + " primitives differ; now at "
              + site
              + "): strategy or model code is not deterministic");
    }
    return v;
  }

  /**
   * Whether the primitive at the current position comes after the step's own: it must then not
   * execute, and returns a neutral value.
   */
  boolean dryRun() {
    if (!executed) {
      return false;
    }
    dry = true;
    if (++dryCount > DRY_LIMIT) {
      throw Stop.INSTANCE;
    }
    return true;
  }

  /** Starts executing the primitive at the current position. */
  void begin(int code, @Nullable Loc loc, Site site) {
    if (frame.nres >= Frame.MAX_RESULTS) {
      throw new ModelError(
          program()
              + ": routine has more than "
              + Frame.MAX_RESULTS
              + " primitives; split it (at "
              + site
              + ")");
    }
    checksum = mix(checksum, code, loc, site);
  }

  /** Records the executed primitive's result. */
  void record(int v) {
    Frame f = frame;
    f.results[f.nres++] = v;
    f.checksum = checksum & 0xFF;
    pos++;
    executed = true;
  }

  /**
   * Whether code runs for real: the step's primitive has executed (or this is the setup) and the
   * routine is not running on dry. Local effects (in-step fences, ghost writes, violations, notes)
   * act only then, so replays never apply them twice.
   */
  boolean acting() {
    return executed && !dry;
  }

  /** Whether the routine runs on dry past the step's primitive. */
  boolean dry() {
    return dry;
  }

  int reg(int index) {
    return scratch[index];
  }

  void setReg(int index, int value) {
    scratch[index] = value;
  }

  private static int mix(int h, int code, @Nullable Loc loc, Site site) {
    int x = h * 31 + code;
    x = x * 31 + (loc == null ? -1 : loc.index());
    x = x * 31 + site.hashCode();
    return x ^ (x >>> 15);
  }

  private static String firstFrame(Throwable e) {
    StackTraceElement[] st = e.getStackTrace();
    return st.length == 0 ? "?" : st[0].toString();
  }
}
