package dev.klpct.checker;

import static dev.klpct.checker.TinyMachine.site;

import dev.klpct.api.Guard;
import dev.klpct.api.Loc;
import dev.klpct.api.Site;
import dev.klpct.api.program.Machine;

/** Machines and helpers shared by the checker's tests. */
final class CheckerFixtures {
  private CheckerFixtures() {}

  static final Site W = site("writer");

  static final Site R = site("reader");

  static CheckOptions opts() {
    return CheckOptions.defaults().withThreads(1);
  }

  static CheckReport check(Machine m) {
    return new Checker(opts()).check(m);
  }

  static Verdict verdict(CheckReport r, String id) {
    return r.verdict(id).orElseThrow().verdict();
  }

  static Counterexample cx(CheckReport r, String id) {
    return r.verdict(id).orElseThrow().counterexample().orElseThrow();
  }

  /** SB: each CPU writes its variable, then reads the other's; results in ghost locations. */
  static Machine storeBuffering() {
    TinyMachine.Builder b = TinyMachine.builder("SB", 2);
    Loc x = b.shared("x");
    Loc y = b.shared("y");
    Loc r0 = b.ghost("r0", 0);
    Loc r1 = b.ghost("r1", 1);
    b.routines(0, 0, k -> k.WRITE_ONCE(x, 1, W), k -> k.setGhost(r0, k.READ_ONCE(y, R)));
    b.routines(1, 0, k -> k.WRITE_ONCE(y, 1, W), k -> k.setGhost(r1, k.READ_ONCE(x, R)));
    b.terminal("not-both-zero", s -> !(s.value(r0) == 0 && s.value(r1) == 0));
    b.terminal("not-both-one", s -> !(s.value(r0) == 1 && s.value(r1) == 1));
    b.terminal("not-zero-one", s -> !(s.value(r0) == 0 && s.value(r1) == 1));
    b.terminal("not-one-zero", s -> !(s.value(r0) == 1 && s.value(r1) == 0));
    return b.build();
  }

  /**
   * SB with the results in registers. Each CPU parks (quiescent) instead of finishing, so its
   * registers stay part of the state.
   */
  static Machine storeBufferingInRegisters() {
    TinyMachine.Builder b = TinyMachine.builder("SB registers", 2);
    Loc x = b.shared("x");
    Loc y = b.shared("y");
    for (int c = 0; c < 2; c++) {
      Loc mine = c == 0 ? x : y;
      Loc other = c == 0 ? y : x;
      b.program(
          c,
          new TinyMachine.RoutineProgram(
                  "CPU" + c,
                  1,
                  k -> k.WRITE_ONCE(mine, 1, W),
                  k -> k.setReg(1, k.READ_ONCE(other, R)),
                  k -> k.await(Guard.never(), site("park")))
              .quiescentWhen(regs -> regs[0] == 2));
    }
    b.terminal("not-both-zero", s -> !(s.register(0, 1) == 0 && s.register(1, 1) == 0));
    b.terminal("not-both-one", s -> !(s.register(0, 1) == 1 && s.register(1, 1) == 1));
    return b.build();
  }

  /** MP: CPU0 writes data then flag; CPU1 reads flag then data. */
  static Machine messagePassing() {
    TinyMachine.Builder b = TinyMachine.builder("MP", 2);
    Loc data = b.shared("data");
    Loc flag = b.shared("flag");
    Loc rf = b.ghost("r_flag", 1);
    Loc rd = b.ghost("r_data", 1);
    b.routines(
        0,
        0,
        k -> k.WRITE_ONCE(data, 1, W),
        k -> {
          k.smp_wmb(W);
          k.WRITE_ONCE(flag, 1, W);
        });
    b.routines(
        1,
        0,
        k -> {
          int f = k.READ_ONCE(flag, R);
          k.smp_rmb(R);
          int d = k.READ_ONCE(data, R);
          k.setGhost(rf, f);
          k.setGhost(rd, d);
        });
    b.terminal("no-stale-data", s -> !(s.value(rf) == 1 && s.value(rd) == 0));
    b.terminal("never-flag-and-data", s -> !(s.value(rf) == 1 && s.value(rd) == 1));
    b.terminal("never-neither", s -> !(s.value(rf) == 0 && s.value(rd) == 0));
    b.terminal("never-data-only", s -> !(s.value(rf) == 0 && s.value(rd) == 1));
    return b.build();
  }

  /** Two CPUs increment a counter with a read and a write, with or without a spinlock. */
  static Machine counter(boolean locked) {
    TinyMachine.Builder b = TinyMachine.builder("lock " + locked, 2);
    Loc lock = b.shared("lock");
    Loc cnt = b.shared("cnt");
    Loc inside = b.ghostAll("in_critical_section");
    Loc flags = b.ghostCommutative("violations");
    for (int c = 0; c < 2; c++) {
      b.routines(
          c,
          0,
          k -> {
            if (locked) {
              k.spin_lock(lock, site("lock"));
            } else {
              k.READ_ONCE(lock, site("no lock"));
            }
            k.setGhost(inside, k.ghost(inside) + 1);
            if (k.ghost(inside) > 1) {
              k.violate(flags, 1, "mutex: two CPUs in the critical section");
            }
          },
          k -> {
            int v = k.READ_ONCE(cnt, R);
            k.WRITE_ONCE(cnt, v + 1, W);
            k.setGhost(inside, k.ghost(inside) - 1);
          },
          k -> {
            if (locked) {
              k.spin_unlock(lock, site("unlock"));
            }
          });
    }
    b.monotone("mutex", s -> s.value(flags) == 0);
    b.terminal("no-lost-update", s -> s.value(cnt) == 2);
    b.terminal("lock-released", s -> s.value(lock) == 0);
    return b.build();
  }

