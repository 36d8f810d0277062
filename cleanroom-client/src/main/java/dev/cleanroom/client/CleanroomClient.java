package dev.cleanroom.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.PartyKeys;
import dev.cleanroom.protocol.ConsistencyProof;
import dev.cleanroom.protocol.GovernanceDocuments;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.Receipt;
import dev.cleanroom.protocol.RequestSigning;
import dev.cleanroom.protocol.SignedEnvelope;
import dev.cleanroom.protocol.SignedRoot;
import dev.cleanroom.protocol.RoomLedgerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The Java SDK of a room server, acting as one party. Every request is signed with the party's Ed25519 key
 * (method, path, body hash, timestamp, nonce); every governance document is signed before it leaves. Server
 * errors come back as {@link CleanroomException} with the server's category and message. Thread-safe.
 */
public final class CleanroomClient {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** How long an ordinary request may wait for its reply. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /**
   * How long a request may wait whose reply comes after work that grows with a dataset: an upload, a key release,
   * a query run.
   */
  private static final Duration DATA_WORK_TIMEOUT = Duration.ofHours(6);

  private final URI server;
  private final PartyKeys keys;
  private final HttpClient http;

  private CleanroomClient(URI server, PartyKeys keys) {
    this.server = Objects.requireNonNull(server, "server");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public static CleanroomClient connect(String serverUrl, PartyKeys keys) {
    URI uri;
    try {
      uri = URI.create(serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl);
    } catch (IllegalArgumentException e) {
      throw CleanroomException.invalid("server URL '" + serverUrl + "' is not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw CleanroomException.invalid("server URL '" + serverUrl + "' must start with http:// or https://");
    }
    return new CleanroomClient(uri, keys);
  }

  public PartyKeys keys() {
    return keys;
  }

  /** The outcome of a submitted document: the proposal it concerns, its state, the ledger entry index. */
  public record Submitted(ProposalId proposal, String state, long contractVersion, long entry, ObjectNode raw) {
    static Submitted of(JsonNode node) {
      return new Submitted(ProposalId.of(node.path("proposal").asText()), node.path("state").asText(),
          node.path("contract_version").asLong(), node.path("entry").asLong(), (ObjectNode) node);
    }
  }

  public Submitted createRoom(RoomId room, List<Action> foundingActions) {
    return Submitted.of(post("/rooms", GovernanceDocuments.founding(keys, room, foundingActions).toJson()));
  }

  /** Proposes {@code actions} against the contract version now in force. */
  public Submitted propose(RoomId room, List<Action> actions) {
    long version = room(room).path("contract").path("version").asLong();
    return propose(room, version, actions);
  }

  public Submitted propose(RoomId room, long baseVersion, List<Action> actions) {
    SignedEnvelope envelope = GovernanceDocuments.proposal(keys, room, baseVersion, actions);
    return Submitted.of(post(roomPath(room) + "/proposals", envelope.toJson()));
  }

  public Submitted vote(RoomId room, ProposalId proposal, Vote vote) {
    return submitBallot(room, proposal, GovernanceDocuments.ballot(keys, room, proposal, vote));
  }

  /** Sends an already signed ballot, as it is; used to show that replays and misdirected ballots are refused. */
  public Submitted submitBallot(RoomId room, ProposalId proposal, SignedEnvelope ballot) {
    return Submitted.of(post(roomPath(room) + "/proposals/" + proposal.value() + "/ballots", ballot.toJson()));
  }

  public Submitted withdraw(RoomId room, ProposalId proposal) {
    SignedEnvelope envelope = GovernanceDocuments.withdrawal(keys, room, proposal);
    return Submitted.of(post(roomPath(room) + "/proposals/" + proposal.value() + "/withdrawal", envelope.toJson()));
  }

  /** Room status, ledger size and the contract in force. */
  public ObjectNode room(RoomId room) {
    return (ObjectNode) get(roomPath(room));
  }

  public ObjectNode proposals(RoomId room) {
    return (ObjectNode) get(roomPath(room) + "/proposals");
  }

  public ObjectNode proposal(RoomId room, ProposalId proposal) {
    return (ObjectNode) get(roomPath(room) + "/proposals/" + proposal.value());
  }

  /** Downloads the whole ledger, page by page. */
  public List<byte[]> ledger(RoomId room) {
    List<byte[]> entries = new ArrayList<>();
    while (true) {
      JsonNode page = get(roomPath(room) + "/ledger?from=" + entries.size());
      JsonNode list = page.path("entries");
      list.forEach(e -> entries.add(Base64.getDecoder().decode(e.asText())));
      if (list.isEmpty() || entries.size() >= page.path("size").asLong()) {
        return entries;
      }
    }
  }

  public Receipt receipt(RoomId room, long entry) {
    return Receipt.fromJson(get(roomPath(room) + "/ledger/receipts/" + entry), "receipt");
  }

  public SignedRoot latestRoot(RoomId room) {
    return SignedRoot.fromJson(get(roomPath(room) + "/ledger/root"), "signed root");
  }

  public ConsistencyProof consistency(RoomId room, long savedTreeSize) {
    return ConsistencyProof.fromJson(get(roomPath(room) + "/ledger/consistency?from=" + savedTreeSize), "consistency proof");
  }

  /** The runtime's public keys and attestation; needs no signature. */
  public ObjectNode runtime() {
    return (ObjectNode) send("GET", "/runtime", new byte[0]);
  }

  /** The datasets in the contract, with whether they are stored and whether the runtime holds their key. */
  public ObjectNode datasets(RoomId room) {
    return (ObjectNode) get(roomPath(room) + "/datasets");
  }

  /** Sends a signed key release document; the reply says whether the runtime released (and holds) the key. */
  public ObjectNode releaseKey(RoomId room, SignedEnvelope release) {
    // The runtime decrypts, checks and loads the whole dataset before it answers.
    return (ObjectNode) sendAwaitingData("POST", roomPath(room) + "/key-releases", Json.bytes(release.toJson()));
  }

  /**
   * Downloads the whole ledger and replays it, verifying every entry (see {@link dev.cleanroom.protocol.LedgerAudit}).
   * The state it returns is what the ledger proves, not what the server says.
   */
  public RoomLedgerState verifiedState(RoomId room) {
    RoomLedgerState state = new RoomLedgerState(room);
    for (byte[] entry : ledger(room)) {
      state.apply(entry);
    }
    return state;
  }

  /**
   * Uploads an encrypted dataset file as blob {@code sha256}, streaming it from disk. The request signature covers
   * the hash, and the server refuses content that does not match it. {@code progress} receives bytes sent so far.
   */
  public ObjectNode uploadBlob(RoomId room, Path file, String sha256, LongConsumer progress) {
    String path = roomPath(room) + "/blobs/" + sha256;
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(() -> {
          try {
            return new CountingInputStream(Files.newInputStream(file), progress);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }), size);
    HttpRequest request = headers("PUT", path, sha256)
        .timeout(DATA_WORK_TIMEOUT)
        .header("Content-Type", "application/octet-stream")
        .method("PUT", body)
        .build();
    return (ObjectNode) exchange(request, "PUT " + path);
  }

  private static String roomPath(RoomId room) {
    return "/rooms/" + room.value();
  }

  private JsonNode get(String pathAndQuery) {
    return send("GET", pathAndQuery, new byte[0]);
  }

  private JsonNode post(String path, JsonNode body) {
    return send("POST", path, Json.bytes(body));
  }

  /** Signs and sends one request; exposed for tests that probe the server's request checks. */
  public JsonNode send(String method, String pathAndQuery, byte[] body) {
    return send(method, pathAndQuery, body, REQUEST_TIMEOUT);
  }

  /**
   * Signs and sends one request whose reply waits on work that grows with the datasets (a key release loads a whole
   * dataset; a query run scans the tables it reads), so it may wait far longer than an ordinary request.
   */
  public JsonNode sendAwaitingData(String method, String pathAndQuery, byte[] body) {
    return send(method, pathAndQuery, body, DATA_WORK_TIMEOUT);
  }

  private JsonNode send(String method, String pathAndQuery, byte[] body, Duration timeout) {
    HttpRequest request = signed(method, pathAndQuery, body).timeout(timeout).build();
    return exchange(request, method + " " + pathAndQuery);
  }

  /** A request builder with fresh authentication headers. */
  public HttpRequest.Builder signed(String method, String pathAndQuery, byte[] body) {
    return headers(method, pathAndQuery, Hashes.sha256Hex(body))
        .header("Content-Type", "application/json")
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** A request builder with fresh authentication headers over a body with SHA-256 {@code bodySha256}. */
  private HttpRequest.Builder headers(String method, String pathAndQuery, String bodySha256) {
    long timestamp = System.currentTimeMillis();
    byte[] nonceBytes = new byte[16];
    RANDOM.nextBytes(nonceBytes);
    String nonce = Hashes.hex(nonceBytes);
    byte[] signature = keys.sign(RequestSigning.statementForBodyHash(method, pathAndQuery, bodySha256, timestamp, nonce));
    return HttpRequest.newBuilder(server.resolve(pathAndQuery))
        .timeout(REQUEST_TIMEOUT)
        .header(RequestSigning.PARTY_HEADER, keys.party().value())
        .header(RequestSigning.KEY_HEADER, keys.signingKey().publicKey().base64())
        .header(RequestSigning.TIMESTAMP_HEADER, Long.toString(timestamp))
        .header(RequestSigning.NONCE_HEADER, nonce)
        .header(RequestSigning.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature));
  }

  /** Sends a prepared request and maps an error reply to a {@link CleanroomException}. */
  public JsonNode exchange(HttpRequest request, String what) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot reach the server at " + server + " (" + what + "): "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CleanroomException(ErrorCode.IO, "interrupted while waiting for the server (" + what + ")", e);
    }
    JsonNode body = response.body().length == 0 ? Json.object() : Json.parse(response.body(), "server reply to " + what);
    if (response.statusCode() >= 200 && response.statusCode() < 300) {
      return body;
    }
    JsonNode error = body.path("error");
    ErrorCode code;
    try {
      code = ErrorCode.valueOf(error.path("code").asText("INTERNAL"));
    } catch (IllegalArgumentException e) {
      code = ErrorCode.INTERNAL;
    }
    String message = error.path("message").asText("server replied HTTP " + response.statusCode());
    throw new CleanroomException(code, message + " (HTTP " + response.statusCode() + ")");
  }
}
