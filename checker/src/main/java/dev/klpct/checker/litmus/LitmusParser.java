package dev.klpct.checker.litmus;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.klpct.api.Ordering;
import dev.klpct.api.RmwOp;
import dev.klpct.checker.litmus.LitmusTest.And;
import dev.klpct.checker.litmus.LitmusTest.Assign;
import dev.klpct.checker.litmus.LitmusTest.Atom;
import dev.klpct.checker.litmus.LitmusTest.Binary;
import dev.klpct.checker.litmus.LitmusTest.Bool;
import dev.klpct.checker.litmus.LitmusTest.Cond;
import dev.klpct.checker.litmus.LitmusTest.Const;
import dev.klpct.checker.litmus.LitmusTest.Expr;
import dev.klpct.checker.litmus.LitmusTest.FinalClause;
import dev.klpct.checker.litmus.LitmusTest.Instr;
import dev.klpct.checker.litmus.LitmusTest.Jump;
import dev.klpct.checker.litmus.LitmusTest.JumpIfZero;
import dev.klpct.checker.litmus.LitmusTest.Not;
import dev.klpct.checker.litmus.LitmusTest.Op;
import dev.klpct.checker.litmus.LitmusTest.Or;
import dev.klpct.checker.litmus.LitmusTest.Prim;
import dev.klpct.checker.litmus.LitmusTest.Quantifier;
import dev.klpct.checker.litmus.LitmusTest.Reg;
import dev.klpct.checker.litmus.LitmusTest.Rmw;
import dev.klpct.checker.litmus.LitmusTest.Unary;
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
 * Reads a litmus test in herd7's C format. See {@code docs} of {@link LitmusRunner} for what is
 * supported; anything else is rejected with a {@link LitmusException} naming the line and column,
 * never skipped.
 *
 * <p>Supported: the {@code C name} line; an optional string after it; {@code (* ... *)} comments,
 * whose {@code Result: Never|Sometimes|Always} line is the expected outcome; the initial state
 * ({@code x=1;}, {@code int x = 1;}, {@code atomic_t x = ATOMIC_INIT(1);}, {@code 0:r0=1;});
 * processes {@code P0(int *x, ...)} with register declarations, assignments, {@code if}/{@code
 * else} and the primitives of {@link dev.klpct.api.Kernel} that exist; the final clause {@code
 * exists}, {@code ~exists} or {@code forall} with {@code /\}, {@code \/}, {@code ~}, parentheses,
 * {@code true}, {@code false}, {@code n:r=v}, {@code x=v} and {@code [x]=v}.
 */
