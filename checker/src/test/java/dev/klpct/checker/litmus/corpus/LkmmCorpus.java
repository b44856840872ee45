package dev.klpct.checker.litmus.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates klpct's LKMM conformance corpus: litmus tests whose verdicts herd7 computes once
 * ({@code scripts/regenerate-lkmm-verdicts.sh}) and {@code LkmmCorpusTest} compares with klpct's
 * exact engine on every build.
 *
 * <p>The families, each a method of {@code Gen}: the classic shapes (MP, SB, LB, S, R, 2+2W, WRC,
 * ISA2, IRIW, Z6.x, 3.LB, 3.SB, W+RWC, RWC, WWC, 3.2W, CoXX) with every kind of link between two
 * accesses of a process (fences, acquire/release, data and control dependencies, RMWs adjacent to
 * {@code smp_mb__before/after_atomic} or not, unlock-lock, grace periods) and every flavour of
 * access (marked, plain, atomic_t, the RMW families in each ordering, failing and succeeding {@code
 * cmpxchg}); address dependencies through pointers; RCU and SRCU; spinlocks, {@code spin_trylock}
 * and {@code spin_is_locked}; plain accesses and data races; RMW atomicity; seeded random programs
 * of two to four processes; and seeded random programs around two pointer locations, whose
 * addresses depend on reads.
 *
 * <p>Deterministic: the same code writes the same files (every random choice comes from a {@link
 * Random} with a fixed seed). The tests are written here; none is copied from the kernel or
 * herdtools.
 *
 * <p>Run {@code main(dir)} to (re)write the corpus into {@code dir}.
 */
public final class LkmmCorpus {
  private LkmmCorpus() {}

  /** The corpus: file name (without {@code .litmus}) to source text, in generation order. */
  public static Map<String, String> generate() {
    Gen g = new Gen();
    g.shapes();
    g.flavours();
    g.cumulativity();
    g.noreturn();
    g.rmwAdjacency();
    g.addressDependencies();
    g.rcu();
    g.srcu();
    g.locks();
    g.plain();
    g.atomicity();
    g.random();
    g.randomPointers();
    return g.out;
  }

  /** Writes the corpus into {@code args[0]}, removing litmus files that are no longer in it. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    Map<String, String> tests = generate();
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        if (n.endsWith(".litmus") && !tests.containsKey(n.substring(0, n.length() - 7))) {
          Files.delete(f);
        }
      }
    }
    for (Map.Entry<String, String> e : tests.entrySet()) {
      Files.writeString(dir.resolve(e.getKey() + ".litmus"), e.getValue(), StandardCharsets.UTF_8);
    }
    System.out.println(tests.size() + " tests in " + dir);
  }

  /** An access of a shape: a read expecting {@code value}, or a write of {@code value}. */
  record Acc(boolean read, String loc, int value) {}

  static Acc r(String loc, int v) {
    return new Acc(true, loc, v);
  }

  static Acc w(String loc, int v) {
    return new Acc(false, loc, v);
  }

  /**
   * A shape: its processes' accesses and the final values of locations its cycle needs (the
   * coherence edges), e.g. {@code x=2}.
   */
  record Shape(String name, List<List<Acc>> procs, List<String> finals) {}

  static Shape shape(String name, String finals, List<List<Acc>> procs) {
    return new Shape(name, procs, finals.isEmpty() ? List.of() : List.of(finals.split(",")));
  }

  static final List<Shape> SHAPES =
      List.of(
          shape("MP", "", List.of(List.of(w("x", 1), w("y", 1)), List.of(r("y", 1), r("x", 0)))),
          shape("SB", "", List.of(List.of(w("x", 1), r("y", 0)), List.of(w("y", 1), r("x", 0)))),
          shape("LB", "", List.of(List.of(r("x", 1), w("y", 1)), List.of(r("y", 1), w("x", 1)))),
          shape("S", "x=2", List.of(List.of(w("x", 2), w("y", 1)), List.of(r("y", 1), w("x", 1)))),
          shape("R", "y=2", List.of(List.of(w("x", 1), w("y", 1)), List.of(w("y", 2), r("x", 0)))),
          shape(
              "2+2W",
              "x=1,y=1",
              List.of(List.of(w("x", 1), w("y", 2)), List.of(w("y", 1), w("x", 2)))),
          shape(
              "WRC",
              "",
              List.of(
                  List.of(w("x", 1)),
                  List.of(r("x", 1), w("y", 1)),
                  List.of(r("y", 1), r("x", 0)))),
          shape(
              "ISA2",
              "",
              List.of(
                  List.of(w("x", 1), w("y", 1)),
                  List.of(r("y", 1), w("z", 1)),
                  List.of(r("z", 1), r("x", 0)))),
          shape(
              "IRIW",
              "",
              List.of(
                  List.of(w("x", 1)),
                  List.of(r("x", 1), r("y", 0)),
                  List.of(w("y", 1)),
                  List.of(r("y", 1), r("x", 0)))),
          shape(
              "Z6.0",
              "z=2",
              List.of(
                  List.of(w("x", 1), w("y", 1)),
                  List.of(r("y", 1), w("z", 1)),
                  List.of(w("z", 2), r("x", 0)))),
          shape(
              "Z6.1",
              "x=2",
              List.of(
                  List.of(w("x", 2), w("y", 1)),
                  List.of(r("y", 1), w("z", 1)),
                  List.of(r("z", 1), w("x", 1)))),
          shape(
              "Z6.3",
              "y=2",
              List.of(
                  List.of(w("x", 1), w("y", 1)),
                  List.of(w("y", 2), w("z", 1)),
                  List.of(r("z", 1), r("x", 0)))),
          shape(
              "3.LB",
              "",
              List.of(
                  List.of(r("x", 1), w("y", 1)),
                  List.of(r("y", 1), w("z", 1)),
                  List.of(r("z", 1), w("x", 1)))),
          shape(
              "3.SB",
              "",
              List.of(
                  List.of(w("x", 1), r("y", 0)),
                  List.of(w("y", 1), r("z", 0)),
                  List.of(w("z", 1), r("x", 0)))),
          shape(
              "W+RWC",
              "",
              List.of(
                  List.of(w("x", 1), w("y", 1)),
                  List.of(r("y", 1), r("z", 0)),
                  List.of(w("z", 1), r("x", 0)))),
          shape(
              "RWC",
              "",
              List.of(
                  List.of(w("x", 1)),
                  List.of(r("x", 1), r("y", 0)),
                  List.of(w("y", 1), r("x", 0)))),
          shape(
              "WWC",
              "x=2",
              List.of(
                  List.of(w("x", 2)),
                  List.of(r("x", 2), w("y", 1)),
                  List.of(r("y", 1), w("x", 1)))),
          shape(
              "3.2W",
              "x=2,y=2,z=2",
              List.of(
                  List.of(w("x", 2), w("y", 1)),
                  List.of(w("y", 2), w("z", 1)),
                  List.of(w("z", 2), w("x", 1)))),
          shape("CoRR", "", List.of(List.of(w("x", 1)), List.of(r("x", 1), r("x", 0)))),
          shape("CoRW", "x=2", List.of(List.of(r("x", 2), w("x", 1)), List.of(w("x", 2)))),
          shape("CoWR", "x=1", List.of(List.of(w("x", 1), r("x", 2)), List.of(w("x", 2)))),
          shape("CoWW", "x=1", List.of(List.of(w("x", 1), w("x", 2)))));

  /** The links between two accesses of a process, by the kinds of the two. */
  static final List<String> LINKS_FROM_READ =
      List.of(
          "po",
          "mb",
          "rmb",
          "wmb",
          "acq",
          "data",
          "ctrl",
          "ctrlT",
          "barrier",
          "ba",
          "aa",
          "rmw-aa",
          "ba-rmw",
          "sync",
          "ulock",
          "ulock-mb",
          "rel",
          "rscs",
          "datapl",
          "ctrlpl");

  static final List<String> LINKS_FROM_WRITE =
      List.of(
          "po",
          "mb",
          "rmb",
          "wmb",
          "rel",
          "barrier",
          "ba",
          "aa",
          "rmw-aa",
          "ba-rmw",
          "sync",
          "ulock",
          "ulock-mb",
          "acq",
          "storemb",
          "rscs");

  static final List<String> WRITE_FLAVOURS =
      List.of(
          "once", "rel", "plain", "aset", "asetrel", "xchg", "xchgrlx", "xchgrel", "xchgacq",
          "assign", "addret", "cas");
  static final List<String> READ_FLAVOURS =
      List.of(
          "once",
          "acq",
          "plain",
          "aread",
          "areadacq",
          "deref",
          "fadd0",
          "fadd0rlx",
          "fadd0acq",
          "fadd0rel",
          "casfail",
          "orfetch0");

  static final class Gen {
    final Map<String, String> out = new LinkedHashMap<>();
    final Random rnd = new Random(20251204L);

