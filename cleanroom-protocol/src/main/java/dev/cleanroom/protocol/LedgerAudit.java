package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.Proposal;
import dev.cleanroom.core.governance.ProposalState;
import dev.cleanroom.core.governance.RoomState;
import dev.cleanroom.crypto.Hashes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Offline verification of a whole room ledger: replays every entry through {@link RoomLedgerState#apply}, which
 * checks sequence numbers, the hash chain, every party's and the runtime's signatures, that each recorded state
 * change is what the constitution gives, and that every signed root is the Merkle root of the entries before it.
 * Optionally checks that the ledger extends a root the auditor saved earlier.
 */
public final class LedgerAudit {
  private LedgerAudit() {}

  /** What an intact ledger holds. */
  public record Report(
      RoomId room,
      long entries,
      int signedRoots,
      long unsignedEntries,
      String status,
      long contractVersion,
      Map<ProposalState, Integer> proposalsByState,
      Optional<SignedRoot> latestRoot,
      int runtimeRegistrations,
      int keysReleased,
      int releasesRefused,
      int queriesRun,
      int queriesRefused) {

    public String summary() {
      StringBuilder text = new StringBuilder();
      text.append("ledger of room '").append(room).append("' is intact: ").append(entries).append(" entries, hash chain and ")
          .append("every signature verified, every state change follows the constitution; ")
          .append(signedRoots).append(" signed roots and ").append(runtimeRegistrations)
          .append(" runtime attestation reports verified");
      latestRoot.ifPresent(r -> text.append(" (latest covers ").append(r.treeSize()).append(" entries, root ")
          .append(Hashes.hex(r.root()), 0, 16).append("...)"));
      if (unsignedEntries > 0) {
        text.append("; ").append(unsignedEntries).append(" newest entries not yet under a signed root");
      }
      text.append(". Room is ").append(status).append(", contract version ").append(contractVersion).append("; proposals:");
      proposalsByState.forEach((state, count) -> text.append(' ').append(state.wireName()).append('=').append(count));
      text.append("; key releases: ").append(keysReleased).append(" released, ").append(releasesRefused).append(" refused");
      text.append("; queries: ").append(queriesRun).append(" ran, ").append(queriesRefused).append(" refused");
      return text.toString();
    }

    public ObjectNode toJson() {
      ObjectNode node = Json.object();
      node.put("room", room.value());
      node.put("intact", true);
      node.put("entries", entries);
      node.put("signed_roots", signedRoots);
      node.put("unsigned_entries", unsignedEntries);
      node.put("status", status);
      node.put("contract_version", contractVersion);
      ObjectNode states = node.putObject("proposals");
      proposalsByState.forEach((state, count) -> states.put(state.wireName(), count));
      latestRoot.ifPresent(r -> node.set("latest_root", r.toJson()));
      node.put("runtime_registrations", runtimeRegistrations);
      node.put("keys_released", keysReleased);
      node.put("key_releases_refused", releasesRefused);
      node.put("queries_run", queriesRun);
      node.put("queries_refused", queriesRefused);
      return node;
    }
  }

  /**
   * Verifies {@code entries} as the complete ledger of {@code room}. Throws an {@code INTEGRITY}
   * {@link CleanroomException} naming the first bad entry.
   */
  public static Report verify(RoomId room, List<byte[]> entries) {
    RoomLedgerState state = new RoomLedgerState(room);
    for (byte[] entry : entries) {
      state.apply(entry);
    }
    RoomState governance = state.governance()
        .orElseThrow(() -> CleanroomException.integrity("ledger of room '" + room + "' has no founding proposal"));
    Map<ProposalState, Integer> byState = new EnumMap<>(ProposalState.class);
    for (Proposal proposal : governance.proposals().values()) {
      byState.merge(proposal.state(), 1, Integer::sum);
    }
    return new Report(room, state.size(), state.rootCount(), state.unsignedEntries(), governance.status().wireName(),
        governance.contract().version(), byState, state.latestRoot().map(RoomLedgerState.RootRecord::root),
        state.runtimeRegistrations(),
        (int) state.releases().stream().filter(r -> r.decision().released()).count(),
        (int) state.releases().stream().filter(r -> !r.decision().released()).count(),
        (int) state.runs().stream().filter(r -> r.outcome().ran()).count(),
        (int) state.runs().stream().filter(r -> !r.outcome().ran()).count());
  }

  /**
   * Checks that {@code entries} extend the saved root: the first {@code saved.treeSize()} entries must hash to the
   * saved root. With the whole ledger at hand this is a direct recomputation; light clients use
   * {@link ConsistencyProof} instead.
   */
  public static void requireExtends(List<byte[]> entries, SignedRoot saved) {
    if (!saved.signatureValid()) {
      throw CleanroomException.integrity("the saved root's signature does not verify");
    }
    if (saved.treeSize() > entries.size()) {
      throw CleanroomException.integrity("the ledger has " + entries.size() + " entries, fewer than the "
          + saved.treeSize() + " of the saved root: it was truncated");
    }
    dev.cleanroom.ledger.MerkleTree tree = new dev.cleanroom.ledger.MerkleTree();
    for (int i = 0; i < saved.treeSize(); i++) {
      tree.append(dev.cleanroom.ledger.MerkleHash.leafHash(entries.get(i)));
    }
    if (!java.util.Arrays.equals(tree.rootHash(), saved.root())) {
      throw CleanroomException.integrity("the ledger no longer extends the saved root of " + saved.treeSize()
          + " entries: its first " + saved.treeSize() + " entries hash to a different root (history was rewritten)");
    }
  }
}
