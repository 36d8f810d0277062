package dev.cleanroom.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.Outcome;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.party.PartyIdentity;
import dev.cleanroom.attestation.SimulatedTee;
import dev.cleanroom.protocol.AttestationReports;
import dev.cleanroom.protocol.GovernanceDocuments;
import dev.cleanroom.runtime.ConfidentialRuntime;
import dev.cleanroom.runtime.QueryRunner;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.RuntimeIdentity;
import dev.cleanroom.protocol.SignedEnvelope;
import java.util.Base64;
import java.util.List;

/**
 * The room API. Every route but {@code /health} and {@code /runtime} needs a signed request, and every route
 * under {@code /rooms/NAME} needs the caller to be a participant of that room with the key it signed with.
 */
final class RoomRoutes {
  private static final int MAX_LEDGER_PAGE = 1000;

  private final RoomRegistry rooms;
  private final RequestAuthenticator authenticator;
  private final ConfidentialRuntime runtime;
  private final BlobStore blobs;
  private final ResultStore results;
  private final QueryRunner runner;

  RoomRoutes(RoomRegistry rooms, RequestAuthenticator authenticator, ConfidentialRuntime runtime, BlobStore blobs,
      ResultStore results) {
    this.rooms = rooms;
    this.authenticator = authenticator;
    this.runtime = runtime;
    this.blobs = blobs;
    this.results = results;
    this.runner = new QueryRunner(runtime);
  }

  void handle(HttpCall call) {
    String[] parts = call.path().replaceAll("^/+|/+$", "").split("/");
    String method = call.method();
    if (parts.length == 1 && parts[0].equals("health") && method.equals("GET")) {
      call.reply(200, Json.object().put("status", "ok"));
      return;
    }
    if (parts.length == 1 && parts[0].equals("runtime") && method.equals("GET")) {
      call.reply(200, runtimeView());
      return;
    }
    if (parts.length == 0 || !parts[0].equals("rooms")) {
      throw CleanroomException.notFound("no such API path: " + method + " " + call.path());
    }
    if (parts.length == 4 && parts[2].equals("blobs") && method.equals("PUT")) {
      uploadBlob(call, RoomId.of(parts[1]), parts[3]);
      return;
    }
    RequestAuthenticator.Caller caller =
        authenticator.authenticate(method, call.pathAndQuery(), call.body(), call::header);
    if (parts.length == 1 && method.equals("POST")) {
      createRoom(call, caller);
      return;
    }
    if (parts.length < 2) {
      throw CleanroomException.notFound("no such API path: " + method + " " + call.path());
    }
    RoomLog room = rooms.require(RoomId.of(parts[1]));
    requireParticipant(room, caller);
    route(call, caller, room, java.util.Arrays.copyOfRange(parts, 2, parts.length));
  }

  private void route(HttpCall call, RequestAuthenticator.Caller caller, RoomLog room, String[] rest) {
    String method = call.method();
    String path = String.join("/", rest);
    if (rest.length == 0 && method.equals("GET")) {
      call.reply(200, room.read(Views::room));
    } else if (path.equals("proposals") && method.equals("GET")) {
      call.reply(200, proposals(room));
    } else if (path.equals("proposals") && method.equals("POST")) {
      submit(call, caller, room, null, "proposal", 201);
    } else if (rest.length == 2 && rest[0].equals("proposals") && method.equals("GET")) {
      ProposalId id = ProposalId.of(rest[1]);
      call.reply(200, room.read(s -> s.governance().orElseThrow().proposal(id).map(Views::proposal)
          .orElseThrow(() -> CleanroomException.notFound("proposal " + id + " does not exist in room '" + room.room() + "'"))));
    } else if (rest.length == 3 && rest[0].equals("proposals") && rest[2].equals("ballots") && method.equals("POST")) {
      submit(call, caller, room, ProposalId.of(rest[1]), "ballot", 200);
    } else if (rest.length == 3 && rest[0].equals("proposals") && rest[2].equals("withdrawal") && method.equals("POST")) {
      submit(call, caller, room, ProposalId.of(rest[1]), "withdrawal", 200);
    } else if (path.equals("datasets") && method.equals("GET")) {
      call.reply(200, room.read(s -> DatasetViews.list(s, runtime, blobs)));
    } else if (path.equals("key-releases") && method.equals("POST")) {
      releaseKey(call, caller, room);
    } else if (path.equals("runs") && method.equals("POST")) {
      runQuery(call, caller, room);
    } else if (path.equals("runs") && method.equals("GET")) {
      call.reply(200, room.read(RunViews::list));
    } else if (rest.length == 3 && rest[0].equals("runs") && rest[2].equals("result") && method.equals("GET")) {
      result(call, caller, room, rest[1]);
    } else if (path.equals("ledger") && method.equals("GET")) {
      ledger(call, room);
    } else if (path.equals("ledger/root") && method.equals("GET")) {
      call.reply(200, room.latestRoot().toJson());
    } else if (rest.length == 3 && rest[0].equals("ledger") && rest[1].equals("receipts") && method.equals("GET")) {
      call.reply(200, room.receipt(parseIndex(rest[2])).toJson());
    } else if (path.equals("ledger/consistency") && method.equals("GET")) {
      call.reply(200, room.consistency(call.longParameter("from", -1)).toJson());
    } else {
      throw CleanroomException.notFound("no such API path: " + method + " " + call.path());
    }
  }

