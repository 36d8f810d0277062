package dev.cleanroom.bench.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.ledger.MerkleHash;
import dev.cleanroom.ledger.MerkleTree;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.LedgerEntries;
import dev.cleanroom.protocol.RoomLedgerState;
import dev.cleanroom.protocol.RuntimeIdentity;
import dev.cleanroom.protocol.SignedRoot;
import dev.cleanroom.protocol.Statements;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The room ledger's scheme, as the server's {@code RoomLog} drives {@code RoomLedgerState}: entry 0
 * registers the runtime's keys; every entry is hash-chained and hashed into an RFC 9162 Merkle tree;
 * and once {@code rootInterval} entries follow the last root, the runtime signs the tree's root and
 * that signed root becomes the next entry (a {@code root} entry, built field for field as {@code
 * RoomLedgerState.prepareRoot} builds it). The work per entry is that of {@code
 * RoomLedgerState.commit}; the runtime entry is made by {@code RoomLedgerState.prepareRuntime}.
 *
 * <p>Not thread-safe.
 */
public final class SignedMerkleScheme implements LedgerScheme {
  /** The index of the entry that registers the runtime's keys. */
  public static final long RUNTIME_ENTRY_INDEX = 0;

  private final RoomId room;
  private final RuntimeIdentity runtime;
  private final PublicKeyBytes signingKey;
  private final Clock clock;
  private final int rootInterval;
  private final EntryChain chain = new EntryChain();
  private final MerkleTree tree = new MerkleTree();
  private final TreeMap<Long, SignedRoot> rootsByTreeSize = new TreeMap<>();
  private long unsignedEntries;

  public SignedMerkleScheme(RoomId room, RuntimeIdentity runtime, Clock clock, int rootInterval) {
    if (rootInterval <= 0) {
      throw new IllegalArgumentException("root interval " + rootInterval + " must be positive");
    }
    this.room = Objects.requireNonNull(room, "room");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.signingKey = runtime.signingKey().publicKey();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rootInterval = rootInterval;
  }

  @Override
  public void sequence(List<byte[]> bodies, List<byte[]> records) {
    if (chain.nextSeq() == RUNTIME_ENTRY_INDEX) {
      take(new RoomLedgerState(room).prepareRuntime(runtime, clock.instant()).entry(), records);
      unsignedEntries++;
    }
    for (byte[] body : bodies) {
      take(BallotEntries.entry(chain.nextSeq(), chain.previousHashHex(), clock.instant(), body),
          records);
      unsignedEntries++;
      if (unsignedEntries >= rootInterval) {
        signPending(records);
      }
    }
  }

  /** Adds a root entry to {@code records} if any entry is not covered by a signed root yet. */
  public void signPending(List<byte[]> records) {
    if (unsignedEntries == 0) {
      return;
    }
    long treeSize = tree.size();
    byte[] root = tree.rootHash();
    byte[] signature = runtime.signingKey().sign(Statements.root(room, treeSize, root));
    ObjectNode node = Json.object();
    node.put("seq", chain.nextSeq());
    node.put("prev", chain.previousHashHex());
    node.put("time", clock.instant().toString());
    node.put("type", LedgerEntries.ROOT);
    node.put("tree_size", treeSize);
    node.put("root", Hashes.hex(root));
    node.put("signing_key", signingKey.base64());
    node.put("signature", Base64.getEncoder().encodeToString(signature));
    take(Json.bytes(node), records);
    rootsByTreeSize.put(treeSize, new SignedRoot(room, treeSize, root, signingKey, signature));
    unsignedEntries = 0;
  }

  /** The Merkle tree over every record so far; the caller must not change it. */
  public MerkleTree tree() {
    return tree;
  }

  /** N: entries after which the runtime signs a root. */
  public int rootInterval() {
    return rootInterval;
  }

  /** How many signed roots the ledger holds. */
  public int rootCount() {
    return rootsByTreeSize.size();
  }

  /**
   * The earliest signed root that covers entry {@code index}, as {@code RoomLedgerState.rootCovering}
   * picks it for a receipt.
   *
   * @throws IllegalArgumentException if no signed root covers the entry yet
   */
  public SignedRoot rootCovering(long index) {
    Map.Entry<Long, SignedRoot> covering = rootsByTreeSize.higherEntry(index);
    if (covering == null) {
      throw new IllegalArgumentException("no signed root covers entry " + index + " yet");
    }
    return covering.getValue();
  }

  private void take(byte[] entry, List<byte[]> records) {
    chain.take(entry);
    tree.append(MerkleHash.leafHash(entry));
    records.add(entry);
  }
}
