package dev.cleanroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Extension;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.SealedBox;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.protocol.DatasetCodec;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.KeyRelease;
import dev.cleanroom.protocol.LedgerAudit;
import dev.cleanroom.protocol.RoomLedgerState;
import dev.cleanroom.protocol.SignedEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key release over real HTTP, and every way it must be refused: by the owner's client before the key leaves, and
 * by the runtime when a document reaches it anyway. Every refusal must be on the ledger.
 */
class KeyReleaseTest {
  @TempDir Path data;
  @TempDir Path owner;

  private RoomFixture room;
  private DatasetKeyStore keys;
  private List<String> secrets;
  private DatasetPublisher.Published published;

  @BeforeEach
  void start() throws Exception {
    room = new RoomFixture(data).withActiveRoom();
    keys = new DatasetKeyStore(owner.resolve("bank.datasets"));
    Path csv = owner.resolve("customers.csv");
    secrets = Datasets.writeCustomers(csv, 500);
    published = Datasets.publishCustomers(room, csv, keys);
  }

  @AfterEach
  void stop() {
    room.close();
  }

  private KeyReleaser releaser() {
    return new KeyReleaser(room.bank, keys);
  }

  private boolean keyHeld() {
    return room.bank.datasets(RoomFixture.ROOM).path("datasets").get(0).path("key_held").asBoolean();
  }

  private List<RoomLedgerState.ReleaseRecord> releases() {
    return room.bank.verifiedState(RoomFixture.ROOM).releases();
  }

  private KeyRelease.Decision lastDecision() {
    List<RoomLedgerState.ReleaseRecord> all = releases();
    return all.get(all.size() - 1).decision();
  }

  /** A release document built by hand, as a client that skips its own checks would send it. */
  private SignedEnvelope handmade(CleanroomClient sender, DataKey key, String entryHash) {
    var runtime = room.server.runtime();
    byte[] context = KeyRelease.sealingContext(RoomFixture.ROOM, "customers", entryHash, runtime.signingKey().publicKey());
    byte[] wrapped = SealedBox.seal(runtime.sealingKey().publicKey(), key.exportBytes().toByteArray(), context);
    return new KeyRelease(RoomFixture.ROOM, sender.keys().party(), "customers", entryHash, runtime.signingKey().publicKey(),
        runtime.report().measurement(), 0, Optional.of(wrapped), Optional.empty(), KeyRelease.newNonce()).sign(sender.keys());
  }

  @Test
  void release_measurementAccepted_runtimeHoldsKeyAndLedgerRecordsIt() throws Exception {
    Datasets.acceptRuntime(room);

    KeyReleaser.Released released = releaser().release(RoomFixture.ROOM, "customers", false);

    assertThat(released.reason()).contains("decrypts to 500 rows");
    assertThat(released.report().simulated()).isTrue();
    assertThat(keyHeld()).isTrue();
    assertThat(lastDecision().released()).isTrue();
    assertThat(LedgerAudit.verify(RoomFixture.ROOM, room.bank.ledger(RoomFixture.ROOM)).entries()).isGreaterThan(released.entry());
    assertThat(Datasets.filesContaining(data, secrets)).isEmpty();
    assertThat(Datasets.filesContaining(Path.of(System.getProperty("java.io.tmpdir")), secrets)).isEmpty();
  }

  @Test
  void release_measurementNotAccepted_refusedByOwnerAndLogged() {
    assertThatThrownBy(() -> releaser().release(RoomFixture.ROOM, "customers", false))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("is not accepted by contract version")
        .hasMessageContaining("refusal recorded in ledger entry");

    assertThat(keyHeld()).isFalse();
    assertThat(lastDecision().released()).isFalse();
    assertThat(lastDecision().reason()).contains("the owner refused").contains("not accepted");
  }

  @Test
  void release_measurementNotAccepted_refusedByRuntimeWhenOwnerSkipsChecks() {
    DataKey key = keys.load(RoomFixture.ROOM, "customers").key();

    ObjectNode reply = room.bank.releaseKey(RoomFixture.ROOM, handmade(room.bank, key, published.entrySha256()));

    assertThat(reply.path("released").asBoolean()).isFalse();
    assertThat(reply.path("reason").asText()).contains("is not accepted by contract version");
    assertThat(keyHeld()).isFalse();
    assertThat(lastDecision().released()).isFalse();
  }

  @Test
  void release_requesterNotOwner_refusedByRuntimeAndLogged() {
    Datasets.acceptRuntime(room);
    DataKey guess = DataKey.generate(new SecureRandom());

    ObjectNode reply = room.merchant.releaseKey(RoomFixture.ROOM, handmade(room.merchant, guess, published.entrySha256()));

    assertThat(reply.path("released").asBoolean()).isFalse();
    assertThat(reply.path("reason").asText()).contains("'merchant' is not the owner of dataset 'customers'");
    assertThat(releases().get(releases().size() - 1).request().author()).isEqualTo(PartyId.of("merchant"));
    assertThat(keyHeld()).isFalse();
  }

