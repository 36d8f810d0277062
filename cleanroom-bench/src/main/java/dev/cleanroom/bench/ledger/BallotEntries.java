package dev.cleanroom.bench.ledger;

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
 * ({@code seq}, {@code prev}, {@code time}), then the {@code type}, the member's signed envelope (a
 * real Ed25519 signature over a real ballot document) and the recorded effects, in the field order
 * of {@code RoomLedgerState.prepareGovernance}. About 700 bytes each.
 *
 * <p>Signing is slow next to appending, so a fixed set of distinct signed ballots is made up front.
 * Everything after the header (the <em>body</em>) is serialized once per ballot; an entry is a header
 * followed by a body, byte for byte what serializing the whole entry gives. Immutable and
 * thread-safe; the body arrays handed out are shared and must not be modified.
 */
public final class BallotEntries {
  /** The {@code prev} of entry 0. */
  public static final String ZERO_HASH_HEX = "0".repeat(64);

  private static final String[] MEMBERS = {
    "hospital-north", "hospital-south", "insurer-east", "research-institute"
  };

  private final List<byte[]> bodies;

  private BallotEntries(List<byte[]> bodies) {
    this.bodies = List.copyOf(bodies);
  }

  /** Makes {@code distinctBallots} ballots for {@code room}, signed by four members' new keys. */
  public static BallotEntries create(RoomId room, int distinctBallots, SecureRandom random) {
    if (distinctBallots <= 0) {
      throw new IllegalArgumentException(
          "distinct ballots " + distinctBallots + " must be positive");
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
      ProposalState state = i % 4 == 3 ? ProposalState.ACCEPTED : ProposalState.OPEN;
      bodies.add(body(envelope, proposal, state));
    }
    return new BallotEntries(bodies);
  }

  /** How many distinct ballots there are. */
  public int distinctBallots() {
    return bodies.size();
  }

  /** The body of ballot {@code index mod distinctBallots()}; shared, do not modify. */
  public byte[] body(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("ballot index " + index + " is negative");
    }
    return bodies.get((int) (index % bodies.size()));
  }

  /** The entry with sequence number {@code seq} that carries {@code body}. */
  public static byte[] entry(long seq, String previousHashHex, Instant time, byte[] body) {
    if (seq < 0) {
      throw new IllegalArgumentException("sequence number " + seq + " is negative");
    }
    byte[] header = ("{\"seq\":" + seq + ",\"prev\":\"" + previousHashHex + "\",\"time\":\""
        + time + "\"").getBytes(StandardCharsets.UTF_8);
    byte[] entry = new byte[header.length + body.length];
    System.arraycopy(header, 0, entry, 0, header.length);
    System.arraycopy(body, 0, entry, header.length, body.length);
    return entry;
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
    byte[] body = Json.bytes(node);
    // A comma in place of the opening brace: the body continues the header's object.
    body[0] = ',';
    return body;
  }
}