    void add(Src s) {
      String name = s.name;
      int k = 2;
      while (out.containsKey(name)) {
        name = s.name + "-" + k++;
      }
      if (!name.equals(s.name)) {
        Src renamed = new Src(name);
        renamed.procs.addAll(s.procs);
        renamed.init.addAll(s.init);
        renamed.paramTypes.putAll(s.paramTypes);
        renamed.comment = s.comment;
        renamed.locations = s.locations;
        renamed.filter = s.filter;
        renamed.clause = s.clause;
        s = renamed;
      }
      out.put(name, s.text());
    }

    // ---- shapes × links ------------------------------------------------------------------

    /** Every shape with uniform links, then random link combinations. */
    void shapes() {
      for (Shape sh : SHAPES) {
        for (String link :
            List.of(
                "po", "mb", "rmb", "wmb", "rel", "acq", "data", "ctrl", "barrier", "ulock", "sync",
                "ba-rmw", "rmw-aa", "ba", "aa")) {
          List<String> links = new ArrayList<>();
          boolean any = false;
          for (List<Acc> p : sh.procs()) {
            for (int i = 0; i + 1 < p.size(); i++) {
              String l = fits(link, p.get(i), p.get(i + 1)) ? link : "po";
              any |= !l.equals("po") || link.equals("po");
              links.add(l);
            }
          }
          if (any) {
            add(build(sh, links, null));
          }
        }
        int combos = sh.procs().size() >= 3 ? 30 : 24;
        for (int c = 0; c < combos; c++) {
          List<String> links = new ArrayList<>();
          for (List<Acc> p : sh.procs()) {
            for (int i = 0; i + 1 < p.size(); i++) {
              List<String> pool = p.get(i).read() ? LINKS_FROM_READ : LINKS_FROM_WRITE;
              String l;
              do {
                l = pool.get(rnd.nextInt(pool.size()));
              } while (!fits(l, p.get(i), p.get(i + 1)));
              links.add(l);
            }
          }
          add(build(sh, links, null));
        }
      }
    }

    /** Whether a link can join these two accesses. */
    static boolean fits(String link, Acc a, Acc b) {
      return switch (link) {
        case "acq" -> a.read();
        case "rel" -> !b.read();
        case "data", "datapl" -> a.read() && !b.read();
        case "ctrl", "ctrlT", "ctrlpl" -> a.read();
        case "storemb" -> !a.read();
        default -> true;
      };
    }

    /**
     * Cumulativity: a fence or release on the first process, every kind of link on the ones in
     * between (dependencies and acquires order them only by happens-before), and the reader's link;
     * all combinations, for the shapes where a store must propagate through another process.
     */
    void cumulativity() {
      Map<String, List<List<String>>> choices = new LinkedHashMap<>();
      choices.put(
          "WRC",
          List.of(
              List.of("ctrl", "data", "acq", "rel", "po", "mb", "wmb"),
              List.of("rmb", "acq", "mb", "po", "ctrl")));
      choices.put(
          "ISA2",
          List.of(
              List.of("mb", "wmb", "rel"),
              List.of("ctrl", "data", "acq", "po", "rel"),
              List.of("rmb", "acq", "po", "ctrl")));
      choices.put(
          "Z6.0",
          List.of(
              List.of("mb", "rel", "wmb"),
              List.of("ctrl", "data", "acq", "rel"),
              List.of("mb", "po")));
      choices.put(
          "W+RWC",
          List.of(
              List.of("mb", "rel", "wmb"),
              List.of("ctrl", "acq", "rmb", "mb"),
              List.of("mb", "po")));
      for (Map.Entry<String, List<List<String>>> e : choices.entrySet()) {
        Shape sh =
            SHAPES.stream().filter(s -> s.name().equals(e.getKey())).findFirst().orElseThrow();
        List<List<String>> lists = e.getValue();
        int[] pick = new int[lists.size()];
        while (true) {
          List<String> links = new ArrayList<>();
          for (int i = 0; i < pick.length; i++) {
            links.add(lists.get(i).get(pick[i]));
          }
          Src s = build(sh, links, null);
          Src named = new Src("cumul-" + s.name);
          named.procs.addAll(s.procs);
          named.paramTypes.putAll(s.paramTypes);
          named.clause = s.clause;
          add(named);
          int k = pick.length - 1;
          while (k >= 0 && ++pick[k] == lists.get(k).size()) {
            pick[k] = 0;
            k--;
          }
          if (k < 0) {
            break;
          }
        }
      }
    }

    /**
     * The read of an RMW that returns nothing ({@code NORETURN}) before {@code smp_rmb()} or
     * another fence: MP whose reader observes the flag through the RMW's effect on the final value.
     */
    void noreturn() {
      for (String op :
          List.of(
              "atomic_inc(y);",
              "atomic_add(2, y);",
              "atomic_or(2, y);",
              "r9 = atomic_fetch_inc_relaxed(y);")) {
        for (String fence : List.of("smp_rmb();", "smp_mb();", "smp_mb__after_atomic();", "")) {
          for (String writer : List.of("smp_wmb();", "smp_mb();")) {
            Src s =
                new Src(
                    "MP+noreturn+"
                        + op.replaceAll("[^a-z_]", "").replace("atomic_", "")
                        + "+"
                        + (fence.isEmpty() ? "po" : fence.replaceAll("[^a-z_]", ""))
                        + "+"
                        + writer.replaceAll("[^a-z_]", ""));
            Src.Proc p0 = s.proc();
            p0.line("WRITE_ONCE(*" + p0.loc("x") + ", 1);");
            p0.line(writer);
            p0.line("WRITE_ONCE(*" + p0.loc("y") + ", 1);");
            Src.Proc p1 = s.proc();
            p1.loc("y");
            if (op.startsWith("r9")) {
              p1.regs.add("r9");
              p1.regTypes.put("r9", "int");
            }
            String r = p1.reg();
            p1.line(op);
            if (!fence.isEmpty()) {
              p1.line(fence);
            }
            p1.line(r + " = READ_ONCE(*" + p1.loc("x") + ");");
            String seen = op.contains("inc") ? "y=2" : "y=3";
            s.exists(seen + " /\\ 1:" + r + "=0");
            add(s);
          }
        }
      }
    }

    /** A few shapes with random access flavours and a few links. */
    void flavours() {
      List<String> shapes =
          List.of(
              "MP", "SB", "LB", "S", "R", "2+2W", "WRC", "ISA2", "IRIW", "Z6.0", "CoRR", "CoRW",
              "CoWR", "CoWW", "W+RWC", "3.LB");
      for (String name : shapes) {
        Shape sh = SHAPES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        for (int c = 0; c < 14; c++) {
          List<String> links = new ArrayList<>();
          List<String> flav = new ArrayList<>();
          for (List<Acc> p : sh.procs()) {
            for (int i = 0; i < p.size(); i++) {
              Acc a = p.get(i);
              List<String> pool = a.read() ? READ_FLAVOURS : WRITE_FLAVOURS;
              flav.add(pool.get(rnd.nextInt(pool.size())));
              if (i + 1 < p.size()) {
                String l;
                List<String> lp =
                    List.of(
                        "po", "po", "mb", "wmb", "rmb", "data", "ctrl", "ba-rmw", "rmw-aa", "ba",
                        "aa");
                do {
                  l = lp.get(rnd.nextInt(lp.size()));
                } while (!fits(l, a, p.get(i + 1)));
                links.add(l);
              }
            }
          }
          add(build(sh, links, flav));
        }
      }
    }

