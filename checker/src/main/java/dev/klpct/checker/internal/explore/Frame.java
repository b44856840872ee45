package dev.klpct.checker.internal.explore;

import dev.klpct.api.program.CpuProgram;
import java.util.Arrays;

/**
 * The control state of one CPU between two steps: its registers as of the start of the current
 * routine, the results of the primitives the routine has executed so far, and a checksum of which
 * primitives those were (to detect code that diverges on replay). Mutable; owned by one exploring
 * thread.
 */
final class Frame {
  static final int MAX_RESULTS = CpuProgram.MAX_PRIMITIVES_PER_ROUTINE;

  final int[] regs;
  final int[] results = new int[MAX_RESULTS];
  int nres;
  int checksum;
  boolean finished;

  Frame(int registers) {
    this.regs = new int[registers];
  }

  void copyFrom(Frame o) {
    System.arraycopy(o.regs, 0, regs, 0, regs.length);
    System.arraycopy(o.results, 0, results, 0, o.nres);
    nres = o.nres;
    checksum = o.checksum;
    finished = o.finished;
  }

  boolean sameAs(Frame o) {
    return nres == o.nres
        && checksum == o.checksum
        && finished == o.finished
        && Arrays.equals(regs, o.regs)
        && Arrays.equals(results, 0, nres, o.results, 0, nres);
  }
}
