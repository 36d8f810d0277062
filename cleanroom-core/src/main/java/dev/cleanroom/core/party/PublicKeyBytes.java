package dev.cleanroom.core.party;

import dev.cleanroom.core.CleanroomException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A 32-byte public key (Ed25519 or X25519), held as its standard base64 text so that records holding it compare
 * by value. The bytes are checked to decode to exactly 32 bytes.
 */
public record PublicKeyBytes(String base64) {
  public static final int LENGTH = 32;

  public PublicKeyBytes {
    Objects.requireNonNull(base64, "public key");
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw CleanroomException.invalid("public key is not valid base64");
    }
    if (decoded.length != LENGTH) {
      throw CleanroomException.invalid(
          "public key must be " + LENGTH + " bytes, got " + decoded.length);
    }
    base64 = Base64.getEncoder().encodeToString(decoded);
  }

  public static PublicKeyBytes of(byte[] bytes) {
    return new PublicKeyBytes(Base64.getEncoder().encodeToString(bytes));
  }

  public byte[] bytes() {
    return Base64.getDecoder().decode(base64);
  }

  public boolean sameAs(byte[] other) {
    return Arrays.equals(bytes(), other);
  }

  @Override
  public String toString() {
    return base64;
  }
}
