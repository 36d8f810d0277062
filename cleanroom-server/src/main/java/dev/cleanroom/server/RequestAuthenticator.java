package dev.cleanroom.server;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.Ed25519;
import dev.cleanroom.protocol.RequestSigning;
import java.time.Clock;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks the signature every request carries (see {@link RequestSigning}): a fresh timestamp, a nonce not seen
 * before within the allowed clock skew, and an Ed25519 signature by the key the request names. Membership of a
 * room is checked afterwards, by the routes. Thread-safe.
 */
final class RequestAuthenticator {
  private static final Pattern NONCE = Pattern.compile("[0-9a-f]{32}");
  private static final int PURGE_THRESHOLD = 100_000;

  private final Clock clock;
  private final Map<String, Long> seenNonces = new ConcurrentHashMap<>();

  RequestAuthenticator(Clock clock) {
    this.clock = clock;
  }

  /** A request whose signature verified: who sent it and with which key. */
  record Caller(PartyId party, PublicKeyBytes key) {}

  /** Header lookup, so this class does not depend on the HTTP server's types. */
  interface Headers {
    String get(String name);
  }

  Caller authenticate(String method, String pathAndQuery, byte[] body, Headers headers) {
    return authenticateBodyHash(method, pathAndQuery, dev.cleanroom.crypto.Hashes.sha256Hex(body), headers);
  }

  /** Authenticates a request whose body is streamed: the caller must check the body against {@code bodySha256Hex}. */
  Caller authenticateBodyHash(String method, String pathAndQuery, String bodySha256Hex, Headers headers) {
    String party = require(headers, RequestSigning.PARTY_HEADER);
    String key = require(headers, RequestSigning.KEY_HEADER);
    String timestamp = require(headers, RequestSigning.TIMESTAMP_HEADER);
    String nonce = require(headers, RequestSigning.NONCE_HEADER);
    String signature = require(headers, RequestSigning.SIGNATURE_HEADER);
    PartyId partyId;
    PublicKeyBytes publicKey;
    try {
      partyId = PartyId.of(party);
      publicKey = new PublicKeyBytes(key);
    } catch (CleanroomException e) {
      throw CleanroomException.unauthenticated("request header is invalid: " + e.getMessage());
    }
    long millis;
    try {
      millis = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw CleanroomException.unauthenticated("request timestamp '" + timestamp + "' is not a number of milliseconds");
    }
    long now = clock.millis();
    long skew = RequestSigning.MAX_SKEW_SECONDS * 1000;
    if (Math.abs(now - millis) > skew) {
      throw CleanroomException.unauthenticated("request timestamp is " + (now - millis) / 1000
          + " s away from the server's clock; at most " + RequestSigning.MAX_SKEW_SECONDS + " s is accepted (expired or clock skew)");
    }
    if (!NONCE.matcher(nonce).matches()) {
      throw CleanroomException.unauthenticated("request nonce must be 32 lower-case hex characters");
    }
    byte[] signatureBytes;
    try {
      signatureBytes = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw CleanroomException.unauthenticated("request signature is not valid base64");
    }
    byte[] statement = RequestSigning.statementForBodyHash(method, pathAndQuery, bodySha256Hex, millis, nonce);
    if (!Ed25519.verify(publicKey, statement, signatureBytes)) {
      throw CleanroomException.unauthenticated("request signature does not verify for party '" + party + "' and the key it names");
    }
    // Only a verified request may consume a nonce, so nobody can burn another party's nonces.
    if (seenNonces.putIfAbsent(key + "/" + nonce, millis + skew) != null) {
      throw CleanroomException.unauthenticated("request nonce was already used: replayed request refused");
    }
    purgeExpired(now);
    return new Caller(partyId, publicKey);
  }

  private void purgeExpired(long now) {
    if (seenNonces.size() < PURGE_THRESHOLD) {
      return;
    }
    for (Iterator<Map.Entry<String, Long>> it = seenNonces.entrySet().iterator(); it.hasNext(); ) {
      // A nonce can be forgotten once its timestamp is too old to be accepted again.
      if (it.next().getValue() < now) {
        it.remove();
      }
    }
  }

  private static String require(Headers headers, String name) {
    String value = headers.get(name);
    if (value == null || value.isEmpty()) {
      throw CleanroomException.unauthenticated("request is not signed: header " + name + " is missing");
    }
    return value;
  }
}
