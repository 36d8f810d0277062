package dev.cleanroom.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Bytes of a private key. Copies on the way in and out, never prints its content, and compares in constant
 * time. Callers should prefer the signing and sealing types over touching these bytes at all.
 */
public final class SecretBytes {
  private final byte[] bytes;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(bytes.clone());
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  public boolean equalsSecret(SecretBytes other) {
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Overwrites the held bytes; later use gets zeros. */
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public String toString() {
    return "SecretBytes[redacted, " + bytes.length + " bytes]";
  }
}
