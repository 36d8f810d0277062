package dev.cleanroom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs one {@code openssl} command as a subprocess and returns its standard output. */
public final class OpenSslProcess {
  private OpenSslProcess() {}

  /**
   * The standard output of {@code command}, or empty when there is no {@code openssl} on the path.
   *
   * @param expectedSeconds how long the command should run; it is given ten times that, plus a minute
   * @throws IOException if the command runs but fails or does not finish
   */
  public static Optional<String> run(List<String> command, int expectedSeconds, Path scratch)
      throws IOException, InterruptedException {
    Path errors = Files.createTempFile(scratch, "openssl-speed", ".err");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    } catch (IOException e) {
      // ProcessBuilder reports a missing executable as an IOException at start.
      return Optional.empty();
    }
    process.getOutputStream().close();
    String output;
    try (InputStream out = process.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(10L * expectedSeconds + 60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + process.exitValue()
          + ": " + Files.readString(errors, StandardCharsets.UTF_8).strip());
    }
    return Optional.of(output);
  }
}
