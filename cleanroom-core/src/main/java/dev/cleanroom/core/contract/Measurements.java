package dev.cleanroom.core.contract;

import dev.cleanroom.core.CleanroomException;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks the text form of a runtime measurement: a SHA-256 or SHA-384 digest in lower-case hex. */
public final class Measurements {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}|[0-9a-f]{96}");

  private Measurements() {}

  public static String requireValid(String measurement) {
    Objects.requireNonNull(measurement, "measurement");
    if (!HEX.matcher(measurement).matches()) {
      throw CleanroomException.invalid(
          "measurement must be 64 or 96 lower-case hex characters (a SHA-256 or SHA-384 digest)");
    }
    return measurement;
  }
}
