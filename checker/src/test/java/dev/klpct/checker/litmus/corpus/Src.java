package dev.klpct.checker.litmus.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the text of one litmus test: processes whose parameters and register declarations follow
 * from the statements added, an initial state, an optional {@code locations} clause and the final
 * clause.
 */
final class Src {
  /** One process under construction. */
  static final class Proc {
    final int index;
    final Set<String> params = new LinkedHashSet<>();
    final List<String> regs = new ArrayList<>();
    final Map<String, String> regTypes = new LinkedHashMap<>();
    final List<String> body = new ArrayList<>();
    int indent = 1;

    Proc(int index) {
      this.index = index;
    }

    /** A new register {@code rN} of type {@code int}. */
    String reg() {
      return reg("int");
    }

    /** A new register of the given type ({@code "int *"} for a pointer). */
    String reg(String type) {
      String r = "r" + regs.size();
      regs.add(r);
      regTypes.put(r, type);
      return r;
    }

    /** Uses location {@code loc}: it becomes a parameter. */
    String loc(String loc) {
      params.add(loc);
      return loc;
    }

    /** Adds a statement at the current indentation. */
    Proc line(String s) {
      body.add("\t".repeat(indent) + s);
      return this;
    }

    Proc open(String s) {
      line(s + " {");
      indent++;
      return this;
    }

    Proc close() {
      indent--;
      line("}");
      return this;
    }
  }

  final String name;
  final List<Proc> procs = new ArrayList<>();
  final List<String> init = new ArrayList<>();
  final Map<String, String> paramTypes = new LinkedHashMap<>();
  String comment = "";
  String locations = "";
  String filter = "";
  String clause = "exists (true)";

  Src(String name) {
    this.name = name;
  }

  Proc proc() {
    Proc p = new Proc(procs.size());
    procs.add(p);
    return p;
  }

  Src init(String s) {
    init.add(s);
    return this;
  }

  /** The type of a parameter, e.g. {@code "int *"} (default), {@code "spinlock_t *"}. */
  Src type(String loc, String type) {
    paramTypes.put(loc, type);
    return this;
  }

  Src exists(String body) {
    clause = "exists (" + body + ")";
    return this;
  }

  String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("C ").append(name).append("\n\n");
    if (!comment.isEmpty()) {
      sb.append("(*\n * ").append(comment.replace("\n", "\n * ")).append("\n *)\n\n");
    }
    sb.append("{");
    if (init.isEmpty()) {
      sb.append("}\n\n");
    } else {
      sb.append("\n");
      for (String i : init) {
        sb.append("\t").append(i).append(";\n");
      }
      sb.append("}\n\n");
    }
    for (Proc p : procs) {
      sb.append("P").append(p.index).append("(");
      boolean first = true;
      for (String l : p.params) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        String type = paramTypes.getOrDefault(l, "int *");
        sb.append(type).append(type.endsWith("*") ? "" : " ").append(l);
      }
      sb.append(")\n{\n");
      for (String r : p.regs) {
        String t = p.regTypes.get(r);
        sb.append("\t").append(t).append(t.endsWith("*") ? "" : " ").append(r).append(";\n");
      }
      if (!p.regs.isEmpty()) {
        sb.append("\n");
      }
      for (String s : p.body) {
        sb.append(s).append("\n");
      }
      sb.append("}\n\n");
    }
    if (!locations.isEmpty()) {
      sb.append("locations [").append(locations).append("]\n");
    }
    if (!filter.isEmpty()) {
      sb.append("filter (").append(filter).append(")\n");
    }
    sb.append(clause).append("\n");
    return sb.toString();
  }
}
