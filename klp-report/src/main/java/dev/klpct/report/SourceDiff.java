package dev.klpct.report;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.klpct.checker.Edit;
import dev.klpct.checker.repair.Repair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a repair's edit goes in the Java source of the code that runs it: a unified diff hunk
 * ({@code diff -u}, paths from the repository root, so {@code patch -p1} applies it), or why there
 * is none.
 *
 * <p><b>How an edit finds its line.</b> The checker records, with every access it traces, the Java
 * line that called the primitive ({@link dev.klpct.checker.trace.TraceEvent.Access#source()}, a
 * {@link StackWalker} frame taken while the trace is recorded); a repair's change keeps the line of
 * the call its counterexample executed ({@link Repair.Change#source()}). The source file is looked
 * up by the frame's class under the source folders of a klpct checkout or of a user's project
 * ({@link #ROOTS}, from the working directory or its parent).
 *
 * <p><b>Never a wrong diff.</b> There is none when the file is not on disk (klpct run from a jar, a
 * strategy on a user's classpath), when that line does not call the primitive exactly once (the
 * source changed since it was compiled), when a fence would have to go inside an expression (the
 * value must first be held in a variable: only the condition of an {@code if} is rewritten so), or
 * when kernel-api's {@code Kernel} has no method for the ordered form. The kernel-level edit is
 * always printed; the model applies the edit to every call of the primitive at that site on that
 * location, of which the hunk shows the one the counterexample executed.
 *
 * @param diff the hunk, with its {@code ---}/{@code +++} header
 * @param unavailable why there is no hunk ({@code ""} when there is one)
 */
public record SourceDiff(Optional<String> diff, String unavailable) {
  public SourceDiff {
    requireNonNull(diff);
    requireNonNull(unavailable);
  }

  /** The source folders searched, relative to the working directory or its parent. */
  public static final ImmutableList<String> ROOTS =
      ImmutableList.of(
          "strategies/src/main/java",
          "klp-core/src/main/java",
          "ct-core/src/main/java",
          "src/main/java");

  private static final int CONTEXT = 3;

  private static SourceDiff none(String why) {
    return new SourceDiff(Optional.empty(), why);
  }

  /** The hunk of {@code change}, with sources looked up under {@code bases} ({@link #ROOTS}). */
  public static SourceDiff of(Repair.Change change, List<Path> bases) {
    if (change.source().isEmpty()) {
      return none("no Java line was recorded for the call");
    }
    StackTraceElement frame = change.source().get();
    String file = frame.getFileName();
    int number = frame.getLineNumber();
    if (file == null || number <= 0) {
      return none(frame.getClassName() + " was compiled without line numbers");
    }
    String cls = frame.getClassName();
    int dot = cls.lastIndexOf('.');
    String rel = (dot < 0 ? "" : cls.substring(0, dot).replace('.', '/') + "/") + file;
    Path found = null;
    String shown = "";
    for (Path base : bases) {
      for (String root : ROOTS) {
        Path p = base.resolve(root).resolve(rel);
        if (found == null && Files.isRegularFile(p)) {
          found = p;
          shown = root + "/" + rel;
        }
      }
    }
    if (found == null) {
      return none("the source " + rel + " is not on disk here (klpct run from a jar?)");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(found);
    } catch (IOException e) {
      return none("cannot read " + shown + ": " + OutputFile.reason(e));
    }
    String where = file + ":" + number;
    Edit edit = change.edit();
    String prim = edit.primitive();
    String call = "." + prim + "(";
    String line = number <= lines.size() ? lines.get(number - 1) : "";
    int at = line.indexOf(call);
    if (at < 0 || line.indexOf(call, at + 1) >= 0) {
      return none(where + " does not call " + prim + "() once (changed since it was compiled?)");
    }
    Matcher recv = Pattern.compile("(\\w+)$").matcher(line.substring(0, at));
    if (!recv.find()) {
      return none(where + ": the kernel the call is made on is not a variable");
    }
    String k = recv.group(1);
    int open = at + call.length() - 1;
    int close = closing(line, open);
    if (close < 0) {
      return none(where + ": the call spans lines");
    }
    List<String> args = arguments(line.substring(open + 1, close));
    String site = args.get(args.size() - 1).strip();
    String indent = line.substring(0, line.length() - line.stripLeading().length());
    String callStart = line.substring(0, at - k.length()).strip();
    String after = line.substring(close + 1).strip();
    List<String> now = new ArrayList<>();
    String fence = edit.kind().fence();
    if (fence != null) {
      String inserted = indent + k + "." + fence + "(" + site + ");";
      boolean statement =
          after.equals(";")
              && (callStart.isEmpty() || callStart.matches("((final )?\\w+ )?\\w+ ="));
      Matcher cond = Pattern.compile("if \\((!?)$").matcher(callStart);
      if (statement) {
        now.add(line);
        now.add(inserted);
      } else if (cond.matches() && after.equals(") {")) {
        String v = variable(lines);
        now.add(indent + "boolean " + v + " = " + line.substring(at - k.length(), close + 1) + ";");
        now.add(inserted);
        now.add(indent + "if (" + cond.group(1) + v + ") {");
      } else {
        return none(
            where
                + ": the call is part of a larger expression; the fence after it needs its value"
                + " held in a variable first");
      }
    } else {
      String to =
          prim.equals("READ_ONCE") && edit.kind() == Edit.Kind.ACQUIRE
              ? "smp_load_acquire"
              : prim.equals("WRITE_ONCE") && edit.kind() == Edit.Kind.RELEASE
                  ? "smp_store_release"
                  : "";
      if (to.isEmpty()) {
        return none(
            "kernel-api's Kernel has no "
                + edit.kind().name().toLowerCase(Locale.ROOT)
                + " form of "
                + prim
                + "()");
      }
      now.add(line.substring(0, at + 1) + to + line.substring(at + 1 + prim.length()));
    }
    return new SourceDiff(Optional.of(hunk(shown, lines, number, now)), "");
  }

  /** A name for the value of an {@code if} condition that the file does not use yet. */
  private static String variable(List<String> lines) {
    for (String v : List.of("set", "pending", "bit", "ret")) {
      Pattern word = Pattern.compile("\\b" + v + "\\b");
      if (lines.stream().noneMatch(l -> word.matcher(l).find())) {
        return v;
      }
    }
    return "klpctValue";
  }

  /** The index of the parenthesis closing the one at {@code open}, or -1 on this line. */
  private static int closing(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The top-level arguments of a call's argument text. */
  private static List<String> arguments(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(from, i));
        from = i + 1;
      }
    }
    out.add(s.substring(from));
    return out;
  }

  /** Line {@code number} replaced by {@code now}, with three lines of context each side. */
  private static String hunk(String path, List<String> lines, int number, List<String> now) {
    int from = Math.max(1, number - CONTEXT);
    int to = Math.min(lines.size(), number + CONTEXT);
    boolean keeps = now.get(0).equals(lines.get(number - 1));
    StringBuilder b = new StringBuilder();
    b.append("--- a/").append(path).append('\n');
    b.append("+++ b/").append(path).append('\n');
    int oldCount = to - from + 1;
    int newCount = oldCount - 1 + now.size();
    b.append("@@ -")
        .append(from)
        .append(',')
        .append(oldCount)
        .append(" +")
        .append(from)
        .append(',')
        .append(newCount)
        .append(" @@\n");
    for (int i = from; i <= to; i++) {
      String l = lines.get(i - 1);
      if (i != number) {
        b.append(' ').append(l).append('\n');
      } else if (keeps) {
        b.append(' ').append(l).append('\n');
        for (String n : now.subList(1, now.size())) {
          b.append('+').append(n).append('\n');
        }
      } else {
        b.append('-').append(l).append('\n');
        for (String n : now) {
          b.append('+').append(n).append('\n');
        }
      }
    }
    return b.toString();
  }

  /** The working directory and its parent: where a checkout's or a project's sources are. */
  public static ImmutableList<Path> bases() {
    Path cwd = Path.of("").toAbsolutePath();
    return cwd.getParent() == null ? ImmutableList.of(cwd) : ImmutableList.of(cwd, cwd.getParent());
  }
}
