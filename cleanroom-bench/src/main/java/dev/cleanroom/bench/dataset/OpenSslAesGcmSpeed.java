package dev.cleanroom.bench.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSSL's own AES-256-GCM rate on this machine, from {@code openssl speed -evp aes-256-gcm -bytes
 * B -seconds S [-decrypt]} run as a subprocess: one thread, one EVP call of {@code B} bytes at a
 * time, each with its own tag.
 *
 * @param version the {@code version:} line of the output, such as {@code 3.0.19}, or {@code
 *     unknown}
 * @param blockBytes the bytes per call ({@code -bytes})
 * @param bytesPerSecond plaintext bytes processed per second
 */
public record OpenSslAesGcmSpeed(String version, int blockBytes, double bytesPerSecond) {
  /** The result row: the cipher's name, then one rate per block size in thousands of bytes/s. */
  private static final Pattern RATE_LINE =
      Pattern.compile("^\\s*(?:AES-256-GCM|aes-256-gcm)\\s+([0-9.]+)k\\s*$");
  private static final Pattern SIZE_LINE = Pattern.compile("^\\s*type\\s+([0-9]+)\\s+bytes\\s*$");
  private static final Pattern VERSION_LINE =
      Pattern.compile("^\\s*(?:version:\\s*|OpenSSL\\s+)(\\S+).*$");

  /**
   * Runs {@code openssl speed} for {@code seconds} on blocks of {@code blockBytes}, encrypting or
   * decrypting, and parses its output. Empty if there is no {@code openssl} on the path.
   *
   * @throws IOException if openssl runs but fails or prints no AES-256-GCM result
   */
  public static Optional<OpenSslAesGcmSpeed> run(int blockBytes, int seconds, boolean decrypt,
      Path scratch) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl", "speed", "-evp", "aes-256-gcm",
        "-bytes", Integer.toString(blockBytes), "-seconds", Integer.toString(seconds)));
    if (decrypt) {
      command.add("-decrypt");
    }
    Optional<String> output = dev.cleanroom.bench.OpenSslProcess.run(command, seconds, scratch);
    if (output.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parse(output.get()));
  }

  /**
   * Reads the AES-256-GCM row, its block size and the version from the standard output of {@code
   * openssl speed -evp aes-256-gcm -bytes B}. OpenSSL prints rates in thousands of bytes per second.
   *
   * @throws IOException if the output has not exactly one block size and one AES-256-GCM rate
   */
  public static OpenSslAesGcmSpeed parse(String output) throws IOException {
    String version = "unknown";
    List<Integer> sizes = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    for (String line : output.split("\\R")) {
      Matcher versionMatch = VERSION_LINE.matcher(line);
      if (version.equals("unknown") && versionMatch.matches()) {
        version = versionMatch.group(1);
      }
      Matcher size = SIZE_LINE.matcher(line);
      if (size.matches()) {
        sizes.add(Integer.parseInt(size.group(1)));
      }
      Matcher rate = RATE_LINE.matcher(line);
      if (rate.matches()) {
        rates.add(Double.parseDouble(rate.group(1)) * 1_000);
      }
    }
    if (sizes.size() != 1 || rates.size() != 1) {
      throw new IOException("expected one block size and one AES-256-GCM rate in the output of"
          + " openssl speed, found " + sizes.size() + " and " + rates.size() + ":\n" + output);
    }
    return new OpenSslAesGcmSpeed(version, sizes.get(0), rates.get(0));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "OpenSSL %s: %.1f MB/s on %d-byte blocks", version,
        bytesPerSecond / 1e6, blockBytes);
  }
}
