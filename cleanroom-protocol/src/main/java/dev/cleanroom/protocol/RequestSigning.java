package dev.cleanroom.protocol;

import dev.cleanroom.crypto.Hashes;
import java.nio.charset.StandardCharsets;

/**
 * How a client signs an HTTP request and the server checks it. The signature covers method, path with query,
 * SHA-256 of the body, timestamp and nonce, as the text in {@link #statement}; the server refuses a timestamp more
 * than {@link #MAX_SKEW_SECONDS} from its clock and a nonce it has seen within that window.
 */
public final class RequestSigning {
  public static final String PARTY_HEADER = "Cleanroom-Party";
  public static final String KEY_HEADER = "Cleanroom-Key";
  public static final String TIMESTAMP_HEADER = "Cleanroom-Timestamp";
  public static final String NONCE_HEADER = "Cleanroom-Nonce";
  public static final String SIGNATURE_HEADER = "Cleanroom-Signature";
  public static final long MAX_SKEW_SECONDS = 300;

  private RequestSigning() {}

  /**
   * {@code cleanroom-request/1\nMETHOD\nPATH?QUERY\nhex(sha256(body))\nTIMESTAMP_MILLIS\nNONCE\n}, UTF-8.
   */
  public static byte[] statement(String method, String pathAndQuery, byte[] body, long timestampMillis, String nonce) {
    return statementForBodyHash(method, pathAndQuery, Hashes.sha256Hex(body), timestampMillis, nonce);
  }

  /**
   * The same statement for a body too large to hold, given by its SHA-256 in lower-case hex. The server checks the
   * hash while it streams the body and discards everything if it differs.
   */
  public static byte[] statementForBodyHash(
      String method, String pathAndQuery, String bodySha256Hex, long timestampMillis, String nonce) {
    return ("cleanroom-request/1\n" + method + "\n" + pathAndQuery + "\n" + bodySha256Hex + "\n"
            + timestampMillis + "\n" + nonce + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
