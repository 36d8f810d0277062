package dev.cleanroom.protocol;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.RoomState;
import dev.cleanroom.core.governance.RoomStatus;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PartyIdentity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The requests members make of the runtime, as the ledger records them: key releases (with the runtime's
 * decisions) and query runs (with their outcomes and privacy charges). Checks that a signed request may be recorded:
 * it names this room, its author signed it with the key the contract gives them, the room is active, and the same
 * document was not recorded before. Not thread-safe: owned by {@link RoomLedgerState}.
 */
final class MemberRequests {
  private final Set<String> releaseDocuments = new HashSet<>();
  private final List<RoomLedgerState.ReleaseRecord> releases = new ArrayList<>();
  private final Map<String, RoomLedgerState.RunRecord> runs = new LinkedHashMap<>();
  private final PrivacyBudgets budgets = new PrivacyBudgets();

  KeyRelease checkKeyRelease(RoomId room, RoomState governance, SignedEnvelope envelope) {
    KeyRelease request = KeyRelease.parse(envelope.payload(), "key release");
    requireMemberDocument(room, governance, envelope, "key release", request.room(), request.author(),
        releaseDocuments.contains(envelope.payloadHash()));
    return request;
  }

  QueryRun checkQueryRun(RoomId room, RoomState governance, SignedEnvelope envelope) {
    QueryRun request = QueryRun.parse(envelope.payload(), "query run");
    requireMemberDocument(room, governance, envelope, "query run", request.room(), request.author(),
        runs.containsKey(envelope.payloadHash()));
    return request;
  }

  private static void requireMemberDocument(RoomId room, RoomState governance, SignedEnvelope envelope, String what,
      RoomId named, PartyId author, boolean recordedBefore) {
    if (!named.equals(room)) {
      throw CleanroomException.invalid(what + " is signed for room '" + named + "' but was sent to room '" + room + "'");
    }
    if (!author.equals(envelope.signer())) {
      throw CleanroomException.unauthenticated(what + " is authored by '" + author
          + "' but the envelope names signer '" + envelope.signer() + "'");
    }
    if (governance == null || governance.status() != RoomStatus.ACTIVE) {
      throw CleanroomException.conflict("room '" + room + "' is not active; a " + what + " is accepted only in an active room");
    }
    PartyIdentity signer = governance.contract().member(author)
        .orElseThrow(() -> CleanroomException.forbidden("party '" + author + "' is not a member of room '" + room + "'"));
    envelope.requireSignedBy(signer.signingKey(), what);
    if (recordedBefore) {
      throw CleanroomException.conflict("this " + what + " document was already recorded: replay refused");
    }
  }

  void record(RoomLedgerState.ReleaseRecord release, String documentHash) {
    releaseDocuments.add(documentHash);
    releases.add(release);
  }

  void record(RoomLedgerState.RunRecord run) {
    runs.put(run.runId(), run);
    budgets.record(run.outcome().spends());
  }

  List<RoomLedgerState.ReleaseRecord> releases() {
    return List.copyOf(releases);
  }

  List<RoomLedgerState.RunRecord> runs() {
    return List.copyOf(runs.values());
  }

  Optional<RoomLedgerState.RunRecord> run(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  PrivacyBudgets budgets() {
    return budgets;
  }
}
