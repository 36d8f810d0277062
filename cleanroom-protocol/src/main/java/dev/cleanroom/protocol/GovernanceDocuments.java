package dev.cleanroom.protocol;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.PartyKeys;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/** Builds and signs governance documents for a party, and reads the routing facts out of a signed one. */
public final class GovernanceDocuments {
  private static final SecureRandom RANDOM = new SecureRandom();

  private GovernanceDocuments() {}

  public static SignedEnvelope founding(PartyKeys keys, RoomId room, List<Action> actions) {
    return SignedEnvelope.sign(keys,
        new GovernanceDocument.Founding(room, keys.party(), nonce(), Instant.now().toString(), actions).toJson());
  }

  public static SignedEnvelope proposal(PartyKeys keys, RoomId room, long baseVersion, List<Action> actions) {
    return SignedEnvelope.sign(keys,
        new GovernanceDocument.Proposal(room, keys.party(), baseVersion, nonce(), Instant.now().toString(), actions).toJson());
  }

  public static SignedEnvelope ballot(PartyKeys keys, RoomId room, ProposalId proposal, Vote vote) {
    return SignedEnvelope.sign(keys, new GovernanceDocument.Ballot(room, keys.party(), proposal, vote).toJson());
  }

  public static SignedEnvelope withdrawal(PartyKeys keys, RoomId room, ProposalId proposal) {
    return SignedEnvelope.sign(keys, new GovernanceDocument.Withdrawal(room, keys.party(), proposal).toJson());
  }

  /** Refuses a document of another type than the endpoint takes: {@code room}, {@code proposal}, {@code ballot}, {@code withdrawal}. */
  public static void requireType(SignedEnvelope envelope, String type) {
    String actual = GovernanceDocument.parse(envelope.payload(), "signed document").type();
    if (!actual.equals(type)) {
      throw CleanroomException.invalid("expected a signed '" + type + "' document, got a '" + actual + "' document");
    }
  }

  /** The identity a founding document gives {@code party}, if it names it as a founding member. */
  public static java.util.Optional<dev.cleanroom.core.party.PartyIdentity> foundingIdentity(
      SignedEnvelope envelope, dev.cleanroom.core.party.PartyId party) {
    GovernanceDocument document = GovernanceDocument.parse(envelope.payload(), "signed document");
    if (!(document instanceof GovernanceDocument.Founding founding)) {
      return java.util.Optional.empty();
    }
    return founding.actions().stream()
        .filter(Action.AddMember.class::isInstance)
        .map(a -> ((Action.AddMember) a).identity())
        .filter(identity -> identity.party().equals(party))
        .findFirst();
  }

  /** The room a signed document is for. */
  public static RoomId roomOf(SignedEnvelope envelope) {
    return GovernanceDocument.parse(envelope.payload(), "signed document").room();
  }

  /** The proposal a ballot or withdrawal is about; refuses other documents. */
  public static ProposalId proposalOf(SignedEnvelope envelope) {
    GovernanceDocument document = GovernanceDocument.parse(envelope.payload(), "signed document");
    if (document instanceof GovernanceDocument.Ballot ballot) {
      return ballot.proposal();
    }
    if (document instanceof GovernanceDocument.Withdrawal withdrawal) {
      return withdrawal.proposal();
    }
    throw CleanroomException.invalid("a " + document.type() + " document cannot be sent to a proposal's ballots or withdrawal");
  }

  private static String nonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Hashes.hex(bytes);
  }
}