  static Machine selectMachine() {
    TinyMachine.Builder b = TinyMachine.builder("select", 1);
    Loc x = b.shared("x");
    Loc chosen = b.ghost("chosen", 0);
    b.routines(
        0,
        0,
        k -> {
          int c =
              k.select(
                  site("pick"),
                  Guard.always(),
                  Guard.never(),
                  Guard.equal(x, 0),
                  Guard.equal(x, 1),
                  Guard.notEqual(x, 0),
                  Guard.bits(x, 3, 0));
          k.setGhost(chosen, 100 + c);
        });
    b.metric("chosen", s -> s.value(chosen));
    for (int alt = 0; alt < 6; alt++) {
      int a = alt;
      b.terminal("not-" + alt, s -> s.value(chosen) != 100 + a);
    }
    return b.build();
  }

  static Machine waitsForever(boolean quiescent) {
    TinyMachine.Builder b = TinyMachine.builder("waits forever", 2);
    Loc x = b.shared("x");
    b.program(
        0,
        new TinyMachine.RoutineProgram(
                "waiter",
                0,
                k -> k.WRITE_ONCE(x, 1, W),
                k -> k.await(Guard.equal(x, 3), site("wait_for_three")))
            .quiescentWhen(regs -> quiescent && regs[0] == 1));
    b.routines(1, 0, k -> k.WRITE_ONCE(x, 2, W));
    return b.build();
  }

  /** {@code cpus} CPUs, each writing its private word {@code writes} times. */
  static TinyMachine.Builder independentWriters(int cpus, int writes) {
    TinyMachine.Builder b = TinyMachine.builder("writers", cpus);
    Loc[] xs = new Loc[cpus];
    for (int c = 0; c < cpus; c++) {
      Loc x = b.privateTo("x" + c, c);
      xs[c] = x;
      TinyMachine.Routine[] rs = new TinyMachine.Routine[writes];
      for (int i = 0; i < writes; i++) {
        int v = i + 1;
        rs[i] = k -> k.WRITE_ONCE(x, v, W);
      }
      b.routines(c, 0, rs);
    }
    b.terminal(
        "all-written",
        s -> {
          for (Loc x : xs) {
            if (s.value(x) != writes) {
              return false;
            }
          }
          return true;
        });
    return b;
  }

  /**
   * CPU0 reaches the violation after {@code longPath} writes, CPU1 after one. Independent, so the
   * reduced search explores CPU0 first and finds the long path.
   */
  static Machine longAndShortPath(int longPath) {
    TinyMachine.Builder b = TinyMachine.builder("long and short", 2);
    Loc x = b.privateTo("x", 0);
    Loc y = b.privateTo("y", 1);
    Loc flags = b.ghostCommutative("flags");
    TinyMachine.Routine[] rs = new TinyMachine.Routine[longPath];
    for (int i = 0; i < longPath; i++) {
      int v = i + 1;
      boolean last = i == longPath - 1;
      rs[i] =
          k -> {
            k.WRITE_ONCE(x, v, W);
            if (last) {
              k.violate(flags, 1, "bad: long path");
            }
          };
    }
    b.routines(0, 0, rs);
    b.routines(
        1,
        0,
        k -> {
          k.WRITE_ONCE(y, 1, W);
          k.violate(flags, 1, "bad: short path");
        });
    b.monotone("bad", s -> s.value(flags) == 0);
    return b.build();
  }

  /** Wide levels (more than 256 states) so that two threads really split the work. */
  static Machine wideMachine() {
    TinyMachine.Builder b = independentWriters(5, 4);
    Loc shared = b.shared("shared");
    Loc flags = b.ghostCommutative("flags");
    // Replace CPU4's program: it writes the shared word, CPU3 checks it.
    b.routines(
        4,
        0,
        k -> k.WRITE_ONCE(shared, 1, W),
        k -> k.WRITE_ONCE(shared, 2, W),
        k -> k.WRITE_ONCE(shared, 3, W));
    b.routines(
        3,
        0,
        k -> {
          if (k.READ_ONCE(shared, R) == 2) {
            k.violate(flags, 1, "saw 2");
          }
        },
        k -> k.READ_ONCE(shared, R),
        k -> k.READ_ONCE(shared, R));
    b.monotone("never-sees-2", s -> s.value(flags) == 0);
    b.terminal("shared-is-3", s -> s.value(shared) == 3);
    return b.build();
  }
}
