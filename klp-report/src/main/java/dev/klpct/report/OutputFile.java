package dev.klpct.report;

import dev.klpct.checker.trace.AtomicFile;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Files klpct writes (reports, trace files): checked before a run, so that an hour of checking is
 * not lost to a typo in a path, and written atomically, so that a full disk, a crash or an
 * interrupt never leaves a truncated file or destroys the previous one. The text goes to a
 * temporary file in the same folder, which is flushed to the disk and then renamed over the target.
 *
 * <p>Problems are {@link IllegalArgumentException}s whose message names the file and the reason in
 * words ({@code cannot write --report out/r.html: its folder does not exist}), never an exception
 * class name.
 */
public final class OutputFile {
  private OutputFile() {}

  /**
   * Checks that {@code file} can be written, by creating and deleting a temporary file next to it.
   *
   * @param what names the file in the message, e.g. {@code --report}
   * @throws IllegalArgumentException {@code cannot write WHAT FILE: REASON}
   */
  public static void checkWritable(Path file, String what) {
    Path dir = folder(file, what);
    try {
      Files.delete(Files.createTempFile(dir, "." + name(file) + ".", ".tmp"));
    } catch (IOException e) {
      throw cannot(file, what, reason(e));
    }
  }

  /**
   * Writes {@code text} to {@code file} in UTF-8, atomically: either the whole new text is there
   * afterwards, or the file is as it was.
   *
   * @param what names the file in the message, e.g. {@code --save-trace}
   * @throws IllegalArgumentException {@code cannot write WHAT FILE: REASON}
   */
  public static void write(Path file, String text, String what) {
    folder(file, what);
    try {
      AtomicFile.write(file, text);
    } catch (IOException e) {
      throw cannot(file, what, reason(e));
    }
  }

  /** The folder {@code file} goes into, which must exist; {@code file} must not be a folder. */
  private static Path folder(Path file, String what) {
    if (file.toString().isEmpty()) {
      throw new IllegalArgumentException(
          (what.isEmpty() ? "the output file" : what) + " needs a file name");
    }
    if (Files.isDirectory(file)) {
      throw cannot(file, what, "it is a folder");
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || file.getFileName() == null) {
      throw cannot(file, what, "it is not a file name");
    }
    if (!Files.exists(dir)) {
      throw cannot(file, what, "its folder does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw cannot(file, what, dir + " is not a folder");
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw cannot(file, what, "permission denied (the file is read-only)");
    }
    return dir;
  }

  private static String name(Path file) {
    Path n = file.getFileName();
    return n == null ? "klpct" : n.toString();
  }

  private static IllegalArgumentException cannot(Path file, String what, String reason) {
    return new IllegalArgumentException(
        "cannot write " + (what.isEmpty() ? "" : what + " ") + file + ": " + reason);
  }

  /**
   * An I/O problem in words: {@code no such file}, {@code permission denied}, {@code no space left
   * on device}, {@code read-only file system}...: the operating system's reason, without the
   * exception's class name.
   */
  public static String reason(IOException e) {
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "a part of the path is not a folder";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      String r = f.getReason();
      return r.equals("Is a directory")
          ? "it is a folder"
          : r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return "input/output error";
    }
    return m.equals("Is a directory") ? "it is a folder" : m;
  }
}
