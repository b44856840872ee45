package dev.klpct.checker.trace;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A saved counterexample: a few header lines ({@code key value}) saying how to rebuild the machine,
 * and the schedule. The format is line based, so a trace can be pasted into a mail:
 *
 * <pre>
 * # klpct trace 1
 * strategy v1
 * options --nohz-cpus 1 --episodes 1 ...
 * property consistency
 * steps 0 0 1 1:0 0 ...
 * </pre>
 *
 * A step is the CPU that moved, with {@code :n} when it took alternative n of a choice, or {@code
 * :flush} when its store buffer made its oldest store visible (TSO). Malformed files are rejected
 * with the line number and what was expected.
 */
public record TraceFile(ImmutableMap<String, String> header, ImmutableList<Step> steps) {
  public static final String MAGIC = "# klpct trace 1";

  /** A trace file that cannot be read. */
  public static final class MalformedTraceException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedTraceException(String message) {
      super(message);
    }
  }

  public String format() {
    StringBuilder b = new StringBuilder(MAGIC).append('\n');
    header.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
    b.append("steps");
    int n = 0;
    for (Step s : steps) {
      b.append(n > 0 && n % 32 == 0 ? "\nsteps" : "").append(' ').append(s.cpu());
      if (s.choice() >= 0) {
        b.append(':').append(s.choice());
      } else if (s.choice() == Step.FLUSH) {
        b.append(":flush");
      }
      n++;
    }
    return b.append('\n').toString();
  }

  /** Writes {@link #format()} to {@code file} atomically ({@link AtomicFile}). */
  public void write(Path file) throws IOException {
    AtomicFile.write(file, format());
  }

  public static TraceFile read(Path file) throws IOException, MalformedTraceException {
    return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  public static TraceFile parse(String name, String text) throws MalformedTraceException {
    List<String> lines = text.lines().toList();
    if (lines.isEmpty() || !lines.get(0).strip().equals(MAGIC)) {
      throw new MalformedTraceException(
          name + ":1: expected '" + MAGIC + "' (not a klpct trace file)");
    }
    Map<String, String> header = new LinkedHashMap<>();
    ImmutableList.Builder<Step> steps = ImmutableList.builder();
    boolean anyStep = false;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int sp = line.indexOf(' ');
      String key = sp < 0 ? line : line.substring(0, sp);
      String value = sp < 0 ? "" : line.substring(sp + 1).strip();
      if (!key.matches("[a-z][a-z-]*")) {
        throw new MalformedTraceException(
            name + ":" + (i + 1) + ": expected 'key value', got '" + line + "'");
      }
      if (key.equals("steps")) {
        anyStep = true; // a counterexample may have no step (violated in the initial state)
        for (String tok : Splitter.onPattern("\\s+").split(value)) {
          if (tok.isEmpty()) {
            continue;
          }
          steps.add(step(name, i + 1, tok));
        }
      } else if (header.put(key, value) != null) {
        throw new MalformedTraceException(name + ":" + (i + 1) + ": duplicate key '" + key + "'");
      }
    }
    if (!anyStep) {
      throw new MalformedTraceException(name + ": no 'steps' line");
    }
    return new TraceFile(ImmutableMap.copyOf(header), steps.build());
  }

  private static Step step(String name, int line, String tok) throws MalformedTraceException {
    try {
      int colon = tok.indexOf(':');
      int cpu = Integer.parseInt(colon < 0 ? tok : tok.substring(0, colon));
      String alt = colon < 0 ? null : tok.substring(colon + 1);
      int choice = alt == null ? -1 : alt.equals("flush") ? Step.FLUSH : Integer.parseInt(alt);
      if (cpu < 0
          || cpu > 63
          || choice > 253
          || (alt != null && choice < 0 && !alt.equals("flush"))) {
        throw new NumberFormatException();
      }
      return new Step(cpu, choice);
    } catch (NumberFormatException e) {
      throw new MalformedTraceException(
          name
              + ":"
              + line
              + ": bad step '"
              + tok
              + "' (expected CPU, CPU:choice or CPU:flush, e.g. 1, 1:0 or 0:flush)");
    }
  }
}
