package dev.cleanroom.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.ProposalState;
import dev.cleanroom.core.governance.RoomStatus;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.PartyKeys;
import dev.cleanroom.protocol.GovernanceDocument;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.SignedEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ledger entries shaped like the ones a room server writes for a member's ballot: the header
 * ({@code seq}, {@code prev}, {@code time}, {@code type}), the member's signed envelope (a real
 * Ed25519 signature over a real ballot document) and the recorded effects. About 560 bytes each.
 *
 * <p>Signing is slow next to appending, so a fixed set of distinct signed ballots is made up front
 * and entry {@code seq} carries ballot {@code seq mod distinctBallots} under its own header. The
 * bytes after the header are serialized once per ballot; an entry is its header plus those bytes,
 * exactly what serializing the whole entry would give. Immutable and thread-safe once created.
 */
final class BallotEntries {
  static final String ZERO_HASH_HEX = "0".repeat(64);
  private static final String[] MEMBERS = {"hospital-north", "hospital-south", "insurer-east",
      "research-institute"};

  private final List<byte[]> bodies;

  private BallotEntries(List<byte[]> bodies) {
    this.bodies = List.copyOf(bodies);
  }

  /** Makes {@code distinctBallots} ballots for {@code room}, signed by four members' new keys. */
  static BallotEntries create(RoomId room, int distinctBallots, SecureRandom random) {
    if (distinctBallots <= 0) {
      throw new IllegalArgumentException("distinct ballots " + distinctBallots + " must be positive");
    }
    List<PartyKeys> members = new ArrayList<>();
    for (String member : MEMBERS) {
      members.add(PartyKeys.generate(PartyId.of(member), random));
    }
    List<byte[]> bodies = new ArrayList<>(distinctBallots);
    for (int i = 0; i < distinctBallots; i++) {
      PartyKeys member = members.get(i % members.size());
      byte[] proposalHash = new byte[32];
      random.nextBytes(proposalHash);
      ProposalId proposal = ProposalId.of(Hashes.hex(proposalHash));
      Vote vote = i % 7 == 0 ? Vote.REJECT : Vote.ACCEPT;
      GovernanceDocument.Ballot ballot =
          new GovernanceDocument.Ballot(room, member.party(), proposal, vote);
      SignedEnvelope envelope = SignedEnvelope.sign(member, ballot.toJson());
      bodies.add(body(envelope, proposal, i % 4 == 3 ? ProposalState.ACCEPTED : ProposalState.OPEN));
    }
    return new BallotEntries(bodies);
  }

  /** The ledger entry with sequence number {@code seq}. */
  byte[] entry(long seq, String previousHashHex, Instant time) {
    if (seq < 0) {
      throw new IllegalArgumentException("sequence number " + seq + " is negative");
    }
    byte[] header = ("{\"seq\":" + seq + ",\"prev\":\"" + previousHashHex + "\",\"time\":\""
        + time + "\"").getBytes(StandardCharsets.UTF_8);
    byte[] body = bodies.get((int) (seq % bodies.size()));
    byte[] entry = new byte[header.length + body.length];
    System.arraycopy(header, 0, entry, 0, header.length);
    System.arraycopy(body, 0, entry, header.length, body.length);
    return entry;
  }

  /**
   * Entries {@code 0 .. count-1} of a ledger, each entry's {@code prev} the SHA-256 of the one before
   * (zeros for the first), one millisecond apart from {@code start}.
   */
  List<byte[]> chained(int count, Instant start) {
    List<byte[]> entries = new ArrayList<>(count);
    String previous = ZERO_HASH_HEX;
    for (int seq = 0; seq < count; seq++) {
      byte[] entry = entry(seq, previous, start.plusMillis(seq));
      entries.add(entry);
      previous = Hashes.sha256Hex(entry);
    }
    return entries;
  }

  /** Everything after the header, up to and including the closing brace, as Jackson writes it. */
  private static byte[] body(SignedEnvelope envelope, ProposalId proposal, ProposalState state) {
    ObjectNode node = Json.object();
    node.put("type", GovernanceDocument.Ballot.TYPE);
    node.set("envelope", envelope.toJson());
    ObjectNode effects = node.putObject("effects");
    effects.putObject("proposals").put(proposal.value(), state.wireName());
    effects.put("contract_version", 3);
    effects.put("room_status", RoomStatus.ACTIVE.wireName());
    byte[] object = Json.bytes(node);
    // Drop the opening brace and put a comma in its place: the body continues the header's object.
    byte[] body = object.clone();
    body[0] = ',';
    return body;
  }
}
