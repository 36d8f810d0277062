package dev.cleanroom.bench.signature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSSL's own Ed25519 rates on this machine, from {@code openssl speed -seconds S ed25519} run as
 * a subprocess: one thread, signing and verifying a 20-byte message through the EVP interface.
 *
 * @param version the {@code version:} line of the output, such as {@code 3.0.19}, or {@code
 *     unknown}
 * @param signsPerSecond signatures per second
 * @param verifiesPerSecond verifications per second
 */
public record OpenSslSpeed(String version, double signsPerSecond, double verifiesPerSecond) {
  private static final Pattern ED25519_LINE = Pattern.compile(
      "^\\s*\\d+\\s+bits\\s+EdDSA\\s+\\(Ed25519\\)\\s+\\S+s\\s+\\S+s\\s+([0-9.]+)\\s+([0-9.]+)\\s*$");
  private static final Pattern VERSION_LINE =
      Pattern.compile("^\\s*(?:version:\\s*|OpenSSL\\s+)(\\S+).*$");

  /**
   * Runs {@code openssl speed -seconds seconds ed25519} and parses its output. Empty if there is no
   * {@code openssl} on the path.
   *
   * @throws IOException if openssl runs but fails or prints no Ed25519 result
   */
  public static Optional<OpenSslSpeed> run(int seconds, Path scratch)
      throws IOException, InterruptedException {
    List<String> command = List.of("openssl", "speed", "-seconds", Integer.toString(seconds),
        "ed25519");
    Optional<String> output = dev.cleanroom.bench.OpenSslProcess.run(command, seconds, scratch);
    if (output.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parse(output.get()));
  }

  /**
   * Reads the Ed25519 row and the version from the standard output of {@code openssl speed}.
   *
   * @throws IOException if the output has no Ed25519 row
   */
  public static OpenSslSpeed parse(String output) throws IOException {
    String version = "unknown";
    List<double[]> rows = new ArrayList<>();
    for (String line : output.split("\\R")) {
      Matcher versionMatch = VERSION_LINE.matcher(line);
      if (version.equals("unknown") && versionMatch.matches()) {
        version = versionMatch.group(1);
      }
      Matcher row = ED25519_LINE.matcher(line);
      if (row.matches()) {
        rows.add(new double[] {
          Double.parseDouble(row.group(1)), Double.parseDouble(row.group(2))
        });
      }
    }
    if (rows.size() != 1) {
      throw new IOException("expected one Ed25519 row in the output of openssl speed, found "
          + rows.size() + ":\n" + output);
    }
    return new OpenSslSpeed(version, rows.get(0)[0], rows.get(0)[1]);
  }

  /** The higher sign rate and the higher verify rate of two runs of the same OpenSSL. */
  public static OpenSslSpeed faster(OpenSslSpeed first, OpenSslSpeed second) {
    return new OpenSslSpeed(first.version,
        Math.max(first.signsPerSecond, second.signsPerSecond),
        Math.max(first.verifiesPerSecond, second.verifiesPerSecond));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "OpenSSL %s: %.1f signs/s, %.1f verifies/s", version,
        signsPerSecond, verifiesPerSecond);
  }
}
