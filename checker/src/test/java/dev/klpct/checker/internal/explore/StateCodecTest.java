package dev.klpct.checker.internal.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateCodecTest {
  private static final int[] EXTREMES = {
    0,
    1,
    -1,
    63,
    64,
    -64,
    -65,
    127,
    128,
    -128,
    8191,
    8192,
    1 << 20,
    -(1 << 20),
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    Integer.MAX_VALUE - 1,
    Integer.MIN_VALUE + 1
  };

  private static Frame frame(int regs, int[] values, int nres, int checksum) {
    Frame f = new Frame(regs);
    for (int i = 0; i < regs; i++) {
      f.regs[i] = values[i % values.length];
    }
    for (int i = 0; i < nres; i++) {
      f.results[i] = values[(i + 3) % values.length];
    }
    f.nres = nres;
    f.checksum = checksum;
    return f;
  }

  private static Frame[] decodeInto(StateCodec codec, int[] regCounts, int len, int[] mem) {
    Frame[] out = new Frame[regCounts.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = new Frame(regCounts[c]);
    }
    byte[] copy = Arrays.copyOf(codec.buffer(), len);
    // decode at a non-zero offset, as the store does
    byte[] shifted = new byte[len + 5];
    System.arraycopy(copy, 0, shifted, 5, len);
    codec.decode(shifted, 5, mem, out, null);
    return out;
  }

  @Test
  void roundTripsExtremeValues() {
    int[] regCounts = {3, 0, 5};
    for (StateCodec codec : bothCodecs(EXTREMES.length, regCounts)) {
      roundTripsExtremeValues(codec);
    }
  }

  private static void roundTripsExtremeValues(StateCodec codec) {
    int[] regCounts = {3, 0, 5};
    Frame[] frames = {
      frame(3, EXTREMES, 4, 0xAB),
      frame(0, EXTREMES, 0, 0),
      frame(5, new int[] {Integer.MIN_VALUE, -7, Integer.MAX_VALUE}, Frame.MAX_RESULTS, 0xFF),
    };

    int len = codec.encode(EXTREMES, frames, null);
    int[] mem = new int[EXTREMES.length];
    Frame[] back = decodeInto(codec, regCounts, len, mem);

    assertThat(len).isEqualTo(codec.length());
    assertThat(mem).containsExactly(EXTREMES);
    for (int c = 0; c < frames.length; c++) {
      assertThat(back[c].sameAs(frames[c])).as("frame %d", c).isTrue();
      assertThat(back[c].regs).containsExactly(frames[c].regs);
    }
  }

  @Test
  void smallValuesTakeOneByteEach() {
    StateCodec codec = new StateCodec(4, new int[] {2});
    Frame f = frame(2, new int[] {1, -1}, 0, 0);

    int len = codec.encode(new int[] {0, 1, -1, 63}, new Frame[] {f}, null);

    // 4 memory words + the frame's id
    assertThat(len).isEqualTo(4 + 1);
  }

  @Test
  void finishedFrameRoundTripsAsFinished() {
    int[] regCounts = {2, 2};
    for (StateCodec codec : bothCodecs(1, regCounts)) {
      finishedFrameRoundTripsAsFinished(codec);
    }
  }

  private static void finishedFrameRoundTripsAsFinished(StateCodec codec) {
    int[] regCounts = {2, 2};
    Frame done = new Frame(2);
    done.finished = true;
    Frame running = frame(2, new int[] {-5, 5}, 1, 3);

    int len = codec.encode(new int[] {-3}, new Frame[] {done, running}, null);
    int[] mem = new int[1];
    Frame[] back = decodeInto(codec, regCounts, len, mem);

    assertThat(back[0].finished).isTrue();
    assertThat(back[0].nres).isZero();
    assertThat(back[1].finished).isFalse();
    assertThat(back[1].sameAs(running)).isTrue();
    assertThat(mem).containsExactly(-3);
  }

  @Test
  void equalStatesHaveEqualEncodingsAndDifferentStatesDifferentOnes() {
    int[] regCounts = {2, 1};
    for (StateCodec codec : bothCodecs(3, regCounts)) {
      equalStatesHaveEqualEncodingsAndDifferentStatesDifferentOnes(codec);
    }
  }

  private static void equalStatesHaveEqualEncodingsAndDifferentStatesDifferentOnes(
      StateCodec codec) {
    Random rnd = new Random(42);
    for (int round = 0; round < 2000; round++) {
      int[] mem = {rnd.nextInt(), rnd.nextInt(5) - 2, rnd.nextInt(300)};
      Frame[] a = {
        frame(2, new int[] {rnd.nextInt(9), rnd.nextInt()}, rnd.nextInt(3), rnd.nextInt(256)),
        frame(1, new int[] {rnd.nextInt(3) - 1}, rnd.nextInt(2), rnd.nextInt(256))
      };
      byte[] ea = Arrays.copyOf(codec.buffer(), codec.encode(mem, a, null));
      Frame[] b = {new Frame(2), new Frame(1)};
      b[0].copyFrom(a[0]);
      b[1].copyFrom(a[1]);
      byte[] eb = Arrays.copyOf(codec.buffer(), codec.encode(mem.clone(), b, null));
      assertThat(eb).isEqualTo(ea);

      int[] mem2 = mem.clone();
      mem2[round % 3] ^= 1 << (round % 31);
      byte[] ec = Arrays.copyOf(codec.buffer(), codec.encode(mem2, a, null));
      assertThat(ec).isNotEqualTo(ea);

      b[1].regs[0] += 1;
      byte[] ed = Arrays.copyOf(codec.buffer(), codec.encode(mem, b, null));
      assertThat(ed).isNotEqualTo(ea);
    }
  }

  @Test
  void bufferGrowsForLargeStates() {
    int memSize = 500;
    int[] mem = new int[memSize];
    Arrays.fill(mem, Integer.MIN_VALUE);
    StateCodec codec = new StateCodec(memSize, new int[0]);

    int len = codec.encode(mem, new Frame[0], null);
    int[] back = new int[memSize];
    codec.decode(codec.buffer(), 0, back, new Frame[0], null);

    assertThat(len).isEqualTo(memSize * 5);
    assertThat(back).containsExactly(mem);
  }

  private static MemoryState weak(int... ints) {
    MemoryState w = new MemoryState();
    w.ensure(ints.length);
    System.arraycopy(ints, 0, w.a, 0, ints.length);
    w.len = ints.length;
    return w;
  }

  private static int[] roundTripWeak(StateCodec codec, MemoryState w) {
    int len = codec.encode(new int[] {7}, new Frame[0], w);
    byte[] shifted = new byte[len + 3];
    System.arraycopy(codec.buffer(), 0, shifted, 3, len);
    MemoryState back = new MemoryState();
    back.len = 99; // overwritten
    codec.decode(shifted, 3, new int[1], new Frame[0], back);
    return Arrays.copyOf(back.a, back.len);
  }

  /**
   * Divides a weak state into three parts at ints 3 and 7, or fewer where it is shorter (parts may
   * be empty), as a memory system's fixed header and variable blocks do.
   */
  private static final StateParts THREE_PARTS =
      new StateParts() {
        @Override
        public int count() {
          return 3;
        }

        @Override
        public void bounds(MemoryState s, int[] bounds) {
          bounds[0] = 0;
          bounds[1] = Math.min(3, s.len);
          bounds[2] = Math.min(7, s.len);
          bounds[3] = s.len;
        }
      };

  /** A codec that interns the weak state's {@link #THREE_PARTS} and every CPU's frame. */
  private static StateCodec collapsing(int memSize, int[] regCounts) {
    return new StateCodec(
        memSize, regCounts, THREE_PARTS, PartTable.tables(3), PartTable.tables(regCounts.length));
  }

  /** A codec writing the weak state inline, and one collapsing it into parts. */
  private static List<StateCodec> bothCodecs(int memSize, int[] regCounts) {
    return List.of(new StateCodec(memSize, regCounts), collapsing(memSize, regCounts));
  }

  @Test
  void weakStateRoundTripsWithRunsOfZerosAnywhere() {
    for (StateCodec codec : bothCodecs(1, new int[0])) {
      roundTripsWeakStates(codec);
    }
  }

  private static void roundTripsWeakStates(StateCodec codec) {
    int[] longRun = new int[300]; // a run longer than one varint byte counts
    longRun[0] = 5;
    longRun[299] = -1;
    int[][] cases = {
      {},
      {0},
      {0, 0, 0},
      {1},
      {0, 1, 0},
      {1, 0, 0, 1, 0, 0, 0},
      {-1, 0, -1, 0},
      {0, 0, Integer.MIN_VALUE, 0, Integer.MAX_VALUE, 0, 0},
      EXTREMES,
      longRun
    };
    for (int[] c : cases) {
      assertThat(roundTripWeak(codec, weak(c))).as(Arrays.toString(c)).containsExactly(c);
    }
  }

  @Test
  void weakStatesAreEqualIffTheirEncodingsAre() {
    for (StateCodec codec : bothCodecs(1, new int[0])) {
      weakStatesAreEqualIffTheirEncodingsAre(codec);
    }
  }

  private static void weakStatesAreEqualIffTheirEncodingsAre(StateCodec codec) {
    Random rnd = new Random(7);
    int[] pool = {0, 0, 0, 0, 1, -1, 2, 127, 128, -2, 1 << 30};
    for (int round = 0; round < 5000; round++) {
      int[] x = new int[rnd.nextInt(12)];
      int[] y = new int[rnd.nextInt(12)];
      for (int i = 0; i < x.length; i++) {
        x[i] = pool[rnd.nextInt(pool.length)];
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = rnd.nextBoolean() && i < x.length ? x[i] : pool[rnd.nextInt(pool.length)];
      }
      byte[] ex = Arrays.copyOf(codec.buffer(), codec.encode(new int[] {0}, new Frame[0], weak(x)));
      byte[] ey = Arrays.copyOf(codec.buffer(), codec.encode(new int[] {0}, new Frame[0], weak(y)));
      assertThat(Arrays.equals(ex, ey))
          .as("%s vs %s", Arrays.toString(x), Arrays.toString(y))
          .isEqualTo(Arrays.equals(x, y));
    }
  }

  /**
   * A successor encoded against its decoded parent (memory words and one CPU's frame copied from
   * the parent's bytes where unchanged) has exactly the bytes of its own encoding, whatever the
   * step did to the weak state: ints changed, inserted or removed, next to runs of zeros or inside
   * them, at either end, or nothing.
   */
  @Test
  void aSuccessorEncodedAgainstItsParentHasItsOwnEncoding() {
    int[] regCounts = {2, 1};
    PartTable[] frames =
        PartTable.tables(regCounts.length); // two codecs of one search share its tables
    successorsHaveTheirOwnEncodings(
        new StateCodec(3, regCounts, null, null, frames),
        new StateCodec(3, regCounts, null, null, frames));
  }

  /**
   * The same with the weak state collapsed: two codecs of one set of tables, where a successor's
   * weak part that did not change takes its parent's id without looking it up.
   */
  @Test
  void aCollapsedSuccessorEncodedAgainstItsParentHasItsOwnEncoding() {
    int[] regCounts = {2, 1};
    PartTable[] parts = PartTable.tables(3);
    PartTable[] frames = PartTable.tables(regCounts.length);
    successorsHaveTheirOwnEncodings(
        new StateCodec(3, regCounts, THREE_PARTS, parts, frames),
        new StateCodec(3, regCounts, THREE_PARTS, parts, frames));
  }

  private static void successorsHaveTheirOwnEncodings(StateCodec codec, StateCodec fresh) {
    Random rnd = new Random(11);
    int[] pool = {0, 0, 0, 0, 0, 1, -1, 2, 3, 200};
    for (int round = 0; round < 20_000; round++) {
      int[] mem = {rnd.nextInt(3), rnd.nextInt(300), -1};
      Frame[] frames = {
        frame(2, new int[] {rnd.nextInt(4), 1}, rnd.nextInt(3), rnd.nextInt(256)),
        frame(1, new int[] {rnd.nextInt(4)}, 0, 0)
      };
      int[] w = new int[rnd.nextInt(25)];
      for (int i = 0; i < w.length; i++) {
        w[i] = pool[rnd.nextInt(pool.length)];
      }
      int len = codec.encode(mem, frames, weak(w));
      byte[] parent = new byte[len + 4];
      System.arraycopy(codec.buffer(), 0, parent, 4, len);
      int[] baseMem = new int[3];
      Frame[] base = {new Frame(2), new Frame(1)};
      MemoryState baseWeak = new MemoryState();
      codec.decode(parent, 4, baseMem, base, baseWeak);

      int[] mem2 = baseMem.clone();
      if (rnd.nextBoolean()) {
        mem2[rnd.nextInt(3)] = rnd.nextInt(5);
      }
      int cpu = rnd.nextInt(2);
      Frame[] frames2 = {new Frame(2), new Frame(1)};
      frames2[0].copyFrom(base[0]);
      frames2[1].copyFrom(base[1]);
      frames2[cpu].regs[0] = rnd.nextInt(4);
      int[] w2 = mutate(w, rnd, pool);

      byte[] expected = Arrays.copyOf(fresh.buffer(), fresh.encode(mem2, frames2, weak(w2)));
      int n = codec.encodeSuccessor(mem2, baseMem, frames2, cpu, weak(w2));

      assertThat(Arrays.copyOf(codec.buffer(), n))
          .as("%s -> %s", Arrays.toString(w), Arrays.toString(w2))
          .isEqualTo(expected);
    }
  }

  /** {@code w} unchanged, or with ints changed, a stretch inserted, or a stretch removed. */
  private static int[] mutate(int[] w, Random rnd, int[] pool) {
    int kind = rnd.nextInt(4);
    if (kind == 0) {
      return w.clone();
    }
    if (kind == 1) {
      int[] c = w.clone();
      for (int k = rnd.nextInt(3); k >= 0 && c.length > 0; k--) {
        c[rnd.nextInt(c.length)] = pool[rnd.nextInt(pool.length)];
      }
      return c;
    }
    int at = rnd.nextInt(w.length + 1);
    if (kind == 2) {
      int[] gap = new int[1 + rnd.nextInt(4)];
      for (int i = 0; i < gap.length; i++) {
        gap[i] = pool[rnd.nextInt(pool.length)];
      }
      int[] c = new int[w.length + gap.length];
      System.arraycopy(w, 0, c, 0, at);
      System.arraycopy(gap, 0, c, at, gap.length);
      System.arraycopy(w, at, c, at + gap.length, w.length - at);
      return c;
    }
    int n = Math.min(w.length - at, 1 + rnd.nextInt(4));
    int[] c = new int[w.length - n];
    System.arraycopy(w, 0, c, 0, at);
    System.arraycopy(w, at + n, c, at, w.length - at - n);
    return c;
  }

  /**
   * Successors of one state whose moving CPU takes three times as many frames as a codec remembers
   * for a frame: each gets the encoding a codec of the same tables gives it by looking its frame
   * up, whether the frame was remembered and compared, looked up by this codec first, or already
   * added by the other.
   */
  @Test
  void successorFramesBeyondThoseRememberedGetTheIdsOfTheirTable() {
    int[] regCounts = {2, 1};
    PartTable[] frames = PartTable.tables(regCounts.length);
    StateCodec codec = new StateCodec(1, regCounts, null, null, frames);
    StateCodec other = new StateCodec(1, regCounts, null, null, frames);
    Frame[] state = {frame(2, new int[] {7, 1}, 1, 9), frame(1, new int[] {0}, 0, 0)};
    byte[] parent = Arrays.copyOf(codec.buffer(), codec.encode(new int[] {0}, state, null));
    int[] mem = new int[1];
    Frame[] base = {new Frame(2), new Frame(1)};
    codec.decode(parent, 0, mem, base, null);
    int kinds = 3 * StateCodec.MAX_NEXT_PARTS;
    Random rnd = new Random(5);
    for (int round = 0; round < 20 * kinds; round++) {
      Frame[] next = {new Frame(2), new Frame(1)};
      next[0].copyFrom(base[0]);
      next[1].copyFrom(base[1]);
      next[0].regs[0] = rnd.nextInt(kinds);
      byte[] expected;
      byte[] got;
      if (rnd.nextBoolean()) {
        expected = Arrays.copyOf(other.buffer(), other.encode(mem, next, null));
        got = Arrays.copyOf(codec.buffer(), codec.encodeSuccessor(mem, mem, next, 0, null));
      } else {
        got = Arrays.copyOf(codec.buffer(), codec.encodeSuccessor(mem, mem, next, 0, null));
        expected = Arrays.copyOf(other.buffer(), other.encode(mem, next, null));
      }

      assertThat(got).as("round %d, register %d", round, next[0].regs[0]).isEqualTo(expected);
    }
    assertThat(frames[0].size()).isEqualTo(kinds);
  }

  /**
   * The same for a part of the weak state: successors whose second part takes three times as many
   * values as a codec remembers for a part (differing from the parent's in one int, in several, or
   * in length) get the encoding a codec of the same tables gives them by looking them up.
   */
  @Test
  void successorWeakPartsBeyondThoseRememberedGetTheIdsOfTheirTable() {
    PartTable[] parts = PartTable.tables(3);
    int[] regCounts = {1};
    PartTable[] frameParts = PartTable.tables(1);
    StateCodec codec = new StateCodec(1, regCounts, THREE_PARTS, parts, frameParts);
    StateCodec other = new StateCodec(1, regCounts, THREE_PARTS, parts, frameParts);
    Frame[] frames = {frame(1, new int[] {0}, 0, 0)};
    int[] w = {3, 0, 0, 5, 6, 7, 8, 4, -1, 200};
    byte[] parent = Arrays.copyOf(codec.buffer(), codec.encode(new int[] {0}, frames, weak(w)));
    int[] mem = new int[1];
    MemoryState base = new MemoryState();
    codec.decode(parent, 0, mem, new Frame[] {new Frame(1)}, base);
    int kinds = 3 * StateCodec.MAX_NEXT_PARTS;
    Random rnd = new Random(7);
    for (int round = 0; round < 20 * kinds; round++) {
      int kind = rnd.nextInt(kinds);
      int[] next = kind % 3 == 2 ? new int[] {3, 0, 0, 100 + kind, -1, 200} : w.clone();
      if (kind % 3 == 0) {
        next[4] = 100 + kind; // one int of the part
      } else if (kind % 3 == 1) {
        next[3] = 100 + kind; // two
        next[6] = -1 - kind;
      } // else three ints shorter

      byte[] expected;
      byte[] got;
      if (rnd.nextBoolean()) {
        expected = Arrays.copyOf(other.buffer(), other.encode(mem, frames, weak(next)));
        got = Arrays.copyOf(codec.buffer(), codec.encodeSuccessor(mem, mem, frames, 0, weak(next)));
      } else {
        got = Arrays.copyOf(codec.buffer(), codec.encodeSuccessor(mem, mem, frames, 0, weak(next)));
        expected = Arrays.copyOf(other.buffer(), other.encode(mem, frames, weak(next)));
      }

      assertThat(got).as("round %d, kind %d", round, kind).isEqualTo(expected);
    }
    assertThat(parts[1].size()).isEqualTo(1 + kinds); // the parent's part, and one per kind
  }

  @Test
  void eachPartOfACollapsedWeakStateIsStoredOnceAndTheStateHoldsTheirIds() {
    PartTable[] parts = PartTable.tables(3);
    StateCodec codec = new StateCodec(1, new int[0], THREE_PARTS, parts, PartTable.tables(0));
    int[] w = {3, 0, 0, 0, 0, 0, 0, 0, 0, 4, -1, 200};
    int[] v = {3, 0, 0, 9, 0, 0, 0, 0, 0, 4, -1, 200}; // w with its second part changed

    byte[] a = Arrays.copyOf(codec.buffer(), codec.encode(new int[] {1}, new Frame[0], weak(w)));
    byte[] b = Arrays.copyOf(codec.buffer(), codec.encode(new int[] {2}, new Frame[0], weak(v)));

    // the memory word, then one id (a byte: the first part of its table) per part
    assertThat(a).containsExactly(2, 1, 1, 1);
    assertThat(b).containsExactly(3, 1, 2, 1);
    assertThat(Arrays.stream(parts).mapToInt(PartTable::size)).containsExactly(1, 2, 1);
  }

  @Test
  void aCollapsedFrameIsStoredOnceAndTheStateHoldsItsId() {
    PartTable[] frames = PartTable.tables(2);
    StateCodec codec = new StateCodec(1, new int[] {2, 1}, null, null, frames);
    Frame a = frame(2, new int[] {5, 300}, 2, 0x7F);
    Frame b = frame(1, new int[] {-1}, 0, 0);

    int len1 = codec.encode(new int[] {1}, new Frame[] {a, b}, null);
    int len2 = codec.encode(new int[] {2}, new Frame[] {a, b}, null);
    byte[] second = Arrays.copyOf(codec.buffer(), len2);
    codec.encode(new int[] {2}, new Frame[] {b(a), b}, null);

    // the memory word, then one id (a byte: the first part) per CPU
    assertThat(len1).isEqualTo(3);
    assertThat(second).containsExactly(3, 1, 1);
    assertThat(frames[0].size()).isEqualTo(2);
    assertThat(frames[1].size()).isEqualTo(1);
  }

  /** {@code f} with its first register changed. */
  private static Frame b(Frame f) {
    Frame g = new Frame(f.regs.length);
    g.copyFrom(f);
    g.regs[0]++;
    return g;
  }

  @Test
  void aRunOfZerosInTheWeakStateTakesTwoBytes() {
    StateCodec codec = new StateCodec(0, new int[0]);

    int len = codec.encode(new int[0], new Frame[0], weak(new int[100]));

    // the length (one byte), then the run: its marker and its length
    assertThat(len).isEqualTo(1 + 2);
  }
}