    /**
     * The test of shape {@code sh} with {@code links} between consecutive accesses (in process
     * order) and access flavours (null: all {@code once}).
     */
    Src build(Shape sh, List<String> links, List<String> flavours) {
      StringBuilder name = new StringBuilder(sh.name());
      int li = 0;
      int fi = 0;
      List<String> conds = new ArrayList<>();
      Src s = new Src("");
      for (List<Acc> accs : sh.procs()) {
        Src.Proc p = s.proc();
        boolean critical = false;
        boolean readSide = false;
        StringBuilder procName = new StringBuilder();
        String prevReg = null;
        int closeAfter = 0;
        for (int i = 0; i < accs.size(); i++) {
          Acc a = accs.get(i);
          String flavour = flavours == null ? "once" : flavours.get(fi);
          fi++;
          String before = i > 0 ? links.get(li - 1) : null;
          String after = i + 1 < accs.size() ? links.get(li) : null;
          if (after != null && after.equals("acq")) {
            flavour = "acq";
          }
          if (before != null && before.equals("rel")) {
            flavour = "rel";
          }
          if (before != null && before.equals("ba-rmw")) {
            flavour = a.read() ? "fadd0rlx" : "xchgrlx";
          }
          if (after != null && after.equals("rmw-aa")) {
            flavour = a.read() ? "fadd0rlx" : "xchgrlx";
          }
          if (after != null && after.equals("storemb") && !a.read()) {
            flavour = "storemb";
          }
          if (flavour.equals("storemb") && (after == null || !after.equals("storemb"))) {
            flavour = "once";
          }
          if (!flavour.equals("once")) {
            procName.append(flavour);
          }
          String reg = null;
          if (a.read()) {
            reg = read(p, a, flavour);
            conds.add(p.index + ":" + reg + "=" + a.value());
          } else {
            String value = Integer.toString(a.value());
            if (before != null && before.equals("data") && prevReg != null) {
              value = prevReg + " - " + prevReg + " + " + a.value();
            }
            if (before != null && before.equals("datapl") && prevReg != null) {
              p.line("*" + p.loc("t" + p.index) + " = " + prevReg + ";");
              String r2 = p.reg();
              p.line(r2 + " = *t" + p.index + ";");
              value = r2 + " * 0 + " + a.value();
            }
            write(p, a.loc(), value, flavour);
          }
          while (closeAfter > 0) {
            p.close();
            closeAfter--;
          }
          if (after != null) {
            li++;
            procName.append(procName.length() > 0 ? "-" : "").append(after);
            switch (after) {
              case "mb" -> p.line("smp_mb();");
              case "rmb" -> p.line("smp_rmb();");
              case "wmb" -> p.line("smp_wmb();");
              case "barrier" -> p.line("barrier();");
              case "ba", "ba-rmw" -> p.line("smp_mb__before_atomic();");
              case "aa", "rmw-aa" -> p.line("smp_mb__after_atomic();");
              case "sync" -> p.line("synchronize_rcu();");
              case "storemb" -> {}
              case "ulock", "ulock-mb" -> {
                critical = true;
                String l = p.loc("s" + p.index);
                s.type(l, "spinlock_t *");
                p.line("spin_unlock(" + l + ");");
                p.line("spin_lock(" + l + ");");
                if (after.equals("ulock-mb")) {
                  p.line("smp_mb__after_unlock_lock();");
                }
              }
              case "ctrl" -> {
                p.open("if (" + reg + " == " + a.value() + ")");
                closeAfter = 1;
              }
              case "ctrlT" -> {
                p.open("if (" + reg + " >= 0)");
                closeAfter = 1;
              }
              case "ctrlpl" -> {
                p.line("*" + p.loc("t" + p.index) + " = " + reg + ";");
                p.open("if (*t" + p.index + " == " + a.value() + ")");
                closeAfter = 1;
              }
              case "rscs" -> readSide = true;
              default -> {}
            }
          }
          prevReg = reg;
        }
        // an unlock-lock link splits one critical section that wraps the process
        if (critical) {
          String l = "s" + p.index;
          p.body.add(0, "\tspin_lock(" + l + ");");
          p.body.add("\tspin_unlock(" + l + ");");
        }
        if (readSide) {
          p.body.add(0, "\trcu_read_lock();");
          p.body.add("\trcu_read_unlock();");
        }
        name.append('+').append(procName.length() == 0 ? "po" : procName);
      }
      conds.addAll(sh.finals());
      Src out = new Src(name.toString());
      out.procs.addAll(s.procs);
      out.paramTypes.putAll(s.paramTypes);
      out.exists(String.join(" /\\ ", conds));
      return out;
    }

    /** A read of {@code a.loc()} in the given flavour into a new register; returns it. */
    static String read(Src.Proc p, Acc a, String flavour) {
      String x = p.loc(a.loc());
      String r = p.reg();
      String e =
          switch (flavour) {
            case "acq" -> "smp_load_acquire(" + x + ")";
            case "plain" -> "*" + x;
            case "aread" -> "atomic_read(" + x + ")";
            case "areadacq" -> "atomic_read_acquire(" + x + ")";
            case "deref" -> "rcu_dereference(*" + x + ")";
            case "fadd0" -> "atomic_fetch_add(0, " + x + ")";
            case "fadd0rlx" -> "atomic_fetch_add_relaxed(0, " + x + ")";
            case "fadd0acq" -> "atomic_fetch_add_acquire(0, " + x + ")";
            case "fadd0rel" -> "atomic_fetch_add_release(0, " + x + ")";
            case "casfail" -> "cmpxchg(" + x + ", 99, 100)";
            case "orfetch0" -> "atomic_fetch_or(0, " + x + ")";
            default -> "READ_ONCE(*" + x + ")";
          };
      p.line(r + " = " + e + ";");
      return r;
    }

    /** A write of {@code value} (an expression) to {@code loc} in the given flavour. */
    static void write(Src.Proc p, String loc, String value, String flavour) {
      String x = p.loc(loc);
      switch (flavour) {
        case "rel" -> p.line("smp_store_release(" + x + ", " + value + ");");
        case "plain" -> p.line("*" + x + " = " + value + ";");
        case "aset" -> p.line("atomic_set(" + x + ", " + value + ");");
        case "asetrel" -> p.line("atomic_set_release(" + x + ", " + value + ");");
        case "xchg", "xchgrlx", "xchgrel", "xchgacq" -> {
          String suffix =
              switch (flavour) {
                case "xchgrlx" -> "_relaxed";
                case "xchgrel" -> "_release";
                case "xchgacq" -> "_acquire";
                default -> "";
              };
          p.line(p.reg() + " = xchg" + suffix + "(" + x + ", " + value + ");");
        }
        case "assign" -> p.line("rcu_assign_pointer(*" + x + ", " + value + ");");
        case "addret" -> {
          // a fully ordered RMW that writes the value if the location held 0
          p.line(p.reg() + " = atomic_add_return(" + value + ", " + x + ");");
        }
        case "cas" -> p.line(p.reg() + " = cmpxchg(" + x + ", 0, " + value + ");");
        case "storemb" -> p.line("smp_store_mb(*" + x + ", " + value + ");");
        default -> p.line("WRITE_ONCE(*" + x + ", " + value + ");");
      }
    }

    // ---- fences next to RMWs ---------------------------------------------------------------

    /**
     * SB and MP with {@code smp_mb__before_atomic()} / {@code smp_mb__after_atomic()} next to every
     * kind of RMW, failing or not, or next to a non-RMW.
     */
    void rmwAdjacency() {
      List<String[]> rmws =
          List.of(
              new String[] {"xchg", "r9 = xchg(z, 1);"},
              new String[] {"xchgrlx", "r9 = xchg_relaxed(z, 1);"},
              new String[] {"add", "atomic_add(1, z);"},
              new String[] {"inc", "atomic_inc(z);"},
              new String[] {"andnot", "atomic_andnot(1, z);"},
              new String[] {"addret", "r9 = atomic_add_return_relaxed(1, z);"},
              new String[] {"fetchor", "r9 = atomic_fetch_or_acquire(1, z);"},
              new String[] {"casok", "r9 = cmpxchg_relaxed(z, 0, 1);"},
              new String[] {"casfail", "r9 = cmpxchg(z, 5, 1);"},
              new String[] {"casfailrlx", "r9 = cmpxchg_relaxed(z, 5, 1);"},
              new String[] {"unlessok", "r9 = atomic_add_unless(z, 1, 5);"},
              new String[] {"unlessfail", "r9 = atomic_add_unless(z, 1, 0);"},
              new String[] {"dectest", "r9 = atomic_dec_and_test(z);"},
              new String[] {"negative", "r9 = atomic_add_negative_relaxed(1, z);"},
              new String[] {"write", "WRITE_ONCE(*z, 1);"},
              new String[] {"read", "r9 = READ_ONCE(*z);"});
      for (String[] rmw : rmws) {
        for (String fence : List.of("ba", "aa", "none")) {
          for (String shape : List.of("SB", "MP", "R")) {
            Src s = new Src(shape + "+" + fence + "-" + rmw[0] + "+mb");
            Src.Proc p0 = s.proc();
            Src.Proc p1 = s.proc();
            p0.loc("x");
            p0.loc("y");
            p0.loc("z");
            p0.regs.add("r0");
            p0.regTypes.put("r0", "int");
            p0.regs.add("r9");
            p0.regTypes.put("r9", "int");
            p0.line("WRITE_ONCE(*x, 1);");
            if (fence.equals("ba")) {
              p0.line("smp_mb__before_atomic();");
            }
            p0.line(rmw[1]);
            if (fence.equals("aa")) {
              p0.line("smp_mb__after_atomic();");
            }
            String cond;
            switch (shape) {
              case "SB" -> {
                p0.line("r0 = READ_ONCE(*y);");
                p1.line("WRITE_ONCE(*" + p1.loc("y") + ", 1);");
                p1.line("smp_mb();");
                String r = p1.reg();
                p1.line(r + " = READ_ONCE(*" + p1.loc("x") + ");");
                cond = "0:r0=0 /\\ 1:" + r + "=0";
              }
              case "MP" -> {
                p0.line("WRITE_ONCE(*y, 1);");
                String a = p1.reg();
                String b = p1.reg();
                p1.line(a + " = READ_ONCE(*" + p1.loc("y") + ");");
                p1.line("smp_mb();");
                p1.line(b + " = READ_ONCE(*" + p1.loc("x") + ");");
                cond = "1:" + a + "=1 /\\ 1:" + b + "=0";
              }
              default -> {
                p0.line("WRITE_ONCE(*y, 1);");
                p1.line("WRITE_ONCE(*" + p1.loc("y") + ", 2);");
                p1.line("smp_mb();");
                String r = p1.reg();
                p1.line(r + " = READ_ONCE(*" + p1.loc("x") + ");");
                cond = "y=2 /\\ 1:" + r + "=0";
              }
            }
            s.exists(cond);
            add(s);
          }
        }
      }
    }

