package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.core.party.PartyId;
import java.util.List;
import java.util.Set;

/**
 * The payload of a {@link SignedEnvelope} that changes governance state. Four kinds, told apart by the payload's
 * {@code type} field: {@code room} (a founding proposal), {@code proposal}, {@code ballot} and {@code withdrawal}.
 * Every kind names its room, so a document signed for one room is refused in any other.
 */
public sealed interface GovernanceDocument
    permits GovernanceDocument.Founding,
        GovernanceDocument.Proposal,
        GovernanceDocument.Ballot,
        GovernanceDocument.Withdrawal {

  RoomId room();

  /** The party that must have signed the envelope. */
  PartyId author();

  String type();

  ObjectNode toJson();

  /** A proposal to create a room. The {@code nonce} makes two otherwise equal proposals distinct. */
  record Founding(RoomId room, PartyId author, String nonce, String createdAt, List<Action> actions)
      implements GovernanceDocument {
    public static final String TYPE = "room";

    public Founding {
      actions = List.copyOf(actions);
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = header(this);
      node.put("nonce", nonce);
      node.put("created_at", createdAt);
      node.set("actions", ContractCodec.actions(actions));
      return node;
    }
  }

  /** A proposal to change the contract at version {@code baseVersion}. */
  record Proposal(RoomId room, PartyId author, long baseVersion, String nonce, String createdAt, List<Action> actions)
      implements GovernanceDocument {
    public static final String TYPE = "proposal";

    public Proposal {
      actions = List.copyOf(actions);
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = header(this);
      node.put("base_version", baseVersion);
      node.put("nonce", nonce);
      node.put("created_at", createdAt);
      node.set("actions", ContractCodec.actions(actions));
      return node;
    }
  }

  /** A member's vote, signed over the room and the proposal id (the hash of the proposal document). */
  record Ballot(RoomId room, PartyId author, ProposalId proposal, Vote vote) implements GovernanceDocument {
    public static final String TYPE = "ballot";

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = header(this);
      node.put("proposal", proposal.value());
      node.put("vote", vote.wireName());
      return node;
    }
  }

  /** The proposer takes back its proposal. */
  record Withdrawal(RoomId room, PartyId author, ProposalId proposal) implements GovernanceDocument {
    public static final String TYPE = "withdrawal";

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = header(this);
      node.put("proposal", proposal.value());
      return node;
    }
  }

  private static ObjectNode header(GovernanceDocument document) {
    ObjectNode node = Json.object();
    node.put("type", document.type());
    node.put("room", document.room().value());
    node.put("author", document.author().value());
    return node;
  }

  /** Reads the payload of an envelope; {@code what} names it in errors. */
  static GovernanceDocument parse(byte[] payload, String what) {
    ObjectNode node = Json.parseObject(payload, what);
    String type = Json.string(node, "type", what);
    RoomId room = RoomId.of(Json.string(node, "room", what));
    PartyId author = PartyId.of(Json.string(node, "author", what));
    switch (type) {
      case Founding.TYPE:
        Json.onlyFields(node, what, Set.of("type", "room", "author", "nonce", "created_at", "actions"));
        return new Founding(room, author, Json.string(node, "nonce", what), Json.string(node, "created_at", what),
            ContractCodec.parseActions(Json.array(node, "actions", what)));
      case Proposal.TYPE:
        Json.onlyFields(node, what, Set.of("type", "room", "author", "base_version", "nonce", "created_at", "actions"));
        return new Proposal(room, author, Json.integer(node, "base_version", what), Json.string(node, "nonce", what),
            Json.string(node, "created_at", what), ContractCodec.parseActions(Json.array(node, "actions", what)));
      case Ballot.TYPE:
        Json.onlyFields(node, what, Set.of("type", "room", "author", "proposal", "vote"));
        return new Ballot(room, author, ProposalId.of(Json.string(node, "proposal", what)),
            Vote.parse(Json.string(node, "vote", what)));
      case Withdrawal.TYPE:
        Json.onlyFields(node, what, Set.of("type", "room", "author", "proposal"));
        return new Withdrawal(room, author, ProposalId.of(Json.string(node, "proposal", what)));
      default:
        throw CleanroomException.malformed(what + " has unknown type '" + type + "'; known: room, proposal, ballot, withdrawal");
    }
  }
}
