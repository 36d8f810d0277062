package dev.cleanroom.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.ledger.LedgerStore;
import dev.cleanroom.ledger.MerkleHash;
import dev.cleanroom.ledger.MerkleTree;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.LedgerEntries;
import dev.cleanroom.protocol.RuntimeIdentity;
import dev.cleanroom.protocol.Statements;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The cleanroom scheme: every record is chained and hashed into a Merkle tree, and after every
 * {@code rootInterval} entries the runtime signs the tree's root, and that signed root becomes a
 * record of the same batch, shaped like the room ledger's {@code root} entry. The work per record is
 * that of {@code RoomLedgerState.commit}; the work per root that of {@code prepareRoot}.
 */
final class SignedMerkleLedgerWriter implements LedgerWriter {
  private final LedgerStore store;
  private final RoomId room;
  private final RuntimeIdentity runtime;
  private final String signingKeyBase64;
  private final Clock clock;
  private final int rootInterval;
  private final HashChain chain = new HashChain();
  private final MerkleTree tree = new MerkleTree();
  private int entriesSinceRoot;
  private long rootRecords;

  SignedMerkleLedgerWriter(
      LedgerStore store, RoomId room, RuntimeIdentity runtime, Clock clock, int rootInterval) {
    if (rootInterval <= 0) {
      throw new IllegalArgumentException("root interval " + rootInterval + " must be positive");
    }
    this.store = Objects.requireNonNull(store, "store");
    this.room = Objects.requireNonNull(room, "room");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.signingKeyBase64 = runtime.signingKey().publicKey().base64();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rootInterval = rootInterval;
  }

  @Override
  public void appendBatch(List<byte[]> entries) {
    List<byte[]> records = new ArrayList<>(entries.size() + entries.size() / rootInterval + 1);
    for (byte[] entry : entries) {
      take(entry, records);
      entriesSinceRoot++;
      if (entriesSinceRoot == rootInterval) {
        take(signedRootRecord(), records);
        rootRecords++;
        entriesSinceRoot = 0;
      }
    }
    store.append(records);
  }

  @Override
  public long addedRecords() {
    return rootRecords;
  }

  /** The Merkle tree over every record appended so far, signed roots included. */
  MerkleTree tree() {
    return tree;
  }

  private void take(byte[] record, List<byte[]> records) {
    chain.add(record);
    tree.append(MerkleHash.leafHash(record));
    records.add(record);
  }

  /** A {@code root} entry signing the root of every record so far. */
  private byte[] signedRootRecord() {
    long treeSize = tree.size();
    byte[] root = tree.rootHash();
    byte[] signature = runtime.signingKey().sign(Statements.root(room, treeSize, root));
    ObjectNode node = Json.object();
    node.put("seq", treeSize);
    node.put("prev", Hashes.hex(chain.head()));
    node.put("time", clock.instant().toString());
    node.put("type", LedgerEntries.ROOT);
    node.put("tree_size", treeSize);
    node.put("root", Hashes.hex(root));
    node.put("signing_key", signingKeyBase64);
    node.put("signature", Base64.getEncoder().encodeToString(signature));
    return Json.bytes(node);
  }
}
