package dev.klpct.checker.internal.explore;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Steps run before, kept per CPU, frame and schedule choice with what they read and did, so that a
 * step of the same CPU from the same frame, at a state whose memory holds the same values where the
 * step read, is not run again: its writes, frame, footprint and result are those kept.
 *
 * <p>Why it is exact: a step's run is a function of its CPU's frame, the schedule's choice and the
 * values its reads return ({@link RoutineReplayer}: the routine's code is deterministic, and under
 * sequential consistency every read of a step, primitive, guard or ghost, returns the value in
 * memory, {@link StepLog}). Two runs that start from the same frame and choice make the same first
 * read; if it returns the same value they go on alike to the next, and so on: a run whose reads of
 * locations it had not written found the values logged makes the same reads, writes the same values
 * and ends in the same frame, footprint and result. Only steps that moved or were blocked are kept;
 * one that failed is run every time, so its error is reported as before.
 *
 * <p>Why: a search runs each of a few thousand (CPU, frame) pairs' steps tens of thousands of times
 * (73 M steps from 2,858 pairs on scaled2), and each run re-runs the routine's code from its start
 * (docs/performance.md). Not thread-safe: one per expander. Only for sequential consistency: a weak
 * memory's reads depend on its state beyond the values, and its dependency probes re-run routines.
 */
final class StepCache {
  /** Steps kept per (CPU, frame); later ones of the pair are run every time. */
  static final int MAX_PER_FRAME = 64;

  /** A step kept: what it read, what it wrote, how it ended. */
  static final class Entry {
    final int choice;
    final int[] readAt;
    final int[] readValue;
    final int[] writeAt;
    final int[] writeValue;
    final Frame frame;
    final Footprint footprint;
    final StepResult result;
    final @Nullable Entry next;
    final int depth;

    Entry(
        int choice,
        StepLog log,
        int[] mem,
        Frame after,
        Footprint footprint,
        StepResult result,
        @Nullable Entry next) {
      this.choice = choice;
      this.readAt = Arrays.copyOf(log.readAt, log.reads);
      this.readValue = Arrays.copyOf(log.readValue, log.reads);
      this.writeAt = Arrays.copyOf(log.writeAt, log.writes);
      this.writeValue = new int[log.writes];
      for (int i = 0; i < log.writes; i++) {
        writeValue[i] = mem[writeAt[i]];
      }
      this.frame = new Frame(after.regs.length);
      this.frame.copyFrom(after);
      this.footprint = footprint.copy();
      this.result = result;
      this.next = next;
      this.depth = next == null ? 1 : next.depth + 1;
    }

    /** Whether the step reads the values it read when kept, in {@code mem}. */
    boolean matches(int[] mem) {
      for (int i = 0; i < readAt.length; i++) {
        if (mem[readAt[i]] != readValue[i]) {
          return false;
        }
      }
      return true;
    }

    /** Does what the step did: its writes to {@code mem}, its frame into {@code f}. */
    void apply(int[] mem, Frame f) {
      for (int i = 0; i < writeAt.length; i++) {
        mem[writeAt[i]] = writeValue[i];
      }
      f.copyFrom(frame);
    }
  }

  /** Per CPU, per frame id, the steps kept, newest first. */
  private final @Nullable Entry[][] byFrame;

  StepCache(int cpus) {
    this.byFrame = new Entry[cpus][16];
  }

  /** The step of CPU {@code c} from frame {@code frameId} with {@code choice} at {@code mem}. */
  @Nullable Entry find(int c, int frameId, int choice, int[] mem) {
    @Nullable Entry[] t = byFrame[c];
    if (frameId >= t.length) {
      return null;
    }
    for (Entry e = t[frameId]; e != null; e = e.next) {
      if (e.choice == choice && e.matches(mem)) {
        return e;
      }
    }
    return null;
  }

  /**
   * Keeps the step just run, as {@code log} saw it, if it moved or was blocked; {@code mem}, {@code
   * after} and {@code footprint} as the step left them.
   */
  void add(
      int c,
      int frameId,
      int choice,
      StepLog log,
      int[] mem,
      Frame after,
      Footprint footprint,
      StepResult result) {
    StepResult.Outcome o = result.outcome();
    if (o != StepResult.Outcome.STEPPED && o != StepResult.Outcome.BLOCKED) {
      return;
    }
    @Nullable Entry[] t = byFrame[c];
    if (frameId >= t.length) {
      t = Arrays.copyOf(t, Math.max(frameId + 1, 2 * t.length));
      byFrame[c] = t;
    }
    Entry head = t[frameId];
    if (head != null && head.depth >= MAX_PER_FRAME) {
      return;
    }
    t[frameId] = new Entry(choice, log, mem, after, footprint, result, head);
  }
}
