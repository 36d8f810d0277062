package dev.cleanroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.attestation.ReportData;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.SealingKey;
import dev.cleanroom.protocol.RoomLedgerState;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator sits between the owner and the runtime and rewrites what the owner is told about the runtime. The
 * owner's client must refuse to release the key, and record the refusal on the ledger.
 */
class TamperingOperatorTest {
  @TempDir Path data;
  @TempDir Path owner;

  private RoomFixture room;
  private DatasetKeyStore keys;

  @BeforeEach
  void start() throws Exception {
    room = new RoomFixture(data).withActiveRoom();
    keys = new DatasetKeyStore(owner.resolve("bank.datasets"));
    Path csv = owner.resolve("customers.csv");
    Datasets.writeCustomers(csv, 100);
    Datasets.publishCustomers(room, csv, keys);
    Datasets.acceptRuntime(room);
  }

  @AfterEach
  void stop() {
    room.close();
  }

  private String releaseThroughProxy(UnaryOperator<ObjectNode> rewrite) throws Exception {
    try (TamperingProxy proxy = new TamperingProxy(room.server.url(), rewrite)) {
      CleanroomClient bankViaProxy = CleanroomClient.connect(proxy.url(), room.bankKeys);
      try {
        new KeyReleaser(bankViaProxy, keys).release(RoomFixture.ROOM, "customers", false);
      } catch (RuntimeException e) {
        return e.getMessage();
      }
    }
    throw new AssertionError("the key was released through a tampering operator");
  }

  private void assertRefusedAndLogged(String message, String reason) {
    assertThat(message).contains("refused").contains(reason).contains("refusal recorded in ledger entry");
    assertThat(room.server.confidentialRuntime().vault().size()).isZero();
    List<RoomLedgerState.ReleaseRecord> releases = room.bank.verifiedState(RoomFixture.ROOM).releases();
    assertThat(releases).hasSize(1);
    assertThat(releases.get(0).decision().released()).isFalse();
    assertThat(releases.get(0).request().refusal()).hasValueSatisfying(r -> assertThat(r).contains(reason));
  }

  @Test
  void release_reportSignatureTampered_refused() throws Exception {
    String message = releaseThroughProxy(runtime -> {
      ObjectNode report = (ObjectNode) runtime.get("attestation");
      byte[] signature = Base64.getDecoder().decode(report.get("signature").asText());
      signature[0] ^= 1;
      report.put("signature", Base64.getEncoder().encodeToString(signature));
      return runtime;
    });

    assertRefusedAndLogged(message, "signature does not verify");
  }

  @Test
  void release_reportClaimsAcceptedMeasurementForOtherCode_refused() throws Exception {
    String accepted = room.server.runtime().report().measurement();
    Datasets.acceptByAll(room, room.merchant.propose(RoomFixture.ROOM,
        List.of(new dev.cleanroom.core.contract.Action.AcceptMeasurement("cd".repeat(48)))).proposal());

    String message = releaseThroughProxy(runtime -> {
      ((ObjectNode) runtime.get("attestation")).put("measurement", "cd".repeat(48));
      return runtime;
    });

    assertThat(accepted).isNotEqualTo("cd".repeat(48));
    assertRefusedAndLogged(message, "signature does not verify");
  }

  @Test
  void release_operatorSubstitutesItsOwnSealingKey_refused() throws Exception {
    PublicKeyBytes operatorKey = SealingKey.generate(new SecureRandom()).publicKey();

    String message = releaseThroughProxy(runtime -> runtime.put("sealing_key", operatorKey.base64()));

    assertRefusedAndLogged(message, "does not bind the runtime's keys");
  }

  @Test
  void release_reportDataRewrittenForOperatorKeyWithoutNewSignature_refused() throws Exception {
    PublicKeyBytes operatorKey = SealingKey.generate(new SecureRandom()).publicKey();

    String message = releaseThroughProxy(runtime -> {
      PublicKeyBytes signing = new PublicKeyBytes(runtime.get("signing_key").asText());
      runtime.put("sealing_key", operatorKey.base64());
      ((ObjectNode) runtime.get("attestation")).put("report_data", ReportData.bindRuntimeKeys(signing, operatorKey));
      return runtime;
    });

    assertRefusedAndLogged(message, "signature does not verify");
  }
}
