package dev.cleanroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.crypto.Ed25519;
import dev.cleanroom.crypto.PartyKeys;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestSigningTest {
  private static final PartyKeys CLIENT = Ledgers.BANK;
  private static final String METHOD = "POST";
  private static final String PATH = "/rooms/offers/proposals?dry_run=false";
  private static final byte[] BODY = "{\"payload\":\"e30=\"}".getBytes(StandardCharsets.UTF_8);
  private static final long TIMESTAMP = 1_735_689_600_000L;
  private static final String NONCE = "0123456789abcdef0123456789abcdef";

  private static boolean verifies(byte[] signature, String method, String path, byte[] body, long timestamp, String nonce) {
    return Ed25519.verify(CLIENT.signingKey().publicKey(), RequestSigning.statement(method, path, body, timestamp, nonce), signature);
  }

  @Test
  void statement_knownAnswer_coversEveryFieldInOrder() {
    byte[] statement = RequestSigning.statement("GET", "/rooms/offers?x=1", new byte[0], 1_700_000_000_123L, NONCE);

    assertThat(new String(statement, StandardCharsets.UTF_8)).isEqualTo("cleanroom-request/1\n"
        + "GET\n"
        + "/rooms/offers?x=1\n"
        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        + "1700000000123\n"
        + NONCE + "\n");
  }

  @Test
  void signature_unchangedRequest_verifies() {
    byte[] signature = CLIENT.sign(RequestSigning.statement(METHOD, PATH, BODY, TIMESTAMP, NONCE));

    assertThat(verifies(signature, METHOD, PATH, BODY, TIMESTAMP, NONCE)).isTrue();
  }

  @Test
  void signature_methodChanged_fails() {
    byte[] signature = CLIENT.sign(RequestSigning.statement(METHOD, PATH, BODY, TIMESTAMP, NONCE));

    assertThat(verifies(signature, "PUT", PATH, BODY, TIMESTAMP, NONCE)).isFalse();
  }

  @Test
  void signature_pathOrQueryChanged_fails() {
    byte[] signature = CLIENT.sign(RequestSigning.statement(METHOD, PATH, BODY, TIMESTAMP, NONCE));

    assertThat(verifies(signature, METHOD, "/rooms/other/proposals?dry_run=false", BODY, TIMESTAMP, NONCE)).isFalse();
    assertThat(verifies(signature, METHOD, "/rooms/offers/proposals?dry_run=true", BODY, TIMESTAMP, NONCE)).isFalse();
    assertThat(verifies(signature, METHOD, "/rooms/offers/proposals", BODY, TIMESTAMP, NONCE)).isFalse();
  }

  @Test
  void signature_bodyChanged_fails() {
    byte[] signature = CLIENT.sign(RequestSigning.statement(METHOD, PATH, BODY, TIMESTAMP, NONCE));
    byte[] changed = BODY.clone();
    changed[changed.length - 3] ^= 0x01;

    assertThat(verifies(signature, METHOD, PATH, changed, TIMESTAMP, NONCE)).isFalse();
    assertThat(verifies(signature, METHOD, PATH, new byte[0], TIMESTAMP, NONCE)).isFalse();
  }

  @Test
  void signature_timestampChanged_fails() {
    byte[] signature = CLIENT.sign(RequestSigning.statement(METHOD, PATH, BODY, TIMESTAMP, NONCE));

    assertThat(verifies(signature, METHOD, PATH, BODY, TIMESTAMP + 1, NONCE)).isFalse();
    assertThat(verifies(signature, METHOD, PATH, BODY, TIMESTAMP + RequestSigning.MAX_SKEW_SECONDS * 1000, NONCE)).isFalse();
  }

  @Test
  void signature_nonceChanged_fails() {
    byte[] signature = CLIENT.sign(RequestSigning.statement(METHOD, PATH, BODY, TIMESTAMP, NONCE));

    assertThat(verifies(signature, METHOD, PATH, BODY, TIMESTAMP, "f" + NONCE.substring(1))).isFalse();
  }

  @Test
  void signature_otherPartysKey_fails() {
    byte[] signature = Ledgers.MERCHANT.sign(RequestSigning.statement(METHOD, PATH, BODY, TIMESTAMP, NONCE));

    assertThat(verifies(signature, METHOD, PATH, BODY, TIMESTAMP, NONCE)).isFalse();
  }

  @Test
  void maxSkew_isFiveMinutesAsDocumented() {
    // The server refuses a timestamp more than this from its clock (docs/protocol.md, "Request authentication").
    assertThat(RequestSigning.MAX_SKEW_SECONDS).isEqualTo(300);
  }
}