  private void createRoom(HttpCall call, RequestAuthenticator.Caller caller) {
    SignedEnvelope envelope = envelope(call, caller);
    GovernanceDocuments.requireType(envelope, "room");
    RoomId room = GovernanceDocuments.roomOf(envelope);
    PartyIdentity founder = GovernanceDocuments.foundingIdentity(envelope, caller.party()).orElseThrow(
        () -> CleanroomException.invalid("the proposer '" + caller.party() + "' must be one of the founding members"));
    if (!founder.signingKey().equals(caller.key())) {
      throw CleanroomException.forbidden("the key that signed this request is not the key the founding proposal gives '"
          + caller.party() + "'");
    }
    Outcome outcome = rooms.create(room, envelope);
    RoomLog log = rooms.require(room);
    call.reply(201, Views.outcome(envelope.payloadHash(), outcome, log.read(s -> s.size() - 1)));
  }

  private void submit(
      HttpCall call, RequestAuthenticator.Caller caller, RoomLog room, ProposalId inPath, String type, int status) {
    SignedEnvelope envelope = envelope(call, caller);
    GovernanceDocuments.requireType(envelope, type);
    if (inPath != null) {
      ProposalId named = GovernanceDocuments.proposalOf(envelope);
      if (!named.equals(inPath)) {
        throw CleanroomException.invalid("document is signed for proposal " + named + " but was sent to proposal " + inPath);
      }
    }
    RoomLog.Submitted submitted = room.submit(envelope);
    String proposal = inPath != null ? inPath.value() : envelope.payloadHash();
    call.reply(status, Views.outcome(proposal, submitted.outcome(), submitted.entry()));
  }

  /**
   * Streams an encrypted dataset into the store. The request signature covers the blob's SHA-256 (its name) in
   * place of the body hash, and the store refuses content that does not hash to that name.
   */
  private void uploadBlob(HttpCall call, RoomId roomId, String sha256) {
    BlobStore.requireHash(sha256);
    RequestAuthenticator.Caller caller =
        authenticator.authenticateBodyHash(call.method(), call.pathAndQuery(), sha256, call::header);
    RoomLog room = rooms.require(roomId);
    requireParticipant(room, caller);
    long stored = blobs.store(roomId, sha256, call.bodyStream());
    call.reply(201, Json.object().put("sha256", sha256).put("bytes", stored));
  }

  private void releaseKey(HttpCall call, RequestAuthenticator.Caller caller, RoomLog room) {
    SignedEnvelope envelope = envelope(call, caller);
    RoomLog.KeyReleaseResult result = room.releaseKey(envelope, runtime);
    ObjectNode node = Json.object();
    node.put("table", result.request().table());
    node.put("released", result.decision().released());
    node.put("reason", result.decision().reason());
    node.put("entry", result.entry());
    call.reply(200, node);
  }