    // ---- address dependencies ---------------------------------------------------------------

    /** Pointer publication and address-dependent accesses: MP, LB, S, WRC with pointers. */
    void addressDependencies() {
      List<String> publish = List.of("once", "assign", "rel", "mb", "wmb", "plain");
      List<String> readers = List.of("once", "deref", "acq", "plain", "once-rscs", "deref-rscs");
      List<String> derefs = List.of("once", "plain", "acq");
      for (String pub : publish) {
        for (String rd : readers) {
          for (String de : derefs) {
            Src s = new Src("MP+addr-" + pub + "+" + rd + "-" + de);
            s.init("p=a").init("a=0");
            Src.Proc p0 = s.proc();
            p0.loc("x");
            p0.loc("p");
            p0.line("WRITE_ONCE(*x, 1);");
            switch (pub) {
              case "assign" -> p0.line("rcu_assign_pointer(*p, x);");
              case "rel" -> p0.line("smp_store_release(p, x);");
              case "mb" -> p0.line("smp_mb();").line("WRITE_ONCE(*p, x);");
              case "wmb" -> p0.line("smp_wmb();").line("WRITE_ONCE(*p, x);");
              case "plain" -> p0.line("*p = x;");
              default -> p0.line("WRITE_ONCE(*p, x);");
            }
            s.type("p", "int **");
            Src.Proc p1 = s.proc();
            p1.loc("x");
            p1.loc("p");
            p1.loc("a");
            String ptr = p1.reg("int *");
            String val = p1.reg();
            boolean rscs = rd.endsWith("rscs");
            if (rscs) {
              p1.line("rcu_read_lock();");
            }
            String load =
                switch (rd.replace("-rscs", "")) {
                  case "deref" -> "rcu_dereference(*p)";
                  case "acq" -> "smp_load_acquire(p)";
                  case "plain" -> "*p";
                  default -> "READ_ONCE(*p)";
                };
            p1.line(ptr + " = " + load + ";");
            String deref =
                switch (de) {
                  case "plain" -> "*" + ptr;
                  case "acq" -> "smp_load_acquire(" + ptr + ")";
                  default -> "READ_ONCE(*" + ptr + ")";
                };
            p1.line(val + " = " + deref + ";");
            if (rscs) {
              p1.line("rcu_read_unlock();");
            }
            s.exists("1:" + ptr + "=x /\\ 1:" + val + "=0");
            add(s);
          }
        }
      }
      // LB and S with an address-dependent write; WRC through a pointer
      for (String link : List.of("po", "mb", "rel", "acq")) {
        for (String dep : List.of("addr", "addr-plain", "none")) {
          Src s = new Src("LB+" + link + "+" + dep);
          s.init("p=y").type("p", "int **");
          Src.Proc p0 = s.proc();
          String a = p0.reg();
          p0.line(
              a
                  + " = "
                  + (link.equals("acq")
                      ? "smp_load_acquire(" + p0.loc("x") + ")"
                      : "READ_ONCE(*" + p0.loc("x") + ")")
                  + ";");
          if (link.equals("mb")) {
            p0.line("smp_mb();");
          }
          p0.line(
              link.equals("rel")
                  ? "smp_store_release(" + p0.loc("y") + ", 1);"
                  : "WRITE_ONCE(*" + p0.loc("y") + ", 1);");
          Src.Proc p1 = s.proc();
          String q = p1.reg("int *");
          String b = p1.reg();
          p1.line(q + " = READ_ONCE(*" + p1.loc("p") + ");");
          p1.line(b + " = READ_ONCE(*" + q + ");");
          switch (dep) {
            case "addr" -> p1.line("WRITE_ONCE(*" + p1.loc("x") + ", " + b + ");");
            case "addr-plain" -> p1.line("*" + p1.loc("x") + " = " + b + ";");
            default -> p1.line("WRITE_ONCE(*" + p1.loc("x") + ", 1);");
          }
          s.exists("0:" + a + "=1 /\\ 1:" + b + "=1");
          add(s);
        }
      }
      for (String mid : List.of("po", "mb", "rel", "acq", "data")) {
        Src s = new Src("S+addr+" + mid);
        s.init("p=z").type("p", "int **");
        Src.Proc p0 = s.proc();
        p0.line("WRITE_ONCE(*" + p0.loc("x") + ", 2);");
        p0.line(mid.equals("mb") ? "smp_mb();" : "smp_wmb();");
        p0.line("WRITE_ONCE(*" + p0.loc("p") + ", " + p0.loc("x") + ");");
        Src.Proc p1 = s.proc();
        String q = p1.reg("int *");
        p1.line(
            q
                + " = "
                + (mid.equals("acq")
                    ? "smp_load_acquire(" + p1.loc("p") + ")"
                    : "READ_ONCE(*" + p1.loc("p") + ")")
                + ";");
        if (mid.equals("rel")) {
          p1.line("smp_store_release(" + q + ", 1);");
        } else {
          p1.line("WRITE_ONCE(*" + q + ", 1);");
        }
        s.exists("x=2 /\\ 1:" + q + "=x");
        add(s);
      }
      // two-level pointer chains
      for (String first : List.of("once", "deref", "acq")) {
        Src s = new Src("MP+addr2-" + first);
        s.init("p=q").init("q=a").init("a=0").type("p", "int ***").type("q", "int **");
        Src.Proc p0 = s.proc();
        p0.line("WRITE_ONCE(*" + p0.loc("x") + ", 1);");
        p0.line("smp_wmb();");
        p0.line("WRITE_ONCE(*" + p0.loc("q") + ", x);");
        Src.Proc p1 = s.proc();
        p1.loc("a");
        String r0 = p1.reg("int **");
        String r1 = p1.reg("int *");
        String r2 = p1.reg();
        p1.line(
            r0
                + " = "
                + (first.equals("acq")
                    ? "smp_load_acquire(" + p1.loc("p") + ")"
                    : first.equals("deref")
                        ? "rcu_dereference(*" + p1.loc("p") + ")"
                        : "READ_ONCE(*" + p1.loc("p") + ")")
                + ";");
        p1.line(r1 + " = READ_ONCE(*" + r0 + ");");
        p1.line(r2 + " = READ_ONCE(*" + r1 + ");");
        p1.loc("x");
        p1.loc("q");
        s.exists("1:" + r1 + "=x /\\ 1:" + r2 + "=0");
        add(s);
      }
    }

    // ---- RCU -------------------------------------------------------------------------------

