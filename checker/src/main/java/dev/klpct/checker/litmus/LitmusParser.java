package dev.klpct.checker.litmus;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.litmus.LitmusTest.And;
import dev.klpct.checker.litmus.LitmusTest.Atom;
import dev.klpct.checker.litmus.LitmusTest.Binary;
import dev.klpct.checker.litmus.LitmusTest.Bool;
import dev.klpct.checker.litmus.LitmusTest.Call;
import dev.klpct.checker.litmus.LitmusTest.Cond;
import dev.klpct.checker.litmus.LitmusTest.Const;
import dev.klpct.checker.litmus.LitmusTest.Deref;
import dev.klpct.checker.litmus.LitmusTest.Eval;
import dev.klpct.checker.litmus.LitmusTest.Expr;
import dev.klpct.checker.litmus.LitmusTest.FinalClause;
import dev.klpct.checker.litmus.LitmusTest.If;
import dev.klpct.checker.litmus.LitmusTest.LocAddr;
import dev.klpct.checker.litmus.LitmusTest.Location;
import dev.klpct.checker.litmus.LitmusTest.LocationKind;
import dev.klpct.checker.litmus.LitmusTest.Not;
import dev.klpct.checker.litmus.LitmusTest.Observed;
import dev.klpct.checker.litmus.LitmusTest.Or;
import dev.klpct.checker.litmus.LitmusTest.Param;
import dev.klpct.checker.litmus.LitmusTest.Pos;
import dev.klpct.checker.litmus.LitmusTest.Quantifier;
import dev.klpct.checker.litmus.LitmusTest.Reg;
import dev.klpct.checker.litmus.LitmusTest.RegisterInit;
import dev.klpct.checker.litmus.LitmusTest.SetReg;
import dev.klpct.checker.litmus.LitmusTest.Stmt;
import dev.klpct.checker.litmus.LitmusTest.Store;
import dev.klpct.checker.litmus.LitmusTest.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a litmus test in the Linux kernel's C dialect: herd7's {@code C} litmus format with the
 * primitives of {@code tools/memory-model/linux-kernel.def} ({@link Primitive}).
 *
 * <p>The accepted language is herd7's, as herd7 7.58 parses it (established by running it):
 *
 * <ul>
 *   <li>the {@code C name} line, an optional string, {@code (* ... *)} comments (whose {@code
 *       Result:} and {@code x86-TSO:} lines are the expected outcomes), {@code //} and {@code /*
 *       *}{@code /} comments in code;
 *   <li>the initial state: {@code x=1;}, {@code int x = 1;}, {@code int x;}, {@code atomic_t v =
 *       ATOMIC_INIT(1);}, pointers {@code y=x;}, {@code int *y = &}{@code x;}, registers {@code
 *       0:r0=1;} or {@code P0:r0=x;}; and, which herd7 7.58 rejects ("Cannot find the size of
 *       type"), the declarations {@code spinlock_t l;} and {@code struct srcu_struct s;};
 *   <li>processes {@code P0(int *x, int **p, spinlock_t *l, struct srcu_struct *s)} whose
 *       statements are register declarations ({@code int r0;}, {@code int *r0 = expr;}; one per
 *       declaration, as herd7 wants), assignments to registers, plain stores {@code *e = v;},
 *       calls, {@code (void)expr;}, {@code if}/{@code else} and blocks;
 *   <li>expressions: integer constants (32 bits, herd7 refuses larger ones), registers (undeclared
 *       ones read 0, as in herd7), parameters (the address of their location), plain loads {@code
 *       *e}, calls of primitives that return a value, parentheses and herd7's operators with C's
 *       precedence: {@code * /}, {@code + -}, the comparisons {@code == != < <= > >=} (not
 *       associative), {@code &}, {@code ^}, {@code |};
 *   <li>{@code locations [x; 0:r0; ...]}, {@code filter (...)}, and the final clause {@code
 *       exists}, {@code ~exists} or {@code forall} with {@code /\}, {@code \/}, {@code ~},
 *       parentheses, {@code true}, {@code false}, {@code n:r=v}, {@code x=v} and {@code [x]=v},
 *       where {@code v} is an integer or a location (a pointer value).
 * </ul>
 *
 * <p>Anything else is rejected with a {@link LitmusException} naming the line and column and the
 * reason, never skipped: loops (herd7 unrolls them a bounded number of times, which is not the
 * test's meaning), {@code &&}, {@code ||}, {@code !}, {@code %}, shifts and {@code ?:} (herd7 does
 * not parse them), pointer arithmetic (herd7 rejects mixed-size accesses), functions that {@code
 * linux-kernel.def} does not define, a spinlock or srcu_struct accessed by anything but its
 * primitives (herd7 flags {@code mixed-lock-accesses}), and the final value of a spinlock (herd7
 * flags {@code lock-final}).
 */
public final class LitmusParser {
  private static final Pattern BLANKS = Pattern.compile("\\s+");

  private static final Set<String> TYPE_WORDS =
      Set.of(
          "int",
          "atomic_t",
          "spinlock_t",
          "unsigned",
          "signed",
          "long",
          "short",
          "char",
          "volatile",
          "const",
          "u8",
          "u16",
          "u32",
          "u64",
          "s8",
          "s16",
          "s32",
          "s64",
          "intptr_t",
          "uintptr_t",
          "struct",
          "srcu_struct");

  private static final Set<String> KEYWORDS =
      Set.of(
          "if",
          "else",
          "while",
          "for",
          "do",
          "goto",
          "return",
          "switch",
          "break",
          "continue",
          "case",
          "default",
          "void",
          "sizeof");

  private static final Pattern RESULT = Pattern.compile("Result:[ \\t]*([A-Za-z]*)");
  private static final Pattern TSO_RESULT = Pattern.compile("x86-TSO:[ \\t]*([A-Za-z]*)");

  private final String file;
  private final String src;
  private final int[] lineStarts;
  private final List<Tok> toks = new ArrayList<>();
  private final List<int[]> comments = new ArrayList<>(); // {start, end} of (* *) comments
  private int p;

  private LitmusParser(String file, String src) {
    this.file = file;
    this.src = src;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < src.length(); i++) {
      if (src.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Parses a file; the message of a failure names it as given. */
  public static LitmusTest parse(Path path) throws IOException, LitmusException {
    return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
  }

  /** Parses {@code source}; {@code file} is the name used in messages. */
  public static LitmusTest parse(String file, String source) throws LitmusException {
    return new LitmusParser(file, source).run();
  }

  // ---- tokens --------------------------------------------------------------------------------

  private enum Kind {
    IDENT,
    INT,
    STRING,
    PUNCT,
    EOF
  }

  private record Tok(Kind kind, String text, int start, int end) {
    boolean is(String s) {
      return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(s);
    }
  }

  private static final String[] PUNCT2 = {
    "/\\", "\\/", "==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "->"
  };
  private static final String PUNCT1 = "{}()[];,:=*+-!<>&|^~/%?";

  private LitmusException error(int offset, String problem) {
    int line = lineOf(offset);
    return new LitmusException(file, line + 1, offset - lineStarts[line] + 1, problem);
  }

  private LitmusException error(Tok t, String problem) {
    return error(t.start, problem);
  }

  private Pos pos(Tok t) {
    int line = lineOf(t.start);
    return new Pos(line + 1, t.start - lineStarts[line] + 1);
  }

  private int lineOf(int offset) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private void lex(int from) throws LitmusException {
    int i = from;
    int depth = 0;
    int n = src.length();
    while (true) {
      while (i < n && Character.isWhitespace(src.charAt(i))) {
        i++;
      }
      if (i >= n) {
        toks.add(new Tok(Kind.EOF, "", n, n));
        return;
      }
      char c = src.charAt(i);
      // (* *) comments only between the parts of the test: inside braces "(*" is C, as in
      // READ_ONCE(*x)
      if (depth == 0 && src.startsWith("(*", i)) {
        int start = i;
        int nest = 0;
        while (true) {
          if (i >= n) {
            throw error(start, "expected '*)' to close the comment opened here");
          }
          if (src.startsWith("(*", i)) {
            nest++;
            i += 2;
          } else if (src.startsWith("*)", i)) {
            nest--;
            i += 2;
            if (nest == 0) {
              break;
            }
          } else {
            i++;
          }
        }
        comments.add(new int[] {start, i});
        continue;
      }
      if (src.startsWith("//", i)) {
        while (i < n && src.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        if (end < 0) {
          throw error(i, "expected '*/' to close the comment opened here");
        }
        i = end + 2;
        continue;
      }
      int start = i;
      if (Character.isLetter(c) || c == '_') {
        while (i < n && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
          i++;
        }
        toks.add(new Tok(Kind.IDENT, src.substring(start, i), start, i));
      } else if (Character.isDigit(c)) {
        while (i < n && Character.isLetterOrDigit(src.charAt(i))) {
          i++;
        }
        toks.add(new Tok(Kind.INT, src.substring(start, i), start, i));
      } else if (c == '"') {
        i++;
        while (i < n && src.charAt(i) != '"' && src.charAt(i) != '\n') {
          i++;
        }
        if (i >= n || src.charAt(i) != '"') {
          throw error(start, "expected '\"' to close the string opened here");
        }
        i++;
        toks.add(new Tok(Kind.STRING, src.substring(start, i), start, i));
      } else {
        String two = null;
        for (String s : PUNCT2) {
          if (src.startsWith(s, i)) {
            two = s;
            break;
          }
        }
        if (two != null) {
          i += 2;
          toks.add(new Tok(Kind.PUNCT, two, start, i));
        } else if (PUNCT1.indexOf(c) >= 0) {
          i++;
          toks.add(new Tok(Kind.PUNCT, String.valueOf(c), start, i));
          if (c == '{') {
            depth++;
          } else if (c == '}' && depth > 0) {
            depth--;
          }
        } else {
          throw error(start, "expected a token, found '" + c + "'");
        }
      }
    }
  }

  private Tok peek() {
    return toks.get(p);
  }

  private Tok peek(int ahead) {
    return toks.get(Math.min(p + ahead, toks.size() - 1));
  }

  private Tok next() {
    Tok t = toks.get(p);
    if (t.kind != Kind.EOF) {
      p++;
    }
    return t;
  }

  private static String describe(Tok t) {
    return t.kind == Kind.EOF ? "end of file" : "'" + t.text + "'";
  }

  private LitmusException expected(String what) {
    Tok t = peek();
    return error(t.start, "expected " + what + ", found " + describe(t));
  }

  private Tok expect(String punct) throws LitmusException {
    if (!peek().is(punct)) {
      throw expected("'" + punct + "'");
    }
    return next();
  }

  private Tok ident(String what) throws LitmusException {
    if (peek().kind != Kind.IDENT) {
      throw expected(what);
    }
    return next();
  }

  /** An integer literal, optionally negative, that fits herd7's 32-bit integers. */
  private int integer() throws LitmusException {
    Tok start = peek();
    boolean neg = false;
    if (peek().is("-")) {
      next();
      neg = true;
    }
    Tok t = peek();
    if (t.kind != Kind.INT) {
      throw expected("an integer");
    }
    next();
    return literal(t, neg, start);
  }

  private int literal(Tok t, boolean neg, Tok start) throws LitmusException {
    if (!t.text.matches("[0-9]+")) {
      throw error(t, "unsupported integer '" + t.text + "': herd7 reads decimal integers only");
    }
    long v;
    try {
      v = Long.parseLong(t.text);
    } catch (NumberFormatException e) {
      v = Long.MAX_VALUE;
    }
    v = neg ? -v : v;
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw error(
          start,
          "unsupported integer " + (neg ? "-" : "") + t.text + ": herd7's C integers have 32 bits");
    }
    return (int) v;
  }

  /** The source text from token {@code from} to the end of token {@code to}, spaces collapsed. */
  private String text(Tok from, Tok to) {
    return src.substring(from.start, to.end).replaceAll("\\s+", " ").trim();
  }

  // ---- structure -----------------------------------------------------------------------------

  /** A location as the initial state and the parameters describe it. */
  private static final class Loc {
    final String name;
    String type;
    Value initial;
    final Tok decl;

    Loc(String name, String type, Value initial, Tok decl) {
      this.name = name;
      this.type = type;
      this.initial = initial;
      this.decl = decl;
    }
  }

  private final Map<String, Loc> locs = new LinkedHashMap<>();
  private final List<PendingReg> regInits = new ArrayList<>();

  /** Locations used as spinlocks or srcu_structs, with the first use. */
  private final Map<String, Tok> lockUses = new LinkedHashMap<>();

  private final Map<String, Tok> srcuUses = new LinkedHashMap<>();

  /** Locations accessed as memory by name (a parameter), with the first such access. */
  private final Map<String, Tok> memoryUses = new LinkedHashMap<>();

  /** Locations whose address is used as a value (stored, compared, assigned), first use. */
  private final Map<String, Tok> addressUses = new LinkedHashMap<>();

  /** The parameter token just parsed, so that a dereference of it is not a use as a value. */
  private @Nullable Tok derefTarget;

  private record PendingReg(Tok proc, int procIndex, Tok reg, Value value, Tok valueTok) {}

  private LitmusTest run() throws LitmusException {
    String name = header();
    if (peek().kind == Kind.STRING) {
      next();
    }
    initial();
    List<LitmusTest.Process> procs = new ArrayList<>();
    while (peek().kind == Kind.IDENT && peek().text.matches("P[0-9]+")) {
      procs.add(process(procs.size()));
    }
    if (procs.isEmpty()) {
      throw expected("a process 'P0(...)'");
    }
    if (procs.size() > 16) {
      throw error(peek(), "unsupported: more than 16 processes");
    }
    List<RegisterInit> inits = new ArrayList<>();
    for (PendingReg r : regInits) {
      if (r.procIndex >= procs.size()) {
        throw error(
            r.proc,
            "expected a process number in 0.."
                + (procs.size() - 1)
                + ", found '"
                + r.proc.text
                + "'");
      }
      inits.add(new RegisterInit(r.procIndex, r.reg.text, r.value));
      if (r.value instanceof Value.Address a && !locs.containsKey(a.location())) {
        throw error(r.valueTok, "expected a shared location, found '" + a.location() + "'");
      }
    }
    List<Observed> observed = new ArrayList<>();
    if (peek().is("locations")) {
      next();
      expect("[");
      while (!peek().is("]")) {
        observed.add(observed(procs, true));
        if (peek().is(";")) {
          next();
        } else if (!peek().is("]")) {
          throw expected("';' or ']'");
        }
      }
      next();
    }
    Optional<Cond> filter = Optional.empty();
    if (peek().is("filter")) {
      next();
      filter = Optional.of(disjunction(procs));
    }
    FinalClause clause = clause(procs);
    if (peek().kind != Kind.EOF) {
      throw expected("end of file after the final clause");
    }
    ImmutableList<Location> locations = locations();
    for (Observed o : observedToks.keySet()) {
      checkNotLock(o, locations);
    }
    return new LitmusTest(
        file,
        name,
        result(RESULT, "Result:"),
        result(TSO_RESULT, "x86-TSO:"),
        locations,
        ImmutableList.copyOf(inits),
        ImmutableList.copyOf(procs),
        ImmutableList.copyOf(observed),
        filter,
        clause);
  }

  private final Map<Observed, Tok> observedToks = new LinkedHashMap<>();

  private void checkNotLock(Observed o, List<Location> locations) throws LitmusException {
    if (o.proc() >= 0) {
      return;
    }
    for (Location l : locations) {
      if (l.name().equals(o.name()) && l.kind() != LocationKind.MEMORY) {
        Tok t = observedToks.get(o);
        throw error(
            t == null ? peek() : t,
            "unsupported: the final value of "
                + (l.kind() == LocationKind.SPINLOCK ? "spinlock" : "srcu_struct")
                + " '"
                + o.name()
                + "' (herd7 flags lock-final: it is not meaningful)");
      }
    }
  }

  private ImmutableList<Location> locations() throws LitmusException {
    ImmutableList.Builder<Location> out = ImmutableList.builder();
    for (Loc l : locs.values()) {
      LocationKind kind = LocationKind.MEMORY;
      if (l.type.contains("spinlock_t") || lockUses.containsKey(l.name)) {
        kind = LocationKind.SPINLOCK;
      }
      if (l.type.contains("srcu_struct") || srcuUses.containsKey(l.name)) {
        if (kind == LocationKind.SPINLOCK) {
          Tok t = srcuUses.getOrDefault(l.name, l.decl);
          throw error(t, "unsupported: '" + l.name + "' is both a spinlock and an srcu_struct");
        }
        kind = LocationKind.SRCU;
      }
      if (kind != LocationKind.MEMORY) {
        Tok mem = memoryUses.get(l.name);
        if (mem != null) {
          throw error(
              mem,
              "unsupported: "
                  + (kind == LocationKind.SPINLOCK ? "spinlock" : "srcu_struct")
                  + " '"
                  + l.name
                  + "' accessed as memory (herd7 flags"
                  + " mixed-lock-accesses)");
        }
        Tok asValue = addressUses.get(l.name);
        if (asValue != null) {
          throw error(
              asValue,
              "unsupported: the address of "
                  + (kind == LocationKind.SPINLOCK ? "spinlock" : "srcu_struct")
                  + " '"
                  + l.name
                  + "' used as a value");
        }
        for (Loc other : locs.values()) {
          if (other.initial instanceof Value.Address a && a.location().equals(l.name)) {
            throw error(
                other.decl,
                "unsupported: the address of '"
                    + l.name
                    + "' as the initial value of '"
                    + other.name
                    + "'");
          }
        }
        if (!(l.initial instanceof Value.Int i && i.value() == 0)) {
          throw error(
              l.decl,
              "unsupported: an initial value for "
                  + (kind == LocationKind.SPINLOCK ? "spinlock" : "srcu_struct")
                  + " '"
                  + l.name
                  + "'");
        }
      }
      out.add(new Location(l.name, l.type, kind, l.initial));
    }
    return out.build();
  }

  private String header() throws LitmusException {
    int i = 0;
    int n = src.length();
    while (i < n && Character.isWhitespace(src.charAt(i))) {
      i++;
    }
    int lineEnd = src.indexOf('\n', i);
    if (lineEnd < 0) {
      lineEnd = n;
    }
    String line = src.substring(i, lineEnd).strip();
    // A Pattern rather than Guava's Splitter.onPattern, whose first use sets up
    // java.util.logging (a tenth of a small test's run); the line is stripped, so both give the
    // same words
    String[] words = BLANKS.splitAsStream(line).toArray(String[]::new);
    if (words.length == 0 || words[0].isEmpty()) {
      throw error(i, "expected 'C <name>' on the first line, found end of file");
    }
    if (!words[0].equals("C")) {
      if (words[0].matches("[A-Za-z][A-Za-z0-9]*") && words.length >= 2) {
        throw error(i, "unsupported architecture '" + words[0] + "': only C litmus tests");
      }
      throw error(i, "expected 'C <name>' on the first line");
    }
    if (words.length < 2) {
      throw error(i + 1, "expected a test name after 'C'");
    }
    lex(lineEnd);
    return words[1];
  }

  private Optional<Outcome> result(Pattern pattern, String key) throws LitmusException {
    for (int[] c : comments) {
      Matcher m = pattern.matcher(src.substring(c[0], c[1]));
      if (m.find()) {
        Outcome o = Outcome.parse(m.group(1));
        if (o == null) {
          if (m.group(1).equals("DEADLOCK")) {
            continue; // the kernel's RM-broken: no execution at all, herd7 says Never
          }
          throw error(
              c[0] + m.start(1),
              "expected Never, Sometimes or Always after '"
                  + key
                  + "', found '"
                  + m.group(1)
                  + "'");
        }
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  private void initial() throws LitmusException {
    expect("{");
    while (!peek().is("}")) {
      if (peek().kind == Kind.EOF) {
        throw expected("'}' to close the initial state");
      }
      if (peek().is(";")) {
        next();
        continue;
      }
      if ((peek().kind == Kind.INT || (peek().kind == Kind.IDENT && peek().text.matches("P[0-9]+")))
          && peek(1).is(":")) {
        Tok procTok = next();
        next();
        Tok reg = ident("a register name");
        expect("=");
        Tok vt = peek();
        Value v = initValue();
        int proc = Integer.parseInt(procTok.text.replace("P", ""));
        regInits.add(new PendingReg(procTok, proc, reg, v, vt));
      } else {
        Tok start = peek();
        String type = types();
        int stars = 0;
        while (peek().is("*")) {
          next();
          stars++;
        }
        Tok var = ident("a location name");
        if (KEYWORDS.contains(var.text) || TYPE_WORDS.contains(var.text)) {
          throw error(var, "expected a location name, found '" + var.text + "'");
        }
        Value v = new Value.Int(0);
        if (peek().is("=")) {
          next();
          v = initValue();
        }
        Loc existing = locs.get(var.text);
        if (existing != null) {
          throw error(
              var,
              "expected each location to be declared once, '"
                  + var.text
                  + "' is declared again (herd7 fails on this)");
        }
        String fullType =
            (type.isEmpty() ? "int" : type) + (stars > 0 ? " " + "*".repeat(stars) : "");
        locs.put(var.text, new Loc(var.text, fullType, v, start));
      }
      if (!peek().is("}")) {
        expect(";");
      }
    }
    next();
    // a location named only as another's initial value (y=z) exists too, initially 0
    for (Loc l : List.copyOf(locs.values())) {
      if (l.initial instanceof Value.Address a && !locs.containsKey(a.location())) {
        locs.put(a.location(), new Loc(a.location(), "int", new Value.Int(0), l.decl));
      }
    }
  }

  /** An initial value: an integer, {@code ATOMIC_INIT(n)}, {@code &x} or {@code x}. */
  private Value initValue() throws LitmusException {
    if (peek().is("ATOMIC_INIT")) {
      next();
      expect("(");
      int v = integer();
      expect(")");
      return new Value.Int(v);
    }
    if (peek().is("&")) {
      next();
      return new Value.Address(ident("a location name").text);
    }
    if (peek().kind == Kind.IDENT) {
      return new Value.Address(next().text);
    }
    return new Value.Int(integer());
  }

  /** Type words, e.g. {@code int}, {@code atomic_t}, {@code struct srcu_struct}; "" if none. */
  private String types() throws LitmusException {
    StringBuilder sb = new StringBuilder();
    while (peek().kind == Kind.IDENT && (peek(1).kind == Kind.IDENT || peek(1).is("*"))) {
      Tok t = next();
      if (!TYPE_WORDS.contains(t.text)) {
        throw error(t, "unsupported type '" + t.text + "'");
      }
      if (t.text.equals("struct") && !peek().is("srcu_struct")) {
        throw error(peek(), "unsupported type 'struct " + peek().text + "'");
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(t.text);
    }
    return sb.toString();
  }

  // ---- processes -----------------------------------------------------------------------------

  private static final class Proc {
    final int index;
    final List<Param> params = new ArrayList<>();
    final List<String> registers = new ArrayList<>();

    Proc(int index) {
      this.index = index;
    }

    String name() {
      return "P" + index;
    }

    boolean isParam(String n) {
      return params.stream().anyMatch(p -> p.name().equals(n));
    }

    void register(String r) {
      if (!registers.contains(r)) {
        registers.add(r);
      }
    }
  }

  private LitmusTest.Process process(int index) throws LitmusException {
    Tok name = next();
    if (!name.text.equals("P" + index)) {
      throw error(name, "expected P" + index + ", found '" + name.text + "'");
    }
    Proc pr = new Proc(index);
    expect("(");
    if (!peek().is(")")) {
      while (true) {
        Tok start = peek();
        String type = types();
        if (type.isEmpty()) {
          throw expected("a parameter type such as 'int *x'");
        }
        if (!peek().is("*")) {
          throw expected("'*' (parameters are pointers to shared locations)");
        }
        int stars = 0;
        while (peek().is("*")) {
          next();
          stars++;
        }
        Tok v = ident("a parameter name");
        if (pr.isParam(v.text)) {
          throw error(v, "expected distinct parameter names, '" + v.text + "' repeats");
        }
        String locType = stars > 1 ? type + " " + "*".repeat(stars - 1) : type;
        pr.params.add(new Param(type + " " + "*".repeat(stars), v.text));
        Loc l = locs.get(v.text);
        if (l == null) {
          locs.put(v.text, new Loc(v.text, locType, new Value.Int(0), start));
        } else if (!l.type.contains("spinlock_t")
            && !l.type.contains("srcu_struct")
            && (locType.contains("spinlock_t") || locType.contains("srcu_struct"))) {
          l.type = locType;
        }
        if (peek().is(",")) {
          next();
          continue;
        }
        break;
      }
    }
    expect(")");
    for (PendingReg r : regInits) {
      if (r.procIndex == index) {
        pr.register(r.reg.text);
      }
    }
    Tok open = expect("{");
    List<Stmt> body = new ArrayList<>();
    while (!peek().is("}")) {
      if (peek().kind == Kind.EOF) {
        throw error(open, "expected '}' to close " + pr.name() + " opened here");
      }
      statement(pr, body);
    }
    next();
    return new LitmusTest.Process(
        index,
        ImmutableList.copyOf(pr.params),
        ImmutableList.copyOf(pr.registers),
        ImmutableList.copyOf(body));
  }

  /** Parses one statement into {@code out} (a block adds its statements). */
  private void statement(Proc pr, List<Stmt> out) throws LitmusException {
    Tok t = peek();
    if (t.is(";")) {
      throw error(t, "unsupported empty statement (herd7 does not parse it)");
    }
    if (t.is("{")) {
      next();
      while (!peek().is("}")) {
        if (peek().kind == Kind.EOF) {
          throw error(t, "expected '}' to close the block opened here");
        }
        statement(pr, out);
      }
      next();
      return;
    }
    if (t.is("if")) {
      next();
      expect("(");
      Expr cond = expr(pr);
      Tok close = expect(")");
      List<Stmt> then = new ArrayList<>();
      statement(pr, then);
      List<Stmt> otherwise = new ArrayList<>();
      if (peek().is("else")) {
        next();
        statement(pr, otherwise);
      }
      out.add(
          new If(
              cond,
              ImmutableList.copyOf(then),
              ImmutableList.copyOf(otherwise),
              pos(t),
              text(t, close)));
      return;
    }
    if (t.kind == Kind.IDENT && KEYWORDS.contains(t.text) && !t.text.equals("void")) {
      if (Set.of("while", "for", "do", "goto").contains(t.text)) {
        throw error(
            t,
            "unsupported statement '"
                + t.text
                + "': no loops or jumps (herd7 unrolls"
                + " loops a bounded number of times, which is not what the test means)");
      }
      throw error(t, "unsupported statement '" + t.text + "'");
    }
    if (t.is("(") && peek(1).is("void") && peek(2).is(")")) {
      next();
      next();
      next();
      Expr e = expr(pr);
      Tok semi = expect(";");
      out.add(new Eval(e, pos(t), text(t, semi)));
      return;
    }
    if (t.is("*")) {
      next();
      Expr address = unary(pr);
      expect("=");
      Expr value = expr(pr);
      Tok semi = expect(";");
      out.add(new Store(address, value, pos(t), text(t, semi)));
      return;
    }
    if (t.kind != Kind.IDENT) {
      throw expected("a statement");
    }
    if (TYPE_WORDS.contains(t.text) && (peek(1).kind == Kind.IDENT || peek(1).is("*"))) {
      types();
      while (peek().is("*")) {
        next();
      }
      Tok r = ident("a register name");
      checkRegisterName(pr, r);
      pr.register(r.text);
      if (peek().is("=")) {
        next();
        Expr value = expr(pr);
        Tok semi = expect(";");
        out.add(new SetReg(r.text, value, pos(t), text(t, semi)));
        return;
      }
      if (peek().is(",")) {
        throw error(
            peek(),
            "unsupported ',' in a declaration: declare one register per"
                + " declaration (herd7 does not parse the list)");
      }
      expect(";");
      return;
    }
    if (peek(1).is("=")) {
      Tok r = next();
      checkRegisterName(pr, r);
      pr.register(r.text);
      next();
      Expr value = expr(pr);
      Tok semi = expect(";");
      out.add(new SetReg(r.text, value, pos(t), text(t, semi)));
      return;
    }
    if (peek(1).is("(")) {
      Call c = call(pr);
      if (c.primitive().returns()) {
        throw error(
            t,
            "unsupported call of "
                + c.primitive().cName()
                + " as a statement: its"
                + " value must be used, e.g. with '(void)' (herd7 reports an unknown macro)");
      }
      Tok semi = expect(";");
      out.add(new Eval(c, pos(t), text(t, semi)));
      return;
    }
    throw expected("a statement");
  }

  private void checkRegisterName(Proc pr, Tok r) throws LitmusException {
    if (pr.isParam(r.text)) {
      throw error(
          r,
          "unsupported assignment to parameter '"
              + r.text
              + "': it is the address of"
              + " a shared location; write it with WRITE_ONCE(*"
              + r.text
              + ", v)");
    }
    if (TYPE_WORDS.contains(r.text) || KEYWORDS.contains(r.text)) {
      throw error(r, "expected a register name, found '" + r.text + "'");
    }
    if (Primitive.named(r.text).isPresent()) {
      throw error(r, "expected a register name, found the primitive '" + r.text + "'");
    }
  }

  // ---- calls ---------------------------------------------------------------------------------

  private Call call(Proc pr) throws LitmusException {
    Tok name = next();
    Optional<Primitive> prim = Primitive.named(name.text);
    if (prim.isEmpty()) {
      throw error(name, "unsupported " + name.text + ": " + unknownReason(name.text));
    }
    Primitive primitive = prim.get();
    expect("(");
    List<String> shape = primitive.shape();
    List<Expr> written = new ArrayList<>();
    for (int i = 0; i < shape.size(); i++) {
      if (i > 0) {
        if (!peek().is(",")) {
          throw expected(
              "',' and the " + ordinal(i + 1) + " argument of " + name.text + signature(primitive));
        }
        next();
      } else if (peek().is(")")) {
        throw expected("the arguments of " + name.text + signature(primitive));
      }
      Tok at = peek();
      String kind = shape.get(i);
      if (kind.equals("*X")) {
        if (!peek().is("*")) {
          throw expected(
              "an lvalue '*p' as the "
                  + ordinal(i + 1)
                  + " argument of "
                  + name.text
                  + signature(primitive));
        }
        next();
        Expr address = parameterOr(pr, true);
        noteLocationUse(primitive, address, at);
        written.add(address);
      } else if (kind.equals("X")) {
        if (peek().is("*") || peek().is("&")) {
          throw error(
              at,
              "expected a pointer as the "
                  + ordinal(i + 1)
                  + " argument of "
                  + name.text
                  + signature(primitive)
                  + ", found '"
                  + at.text
                  + "'");
        }
        Expr address = parameterOr(pr, false);
        noteLocationUse(primitive, address, at);
        written.add(address);
      } else {
        written.add(expr(pr));
      }
    }
    if (!peek().is(")")) {
      throw error(
          peek(),
          "expected ')' after the "
              + shape.size()
              + " argument"
              + (shape.size() == 1 ? "" : "s")
              + " of "
              + name.text
              + signature(primitive)
              + ", found "
              + describe(peek()));
    }
    next();
    List<Expr> args = new ArrayList<>();
    int address = -1;
    for (int i = 0; i < shape.size(); i++) {
      if (!shape.get(i).equals("V")) {
        address = i;
        args.add(written.get(i));
      }
    }
    for (int i = 0; i < shape.size(); i++) {
      if (i != address) {
        args.add(written.get(i));
      }
    }
    return new Call(primitive, ImmutableList.copyOf(args), pos(name));
  }

  /**
   * A location argument: a parameter alone (the address of its location, not a use of the address
   * as a value), else an expression ({@code *X} arguments bind like a dereference).
   */
  private Expr parameterOr(Proc pr, boolean unary) throws LitmusException {
    Tok t = peek();
    if (t.kind == Kind.IDENT && pr.isParam(t.text) && (peek(1).is(",") || peek(1).is(")"))) {
      next();
      return new LocAddr(t.text);
    }
    return unary ? unary(pr) : expr(pr);
  }

  private static String signature(Primitive p) {
    return p.shape().isEmpty() ? "()" : "(" + String.join(", ", p.shape()) + ")";
  }

  private static String ordinal(int i) {
    return switch (i) {
      case 1 -> "first";
      case 2 -> "second";
      case 3 -> "third";
      default -> i + "th";
    };
  }

  /**
   * Records how a location named directly (a parameter) is used: spinlocks and srcu_structs must be
   * used by their primitives only. Locations reached through a pointer value are checked when the
   * test runs.
   */
  private void noteLocationUse(Primitive p, Expr address, Tok at) throws LitmusException {
    boolean lock = p instanceof Primitive.Lock;
    boolean srcu = p instanceof Primitive.Srcu;
    if (!(address instanceof LocAddr l)) {
      if (lock || srcu) {
        throw error(
            at,
            "unsupported: the "
                + (lock ? "spinlock" : "srcu_struct")
                + " of "
                + p.cName()
                + " must be a parameter");
      }
      return;
    }
    if (lock) {
      lockUses.putIfAbsent(l.name(), at);
    } else if (srcu) {
      srcuUses.putIfAbsent(l.name(), at);
    } else {
      memoryUses.putIfAbsent(l.name(), at);
    }
  }

  private static String unknownReason(String name) {
    if (name.startsWith("atomic_long_") || name.startsWith("atomic64_")) {
      return "linux-kernel.def has only the atomic_t operations (atomic_*)";
    }
    if (name.contains("bit")) {
      return "linux-kernel.def has no bit operations; use the atomic_* operation they are built"
          + " on (e.g. atomic_fetch_or)";
    }
    if (name.matches("atomic_(add|sub|inc|dec|and|or|xor|andnot)_(relaxed|acquire|release)")) {
      return "no such ordering variant (atomic operations that return nothing are unordered)";
    }
    return "no such primitive in tools/memory-model/linux-kernel.def";
  }

  // ---- expressions ---------------------------------------------------------------------------

  private Expr expr(Proc pr) throws LitmusException {
    return bitOr(pr);
  }

  private Expr bitOr(Proc pr) throws LitmusException {
    Expr l = bitXor(pr);
    while (peek().is("|")) {
      Tok op = next();
      l = new Binary("|", l, bitXor(pr), pos(op));
    }
    noLogical();
    return l;
  }

  private Expr bitXor(Proc pr) throws LitmusException {
    Expr l = bitAnd(pr);
    while (peek().is("^")) {
      Tok op = next();
      l = new Binary("^", l, bitAnd(pr), pos(op));
    }
    return l;
  }

  private Expr bitAnd(Proc pr) throws LitmusException {
    Expr l = comparison(pr);
    while (peek().is("&")) {
      Tok op = next();
      l = new Binary("&", l, comparison(pr), pos(op));
    }
    return l;
  }

  private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");

  private Expr comparison(Proc pr) throws LitmusException {
    Expr l = additive(pr);
    if (peek().kind == Kind.PUNCT && COMPARISONS.contains(peek().text)) {
      Tok op = next();
      l = new Binary(op.text, l, additive(pr), pos(op));
      if (peek().kind == Kind.PUNCT && COMPARISONS.contains(peek().text)) {
        throw error(
            peek(),
            "unsupported chained comparison: parenthesise it (herd7's"
                + " comparisons do not associate)");
      }
    }
    return l;
  }

  private Expr additive(Proc pr) throws LitmusException {
    Expr l = multiplicative(pr);
    while (peek().is("+") || peek().is("-")) {
      Tok op = next();
      l = new Binary(op.text, l, multiplicative(pr), pos(op));
    }
    return l;
  }

  private Expr multiplicative(Proc pr) throws LitmusException {
    Expr l = unary(pr);
    while (peek().is("*") || peek().is("/")) {
      Tok op = next();
      l = new Binary(op.text, l, unary(pr), pos(op));
    }
    if (peek().is("%") || peek().is("<<") || peek().is(">>")) {
      throw error(peek(), "unsupported operator '" + peek().text + "' (herd7 does not parse it)");
    }
    return l;
  }

  private void noLogical() throws LitmusException {
    if (peek().is("&&") || peek().is("||") || peek().is("?")) {
      throw error(peek(), "unsupported operator '" + peek().text + "' (herd7 does not parse it)");
    }
  }

  private Expr unary(Proc pr) throws LitmusException {
    Tok t = peek();
    if (t.is("-") && peek(1).kind == Kind.INT) {
      next();
      Tok lit = next();
      return new Const(literal(lit, true, t));
    }
    if (t.is("!") || t.is("~") || t.is("-") || t.is("&")) {
      throw error(
          t,
          "unsupported operator '"
              + t.text
              + "' (herd7 does not parse it"
              + (t.is("-") ? " except before a number" : "")
              + ")");
    }
    if (t.is("*")) {
      next();
      if (peek().is("*")) {
        throw error(peek(), "unsupported '**': herd7 does not parse it; write *(*p)");
      }
      Expr address = unary(pr);
      if (address instanceof LocAddr l) {
        memoryUses.putIfAbsent(l.name(), t);
        addressUses.remove(l.name(), derefTarget);
      }
      return new Deref(address, pos(t));
    }
    if (t.is("(")) {
      next();
      Expr e = expr(pr);
      expect(")");
      return e;
    }
    if (t.kind == Kind.INT) {
      next();
      return new Const(literal(t, false, t));
    }
    if (t.kind == Kind.IDENT) {
      if (peek(1).is("(")) {
        Call c = call(pr);
        if (!c.primitive().returns()) {
          throw error(
              t, "expected a primitive that returns a value, " + t.text + " returns nothing");
        }
        return c;
      }
      if (KEYWORDS.contains(t.text) || TYPE_WORDS.contains(t.text)) {
        throw error(t, "expected an expression, found '" + t.text + "'");
      }
      next();
      if (pr.isParam(t.text)) {
        derefTarget = t;
        addressUses.putIfAbsent(t.text, t);
        return new LocAddr(t.text);
      }
      if (locs.containsKey(t.text) && !pr.registers.contains(t.text)) {
        throw error(
            t,
            "unsupported use of location '" + t.text + "': it is not a parameter of " + pr.name());
      }
      pr.register(t.text);
      return new Reg(t.text);
    }
    throw expected("an expression");
  }

  // ---- final clause --------------------------------------------------------------------------

  private FinalClause clause(List<LitmusTest.Process> procs) throws LitmusException {
    Tok start = peek();
    Quantifier q;
    if (start.is("exists")) {
      q = Quantifier.EXISTS;
    } else if (start.is("forall")) {
      q = Quantifier.FORALL;
    } else if (start.is("~") && peek(1).is("exists")) {
      next();
      q = Quantifier.NOT_EXISTS;
    } else if (start.is("locations") || start.is("filter")) {
      throw error(
          start, "expected 'locations' before 'filter' and both before the final" + " clause");
    } else {
      throw expected(
          "a process 'P"
              + procs.size()
              + "(...)' or the final clause"
              + " (exists, ~exists or forall)");
    }
    next();
    Cond body = disjunction(procs);
    Tok last = toks.get(p - 1);
    return new FinalClause(q, body, text(start, last));
  }

  private Cond disjunction(List<LitmusTest.Process> procs) throws LitmusException {
    Cond l = conjunction(procs);
    while (peek().is("\\/")) {
      next();
      l = new Or(l, conjunction(procs));
    }
    return l;
  }

  private Cond conjunction(List<LitmusTest.Process> procs) throws LitmusException {
    Cond l = negation(procs);
    while (peek().is("/\\")) {
      next();
      l = new And(l, negation(procs));
    }
    return l;
  }

  private Cond negation(List<LitmusTest.Process> procs) throws LitmusException {
    Tok t = peek();
    if (t.is("~")) {
      next();
      return new Not(negation(procs));
    }
    if (t.is("(")) {
      next();
      Cond c = disjunction(procs);
      expect(")");
      return c;
    }
    if (t.is("true") || t.is("false")) {
      next();
      return new Bool(t.text.equals("true"));
    }
    Observed at = observed(procs, false);
    Tok eq = peek();
    if (eq.is("=") || eq.is("==")) {
      next();
    } else {
      throw expected("'='");
    }
    Tok vt = peek();
    Value v;
    if (vt.kind == Kind.IDENT) {
      next();
      if (!locs.containsKey(vt.text)) {
        throw error(vt, "expected an integer or a shared location, found '" + vt.text + "'");
      }
      v = new Value.Address(vt.text);
    } else {
      v = new Value.Int(integer());
    }
    return new Atom(at, v);
  }

  /** {@code n:r}, {@code Pn:r}, {@code x} or {@code [x]}. */
  private Observed observed(List<LitmusTest.Process> procs, boolean inLocations)
      throws LitmusException {
    Tok t = peek();
    if ((t.kind == Kind.INT || (t.kind == Kind.IDENT && t.text.matches("P[0-9]+")))
        && peek(1).is(":")) {
      next();
      next();
      int proc;
      try {
        proc = Integer.parseInt(t.text.replace("P", ""));
      } catch (NumberFormatException e) {
        proc = -1;
      }
      if (proc < 0 || proc >= procs.size()) {
        throw error(
            t,
            "expected a process number in 0.." + (procs.size() - 1) + ", found '" + t.text + "'");
      }
      Tok r = ident("a register of P" + proc);
      if (procs.get(proc).register(r.text) < 0) {
        throw error(r, "expected a register of P" + proc + ", found '" + r.text + "'");
      }
      return new Observed(proc, r.text);
    }
    boolean bracket = t.is("[");
    if (bracket) {
      next();
    }
    Tok v = peek();
    if (v.kind != Kind.IDENT) {
      throw expected(
          inLocations
              ? "a location such as 'x' or '0:r0'"
              : "a condition such as '0:r0=1' or 'x=1'");
    }
    next();
    if (!locs.containsKey(v.text)) {
      throw error(v, "expected a shared location, found '" + v.text + "'");
    }
    if (bracket) {
      expect("]");
    }
    Observed o = new Observed(-1, v.text);
    observedToks.putIfAbsent(o, v);
    return o;
  }
}