  private void runQuery(HttpCall call, RequestAuthenticator.Caller caller, RoomLog room) {
    SignedEnvelope envelope = envelope(call, caller);
    RoomLog.QueryRunResult result = room.runQuery(envelope, runner, results);
    ObjectNode node = result.outcome().toJson();
    node.put("run", result.runId());
    node.put("entry", result.entry());
    call.reply(200, node);
  }

  /** The caller's sealed copy of a run's result: only a recipient gets one, and only it can open it. */
  private void result(HttpCall call, RequestAuthenticator.Caller caller, RoomLog room, String runId) {
    dev.cleanroom.protocol.RoomLedgerState.RunRecord run = room.read(s -> s.run(runId)).orElseThrow(
        () -> CleanroomException.notFound("run " + runId + " is not on the ledger of room '" + room.room() + "'"));
    if (!run.outcome().ran()) {
      throw CleanroomException.notFound("run " + runId + " was refused, it has no result: " + run.outcome().reason());
    }
    if (!run.outcome().recipients().contains(caller.party())) {
      throw CleanroomException.forbidden("party '" + caller.party() + "' is not a recipient of run " + runId
          + " (recipients: " + run.outcome().recipients() + ")");
    }
    byte[] sealed = results.read(room.room(), runId, caller.party()).orElseThrow(() -> CleanroomException.notFound(
        "the sealed result of run " + runId + " for '" + caller.party() + "' is missing from the operator's storage"));
    ObjectNode node = Json.object();
    node.put("run", runId);
    node.put("recipient", caller.party().value());
    node.put("sealed", Base64.getEncoder().encodeToString(sealed));
    call.reply(200, node);
  }

  private static SignedEnvelope envelope(HttpCall call, RequestAuthenticator.Caller caller) {
    SignedEnvelope envelope = SignedEnvelope.fromJson(Json.parse(call.body(), "request body"), "request body");
    if (!envelope.signer().equals(caller.party())) {
      throw CleanroomException.forbidden("request is sent by '" + caller.party() + "' but the document is signed by '"
          + envelope.signer() + "'; each party submits its own documents");
    }
    return envelope;
  }

  private static void requireParticipant(RoomLog room, RequestAuthenticator.Caller caller) {
    PartyIdentity identity = room.read(s -> s.participant(caller.party())).orElseThrow(
        () -> CleanroomException.forbidden("party '" + caller.party() + "' is not a member of room '" + room.room() + "'"));
    if (!identity.signingKey().equals(caller.key())) {
      throw CleanroomException.forbidden("the key that signed this request is not the key of member '"
          + caller.party() + "' of room '" + room.room() + "'");
    }
  }

  private static ObjectNode proposals(RoomLog room) {
    ObjectNode node = Json.object();
    ArrayNode list = node.putArray("proposals");
    room.read(s -> {
      s.governance().orElseThrow().proposals().values().forEach(p -> list.add(Views.proposal(p)));
      return null;
    });
    return node;
  }

  private static void ledger(HttpCall call, RoomLog room) {
    long from = call.longParameter("from", 0);
    long limit = Math.min(MAX_LEDGER_PAGE, Math.max(1, call.longParameter("limit", MAX_LEDGER_PAGE)));
    List<byte[]> entries = room.entries(from, limit);
    ObjectNode node = Json.object();
    node.put("room", room.room().value());
    node.put("size", room.read(s -> s.size()).longValue());
    node.put("from", from);
    ArrayNode array = node.putArray("entries");
    entries.forEach(e -> array.add(Base64.getEncoder().encodeToString(e)));
    call.reply(200, node);
  }

  private ObjectNode runtimeView() {
    RuntimeIdentity identity = runtime.identity();
    ObjectNode node = Json.object();
    node.put("signing_key", identity.signingKey().publicKey().base64());
    node.put("sealing_key", identity.sealingKey().publicKey().base64());
    node.put("measurement", identity.report().measurement());
    node.set("attestation", AttestationReports.toJson(identity.report()));
    if (identity.report().simulated()) {
      node.put("warning", SimulatedTee.WARNING);
    }
    return node;
  }

  private static long parseIndex(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw CleanroomException.invalid("ledger entry index must be an integer, got '" + text + "'");
    }
  }
}
