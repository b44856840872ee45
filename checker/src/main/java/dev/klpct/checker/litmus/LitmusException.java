package dev.klpct.checker.litmus;

/**
 * A litmus file that cannot be read: malformed, or using something this reader does not support.
 * The message is one line, {@code file:line:column: expected ...} or {@code file:line:column:
 * unsupported ...}.
 */
public final class LitmusException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;

  public LitmusException(String file, int line, int column, String problem) {
    super(file + ":" + line + ":" + column + ": " + problem);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  public String file() {
    return file;
  }

  /** 1-based line of the problem. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem. */
  public int column() {
    return column;
  }
}