    /** RCU read-side critical sections against grace periods, in every arrangement. */
    void rcu() {
      List<String> gps = List.of("sync", "syncexp", "mb", "none");
      // RCU-MP: updater W x; GP; W y; reader in an RSCS reads y then x
      for (String gp : gps) {
        for (String reader : List.of("rscs", "nested", "none", "split", "rscs-acq")) {
          for (String order : List.of("yx", "xy")) {
            Src s = new Src("RCU-MP+" + gp + "+" + reader + "+" + order);
            Src.Proc p0 = s.proc();
            p0.line("WRITE_ONCE(*" + p0.loc("x") + ", 1);");
            gp(p0, gp);
            p0.line("WRITE_ONCE(*" + p0.loc("y") + ", 1);");
            Src.Proc p1 = s.proc();
            String first = order.equals("yx") ? "y" : "x";
            String second = order.equals("yx") ? "x" : "y";
            String a = p1.reg();
            String b = p1.reg();
            if (!reader.equals("none")) {
              p1.line("rcu_read_lock();");
            }
            if (reader.equals("nested")) {
              p1.line("rcu_read_lock();");
            }
            p1.line(
                a
                    + " = "
                    + (reader.equals("rscs-acq")
                        ? "smp_load_acquire(" + p1.loc(first) + ")"
                        : "READ_ONCE(*" + p1.loc(first) + ")")
                    + ";");
            if (reader.equals("split")) {
              p1.line("rcu_read_unlock();");
              p1.line("rcu_read_lock();");
            }
            if (reader.equals("nested")) {
              p1.line("rcu_read_unlock();");
            }
            p1.line(b + " = READ_ONCE(*" + p1.loc(second) + ");");
            if (!reader.equals("none")) {
              p1.line("rcu_read_unlock();");
            }
            s.exists(
                order.equals("yx")
                    ? "1:" + a + "=1 /\\ 1:" + b + "=0"
                    : "1:" + a + "=0 /\\ 1:" + b + "=1");
            add(s);
          }
        }
      }
      // RCU deferred free: reader reads a pointer and the object; updater unpublishes, waits,
      // frees (writes the object)
      for (String gp : gps) {
        for (String reader : List.of("rscs", "none")) {
          for (String pub : List.of("assign", "once", "rel")) {
            Src s = new Src("RCU-free+" + gp + "+" + reader + "+" + pub);
            s.init("int a = 1").init("int b = 1").init("int *p = &a").type("p", "int **");
            Src.Proc p0 = s.proc();
            String ptr = p0.reg("int *");
            String v = p0.reg();
            p0.loc("a");
            p0.loc("b");
            if (reader.equals("rscs")) {
              p0.line("rcu_read_lock();");
            }
            p0.line(ptr + " = rcu_dereference(*" + p0.loc("p") + ");");
            p0.line(v + " = READ_ONCE(*" + ptr + ");");
            if (reader.equals("rscs")) {
              p0.line("rcu_read_unlock();");
            }
            Src.Proc p1 = s.proc();
            p1.loc("a");
            p1.loc("b");
            switch (pub) {
              case "assign" -> p1.line("rcu_assign_pointer(*" + p1.loc("p") + ", b);");
              case "rel" -> p1.line("smp_store_release(" + p1.loc("p") + ", b);");
              default -> p1.line("WRITE_ONCE(*" + p1.loc("p") + ", b);");
            }
            gp(p1, gp);
            p1.line("WRITE_ONCE(*a, 0);");
            s.exists("0:" + ptr + "=a /\\ 0:" + v + "=0");
            add(s);
          }
        }
      }
      // two readers, one or two grace periods: rcu-order's counting of GPs against RSCSs
      String[][] layouts = {
        {"gp", "rs"}, {"gp", "rs", "rs"}, {"gp", "gp", "rs"}, {"gp", "gp", "rs", "rs"},
        {"gp", "rs", "gp", "rs"}, {"rs", "rs", "gp"}, {"gp", "gp"}, {"rs", "rs"},
        {"gp", "gp", "gp", "rs"}, {"gp", "rs", "rs", "rs"}
      };
      for (String[] layout : layouts) {
        for (String variant : List.of("sync", "mbs")) {
          Src s =
              new Src("RCU-cycle" + layout.length + "+" + String.join("-", layout) + "+" + variant);
          List<String> conds = new ArrayList<>();
          int n = layout.length;
          for (int i = 0; i < n; i++) {
            Src.Proc p = s.proc();
            String in = "v" + i;
            String outLoc = "v" + ((i + 1) % n);
            String r = p.reg();
            boolean reader = layout[i].equals("rs");
            if (reader) {
              p.line("rcu_read_lock();");
            }
            p.line(r + " = READ_ONCE(*" + p.loc(in) + ");");
            if (!reader) {
              p.line(variant.equals("sync") ? "synchronize_rcu();" : "smp_mb();");
            }
            p.line("WRITE_ONCE(*" + p.loc(outLoc) + ", 1);");
            if (reader) {
              p.line("rcu_read_unlock();");
            }
            conds.add(i + ":" + r + "=1");
          }
          s.exists(String.join(" /\\ ", conds));
          add(s);
        }
      }
      // reader sections in other shapes: SB and LB with a GP on one side
      for (String shape : List.of("SB", "LB", "WRC", "ISA2")) {
        for (int gpProc = 0; gpProc < 2; gpProc++) {
          Shape sh = SHAPES.stream().filter(x -> x.name().equals(shape)).findFirst().orElseThrow();
          List<String> links = new ArrayList<>();
          int k = 0;
          for (List<Acc> p : sh.procs()) {
            for (int i = 0; i + 1 < p.size(); i++) {
              links.add(k == gpProc ? "sync" : "rscs");
              k++;
            }
          }
          add(build(sh, links, null));
        }
      }
    }

    private static void gp(Src.Proc p, String gp) {
      switch (gp) {
        case "sync" -> p.line("synchronize_rcu();");
        case "syncexp" -> p.line("synchronize_rcu_expedited();");
        case "mb" -> p.line("smp_mb();");
        default -> {}
      }
    }

    // ---- SRCU ------------------------------------------------------------------------------

    void srcu() {
      for (String gp : List.of("same", "other", "rcu", "none")) {
        for (String order : List.of("yx", "xy")) {
          for (String idx : List.of("reg", "twice")) {
            Src s = new Src("SRCU-MP+" + gp + "+" + order + "+" + idx);
            s.type("s", "struct srcu_struct *").type("t", "struct srcu_struct *");
            Src.Proc p0 = s.proc();
            p0.line("WRITE_ONCE(*" + p0.loc("x") + ", 1);");
            switch (gp) {
              case "same" -> p0.line("synchronize_srcu(" + p0.loc("s") + ");");
              case "other" -> p0.line("synchronize_srcu_expedited(" + p0.loc("t") + ");");
              case "rcu" -> p0.line("synchronize_rcu();");
              default -> {}
            }
            p0.line("WRITE_ONCE(*" + p0.loc("y") + ", 1);");
            Src.Proc p1 = s.proc();
            String i = p1.reg();
            String a = p1.reg();
            String b = p1.reg();
            String first = order.equals("yx") ? "y" : "x";
            String second = order.equals("yx") ? "x" : "y";
            p1.line(i + " = srcu_read_lock(" + p1.loc("s") + ");");
            p1.line(a + " = READ_ONCE(*" + p1.loc(first) + ");");
            if (idx.equals("twice")) {
              String j = p1.reg();
              p1.line(j + " = srcu_read_lock(s);");
              p1.line("srcu_read_unlock(s, " + j + ");");
            }
            p1.line(b + " = READ_ONCE(*" + p1.loc(second) + ");");
            p1.line("srcu_read_unlock(s, " + i + ");");
            s.exists(
                order.equals("yx")
                    ? "1:" + a + "=1 /\\ 1:" + b + "=0"
                    : "1:" + a + "=0 /\\ 1:" + b + "=1");
            add(s);
          }
        }
      }
      // srcu_down_read / srcu_up_read across processes, smp_mb__after_srcu_read_unlock
      for (String variant : List.of("downup", "afterunlock", "afterunlock-none")) {
        Src s = new Src("SRCU-SB+" + variant);
        s.type("s", "struct srcu_struct *");
        Src.Proc p0 = s.proc();
        String i0 = p0.reg();
        String r0 = p0.reg();
        p0.line(
            i0
                + " = "
                + (variant.equals("downup") ? "srcu_down_read" : "srcu_read_lock")
                + "("
                + p0.loc("s")
                + ");");
        p0.line("WRITE_ONCE(*" + p0.loc("x") + ", 1);");
        p0.line(
            (variant.equals("downup") ? "srcu_up_read" : "srcu_read_unlock") + "(s, " + i0 + ");");
        if (variant.equals("afterunlock")) {
          p0.line("smp_mb__after_srcu_read_unlock();");
        }
        p0.line(r0 + " = READ_ONCE(*" + p0.loc("y") + ");");
        Src.Proc p1 = s.proc();
        String r1 = p1.reg();
        p1.line("WRITE_ONCE(*" + p1.loc("y") + ", 1);");
        p1.line("smp_mb();");
        p1.line(r1 + " = READ_ONCE(*" + p1.loc("x") + ");");
        s.exists("0:" + r0 + "=0 /\\ 1:" + r1 + "=0");
        add(s);
      }
      // unmatched and bad matches (flags)
      Src s = new Src("SRCU-flags+unmatched");
      s.type("s", "struct srcu_struct *");
      Src.Proc p0 = s.proc();
      String a = p0.reg();
      String b = p0.reg();
      p0.line(a + " = srcu_read_lock(" + p0.loc("s") + ");");
      p0.line(b + " = srcu_read_lock(s);");
      p0.line("srcu_read_unlock(s, " + a + " + 1);");
      Src.Proc p1 = s.proc();
      p1.line("synchronize_srcu(" + p1.loc("s") + ");");
      s.exists("0:" + a + "=0");
      add(s);
      Src sleep = new Src("SRCU-flags+invalid-sleep");
      sleep.type("s", "struct srcu_struct *");
      Src.Proc q = sleep.proc();
      q.line("rcu_read_lock();");
      q.line("synchronize_srcu(" + q.loc("s") + ");");
      q.line("rcu_read_unlock();");
      q.line("WRITE_ONCE(*" + q.loc("x") + ", 1);");
      sleep.exists("x=1");
      add(sleep);
    }

    // ---- spinlocks -------------------------------------------------------------------------

