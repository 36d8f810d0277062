package dev.cleanroom.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.attestation.AttestationReport;
import dev.cleanroom.attestation.AttestationVerifiers;
import dev.cleanroom.attestation.VerifiedReport;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.SealedBox;
import dev.cleanroom.crypto.SecretBytes;
import dev.cleanroom.protocol.AttestationReports;
import dev.cleanroom.protocol.DatasetEntries;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.KeyRelease;
import dev.cleanroom.protocol.RoomLedgerState;
import java.util.Optional;

/**
 * A data owner's side of key release. Before any key leaves, it checks, from the ledger it downloads and verifies
 * itself rather than from what the server says: that the runtime's attestation report is signed by its platform
 * and binds the keys the runtime presents; that this runtime is the one registered on the ledger; that the
 * contract accepts its measurement; that the dataset is the owner's; and that the dataset's contract entry is still
 * the one the owner approved. Only then is the data key sealed (HPKE) to the runtime's attested X25519 key. A
 * failed check is refused here and the refusal is recorded on the ledger as a signed document.
 */
public final class KeyReleaser {
  private final CleanroomClient client;
  private final DatasetKeyStore keyStore;

  public KeyReleaser(CleanroomClient client, DatasetKeyStore keyStore) {
    this.client = client;
    this.keyStore = keyStore;
  }

  /** A key released: what the runtime said and the ledger entry recording it. */
  public record Released(String table, String reason, long entry, VerifiedReport report) {}

  /**
   * Releases the key of {@code table}. With {@code approveCurrentEntry} the owner approves the dataset's entry as it
   * now stands in the contract (after reviewing a change) instead of requiring the one recorded at publication.
   */
  public Released release(RoomId room, String table, boolean approveCurrentEntry) {
    DatasetKeyStore.Entry stored = keyStore.load(room, table);
    RoomLedgerState state = client.verifiedState(room);
    Contract contract = state.governance().orElseThrow().contract();
    ObjectNode runtime = client.runtime();
    PublicKeyBytes signingKey = new PublicKeyBytes(runtime.path("signing_key").asText());
    PublicKeyBytes sealingKey = new PublicKeyBytes(runtime.path("sealing_key").asText());
    AttestationReport report = AttestationReports.fromJson(runtime.path("attestation"), "runtime attestation report");
    String entryHash = contract.extension(DatasetManifest.KIND, table).isPresent()
        ? DatasetEntries.entryHash(contract, table) : stored.entrySha256();
    Refusal refusal = new Refusal(room, table, entryHash, signingKey, report.measurement(), contract.version());

    VerifiedReport verified;
    try {
      verified = AttestationVerifiers.forPlatform(report.platform()).verifyBinding(report, signingKey, sealingKey);
    } catch (CleanroomException e) {
      throw refusal.record("the runtime's attestation report failed verification: " + e.getMessage());
    }
    if (!state.currentRuntimeKey().map(signingKey::equals).orElse(false)) {
      throw refusal.record("the runtime presenting key " + signingKey + " is not the runtime last registered on the ledger");
    }
    Optional<DatasetManifest> manifest = DatasetEntries.find(contract, table);
    if (manifest.isEmpty()) {
      throw CleanroomException.notFound("dataset '" + table + "' is not in the contract of room '" + room
          + "' (is its proposal still open?)");
    }
    if (!manifest.get().owner().equals(client.keys().party())) {
      throw refusal.record("party '" + client.keys().party() + "' is not the owner of dataset '" + table + "' (its owner is '"
          + manifest.get().owner() + "')");
    }
    if (!contract.acceptedMeasurements().contains(report.measurement())) {
      throw refusal.record("runtime measurement " + report.measurement() + " is not accepted by contract version "
          + contract.version() + " (accepted: " + contract.acceptedMeasurements() + ")");
    }
    if (!entryHash.equals(stored.entrySha256())) {
      if (!approveCurrentEntry) {
        throw refusal.record("the contract entry of dataset '" + table + "' changed since you approved it (contract version "
            + contract.version() + "); review it with 'contract show' and release with --approve-current-entry if you accept it");
      }
      stored = new DatasetKeyStore.Entry(room, table, stored.datasetId(), stored.key(), entryHash);
      keyStore.save(stored);
    }
    byte[] context = KeyRelease.sealingContext(room, table, entryHash, signingKey);
    SecretBytes keyBytes = stored.key().exportBytes();
    byte[] wrapped;
    try {
      byte[] raw = keyBytes.toByteArray();
      wrapped = SealedBox.seal(sealingKey, raw, context);
      java.util.Arrays.fill(raw, (byte) 0);
    } finally {
      keyBytes.destroy();
    }
    KeyRelease release = new KeyRelease(room, client.keys().party(), table, entryHash, signingKey, report.measurement(),
        contract.version(), Optional.of(wrapped), Optional.empty(), KeyRelease.newNonce());
    ObjectNode reply = client.releaseKey(room, release.sign(client.keys()));
    if (!reply.path("released").asBoolean(false)) {
      throw new CleanroomException(ErrorCode.FORBIDDEN, "the runtime refused the key of dataset '" + table + "': "
          + reply.path("reason").asText() + " (ledger entry " + reply.path("entry").asLong() + ")");
    }
    return new Released(table, reply.path("reason").asText(), reply.path("entry").asLong(), verified);
  }

  /** Records an owner-side refusal on the ledger and gives the error to throw. */
  private final class Refusal {
    private final RoomId room;
    private final String table;
    private final String entryHash;
    private final PublicKeyBytes runtimeKey;
    private final String measurement;
    private final long contractVersion;

    Refusal(RoomId room, String table, String entryHash, PublicKeyBytes runtimeKey, String measurement, long contractVersion) {
      this.room = room;
      this.table = table;
      this.entryHash = entryHash;
      this.runtimeKey = runtimeKey;
      this.measurement = measurement;
      this.contractVersion = contractVersion;
    }

    CleanroomException record(String reason) {
      String where;
      try {
        KeyRelease document = new KeyRelease(room, client.keys().party(), table, entryHash, runtimeKey, measurement,
            contractVersion, Optional.empty(), Optional.of(reason), KeyRelease.newNonce());
        ObjectNode reply = client.releaseKey(room, document.sign(client.keys()));
        where = "refusal recorded in ledger entry " + reply.path("entry").asLong();
      } catch (CleanroomException e) {
        where = "the refusal could not be recorded on the ledger: " + e.getMessage();
      }
      return new CleanroomException(ErrorCode.FORBIDDEN, "key release of dataset '" + table + "' refused: " + reason + " (" + where + ")");
    }
  }

  static String describe(AttestationReport report) {
    return Json.pretty(AttestationReports.toJson(report));
  }
}