  @Test
  void release_wrongKey_refusedBecauseItDoesNotDecrypt() {
    Datasets.acceptRuntime(room);

    ObjectNode reply = room.bank.releaseKey(RoomFixture.ROOM,
        handmade(room.bank, DataKey.generate(new SecureRandom()), published.entrySha256()));

    assertThat(reply.path("released").asBoolean()).isFalse();
    assertThat(reply.path("reason").asText()).contains("does not decrypt dataset 'customers'").contains("chunk 0");
    assertThat(keyHeld()).isFalse();
  }

  @Test
  void release_contractEntryChangedSinceOwnerApproved_refusedUntilOwnerApprovesCurrent() {
    Datasets.acceptRuntime(room);
    DatasetManifest current = published.manifest();
    DatasetManifest changed = new DatasetManifest(current.table(), current.owner(), current.datasetId(), current.encryption(),
        current.schema(), current.rows(), current.plaintextBytes(), current.ciphertextBytes(), current.ciphertextSha256(),
        DatasetCodec.policy(Json.parse(Datasets.CUSTOMERS_POLICY.replace("\"min_group_size\": 5", "\"min_group_size\": 2"), "p"), "p"));
    Extension extension = new Extension("dataset", "customers", Json.text(DatasetCodec.manifest(changed)), Set.of(PartyId.of("bank")));
    Datasets.acceptByAll(room, room.analyst.propose(RoomFixture.ROOM, List.of(new Action.SetExtension(extension))).proposal());

    assertThatThrownBy(() -> releaser().release(RoomFixture.ROOM, "customers", false))
        .hasMessageContaining("changed since you approved it");
    assertThat(lastDecision().released()).isFalse();

    ObjectNode stale = room.bank.releaseKey(RoomFixture.ROOM,
        handmade(room.bank, keys.load(RoomFixture.ROOM, "customers").key(), published.entrySha256()));
    assertThat(stale.path("released").asBoolean()).isFalse();
    assertThat(stale.path("reason").asText()).contains("changed since its owner approved it");

    KeyReleaser.Released released = releaser().release(RoomFixture.ROOM, "customers", true);
    assertThat(released.reason()).contains("500 rows");
    assertThat(keyHeld()).isTrue();
  }

  @Test
  void release_documentReplayed_refused() {
    Datasets.acceptRuntime(room);
    SignedEnvelope document = handmade(room.bank, keys.load(RoomFixture.ROOM, "customers").key(), published.entrySha256());
    room.bank.releaseKey(RoomFixture.ROOM, document);
    long size = room.ledgerSize();

    assertThatThrownBy(() -> room.bank.releaseKey(RoomFixture.ROOM, document))
        .hasMessageContaining("already recorded: replay refused")
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.CONFLICT));
    assertThat(room.ledgerSize()).isEqualTo(size);
  }

  @Test
  void release_storedCiphertextTampered_refusedNamingTheDataset() throws Exception {
    Datasets.acceptRuntime(room);
    Path blob = data.resolve("rooms/offers/blobs").resolve(published.manifest().ciphertextSha256());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 1;
    Files.write(blob, bytes);

    assertThatThrownBy(() -> releaser().release(RoomFixture.ROOM, "customers", false))
        .hasMessageContaining("does not decrypt dataset 'customers'");
    assertThat(keyHeld()).isFalse();
  }

  @Test
  void restart_runtimeHoldsNoKeysUntilReleasedAgain() {
    Datasets.acceptRuntime(room);
    releaser().release(RoomFixture.ROOM, "customers", false);
    assertThat(keyHeld()).isTrue();

    room.restart();

    assertThat(keyHeld()).isFalse();
    JsonNode runtime = room.bank.runtime();
    assertThat(runtime.path("warning").asText()).contains("SIMULATED");
    releaser().release(RoomFixture.ROOM, "customers", false);
    assertThat(keyHeld()).isTrue();
  }

  @Test
  void release_keyForOldRuntime_refusedAfterRestart() {
    Datasets.acceptRuntime(room);
    SignedEnvelope forOldRuntime = handmade(room.bank, keys.load(RoomFixture.ROOM, "customers").key(), published.entrySha256());

    room.restart();
    ObjectNode reply = room.bank.releaseKey(RoomFixture.ROOM, forOldRuntime);

    assertThat(reply.path("released").asBoolean()).isFalse();
    assertThat(reply.path("reason").asText()).contains("not to this runtime");
  }
}
