package dev.cleanroom.crypto.dataset;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The data encryption key (DEK) of one dataset: 32 random bytes. It is the input keying material from which
 * {@link DatasetCipher} derives a fresh AES-256 key per file, and it is what key release wraps to the runtime
 * with {@link dev.cleanroom.crypto.SealedBox}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the key; {@link #exportBytes()} and
 * {@link #exportBase64()} are the only ways out, for wrapping the key or writing the owner's key file.
 */
public final class DataKey {
  /** Length of a data key in bytes. */
  public static final int LENGTH = 32;

  private final SecretBytes bytes;

  private DataKey(SecretBytes bytes) {
    this.bytes = bytes;
  }

  /** A new random key from {@code random}. */
  public static DataKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] raw = new byte[LENGTH];
    random.nextBytes(raw);
    try {
      return new DataKey(SecretBytes.copyOf(raw));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** The key held in {@code bytes}, which must be exactly {@value #LENGTH} bytes long. */
  public static DataKey fromBytes(SecretBytes bytes) {
    Objects.requireNonNull(bytes, "data key");
    if (bytes.length() != LENGTH) {
      throw CleanroomException.invalid("data key must be " + LENGTH + " bytes, got " + bytes.length());
    }
    return new DataKey(SecretBytes.copyOf(bytes.toByteArray()));
  }

  /** The key from its standard base64 text, as {@link #exportBase64()} writes it. */
  public static DataKey fromBase64(String base64) {
    Objects.requireNonNull(base64, "data key");
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw CleanroomException.invalid("data key is not valid base64");
    }
    try {
      return fromBytes(SecretBytes.copyOf(raw));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** A copy of the key bytes, for wrapping them to a recipient. */
  public SecretBytes exportBytes() {
    return SecretBytes.copyOf(bytes.toByteArray());
  }

  /** The key as standard base64 text, for the owner's key file. Treat the string as secret. */
  public String exportBase64() {
    byte[] raw = bytes.toByteArray();
    try {
      return Base64.getEncoder().encodeToString(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Compares two keys in constant time. */
  public boolean equalsKey(DataKey other) {
    return other != null && bytes.equalsSecret(other.bytes);
  }

  /** A fresh copy of the raw key for the cipher in this package; the caller wipes it. */
  byte[] rawBytes() {
    return bytes.toByteArray();
  }

  @Override
  public String toString() {
    return "DataKey[redacted]";
  }
}