public final class LitmusParser {

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
          "bool",
          "_Bool");

  private static final Set<String> STATEMENT_KEYWORDS =
      Set.of("while", "for", "do", "goto", "return", "switch", "break", "continue");

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

  private static final String[] PUNCT2 = {"/\\", "\\/", "==", "!=", "<=", ">=", "&&", "||"};
  private static final String PUNCT1 = "{}()[];,:=*+-!<>&|^~/%";

  private LitmusException error(int offset, String problem) {
    int line = lineOf(offset);
    return new LitmusException(file, line + 1, offset - lineStarts[line] + 1, problem);
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

  private int integer() throws LitmusException {
    boolean neg = false;
    Tok start = peek();
    if (peek().is("-")) {
      next();
      neg = true;
    }
    Tok t = peek();
    if (t.kind != Kind.INT) {
      if (t.kind == Kind.IDENT) {
        throw error(t.start, "unsupported value '" + t.text + "': only integers are supported");
      }
      throw expected("an integer");
    }
    next();
    try {
      long v = parseLong(t.text);
      v = neg ? -v : v;
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw error(start.start, "unsupported value " + t.text + ": does not fit in an int");
      }
      return (int) v;
    } catch (NumberFormatException e) {
      throw error(t.start, "expected an integer, found '" + t.text + "'");
    }
  }

  private static long parseLong(String s) {
    if (s.startsWith("0x") || s.startsWith("0X")) {
      return Long.parseLong(s.substring(2), 16);
    }
    return Long.parseLong(s);
  }

  /** The source text from token {@code from} to the end of token {@code to}, spaces collapsed. */
  private String text(Tok from, Tok to) {
    return src.substring(from.start, to.end).replaceAll("\\s+", " ").trim();
  }

  // ---- structure -----------------------------------------------------------------------------

  private final Map<String, Integer> shared = new LinkedHashMap<>();
  private final List<PendingReg> regInits = new ArrayList<>();

  private record PendingReg(int proc, String reg, int value) {}

  private LitmusTest run() throws LitmusException {
    String name = header();
    Tok first = peek();
    if (first.kind == Kind.STRING) {
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
    if (procs.size() > 63) {
      throw error(peek().start, "unsupported: more than 63 processes");
    }
    FinalClause clause = clause(procs);
    if (peek().kind != Kind.EOF) {
      throw expected("end of file after the final clause");
    }
    return new LitmusTest(
        file,
        name,
        result(RESULT, "Result:"),
        result(TSO_RESULT, "x86-TSO:"),
        ImmutableMap.copyOf(shared),
        ImmutableList.copyOf(procs),
        clause);
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
    String[] words = Splitter.onPattern("\\s+").splitToList(line).toArray(new String[0]);
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
      if (peek().is(";")) {
        next();
        continue;
      }
      if (peek().kind == Kind.INT && peek(1).is(":")) {
        Tok procTok = next();
        next();
        Tok reg = ident("a register name");
        expect("=");
        int v = integer();
        int proc;
        try {
          proc = Integer.parseInt(procTok.text);
        } catch (NumberFormatException e) {
          throw error(procTok.start, "expected a process number, found '" + procTok.text + "'");
        }
        regInits.add(new PendingReg(proc, reg.text, v));
      } else {
        types();
        if (peek().is("*")) {
          throw error(peek().start, "unsupported pointer variable in the initial state");
        }
        Tok var = ident("a variable name");
        int v = 0;
        if (peek().is("=")) {
          next();
          if (peek().is("ATOMIC_INIT")) {
            next();
            expect("(");
            v = integer();
            expect(")");
          } else {
            v = integer();
          }
        }
        if (shared.containsKey(var.text)) {
          throw error(
              var.start,
              "expected each variable to be initialised once, '"
                  + var.text
                  + "' is initialised again");
        }
        shared.put(var.text, v);
      }
      if (!peek().is("}")) {
        expect(";");
      }
    }
    next();
  }

  /** Skips type words (an identifier followed by another identifier or '*'). */
  private int types() throws LitmusException {
    int count = 0;
    while (peek().kind == Kind.IDENT && (peek(1).kind == Kind.IDENT || peek(1).is("*"))) {
      Tok t = next();
      if (!TYPE_WORDS.contains(t.text)) {
        throw error(t.start, "unsupported type '" + t.text + "'");
      }
      count++;
    }
    return count;
  }

  // ---- processes -----------------------------------------------------------------------------

  private static final class Proc {
    final int index;
    final List<String> params = new ArrayList<>();
    final List<String> registers = new ArrayList<>();
    final List<Instr> code = new ArrayList<>();

    Proc(int index) {
      this.index = index;
    }

    String name() {
      return "P" + index;
    }

    int register(String r) {
      int i = registers.indexOf(r);
      if (i < 0) {
        registers.add(r);
        i = registers.size() - 1;
      }
      return i;
    }
  }

  private LitmusTest.Process process(int index) throws LitmusException {
    Tok name = next();
    if (!name.text.equals("P" + index)) {
      throw error(name.start, "expected P" + index + ", found '" + name.text + "'");
    }
    Proc pr = new Proc(index);
    expect("(");
    if (!peek().is(")")) {
      while (true) {
        if (types() == 0) {
          throw expected("a parameter type such as 'int *x'");
        }
        if (!peek().is("*")) {
          throw expected("'*' (parameters are pointers to shared variables)");
        }
        next();
        if (peek().is("*")) {
          throw error(peek().start, "unsupported pointer to pointer");
        }
        Tok v = ident("a parameter name");
        if (pr.params.contains(v.text)) {
          throw error(v.start, "expected distinct parameter names, '" + v.text + "' repeats");
        }
        pr.params.add(v.text);
        shared.putIfAbsent(v.text, 0);
        if (peek().is(",")) {
          next();
          continue;
        }
        break;
      }
    }
    expect(")");
    for (PendingReg r : regInits) {
      if (r.proc == index) {
        pr.code.add(new Assign(pr.register(r.reg), new Const(r.value)));
      }
    }
    expect("{");
    while (!peek().is("}")) {
      if (peek().kind == Kind.EOF) {
        throw expected("'}' to close " + pr.name());
      }
      statement(pr);
    }
    next();
    return new LitmusTest.Process(
        index, ImmutableList.copyOf(pr.registers), ImmutableList.copyOf(pr.code));
  }

  private void statement(Proc pr) throws LitmusException {
    Tok t = peek();
    if (t.is(";")) {
      next();
      return;
    }
    if (t.is("{")) {
      next();
      while (!peek().is("}")) {
        if (peek().kind == Kind.EOF) {
          throw expected("'}'");
        }
        statement(pr);
      }
      next();
      return;
    }
    if (t.kind == Kind.IDENT && t.text.equals("if")) {
      next();
      expect("(");
      Expr cond = expr(pr);
      expect(")");
      int jz = pr.code.size();
      pr.code.add(new JumpIfZero(cond, -1));
      statement(pr);
      if (peek().is("else")) {
        next();
        int jmp = pr.code.size();
        pr.code.add(new Jump(-1));
        pr.code.set(jz, new JumpIfZero(cond, pr.code.size()));
        statement(pr);
        pr.code.set(jmp, new Jump(pr.code.size()));
      } else {
        pr.code.set(jz, new JumpIfZero(cond, pr.code.size()));
      }
      return;
    }
    if (t.kind == Kind.IDENT && STATEMENT_KEYWORDS.contains(t.text)) {
      throw error(t.start, "unsupported statement '" + t.text + "': no loops or jumps");
    }
    if (t.is("*")) {
      throw error(t.start, "unsupported plain access: use READ_ONCE(*x) or WRITE_ONCE(*x, v)");
    }
    if (t.kind != Kind.IDENT) {
      throw expected("a statement");
    }
    if (TYPE_WORDS.contains(t.text) && (peek(1).kind == Kind.IDENT || peek(1).is("*"))) {
      types();
      while (true) {
        if (peek().is("*")) {
          throw error(peek().start, "unsupported pointer register");
        }
        Tok r = ident("a register name");
        checkRegisterName(pr, r);
        int reg = pr.register(r.text);
        if (peek().is("=")) {
          next();
          assignment(pr, reg);
        }
        if (peek().is(",")) {
          next();
          continue;
        }
        break;
      }
      Tok semi = expect(";");
      fixText(pr, t, semi);
      return;
    }
    if (peek(1).is("=")) {
      Tok r = next();
      checkRegisterName(pr, r);
      next();
      assignment(pr, pr.register(r.text));
      Tok semi = expect(";");
      fixText(pr, t, semi);
      return;
    }
    if (peek(1).is("(")) {
      call(pr, -1);
      Tok semi = expect(";");
      fixText(pr, t, semi);
      return;
    }
    throw expected("a statement");
  }

  /** Rewrites the text of primitives added since {@code from} to the whole statement's text. */
  private void fixText(Proc pr, Tok from, Tok semi) {
    String text = text(from, semi);
    for (int i = pr.code.size() - 1; i >= 0; i--) {
      if (pr.code.get(i) instanceof Prim prim && prim.text().isEmpty()) {
        pr.code.set(
            i, new Prim(prim.op(), prim.var(), prim.a(), prim.b(), prim.dest(), text, prim.rmw()));
      }
    }
  }

  private void checkRegisterName(Proc pr, Tok r) throws LitmusException {
    if (pr.params.contains(r.text)) {
      throw error(
          r.start,
          "unsupported assignment to pointer '" + r.text + "': use WRITE_ONCE(*" + r.text + ", v)");
    }
    if (TYPE_WORDS.contains(r.text)
        || r.text.equals("if")
        || r.text.equals("else")
        || STATEMENT_KEYWORDS.contains(r.text)) {
      throw error(r.start, "expected a register name, found '" + r.text + "'");
    }
  }

  private void assignment(Proc pr, int reg) throws LitmusException {
    if (peek().kind == Kind.IDENT && peek(1).is("(")) {
      call(pr, reg);
    } else {
      pr.code.add(new Assign(reg, expr(pr)));
    }
  }

  private enum Arg {
    DEREF,
    PTR,
    VAL
  }

  private record Spec(Op op, List<Arg> args) {}

  private static final Map<String, Spec> PRIMS = new LinkedHashMap<>();

  static {
    PRIMS.put("READ_ONCE", new Spec(Op.READ_ONCE, List.of(Arg.DEREF)));
    PRIMS.put("WRITE_ONCE", new Spec(Op.WRITE_ONCE, List.of(Arg.DEREF, Arg.VAL)));
    PRIMS.put("smp_load_acquire", new Spec(Op.LOAD_ACQUIRE, List.of(Arg.PTR)));
    PRIMS.put("smp_store_release", new Spec(Op.STORE_RELEASE, List.of(Arg.PTR, Arg.VAL)));
    PRIMS.put("smp_mb", new Spec(Op.SMP_MB, List.of()));
    PRIMS.put("smp_rmb", new Spec(Op.SMP_RMB, List.of()));
    PRIMS.put("smp_wmb", new Spec(Op.SMP_WMB, List.of()));
    PRIMS.put("smp_mb__before_atomic", new Spec(Op.MB_BEFORE_ATOMIC, List.of()));
    PRIMS.put("smp_mb__after_atomic", new Spec(Op.MB_AFTER_ATOMIC, List.of()));
    PRIMS.put("atomic_read", new Spec(Op.ATOMIC_READ, List.of(Arg.PTR)));
    PRIMS.put("atomic_set", new Spec(Op.ATOMIC_SET, List.of(Arg.PTR, Arg.VAL)));
    PRIMS.put("spin_lock", new Spec(Op.SPIN_LOCK, List.of(Arg.PTR)));
    PRIMS.put("spin_unlock", new Spec(Op.SPIN_UNLOCK, List.of(Arg.PTR)));
  }

  private static String unsupportedReason(String name) {
    if (name.endsWith("_relaxed") || name.endsWith("_acquire") || name.endsWith("_release")) {
      return "no such ordering variant (non-returning atomics are always unordered)";
    }
    if (name.startsWith("rcu_") || name.startsWith("srcu_") || name.equals("synchronize_rcu")) {
      return "RCU is not modelled";
    }
    return "no such primitive in the Kernel API";
  }

  // atomic_t.txt's families: atomic_{add,sub,inc,dec,or,and,andnot,xor}, their _return and
  // fetch_ forms, xchg and cmpxchg, each with _relaxed / _acquire / _release variants.
  private static final Pattern RMW_NAME =
      Pattern.compile(
          "(?:atomic_(?<fetch>fetch_)?(?<op>add|sub|inc|dec|or|and|andnot|xor)(?<ret>_return)?"
              + "|(?:atomic_)?(?<x>xchg|cmpxchg))(?<ord>_relaxed|_acquire|_release)?");

  /** Parses an RMW of the general kind, or returns false if {@code name} is not one. */
  private boolean rmwCall(Proc pr, int dest, Tok name) throws LitmusException {
    Matcher m = RMW_NAME.matcher(name.text);
    if (!m.matches()) {
      return false;
    }
    String xop = m.group("x");
    String op = m.group("op");
    boolean fetch = m.group("fetch") != null;
    boolean ret = m.group("ret") != null;
    if (op != null && fetch && ret) {
      return false;
    }
    String ord = m.group("ord");
    boolean returns = xop != null || fetch || ret;
    if (!returns && ord != null) {
      return false; // atomic_add_relaxed etc. do not exist: non-returning ops are unordered
    }
    Ordering ordering =
        ord == null
            ? (returns ? Ordering.FULL : Ordering.RELAXED)
            : switch (ord) {
              case "_relaxed" -> Ordering.RELAXED;
              case "_acquire" -> Ordering.ACQUIRE;
              default -> Ordering.RELEASE;
            };
    if (dest >= 0 && !returns) {
      throw error(
          name.start,
          "expected a primitive that returns a value, " + name.text + " returns nothing");
    }
    expect("(");
    String var;
    Expr a;
    @Nullable Expr b = null;
    RmwOp rop;
    if (xop != null) {
      var = param(pr);
      expect(",");
      if (xop.equals("cmpxchg")) {
        b = expr(pr);
        expect(",");
        rop = RmwOp.CMPXCHG;
      } else {
        rop = RmwOp.XCHG;
      }
      a = expr(pr);
    } else if (op.equals("inc") || op.equals("dec")) {
      var = param(pr);
      a = new Const(op.equals("inc") ? 1 : -1);
      rop = RmwOp.ADD;
    } else {
      Expr v = expr(pr);
      expect(",");
      var = param(pr);
      rop =
          switch (op) {
            case "add", "sub" -> RmwOp.ADD;
            case "or" -> RmwOp.OR;
            case "and" -> RmwOp.AND;
            case "andnot" -> RmwOp.ANDNOT;
            default -> RmwOp.XOR;
          };
      a = op.equals("sub") ? new Unary('-', v) : v;
    }
    expect(")");
    pr.code.add(new Prim(Op.RMW, var, a, b, dest, "", new Rmw(rop, ordering, ret)));
    return true;
  }

  private void call(Proc pr, int dest) throws LitmusException {
    Tok name = next();
    Spec spec = PRIMS.get(name.text);
    if (spec == null && rmwCall(pr, dest, name)) {
      return; // every atomic RMW, ordered or not
    }
    if (spec == null) {
      throw error(name.start, "unsupported " + name.text + ": " + unsupportedReason(name.text));
    }
    if (dest >= 0 && !spec.op.returns()) {
      throw error(
          name.start,
          "expected a primitive that returns a value, " + name.text + " returns nothing");
    }
    expect("(");
    String var = "";
    List<Expr> vals = new ArrayList<>();
    for (int i = 0; i < spec.args.size(); i++) {
      if (i > 0) {
        expect(",");
      }
      switch (spec.args.get(i)) {
        case DEREF -> {
          if (!peek().is("*")) {
            throw address("'*' and a parameter of " + pr.name() + ", as in " + name.text + "(*x)");
          }
          next();
          var = param(pr);
        }
        case PTR -> {
          if (peek().is("*") || peek().is("&")) {
            throw address(
                "a parameter of "
                    + pr.name()
                    + ", as in "
                    + name.text
                    + "(x"
                    + (spec.args.size() > 1 ? ", ..." : "")
                    + ")");
          }
          var = param(pr);
        }
        case VAL -> vals.add(expr(pr));
      }
    }
    expect(")");
    @Nullable Expr a = vals.isEmpty() ? null : vals.get(0);
    @Nullable Expr b = vals.size() > 1 ? vals.get(1) : null;
    pr.code.add(new Prim(spec.op, var, a, b, dest, ""));
  }

  private LitmusException address(String what) {
    Tok t = peek();
    if (t.is("*") || t.is("&")) {
      return error(t.start, "unsupported address expression: expected " + what);
    }
    return expected(what);
  }

  private String param(Proc pr) throws LitmusException {
    Tok t = peek();
    if (t.kind != Kind.IDENT) {
      throw error(
          t.start,
          "unsupported address expression: expected a parameter of "
              + pr.name()
              + ", found "
              + describe(t));
    }
    if (!pr.params.contains(t.text)) {
      throw error(
          t.start,
          "unsupported address expression '" + t.text + "': not a parameter of " + pr.name());
    }
    next();
    if (!peek().is(",") && !peek().is(")")) {
      throw error(
          t.start,
          "unsupported address expression: expected a parameter of " + pr.name() + " alone");
    }
    return t.text;
  }

  // ---- expressions ---------------------------------------------------------------------------

  private static final List<List<String>> LEVELS =
      List.of(
          List.of("||"),
          List.of("&&"),
          List.of("|"),
          List.of("^"),
          List.of("&"),
          List.of("==", "!="),
          List.of("<", "<=", ">", ">="),
          List.of("+", "-"),
          List.of("*"));

  private Expr expr(Proc pr) throws LitmusException {
    return binary(pr, 0);
  }

  private Expr binary(Proc pr, int level) throws LitmusException {
    if (level == LEVELS.size()) {
      return unary(pr);
    }
    Expr l = binary(pr, level + 1);
    while (peek().kind == Kind.PUNCT && LEVELS.get(level).contains(peek().text)) {
      String op = next().text;
      l = new Binary(op, l, binary(pr, level + 1));
    }
    if (peek().is("/") || peek().is("%")) {
      throw error(peek().start, "unsupported operator '" + peek().text + "'");
    }
    return l;
  }

  private Expr unary(Proc pr) throws LitmusException {
    Tok t = peek();
    if (t.is("!") || t.is("-") || t.is("~")) {
      next();
      return new Unary(t.text.charAt(0), unary(pr));
    }
    if (t.is("(")) {
      next();
      Expr e = expr(pr);
      expect(")");
      return e;
    }
    if (t.kind == Kind.INT) {
      next();
      try {
        long v = parseLong(t.text);
        if (v > Integer.MAX_VALUE) {
          throw error(t.start, "unsupported value " + t.text + ": does not fit in an int");
        }
        return new Const((int) v);
      } catch (NumberFormatException e) {
        throw error(t.start, "expected an integer, found '" + t.text + "'");
      }
    }
    if (t.kind == Kind.IDENT) {
      if (peek(1).is("(")) {
        if (PRIMS.containsKey(t.text)) {
          throw error(
              t.start,
              "unsupported "
                  + t.text
                  + " inside an expression: assign its"
                  + " result to a register first");
        }
        throw error(t.start, "unsupported " + t.text + ": " + unsupportedReason(t.text));
      }
      if (pr.params.contains(t.text)) {
        throw error(
            t.start,
            "unsupported use of pointer '"
                + t.text
                + "' in an expression: read it with READ_ONCE(*"
                + t.text
                + ")");
      }
      int r = pr.registers.indexOf(t.text);
      if (r < 0) {
        throw error(t.start, "expected a register of " + pr.name() + ", found '" + t.text + "'");
      }
      next();
      return new Reg(r, t.text);
    }
    if (t.is("*")) {
      throw error(t.start, "unsupported plain access: use READ_ONCE(*x)");
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
      throw error(start.start, "unsupported '" + start.text + "' clause");
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
    if (t.kind == Kind.INT && peek(1).is(":")) {
      next();
      next();
      int proc;
      try {
        proc = Integer.parseInt(t.text);
      } catch (NumberFormatException e) {
        proc = -1;
      }
      if (proc < 0 || proc >= procs.size()) {
        throw error(
            t.start,
            "expected a process number in 0.." + (procs.size() - 1) + ", found '" + t.text + "'");
      }
      Tok r = ident("a register of P" + proc);
      int reg = procs.get(proc).register(r.text);
      if (reg < 0) {
        throw error(r.start, "expected a register of P" + proc + ", found '" + r.text + "'");
      }
      equals();
      return new Atom(proc, reg, r.text, integer());
    }
    boolean bracket = t.is("[");
    if (bracket) {
      next();
    }
    Tok v = peek();
    if (v.kind != Kind.IDENT) {
      throw expected("a condition such as '0:r0=1' or 'x=1'");
    }
    next();
    if (!shared.containsKey(v.text)) {
      throw error(v.start, "expected a shared variable, found '" + v.text + "'");
    }
    if (bracket) {
      expect("]");
    }
    equals();
    return new Atom(-1, -1, v.text, integer());
  }

  private void equals() throws LitmusException {
    if (peek().is("=") || peek().is("==")) {
      next();
      return;
    }
    throw expected("'='");
  }
}
