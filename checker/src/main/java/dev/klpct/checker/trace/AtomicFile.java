package dev.klpct.checker.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file klpct saves (a trace here, the command line's reports through klp-report's {@code
 * OutputFile}) atomically: the text goes to a temporary file in the same folder, which is flushed
 * to the disk and then renamed over the target, so that a full disk, a crash or an interrupt never
 * leaves a truncated file or destroys the previous one.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /**
   * Writes {@code text} to {@code file} in UTF-8: afterwards the file holds either the whole text
   * or what it held before. The temporary file is removed either way.
   */
  public static void write(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path name = file.getFileName();
    Path tmp =
        Files.createTempFile(dir, "." + (name == null ? "klpct" : name.toString()) + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // The temporary file stays behind, hidden; the error that matters is the one thrown above.
      }
    }
  }
}
