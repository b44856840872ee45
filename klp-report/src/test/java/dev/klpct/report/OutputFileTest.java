package dev.klpct.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {
  private static long files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void writeReplacesTheFileWholeAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("r.json");
    Files.writeString(f, "x".repeat(100_000));
    OutputFile.write(f, "{}\n", "--output");
    assertThat(Files.readString(f)).isEqualTo("{}\n");
    assertThat(files(dir)).isEqualTo(1);
  }

  @Test
  void aFileThatCannotBeWrittenIsNamedWithTheReasonInWords(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("plain"), "keep");
    Files.createDirectory(dir.resolve("folder"));
    assertThatThrownBy(() -> OutputFile.checkWritable(dir.resolve("folder"), "--report"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot write --report " + dir.resolve("folder") + ": it is a folder");
    assertThatThrownBy(() -> OutputFile.write(dir.resolve("no/r.html"), "x", "--report"))
        .hasMessage(
            "cannot write --report " + dir.resolve("no/r.html") + ": its folder does not exist");
    assertThatThrownBy(() -> OutputFile.write(dir.resolve("plain/r.html"), "x", "--report"))
        .hasMessage(
            "cannot write --report "
                + dir.resolve("plain/r.html")
                + ": "
                + dir.resolve("plain")
                + " is not a folder");
    assertThatThrownBy(() -> OutputFile.checkWritable(Path.of(""), "--save-trace"))
        .hasMessage("--save-trace needs a file name");
    assertThat(Files.readString(dir.resolve("plain"))).isEqualTo("keep");
    assertThat(files(dir)).isEqualTo(2);
  }

  @Test
  void ioProblemsReadAsWords() {
    assertThat(OutputFile.reason(new NoSuchFileException("/x")))
        .isEqualTo("no such file or folder");
    assertThat(OutputFile.reason(new AccessDeniedException("/x"))).isEqualTo("permission denied");
    assertThat(OutputFile.reason(new FileSystemException("/x", null, "No space left on device")))
        .isEqualTo("no space left on device");
    assertThat(OutputFile.reason(new FileSystemException("/x", null, "Read-only file system")))
        .isEqualTo("read-only file system");
    assertThat(OutputFile.reason(new IOException("Is a directory"))).isEqualTo("it is a folder");
    assertThat(OutputFile.reason(new MalformedInputException(1))).isEqualTo("not UTF-8 text");
  }
}
