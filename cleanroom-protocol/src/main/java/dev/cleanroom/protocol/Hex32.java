package dev.cleanroom.protocol;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.crypto.Hashes;
import java.util.regex.Pattern;

/** Parses a 32-byte hash written as 64 lower-case hex characters. */
final class Hex32 {
  private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{64}");

  private Hex32() {}

  static byte[] parse(String text, String what) {
    if (text == null || !SHAPE.matcher(text).matches()) {
      throw CleanroomException.malformed(what + " must be 64 lower-case hex characters");
    }
    return Hashes.unhex(text);
  }
}
