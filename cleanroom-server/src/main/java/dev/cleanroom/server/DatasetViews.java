package dev.cleanroom.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.protocol.DatasetEntries;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.RoomLedgerState;
import dev.cleanroom.runtime.ConfidentialRuntime;

/** The JSON the dataset routes return. */
final class DatasetViews {
  private DatasetViews() {}

  static ObjectNode list(RoomLedgerState state, ConfidentialRuntime runtime, BlobStore blobs) {
    ObjectNode node = Json.object();
    ArrayNode list = node.putArray("datasets");
    state.governance().ifPresent(governance -> {
      Contract contract = governance.contract();
      for (DatasetManifest manifest : DatasetEntries.all(contract)) {
        String entryHash = DatasetEntries.entryHash(contract, manifest.table());
        ObjectNode item = list.addObject();
        item.put("table", manifest.table());
        item.put("owner", manifest.owner().value());
        item.put("rows", manifest.rows());
        item.put("columns", manifest.schema().size());
        item.put("plaintext_bytes", manifest.plaintextBytes());
        item.put("ciphertext_bytes", manifest.ciphertextBytes());
        item.put("ciphertext_sha256", manifest.ciphertextSha256());
        item.put("stored", blobs.exists(state.room(), manifest.ciphertextSha256()));
        item.put("entry_sha256", entryHash);
        item.put("key_held", runtime.holdsKey(state.room(), manifest.table(), entryHash));
      }
    });
    return node;
  }
}