    void locks() {
      // MP and SB through critical sections of one lock
      for (String w : List.of("cs", "cs-mb", "po")) {
        for (String r : List.of("cs", "rev", "po", "acq")) {
          Src s = new Src("MP+locks+" + w + "+" + r);
          s.type("l", "spinlock_t *");
          Src.Proc p0 = s.proc();
          if (!w.equals("po")) {
            p0.line("spin_lock(" + p0.loc("l") + ");");
          }
          p0.line("WRITE_ONCE(*" + p0.loc("x") + ", 1);");
          if (w.equals("cs-mb")) {
            p0.line("smp_mb();");
          }
          p0.line("WRITE_ONCE(*" + p0.loc("y") + ", 1);");
          if (!w.equals("po")) {
            p0.line("spin_unlock(l);");
          }
          Src.Proc p1 = s.proc();
          String a = p1.reg();
          String b = p1.reg();
          boolean cs = !r.equals("po") && !r.equals("acq");
          if (cs) {
            p1.line("spin_lock(" + p1.loc("l") + ");");
          }
          String first = r.equals("rev") ? "x" : "y";
          String second = r.equals("rev") ? "y" : "x";
          p1.line(
              a
                  + " = "
                  + (r.equals("acq")
                      ? "smp_load_acquire(" + p1.loc(first) + ")"
                      : "READ_ONCE(*" + p1.loc(first) + ")")
                  + ";");
          p1.line(b + " = READ_ONCE(*" + p1.loc(second) + ");");
          if (cs) {
            p1.line("spin_unlock(l);");
          }
          s.exists(
              r.equals("rev")
                  ? "1:" + a + "=0 /\\ 1:" + b + "=1"
                  : "1:" + a + "=1 /\\ 1:" + b + "=0");
          add(s);
        }
      }
      // unlock-lock ordering seen by a third process, with and without
      // smp_mb__after_unlock_lock / smp_mb__after_spinlock
      for (String fence : List.of("none", "after-unlock-lock", "after-spinlock", "mb")) {
        for (String same : List.of("same", "other")) {
          Src s = new Src("Z6.ulk+" + fence + "+" + same);
          String l2 = same.equals("same") ? "l" : "m";
          s.type("l", "spinlock_t *").type("m", "spinlock_t *");
          Src.Proc p0 = s.proc();
          p0.line("spin_lock(" + p0.loc("l") + ");");
          p0.line("WRITE_ONCE(*" + p0.loc("x") + ", 1);");
          p0.line("spin_unlock(l);");
          p0.line("spin_lock(" + p0.loc(l2) + ");");
          switch (fence) {
            case "after-unlock-lock" -> p0.line("smp_mb__after_unlock_lock();");
            case "after-spinlock" -> p0.line("smp_mb__after_spinlock();");
            case "mb" -> p0.line("smp_mb();");
            default -> {}
          }
          String a = p0.reg();
          p0.line(a + " = READ_ONCE(*" + p0.loc("y") + ");");
          p0.line("spin_unlock(" + l2 + ");");
          Src.Proc p1 = s.proc();
          String b = p1.reg();
          p1.line("WRITE_ONCE(*" + p1.loc("y") + ", 1);");
          p1.line("smp_mb();");
          p1.line(b + " = READ_ONCE(*" + p1.loc("x") + ");");
          s.exists("0:" + a + "=0 /\\ 1:" + b + "=0");
          add(s);
        }
      }
      // lock handover between processes, observed by a process outside
      for (String fence : List.of("none", "after-unlock-lock", "after-spinlock")) {
        Src s = new Src("ISA2+locks+" + fence);
        s.type("l", "spinlock_t *");
        Src.Proc p0 = s.proc();
        p0.line("spin_lock(" + p0.loc("l") + ");");
        p0.line("WRITE_ONCE(*" + p0.loc("x") + ", 1);");
        p0.line("spin_unlock(l);");
        Src.Proc p1 = s.proc();
        String a = p1.reg();
        p1.line("spin_lock(" + p1.loc("l") + ");");
        switch (fence) {
          case "after-unlock-lock" -> p1.line("smp_mb__after_unlock_lock();");
          case "after-spinlock" -> p1.line("smp_mb__after_spinlock();");
          default -> {}
        }
        p1.line(a + " = READ_ONCE(*" + p1.loc("y") + ");");
        p1.line("spin_unlock(l);");
        Src.Proc p2 = s.proc();
        String b = p2.reg();
        p2.line("WRITE_ONCE(*" + p2.loc("y") + ", 1);");
        p2.line("smp_mb();");
        p2.line(b + " = READ_ONCE(*" + p2.loc("x") + ");");
        s.exists("1:" + a + "=0 /\\ 2:" + b + "=0");
        add(s);
      }
      // trylock: success inside another's section, failure, after unlock
      for (String other : List.of("lock-unlock", "lock", "none")) {
        for (String use : List.of("ctrl", "value", "twice")) {
          Src s = new Src("trylock+" + other + "+" + use);
          s.type("l", "spinlock_t *");
          Src.Proc p0 = s.proc();
          if (!other.equals("none")) {
            p0.line("spin_lock(" + p0.loc("l") + ");");
          }
          p0.line("WRITE_ONCE(*" + p0.loc("x") + ", 1);");
          if (other.equals("lock-unlock")) {
            p0.line("spin_unlock(l);");
          }
          Src.Proc p1 = s.proc();
          String t = p1.reg();
          String a = p1.reg();
          p1.line(t + " = spin_trylock(" + p1.loc("l") + ");");
          switch (use) {
            case "ctrl" -> {
              p1.open("if (" + t + ")");
              p1.line(a + " = READ_ONCE(*" + p1.loc("x") + ");");
              p1.line("spin_unlock(l);");
              p1.close();
            }
            case "value" -> {
              p1.line(a + " = READ_ONCE(*" + p1.loc("x") + ");");
              p1.line("WRITE_ONCE(*" + p1.loc("y") + ", " + t + ");");
            }
            default -> {
              String u = p1.reg();
              p1.line(u + " = spin_trylock(l);");
              p1.line(a + " = READ_ONCE(*" + p1.loc("x") + ");");
            }
          }
          s.exists("1:" + t + "=1 /\\ 1:" + a + "=0");
          add(s);
        }
      }
      // spin_is_locked
      for (String w : List.of("cs", "cs-after-spinlock", "cs-mb")) {
        for (String r : List.of("acq-sil-sil", "once-sil-sil", "sil-once")) {
          Src s = new Src("MP+sil+" + w + "+" + r);
          s.type("l", "spinlock_t *");
          Src.Proc p0 = s.proc();
          p0.line("spin_lock(" + p0.loc("l") + ");");
          if (w.equals("cs-after-spinlock")) {
            p0.line("smp_mb__after_spinlock();");
          }
          if (w.equals("cs-mb")) {
            p0.line("smp_mb();");
          }
          p0.line("WRITE_ONCE(*" + p0.loc("x") + ", 1);");
          p0.line("spin_unlock(l);");
          Src.Proc p1 = s.proc();
          String a = p1.reg();
          String b = p1.reg();
          String c = p1.reg();
          switch (r) {
            case "sil-once" -> {
              p1.line(b + " = spin_is_locked(" + p1.loc("l") + ");");
              p1.line(a + " = READ_ONCE(*" + p1.loc("x") + ");");
              p1.line(c + " = spin_is_locked(l);");
            }
            default -> {
              p1.line(
                  a
                      + " = "
                      + (r.startsWith("acq")
                          ? "smp_load_acquire(" + p1.loc("x") + ")"
                          : "READ_ONCE(*" + p1.loc("x") + ")")
                      + ";");
              p1.line(b + " = spin_is_locked(" + p1.loc("l") + ");");
              p1.line(c + " = spin_is_locked(l);");
            }
          }
          s.exists("1:" + a + "=1 /\\ 1:" + b + "=0 /\\ 1:" + c + "=1");
          add(s);
        }
      }
      // spin_is_locked inside own section, after own unlock; two locks; three processes
      Src own = new Src("sil+own");
      own.type("l", "spinlock_t *");
      Src.Proc o = own.proc();
      String ra = o.reg();
      String rb = o.reg();
      o.line("spin_lock(" + o.loc("l") + ");");
      o.line(ra + " = spin_is_locked(l);");
      o.line("spin_unlock(l);");
      o.line(rb + " = spin_is_locked(l);");
      Src.Proc o1 = own.proc();
      o1.line("spin_lock(" + o1.loc("l") + ");");
      o1.line("spin_unlock(l);");
      own.exists("0:" + ra + "=1 /\\ 0:" + rb + "=0");
      add(own);
      for (int n = 2; n <= 3; n++) {
        for (String body : List.of("counter", "plain-counter")) {
          Src s = new Src("locks-" + n + "+" + body);
          s.type("l", "spinlock_t *");
          List<String> conds = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            Src.Proc p = s.proc();
            String r = p.reg();
            p.line("spin_lock(" + p.loc("l") + ");");
            if (body.equals("counter")) {
              p.line(r + " = READ_ONCE(*" + p.loc("c") + ");");
              p.line("WRITE_ONCE(*c, " + r + " + 1);");
            } else {
              p.line(r + " = *" + p.loc("c") + ";");
              p.line("*c = " + r + " + 1;");
            }
            p.line("spin_unlock(l);");
          }
          conds.add("c=" + n);
          s.exists(String.join(" /\\ ", conds));
          add(s);
        }
      }
      // double-checked initialisation, my way round
      for (String check : List.of("once", "acq")) {
        for (String publish : List.of("once", "rel")) {
          Src s = new Src("DCI+" + check + "+" + publish);
          s.type("l", "spinlock_t *");
          List<String> conds = new ArrayList<>();
          for (int i = 0; i < 2; i++) {
            Src.Proc p = s.proc();
            String f = p.reg();
            String g = p.reg();
            String d = p.reg();
            p.line(
                f
                    + " = "
                    + (check.equals("acq")
                        ? "smp_load_acquire(" + p.loc("done") + ")"
                        : "READ_ONCE(*" + p.loc("done") + ")")
                    + ";");
            p.open("if (" + f + " == 0)");
            p.line("spin_lock(" + p.loc("l") + ");");
            p.line(g + " = READ_ONCE(*done);");
            p.open("if (" + g + " == 0)");
            p.line("WRITE_ONCE(*" + p.loc("obj") + ", 1);");
            p.line(publish.equals("rel") ? "smp_store_release(done, 1);" : "WRITE_ONCE(*done, 1);");
            p.close();
            p.line("spin_unlock(l);");
            p.close();
            p.line(d + " = READ_ONCE(*obj);");
            conds.add(i + ":" + d + "=0");
          }
          s.exists(String.join(" \\/ ", conds));
          add(s);
        }
      }
    }

