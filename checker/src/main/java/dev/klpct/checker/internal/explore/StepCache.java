package dev.klpct.checker.internal.explore;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Steps run before, kept per CPU, frame and schedule choice with what they read and did, so that a
 * step of the same CPU from the same frame, at a state whose memory holds the same values where the
 * step read, is not run again: its writes, frame, footprint and result are those kept. The steps of
 * one (CPU, frame, choice) form a tree whose levels are the locations they read, one after another,
 * and whose branches are the values found there; a lookup reads one location per level.
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
  /** Steps kept per (CPU, frame, choice); later ones are run every time. */
  static final int MAX_PER_FRAME = 64;

  /** A step kept: what it wrote, the frame, footprint and result it ended in. */
  static final class Entry {
    final int[] writeAt;
    final int[] writeValue;
    final Frame frame;
    final Footprint footprint;
    final StepResult result;

    Entry(StepLog log, int[] mem, Frame after, Footprint footprint, StepResult result) {
      this.writeAt = Arrays.copyOf(log.writeAt, log.writes);
      this.writeValue = new int[log.writes];
      for (int i = 0; i < log.writes; i++) {
        writeValue[i] = mem[writeAt[i]];
      }
      this.frame = new Frame(after.regs.length);
      this.frame.copyFrom(after);
      this.footprint = footprint.copy();
      this.result = result;
    }

    /** Does what the step did: its writes to {@code mem}, its frame into {@code f}. */
    void apply(int[] mem, Frame f) {
      for (int i = 0; i < writeAt.length; i++) {
        mem[writeAt[i]] = writeValue[i];
      }
      f.copyFrom(frame);
    }
  }

  /**
   * A node of the tree of the steps kept for one (CPU, frame, choice): the location the steps that
   * reach it read next, with a child per value found there; or, where they read nothing more, a
   * leaf, the step. Which location a step reads next is a function of its frame, choice and the
   * values it read so far (the routine's code is deterministic), so all the steps that reach a node
   * read the same location next, and a lookup reads one location per level.
   */
  private static final class Node {
    /** The location read next, or -1 at a leaf. */
    final int at;

    final @Nullable Entry leaf;

    private int[] values = new int[0];
    private Node[] next = new Node[0];
    private int children;

    /** Leaves under this node, kept at roots only. */
    int leaves;

    Node(int at, @Nullable Entry leaf) {
      this.at = at;
      this.leaf = leaf;
    }

    @Nullable Node child(int v) {
      for (int i = 0; i < children; i++) {
        if (values[i] == v) {
          return next[i];
        }
      }
      return null;
    }

    void add(int v, Node child) {
      if (children == values.length) {
        int n = Math.max(2, 2 * children);
        values = Arrays.copyOf(values, n);
        next = Arrays.copyOf(next, n);
      }
      values[children] = v;
      next[children++] = child;
    }
  }

  /** Per CPU, per frame id, per choice + 1, the root of the tree of its steps. */
  private final @Nullable Node[][][] roots;

  StepCache(int cpus) {
    this.roots = new Node[cpus][16][];
  }

  /** The step of CPU {@code c} from frame {@code frameId} with {@code choice} at {@code mem}. */
  @Nullable Entry find(int c, int frameId, int choice, int[] mem) {
    @Nullable Node[][] byFrame = roots[c];
    if (frameId >= byFrame.length) {
      return null;
    }
    @Nullable Node[] byChoice = byFrame[frameId];
    if (byChoice == null || choice + 1 >= byChoice.length) {
      return null;
    }
    Node n = byChoice[choice + 1];
    while (n != null) {
      if (n.at < 0) {
        return n.leaf;
      }
      n = n.child(mem[n.at]);
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
    @Nullable Node[][] byFrame = roots[c];
    if (frameId >= byFrame.length) {
      byFrame = Arrays.copyOf(byFrame, Math.max(frameId + 1, 2 * byFrame.length));
      roots[c] = byFrame;
    }
    @Nullable Node[] byChoice = byFrame[frameId];
    if (byChoice == null) {
      byChoice = new Node[choice + 2];
      byFrame[frameId] = byChoice;
    } else if (choice + 1 >= byChoice.length) {
      byChoice = Arrays.copyOf(byChoice, choice + 2);
      byFrame[frameId] = byChoice;
    }
    Node root = byChoice[choice + 1];
    if (root == null) {
      root = path(log, 0, new Entry(log, mem, after, footprint, result));
      root.leaves = 1;
      byChoice[choice + 1] = root;
      return;
    }
    if (root.leaves >= MAX_PER_FRAME) {
      return;
    }
    Node n = root;
    for (int i = 0; n.at >= 0 && i < log.reads && log.readAt[i] == n.at; i++) {
      Node child = n.child(log.readValue[i]);
      if (child == null) {
        n.add(log.readValue[i], path(log, i + 1, new Entry(log, mem, after, footprint, result)));
        root.leaves++;
        return;
      }
      n = child;
    }
    // Found, or a run that read elsewhere than the steps kept before it: code that is not
    // deterministic, which the replay reports where it shows; keep nothing of it.
  }

  /** The nodes for the reads of {@code log} from its {@code from}-th on, ending in {@code e}. */
  private static Node path(StepLog log, int from, Entry e) {
    Node n = new Node(-1, e);
    for (int i = log.reads - 1; i >= from; i--) {
      Node parent = new Node(log.readAt[i], null);
      parent.add(log.readValue[i], n);
      n = parent;
    }
    return n;
  }
}
