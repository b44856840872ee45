package dev.klpct.report;

import com.google.common.base.Splitter;
import dev.klpct.api.klp.Klp;
import dev.klpct.checker.CheckReport;
import dev.klpct.checker.Counterexample;
import dev.klpct.checker.MemoryModel;
import dev.klpct.checker.PropertyVerdict;
import dev.klpct.checker.Verdict;
import dev.klpct.checker.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The mail form of a check ({@code klpct check --format mail}): plain text a kernel developer
 * pastes into a reply on the list. Every line is at most {@link #WIDTH} columns (a tab counts to
 * the next multiple of 8), wrapped or broken where it would not fit.
 *
 * <p>The counterexample is drawn as the thread drew its races: one column per CPU, time flowing
 * down, each primitive under its kernel function, ending in a {@code *WHOOPSIE*} line in the column
 * of the CPU that broke the contract and, under the drawing, the contract and why. Only kernel
 * names appear: no step numbers, no choices of the model, no implied fence of a fully ordered RMW
 * drawn as a line of its own, and the model's bookkeeping words (its pending-IPI and CPU-mode
 * words) told in kernel terms; thread-flag bits are named ({@code TIF_PATCH_PENDING}). Under {@code
 * tso} or {@code lkmm} the counterexample's litmus test follows, when the report carries one
 * ({@link CheckResult#litmus()}); last comes the {@code klpct} command line that reproduces it.
 * When no contract is violated, the mail says so in a few lines, with the command.
 *
 * <p>Pure function of the report.
 */
public final class MailReport {
  /** The widest line of a mail, in columns. */
  public static final int WIDTH = 80;

  private static final int MARGIN = 2;

  private MailReport() {}

  /** Whether {@code report} has a mail form: a check. */
  public static boolean supports(Report report) {
    return report instanceof CheckResult;
  }

  /**
   * The mail form of {@code report}.
   *
   * @throws IllegalArgumentException for a report without one (see {@link #supports})
   */
  public static String print(Report report) {
    if (report instanceof CheckResult c) {
      return check(c);
    }
    throw new IllegalArgumentException(
        "no mail form for " + report.getClass().getSimpleName() + " (text or json)");
  }

  static String check(CheckResult c) {
    StrategyResult x = c.result();
    CheckReport r = x.report();
    String model = modelName(r.memoryModel());
    StringBuilder b = new StringBuilder();
    Optional<PropertyVerdict> first = c.firstViolated();
    List<String> violated = new ArrayList<>();
    List<String> undecided = new ArrayList<>();
    for (PropertyVerdict v : c.shown()) {
      if (v.verdict() == Verdict.VIOLATED) {
        violated.add(v.property());
      } else if (v.verdict() == Verdict.INCONCLUSIVE) {
        undecided.add(v.property());
      }
    }
    String who = x.strategy() + weakened(c);
    if (first.isPresent()) {
      paragraph(
          b,
          "klpct finds that "
              + who
              + " breaks "
              + String.join(", ", violated)
              + " under "
              + model
              + ".");
    } else if (undecided.isEmpty()) {
      paragraph(
          b,
          "klpct checked "
              + who
              + " under "
              + model
              + " exhaustively within the scenario's bounds: every contract checked holds ("
              + String.join(", ", c.shown().stream().map(PropertyVerdict::property).toList())
              + String.format(Locale.ROOT, "; %,d states).", r.stats().states()));
    } else {
      paragraph(
          b,
          "klpct finds no violation of "
              + x.strategy()
              + weakened(c)
              + " under "
              + model
              + ", but cannot say that "
              + String.join(", ", undecided)
              + " hold"
              + (undecided.size() == 1 ? "s" : "")
              + ": "
              + (r.undecidedByLoadBuffering()
                  ? "the executions read and then store where the LKMM need not order them, which"
                      + " klpct's kernel model orders (its load-buffering guard)."
                  : String.format(
                      Locale.ROOT,
                      "the search was cut short (%s after %,d states).",
                      r.stats().stopReason(),
                      r.stats().states())));
    }
    if (!x.description().isEmpty()) {
      b.append('\n');
      paragraph(b, x.strategy() + ": " + x.description());
    }
    if (first.isPresent()) {
      PropertyVerdict v = first.get();
      Counterexample cx = v.counterexample().orElseThrow();
      b.append('\n');
      paragraph(b, v.property() + ": " + v.statement());
      b.append('\n');
      b.append(diagram(cx.events(), x.cpuNames()));
      b.append('\n');
      paragraph(b, "*WHOOPSIE*: " + cx.why());
      List<String> others = new ArrayList<>(violated.subList(1, violated.size()));
      if (!others.isEmpty()) {
        b.append('\n');
        paragraph(
            b,
            "Also broken: "
                + String.join(", ", others)
                + " (klpct check --contract NAME draws each).");
      }
      if (c.litmus().isPresent()) {
        b.append('\n');
        paragraph(
            b,
            "The reordering as a litmus test for the kernel's memory model (herd7 and klpct"
                + " litmus: Sometimes):");
        b.append('\n');
        b.append(litmus(c.litmus().get().source()));
      }
    }
    b.append('\n');
    b.append("Reproduce with:\n\n");
    b.append(command(c.command()));
    return b.toString();
  }

  /** The model as the sentence names it. */
  private static String modelName(MemoryModel m) {
    return switch (m) {
      case SC -> "sequential consistency";
      case TSO -> "x86-TSO";
      case LKMM -> "the Linux-kernel memory model";
    };
  }

  /** ", with smp_rmb() [Z1] in klp_update_patch_state() removed" for {@code --weaken}. */
  private static String weakened(CheckResult c) {
    List<String> sites = new ArrayList<>();
    for (String o : c.options()) {
      if (o.startsWith("--weaken ")) {
        String site = unquote(o.substring("--weaken ".length()));
        int colon = site.indexOf(": ");
        sites.add(
            colon < 0
                ? "the ordering in " + site + "()"
                : site.substring(colon + 2) + " in " + site.substring(0, colon) + "()");
      }
    }
    return sites.isEmpty() ? "" : " (with " + String.join(" and ", sites) + " removed)";
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("'") && s.endsWith("'")
        ? s.substring(1, s.length() - 1).replace("'\\''", "'")
        : s;
  }

  // ---------------------------------------------------------------------------------------
  // the drawing

  /**
   * {@code events} as CPU columns, at most {@link #WIDTH} columns wide: no step numbers, one
   * primitive per line under its kernel function, up to the first contract violation, which is
   * drawn as {@code *WHOOPSIE*} in its CPU's column.
   */
  static String diagram(List<TraceEvent> events, List<String> cpuNames) {
    int cpus = Math.max(1, cpuNames.size());
    int column = (WIDTH - MARGIN) / cpus;
    StringBuilder out = new StringBuilder();
    StringBuilder header = new StringBuilder();
    for (int c = 0; c < cpus; c++) {
      String name = c < cpuNames.size() ? cpuNames.get(c) : "CPU" + c;
      // a long program name keeps only its CPU
      String shown =
          name.length() <= available(c, cpus, column)
              ? name
              : name.substring(0, name.indexOf(' ') < 0 ? name.length() : name.indexOf(' '));
      header.append(" ".repeat(Math.max(0, start(c, column) - header.length()))).append(shown);
    }
    out.append(header.toString().stripTrailing()).append("\n\n");
    String[] lastFunction = new String[cpus];
    for (TraceEvent e : events) {
      int c = e.cpu();
      if (c < 0 || c >= cpus) {
        continue;
      }
      List<String> lines = new ArrayList<>();
      int avail = available(c, cpus, column);
      if (e.kind() == TraceEvent.Kind.VIOLATION) {
        lines.add("*WHOOPSIE*");
        emit(out, lines, c, column);
        break; // the rest of the step happens after the contract broke
      }
      String text = kernelText(e);
      if (text == null) {
        continue;
      }
      if (e.kind() == TraceEvent.Kind.PRIMITIVE || e.kind() == TraceEvent.Kind.FENCE) {
        if (!e.function().equals(lastFunction[c])) {
          lines.addAll(wrap(function(e.function()), avail, "    "));
          lastFunction[c] = e.function();
        }
        lines.addAll(wrap("  " + text, avail, "    "));
      } else {
        lastFunction[c] = null;
        lines.addAll(wrap(text, avail, "   "));
      }
      emit(out, lines, c, column);
    }
    return out.toString();
  }

  private static int start(int cpu, int column) {
    return MARGIN + cpu * column;
  }

  /** The columns a CPU's lines may take: up to the next column, or to the margin for the last. */
  private static int available(int cpu, int cpus, int column) {
    return cpu == cpus - 1 ? WIDTH - start(cpu, column) : column - 1;
  }

  private static void emit(StringBuilder out, List<String> lines, int cpu, int column) {
    for (String l : lines) {
      out.append(" ".repeat(start(cpu, column))).append(l).append('\n');
    }
  }

  private static String function(String f) {
    return f.contains(" ") ? "<" + f + ">" : f + "()";
  }

  private static final Pattern BITOP =
      Pattern.compile(
          "\\b(set_bit|clear_bit|test_bit|test_and_set_bit|test_and_clear_bit)\\((\\d+), ([^,()]+->flags)\\)");
  private static final Pattern CPU_WORD = Pattern.compile("cpu(\\d+)\\.(pending_ipi|mode|\\w+)");
  private static final Pattern WAIT =
      Pattern.compile("wait until cpu(\\d+)\\.(pending_ipi|mode) == 0 \\(.*\\)");

  /**
   * An event's line in kernel terms, or null to leave it out: the model's choices and the full
   * fence a fully ordered RMW implies (the RMW's name says it is fully ordered), and lines about
   * the model's own bookkeeping.
   */
  static @Nullable String kernelText(TraceEvent e) {
    String t = e.text();
    if (t.startsWith("choose alternative ")
        || (e.kind() == TraceEvent.Kind.FENCE
            && e.access().isEmpty()
            && t.contains("the RMW's full ordering"))
        || t.contains("ghost.")) {
      return null;
    }
    t = t.replace(" (removed: ablation)", " (removed)");
    Matcher bit = BITOP.matcher(t);
    StringBuilder sb = new StringBuilder();
    while (bit.find()) {
      bit.appendReplacement(
          sb,
          Matcher.quoteReplacement(
              bit.group(1)
                  + "("
                  + tif(Integer.parseInt(bit.group(2)))
                  + ", "
                  + bit.group(3)
                  + ")"));
    }
    bit.appendTail(sb);
    t = sb.toString();
    Matcher w = WAIT.matcher(t);
    if (w.matches()) {
      return w.group(2).equals("mode")
          ? "<CPU" + w.group(1) + " in user mode>"
          : "<no IPI pending on CPU" + w.group(1) + ">";
    }
    Optional<TraceEvent.Access> a = e.access();
    if (a.isPresent() && a.get().location().matches("cpu\\d+\\.pending_ipi")) {
      String cpu = a.get().location().substring(3, a.get().location().indexOf('.'));
      return switch (a.get().op()) {
        case LOAD -> a.get().found() == 0 ? "<no IPI pending>" : "<IPI pending>";
        case STORE, RMW ->
            a.get().primitive().equals("atomic_andnot")
                ? "<IPI handled>"
                : "<IPI to CPU" + cpu + ">";
        case FENCE -> t;
      };
    }
    Matcher m = CPU_WORD.matcher(t);
    sb = new StringBuilder();
    while (m.find()) {
      String what =
          switch (m.group(2)) {
            case "pending_ipi" -> "pending IPIs";
            case "mode" -> "user/kernel mode";
            case "rcu_reader" -> "RCU read-side state";
            default -> m.group(2);
          };
      m.appendReplacement(sb, Matcher.quoteReplacement("CPU" + m.group(1) + "'s " + what));
    }
    m.appendTail(sb);
    t = sb.toString();
    return switch (e.kind()) {
      case PRIMITIVE, FENCE -> t;
      case NOTE -> "// " + t;
      case VIOLATION -> "*WHOOPSIE* " + t;
      case ERROR -> "BUG: " + t;
    };
  }

  private static String tif(int bit) {
    return switch (bit) {
      case Klp.TIF_PATCH_PENDING -> "TIF_PATCH_PENDING";
      case Klp.TIF_NOTIFY_SIGNAL -> "TIF_NOTIFY_SIGNAL";
      case Klp.TIF_NEED_RESCHED -> "TIF_NEED_RESCHED";
      default -> Integer.toString(bit);
    };
  }

  // ---------------------------------------------------------------------------------------
  // text, litmus test and command line, each within the width

  /** {@code text} wrapped to the width, then an empty line's worth of nothing (one newline). */
  private static void paragraph(StringBuilder b, String text) {
    for (String l : wrap(text, WIDTH, "")) {
      b.append(l).append('\n');
    }
  }

  /**
   * {@code text} in lines of at most {@code width} columns, broken at spaces, each line after the
   * first prefixed by {@code indent} plus the text's own leading spaces; a word wider than a line
   * is broken where it must be.
   */
  static List<String> wrap(String text, int width, String indent) {
    List<String> out = new ArrayList<>();
    int lead = text.length() - text.stripLeading().length();
    String cont = " ".repeat(lead) + indent;
    if (cont.length() > width / 2) {
      cont = cont.substring(0, width / 2);
    }
    String line = text;
    while (line.length() > width) {
      int cut = line.lastIndexOf(' ', width);
      int floor = out.isEmpty() ? lead : cont.length();
      if (cut <= floor) {
        cut = width; // no space to break at: break the word
      }
      out.add(line.substring(0, cut).stripTrailing());
      line = cont + line.substring(cut).stripLeading();
    }
    out.add(line);
    return out;
  }

  /** Columns {@code line} takes on a screen, with tab stops every 8 columns. */
  public static int columns(String line) {
    int col = 0;
    for (int i = 0; i < line.length(); i++) {
      col = line.charAt(i) == '\t' ? (col / 8 + 1) * 8 : col + 1;
    }
    return col;
  }

  /**
   * A litmus test with every line within the width: a name too long for its line shortened to the
   * annotations that fit (herd7 reads any name), comment lines wrapped inside the comment, and a
   * longer line of code broken after a comma or before {@code /\} (the C dialect does not care
   * where lines end).
   */
  static String litmus(String source) {
    StringBuilder b = new StringBuilder();
    boolean comment = false;
    String[] lines = source.split("\n", -1);
    if (lines.length > 0 && lines[0].startsWith("C ") && columns(lines[0]) > WIDTH) {
      // The name must stay on the first line: keep its shape and the annotations that fit.
      String name = lines[0].substring(2);
      int cut = name.lastIndexOf('+', WIDTH - 2);
      lines[0] = "C " + (cut > 0 ? name.substring(0, cut) : name.substring(0, WIDTH - 2));
    }
    for (String line : lines) {
      if (line.equals("(*")) {
        comment = true;
      } else if (line.equals(" *)")) {
        comment = false;
      }
      if (columns(line) <= WIDTH) {
        b.append(line).append('\n');
      } else if (comment && line.startsWith(" * ")) {
        for (String l : wrap(line.substring(3), WIDTH - 3, "  ")) {
          b.append(" * ").append(l).append('\n');
        }
      } else {
        for (String l : breakCode(line)) {
          b.append(l).append('\n');
        }
      }
    }
    String s = b.toString();
    return s.endsWith("\n\n") ? s.substring(0, s.length() - 1) : s;
  }

  private static List<String> breakCode(String line) {
    List<String> out = new ArrayList<>();
    String rest = line;
    String cont = "\t";
    while (columns(rest) > WIDTH) {
      int cut = -1;
      for (int i = rest.length() - 1; i > 0; i--) {
        boolean after = rest.charAt(i - 1) == ',' && rest.charAt(i) == ' ';
        boolean before = rest.startsWith(" /\\", i);
        if ((after || before) && columns(rest.substring(0, i)) <= WIDTH) {
          cut = i;
          break;
        }
      }
      if (cut < 0) {
        break; // nothing to break at: leave it (a test has no such line)
      }
      out.add(rest.substring(0, cut));
      rest = cont + rest.substring(cut).stripLeading();
    }
    out.add(rest);
    return out;
  }

  /**
   * A command line in lines of at most the width, continued with a backslash: broken between
   * options, and inside a quoted argument too wide for a line by closing the quote and opening it
   * again at the start of the next line (the shell joins the two).
   */
  static String command(String command) {
    List<String> units = Splitter.onPattern(" (?=--)").splitToList(command);
    List<String> lines = new ArrayList<>();
    List<Boolean> inWord = new ArrayList<>(); // a line that ends inside an argument
    StringBuilder line = new StringBuilder("  ");
    String cont = "      ";
    int max = WIDTH - 2; // room for " \\"
    for (String u : units) {
      boolean empty = line.toString().isBlank();
      if (!empty && line.length() + 1 + u.length() > max) {
        lines.add(line.toString());
        inWord.add(false);
        line = new StringBuilder(cont);
        empty = true;
      }
      String piece = (empty ? "" : " ") + u;
      while (line.length() + piece.length() > max && piece.contains("'")) {
        // too wide even alone: split inside the quotes, the next line starting in column 0
        int room = max - line.length() - 1;
        int quote = piece.indexOf('\'');
        if (room <= quote + 1) {
          break;
        }
        lines.add(line + piece.substring(0, room) + "'");
        inWord.add(true);
        line = new StringBuilder();
        piece = "'" + piece.substring(room);
      }
      line.append(piece);
    }
    lines.add(line.toString());
    inWord.add(false);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String end = i == lines.size() - 1 ? "" : inWord.get(i) ? "\\" : " \\";
      b.append(lines.get(i)).append(end).append('\n');
    }
    return b.toString();
  }
}