    // ---- plain accesses --------------------------------------------------------------------

    void plain() {
      // MP with plain data under every kind of flag
      for (String flagW : List.of("once", "rel", "wmb", "mb", "plain")) {
        for (String flagR : List.of("once", "acq", "rmb", "ctrl", "plain", "ctrl-rmb")) {
          Src s = new Src("MP+plain+" + flagW + "+" + flagR);
          Src.Proc p0 = s.proc();
          p0.line("*" + p0.loc("x") + " = 1;");
          switch (flagW) {
            case "rel" -> p0.line("smp_store_release(" + p0.loc("y") + ", 1);");
            case "wmb" -> p0.line("smp_wmb();").line("WRITE_ONCE(*" + p0.loc("y") + ", 1);");
            case "mb" -> p0.line("smp_mb();").line("WRITE_ONCE(*" + p0.loc("y") + ", 1);");
            case "plain" -> p0.line("*" + p0.loc("y") + " = 1;");
            default -> p0.line("WRITE_ONCE(*" + p0.loc("y") + ", 1);");
          }
          Src.Proc p1 = s.proc();
          String a = p1.reg();
          String b = p1.reg();
          p1.line(
              a
                  + " = "
                  + switch (flagR) {
                    case "acq" -> "smp_load_acquire(" + p1.loc("y") + ")";
                    case "plain" -> "*" + p1.loc("y");
                    default -> "READ_ONCE(*" + p1.loc("y") + ")";
                  }
                  + ";");
          if (flagR.startsWith("ctrl")) {
            p1.open("if (" + a + " == 1)");
            if (flagR.equals("ctrl-rmb")) {
              p1.line("smp_rmb();");
            }
            p1.line(b + " = *" + p1.loc("x") + ";");
            p1.close();
          } else {
            if (flagR.equals("rmb")) {
              p1.line("smp_rmb();");
            }
            p1.line(b + " = *" + p1.loc("x") + ";");
          }
          s.exists("1:" + a + "=1 /\\ 1:" + b + "=0");
          add(s);
        }
      }
      // plain writes racing: 2+2W, SB, LB, CoWW-like with marked partners
      for (String shape : List.of("SB", "LB", "2+2W", "S", "R", "WRC", "MP")) {
        Shape sh = SHAPES.stream().filter(x -> x.name().equals(shape)).findFirst().orElseThrow();
        for (int c = 0; c < 6; c++) {
          List<String> links = new ArrayList<>();
          List<String> flav = new ArrayList<>();
          for (List<Acc> p : sh.procs()) {
            for (int i = 0; i < p.size(); i++) {
              flav.add(rnd.nextBoolean() ? "plain" : "once");
              if (i + 1 < p.size()) {
                List<String> lp = List.of("po", "mb", "rel", "acq", "wmb", "rmb", "data");
                String l;
                do {
                  l = lp.get(rnd.nextInt(lp.size()));
                } while (!fits(l, p.get(i), p.get(i + 1)));
                links.add(l);
              }
            }
          }
          add(build(sh, links, flav));
        }
      }
      // mixed-accesses: plain and marked writes to one location in one process
      for (String between : List.of("none", "barrier", "mb", "rel")) {
        Src s = new Src("mixed+" + between);
        Src.Proc p0 = s.proc();
        p0.line("*" + p0.loc("x") + " = 1;");
        switch (between) {
          case "barrier" -> p0.line("barrier();");
          case "mb" -> p0.line("smp_mb();");
          default -> {}
        }
        if (between.equals("rel")) {
          p0.line("smp_store_release(x, 2);");
        } else {
          p0.line("WRITE_ONCE(*x, 2);");
        }
        Src.Proc p1 = s.proc();
        String r = p1.reg();
        p1.line(r + " = READ_ONCE(*" + p1.loc("x") + ");");
        s.exists("1:" + r + "=1");
        add(s);
      }
      // dependencies carried through plain memory, my own variants of dep+plain
      for (String via : List.of("one", "two", "ctrl", "addr")) {
        for (String other : List.of("acqrel", "mb", "once")) {
          Src s = new Src("carry+" + via + "+" + other);
          Src.Proc p0 = s.proc();
          String a = p0.reg();
          p0.line(a + " = READ_ONCE(*" + p0.loc("x") + ");");
          p0.line("*" + p0.loc("t") + " = " + a + ";");
          switch (via) {
            case "two" -> {
              p0.line("*" + p0.loc("u") + " = *t;");
              p0.line("WRITE_ONCE(*" + p0.loc("y") + ", *u);");
            }
            case "ctrl" -> {
              p0.open("if (*t == 1)");
              p0.line("WRITE_ONCE(*" + p0.loc("y") + ", 1);");
              p0.close();
            }
            case "addr" -> {
              String q = p0.reg("int *");
              p0.line(q + " = READ_ONCE(*" + p0.loc("p") + ");");
              p0.line("*" + q + " = *t;");
              p0.line("WRITE_ONCE(*" + p0.loc("y") + ", *" + q + ");");
              s.init("p=u");
              s.type("p", "int **");
              p0.loc("u");
            }
            default -> p0.line("WRITE_ONCE(*" + p0.loc("y") + ", *t);");
          }
          Src.Proc p1 = s.proc();
          String b = p1.reg();
          switch (other) {
            case "acqrel" -> {
              p1.line(b + " = smp_load_acquire(" + p1.loc("y") + ");");
              p1.line("smp_store_release(" + p1.loc("x") + ", " + b + ");");
            }
            case "mb" -> {
              p1.line(b + " = READ_ONCE(*" + p1.loc("y") + ");");
              p1.line("smp_mb();");
              p1.line("WRITE_ONCE(*" + p1.loc("x") + ", 1);");
            }
            default -> {
              p1.line(b + " = READ_ONCE(*" + p1.loc("y") + ");");
              p1.line("WRITE_ONCE(*" + p1.loc("x") + ", 1);");
            }
          }
          s.exists("0:" + a + "=1 /\\ 1:" + b + "=1");
          add(s);
        }
      }
      // plain accesses inside critical sections and RCU sections
      for (String guard : List.of("lock", "rcu", "none")) {
        Src s = new Src("plain-guarded+" + guard);
        s.type("l", "spinlock_t *");
        for (int i = 0; i < 2; i++) {
          Src.Proc p = s.proc();
          String r = p.reg();
          if (guard.equals("lock")) {
            p.line("spin_lock(" + p.loc("l") + ");");
          } else if (guard.equals("rcu")) {
            p.line("rcu_read_lock();");
          }
          p.line(r + " = *" + p.loc("x") + ";");
          p.line("*x = " + r + " + 1;");
          if (guard.equals("lock")) {
            p.line("spin_unlock(l);");
          } else if (guard.equals("rcu")) {
            p.line("rcu_read_unlock();");
          }
        }
        s.exists("x=1");
        add(s);
      }
    }

    // ---- RMW atomicity ---------------------------------------------------------------------

    void atomicity() {
      List<String> ops =
          List.of(
              "xchg(x, 2)",
              "atomic_add_return(1, x)",
              "atomic_fetch_inc(x)",
              "cmpxchg(x, 0, 2)",
              "cmpxchg(x, 1, 2)",
              "atomic_add_unless(x, 1, 1)",
              "atomic_fetch_andnot(1, x)",
              "atomic_xchg_relaxed(x, 3)",
              "atomic_inc_return_acquire(x)",
              "atomic_sub_return_release(1, x)",
              "atomic_dec_return_relaxed(x)",
              "atomic_fetch_xor_release(3, x)",
              "atomic_sub_and_test(1, x)",
              "atomic_inc_and_test(x)",
              "atomic_add_negative(-2, x)",
              "atomic_fetch_sub(1, x)");
      List<String> others =
          List.of(
              "WRITE_ONCE(*x, 5);",
              "atomic_set(x, 5);",
              "atomic_inc(x);",
              "RMW",
              "atomic_sub(2, x);",
              "atomic_or(4, x);");
      int k = 0;
      for (String op : ops) {
        for (String other : others) {
          k++;
          Src s = new Src("atomicity" + k);
          s.init("x=1");
          Src.Proc p0 = s.proc();
          p0.loc("x");
          String r = p0.reg();
          p0.line(r + " = " + op + ";");
          Src.Proc p1 = s.proc();
          p1.loc("x");
          String q = null;
          if (other.equals("RMW")) {
            q = p1.reg();
            p1.line(q + " = " + ops.get((k * 7) % ops.size()) + ";");
          } else {
            p1.line(other);
          }
          s.locations = "x";
          s.exists("0:" + r + "=1" + (q == null ? "" : " /\\ 1:" + q + "=1"));
          add(s);
        }
      }
    }

    // ---- random programs -------------------------------------------------------------------

    /** Seeded random programs: two to four processes of up to four statements. */
    void random() {
      for (int i = 0; i < 420; i++) {
        add(randomProgram("rand" + String.format("%03d", i)));
      }
    }

    /**
     * Seeded random programs around two pointer locations {@code p} and {@code q} that point to
     * {@code x}, {@code y} or {@code z}: processes read pointers, store pointers, and access memory
     * through them (marked, plain and RMW accesses, pointer comparisons), so that addresses depend
     * on reads and pointers are published and retracted concurrently.
     */
    void randomPointers() {
      Random r = new Random(4242L);
      List<String> data = List.of("x", "y", "z");
      for (int i = 0; i < 160; i++) {
        Src s = new Src("randptr" + String.format("%03d", i));
        s.init("p=" + data.get(r.nextInt(3))).init("q=" + data.get(r.nextInt(3)));
        s.init("x=" + r.nextInt(3)).init("y=0").init("z=0");
        s.type("p", "int **").type("q", "int **");
        List<String> conds = new ArrayList<>();
        int value = 4;
        int procs = 2 + r.nextInt(2);
        for (int t = 0; t < procs; t++) {
          Src.Proc p = s.proc();
          p.loc("x");
          List<String> ptrs = new ArrayList<>();
          List<String> ints = new ArrayList<>();
          int n = 2 + r.nextInt(3);
          for (int k = 0; k < n; k++) {
            int c = r.nextInt(20);
            String ptrLoc = r.nextBoolean() ? "p" : "q";
            if (c < 6 || ptrs.isEmpty()) {
              String reg = p.reg("int *");
              String[] forms = {
                "READ_ONCE(*%s)", "rcu_dereference(*%s)", "smp_load_acquire(%s)", "*%s"
              };
              p.line(
                  reg + " = " + String.format(forms[r.nextInt(forms.length)], p.loc(ptrLoc)) + ";");
              ptrs.add(reg);
              if (r.nextInt(3) == 0) {
                conds.add(t + ":" + reg + "=" + data.get(r.nextInt(3)));
              }
            } else if (c < 10) {
              String target = p.loc(data.get(r.nextInt(3)));
              String[] forms = {
                "WRITE_ONCE(*%s, %s);",
                "rcu_assign_pointer(*%s, %s);",
                "smp_store_release(%s, %s);",
                "*%s = %s;"
              };
              p.line(String.format(forms[r.nextInt(forms.length)], p.loc(ptrLoc), target));
            } else if (c < 14) {
              String reg = p.reg();
              String ptr = ptrs.get(r.nextInt(ptrs.size()));
              String[] forms = {
                "READ_ONCE(*%s)",
                "*%s",
                "smp_load_acquire(%s)",
                "atomic_fetch_add_relaxed(1, %s)",
                "xchg(%s, 9)",
                "cmpxchg_acquire(%s, 0, 7)"
              };
              p.line(reg + " = " + String.format(forms[r.nextInt(forms.length)], ptr) + ";");
              ints.add(reg);
              if (r.nextInt(5) < 2) {
                conds.add(t + ":" + reg + "=" + r.nextInt(4));
              }
            } else if (c < 18) {
              String ptr = ptrs.get(r.nextInt(ptrs.size()));
              String v =
                  ints.isEmpty() || r.nextBoolean()
                      ? Integer.toString(value)
                      : ints.get(r.nextInt(ints.size())) + " + 1";
              value++;
              String[] forms = {
                "WRITE_ONCE(*%s, %s);",
                "*%s = %s;",
                "smp_store_release(%s, %s);",
                "atomic_set(%s, %s);"
              };
              p.line(String.format(forms[r.nextInt(forms.length)], ptr, v));
            } else {
              String ptr = ptrs.get(r.nextInt(ptrs.size()));
              String target = p.loc(data.get(r.nextInt(3)));
              p.open("if (" + ptr + " == " + target + ")");
              p.line("WRITE_ONCE(*" + target + ", " + value++ + ");");
              p.close();
            }
            if (r.nextInt(5) == 0) {
              String[] fences = {"smp_mb();", "smp_wmb();", "smp_rmb();"};
              p.line(fences[r.nextInt(fences.length)]);
            }
          }
        }
        if (conds.isEmpty()) {
          conds.add("x=" + r.nextInt(5));
        }
        s.exists(String.join(" /\\ ", conds));
        add(s);
      }
    }

    Src randomProgram(String name) {
      Src s = new Src(name);
      int nProcs = 2 + rnd.nextInt(3);
      List<String> locs = List.of("x", "y", "z");
      List<String> conds = new ArrayList<>();
      boolean lock = rnd.nextInt(6) == 0;
      if (lock) {
        s.type("l", "spinlock_t *");
      }
      int value = 1;
      for (int t = 0; t < nProcs; t++) {
        Src.Proc p = s.proc();
        int n = 1 + rnd.nextInt(nProcs >= 4 ? 3 : 4);
        String lastReg = null;
        boolean inLock = false;
        int open = 0;
        for (int k = 0; k < n; k++) {
          String loc = locs.get(rnd.nextInt(locs.size()));
          int kind = rnd.nextInt(20);
          if (lock && !inLock && rnd.nextInt(4) == 0) {
            p.line("spin_lock(" + p.loc("l") + ");");
            inLock = true;
          }
          if (kind < 6) {
            String r = p.reg();
            String[] forms = {
              "READ_ONCE(*" + loc + ")",
              "smp_load_acquire(" + loc + ")",
              "*" + loc,
              "atomic_fetch_add_relaxed(0, " + loc + ")",
              "rcu_dereference(*" + loc + ")",
              "READ_ONCE(*" + loc + ")"
            };
            p.loc(loc);
            p.line(r + " = " + forms[rnd.nextInt(forms.length)] + ";");
            if (rnd.nextInt(3) == 0) {
              conds.add(t + ":" + r + "=" + rnd.nextInt(value + 1));
            }
            lastReg = r;
          } else if (kind < 12) {
            int v = value++;
            String val = Integer.toString(v);
            if (lastReg != null && rnd.nextInt(3) == 0) {
              val = lastReg + " + " + v;
            }
            p.loc(loc);
            String[] forms = {
              "WRITE_ONCE(*" + loc + ", " + val + ");",
              "smp_store_release(" + loc + ", " + val + ");",
              "*" + loc + " = " + val + ";",
              "WRITE_ONCE(*" + loc + ", " + val + ");"
            };
            p.line(forms[rnd.nextInt(forms.length)]);
          } else if (kind < 15) {
            String[] fences = {
              "smp_mb();",
              "smp_rmb();",
              "smp_wmb();",
              "smp_mb__before_atomic();",
              "smp_mb__after_atomic();",
              "barrier();"
            };
            p.line(fences[rnd.nextInt(fences.length)]);
          } else if (kind < 18) {
            p.loc(loc);
            int v = value++;
            String r = p.reg();
            String[] forms = {
              "xchg(" + loc + ", " + v + ")",
              "xchg_acquire(" + loc + ", " + v + ")",
              "cmpxchg(" + loc + ", 0, " + v + ")",
              "cmpxchg_release(" + loc + ", " + (v - 1) + ", " + v + ")",
              "atomic_add_return_relaxed(1, " + loc + ")",
              "atomic_fetch_inc_release(" + loc + ")",
              "atomic_add_unless(" + loc + ", 1, 0)"
            };
            p.line(r + " = " + forms[rnd.nextInt(forms.length)] + ";");
            if (rnd.nextInt(3) == 0) {
              conds.add(t + ":" + r + "=" + rnd.nextInt(value));
            }
            lastReg = r;
          } else if (lastReg != null) {
            p.open("if (" + lastReg + " == " + rnd.nextInt(value) + ")");
            open++;
          } else {
            p.line("atomic_inc(" + p.loc(loc) + ");");
          }
        }
        while (open > 0) {
          p.line("WRITE_ONCE(*" + p.loc("w") + ", " + (t + 1) + ");");
          p.close();
          open--;
        }
        if (inLock) {
          p.line("spin_unlock(l);");
        }
      }
      List<String> used = new ArrayList<>();
      for (Src.Proc p : s.procs) {
        for (String l : p.params) {
          if (locs.contains(l) && !used.contains(l)) {
            used.add(l);
          }
        }
      }
      if (used.isEmpty()) {
        s.procs.get(0).line("WRITE_ONCE(*" + s.procs.get(0).loc("x") + ", " + value + ");");
        used.add("x");
      }
      if (conds.isEmpty() || rnd.nextInt(4) == 0) {
        conds.add(used.get(rnd.nextInt(used.size())) + "=" + rnd.nextInt(value));
      }
      s.exists(String.join(rnd.nextInt(5) == 0 ? " \\/ " : " /\\ ", conds));
      return s;
    }
  }
}
