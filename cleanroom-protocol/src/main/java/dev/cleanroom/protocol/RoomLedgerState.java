package dev.cleanroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.attestation.AttestationReport;
import dev.cleanroom.attestation.AttestationVerifiers;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.Outcome;
import dev.cleanroom.core.governance.Proposal;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.RoomState;
import dev.cleanroom.core.governance.RoomStatus;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PartyIdentity;
import dev.cleanroom.core.party.PublicKeyBytes;
import dev.cleanroom.crypto.Ed25519;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.ledger.MerkleHash;
import dev.cleanroom.ledger.MerkleTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything that follows from a room's ledger: the hash chain head, the Merkle tree, the governance state, the
 * runtime keys registered on it and the roots they signed. Both the server (to accept new entries) and the
 * offline auditor (to check a downloaded ledger) drive this one class, so they read the ledger identically.
 *
 * <p>Two ways in: {@link #apply} takes an entry as stored and verifies everything about it (used on restart and by
 * {@code audit verify}); the {@code prepare...} methods build the next entry for a live request, refusing with
 * the request's own error, and {@link #commit} takes a prepared entry in. Not thread-safe: the owner serialises
 * calls (the server holds one lock per room).
 */
public final class RoomLedgerState {
  static final String ZERO_HASH = "0".repeat(64);
  private static final Set<String> GOVERNANCE_FIELDS = Set.of("seq", "prev", "time", "type", "envelope", "effects");
  private static final Set<String> RUNTIME_FIELDS = Set.of("seq", "prev", "time", "type", "runtime", "signature");
  private static final Set<String> RELEASE_FIELDS = Set.of("seq", "prev", "time", "type", "envelope", "decision");
  private static final Set<String> RUN_FIELDS = Set.of("seq", "prev", "time", "type", "envelope", "outcome");
  private static final Set<String> ROOT_FIELDS = Set.of("seq", "prev", "time", "type", "tree_size", "root", "signing_key", "signature");

  private final RoomId room;
  private final MerkleTree tree = new MerkleTree();
  private String lastHash = ZERO_HASH;
  private RoomState governance;
  private final Map<PublicKeyBytes, Long> runtimeKeyEntries = new HashMap<>();
  private PublicKeyBytes currentRuntimeKey;
  private PublicKeyBytes currentRuntimeSealingKey;
  private AttestationReport currentRuntimeReport;
  private final MemberRequests requests = new MemberRequests();
  private final TreeMap<Long, RootRecord> rootsBySize = new TreeMap<>();

  /** A signed root and the index of the ledger entry that holds it. */
  public record RootRecord(long entryIndex, SignedRoot root) {}

  /** A runtime's keys and the attestation report that binds them, as registered on the ledger. */
  public record RuntimeRecord(PublicKeyBytes signingKey, PublicKeyBytes sealingKey, AttestationReport report) {}

  /** A key release (or refusal) on the ledger. */
  public record ReleaseRecord(long entryIndex, KeyRelease request, KeyRelease.Decision decision) {}

  /** A query run (or refusal) on the ledger; its id is the SHA-256 of the signed request. */
  public record RunRecord(String runId, long entryIndex, QueryRun request, QueryRun.Outcome outcome) {}

  /** An entry ready to append, and what taking it in will change. */
  public record Prepared(long seq, byte[] entry, RoomState governance, Outcome outcome,
      RuntimeRecord runtime, SignedRoot root, ReleaseRecord release, String releaseDocument, RunRecord run) {
    Prepared(long seq, byte[] entry, RoomState governance, Outcome outcome,
        RuntimeRecord runtime, SignedRoot root, ReleaseRecord release, String releaseDocument) {
      this(seq, entry, governance, outcome, runtime, root, release, releaseDocument, null);
    }
  }

  public RoomLedgerState(RoomId room) {
    this.room = Objects.requireNonNull(room, "room");
  }

  public RoomId room() {
    return room;
  }

  public long size() {
    return tree.size();
  }

  public MerkleTree tree() {
    return tree;
  }

  /** The governance state, empty until the founding proposal is on the ledger. */
  public Optional<RoomState> governance() {
    return Optional.ofNullable(governance);
  }

  public Optional<PublicKeyBytes> currentRuntimeKey() {
    return Optional.ofNullable(currentRuntimeKey);
  }

  public Optional<PublicKeyBytes> currentRuntimeSealingKey() {
    return Optional.ofNullable(currentRuntimeSealingKey);
  }

  /** The attestation report of the runtime last registered on this ledger. */
  public Optional<AttestationReport> currentRuntimeReport() {
    return Optional.ofNullable(currentRuntimeReport);
  }

  /** Every query run and refusal on this ledger, in order. */
  public List<RunRecord> runs() {
    return requests.runs();
  }

  /** Differential-privacy budgets spent so far, as the ledger defines them. */
  public PrivacyBudgets budgets() {
    return requests.budgets();
  }

  public Optional<RunRecord> run(String runId) {
    return requests.run(runId);
  }

  /** Every key release and refusal on this ledger, in order. */
  public List<ReleaseRecord> releases() {
    return requests.releases();
  }

  /** How many runtime registrations (each with a verified attestation report) the ledger holds. */
  public int runtimeRegistrations() {
    return runtimeKeyEntries.size();
  }

  public Optional<Long> runtimeKeyEntry(PublicKeyBytes key) {
    return Optional.ofNullable(runtimeKeyEntries.get(key));
  }

  public Optional<RootRecord> latestRoot() {
    return rootsBySize.isEmpty() ? Optional.empty() : Optional.of(rootsBySize.lastEntry().getValue());
  }

  /** The earliest signed root that covers entry {@code index}, if one has been signed yet. */
  public Optional<RootRecord> rootCovering(long index) {
    var entry = rootsBySize.higherEntry(index);
    return entry == null ? Optional.empty() : Optional.of(entry.getValue());
  }

  public int rootCount() {
    return rootsBySize.size();
  }

  /** Entries appended after the latest root entry, which no signed root covers yet. */
  public long unsignedEntries() {
    return latestRoot().map(r -> size() - r.entryIndex() - 1).orElse(size());
  }

  /** The public identity a party signs with in this room: a member's, or a founding member's while pending. */
  public Optional<PartyIdentity> participant(PartyId party) {
    if (governance == null) {
      return Optional.empty();
    }
    if (governance.status() == RoomStatus.ACTIVE) {
      return governance.contract().member(party);
    }
    for (Proposal proposal : governance.proposals().values()) {
      if (proposal.founding()) {
        return foundingIdentity(proposal.actions(), party);
      }
    }
    return Optional.empty();
  }

  /** Builds the entry recording a signed governance document; refuses with the document's own error. */
  public Prepared prepareGovernance(SignedEnvelope envelope, Instant time) {
    GovernanceDocument document = GovernanceDocument.parse(envelope.payload(), "signed document");
    Outcome outcome = evaluate(envelope, document);
    ObjectNode node = LedgerEntries.header(size(), lastHash, time.toString(), document.type());
    node.set("envelope", envelope.toJson());
    node.set("effects", LedgerEntries.effects(outcome));
    return new Prepared(size(), Json.bytes(node), outcome.state(), outcome, null, null, null, null);
  }

  /**
   * Builds the entry recording a data owner's key release document and the runtime's {@code decision} on it. The
   * document must be signed by a member, name this room and not have been recorded before.
   */
  public Prepared prepareKeyRelease(SignedEnvelope envelope, KeyRelease.Decision decision, Instant time) {
    KeyRelease request = checkKeyRelease(envelope);
    ObjectNode node = LedgerEntries.header(size(), lastHash, time.toString(), KeyRelease.TYPE);
    node.set("envelope", envelope.toJson());
    node.set("decision", decision.toJson());
    return new Prepared(size(), Json.bytes(node), governance, null, null, null,
        new ReleaseRecord(size(), request, decision), envelope.payloadHash());
  }

  /** Parses and checks a key release document against this room; refuses with the document's own error. */
  public KeyRelease checkKeyRelease(SignedEnvelope envelope) {
    return requests.checkKeyRelease(room, governance, envelope);
  }

  /** Builds the entry recording a query run request and what the runtime did with it. */
  public Prepared prepareQueryRun(SignedEnvelope envelope, QueryRun.Outcome outcome, Instant time) {
    QueryRun request = checkQueryRun(envelope);
    ObjectNode node = LedgerEntries.header(size(), lastHash, time.toString(), QueryRun.TYPE);
    node.set("envelope", envelope.toJson());
    node.set("outcome", outcome.toJson());
    return new Prepared(size(), Json.bytes(node), governance, null, null, null, null, null,
        new RunRecord(envelope.payloadHash(), size(), request, outcome));
  }

  /** Parses and checks a query run request against this room; refuses with the request's own error. */
  public QueryRun checkQueryRun(SignedEnvelope envelope) {
    return requests.checkQueryRun(room, governance, envelope);
  }

  /** Builds the entry registering a runtime's keys, signed by the runtime. */
  public Prepared prepareRuntime(RuntimeIdentity runtime, Instant time) {
    PublicKeyBytes signing = runtime.signingKey().publicKey();
    PublicKeyBytes sealing = runtime.sealingKey().publicKey();
    ObjectNode node = LedgerEntries.header(size(), lastHash, time.toString(), LedgerEntries.RUNTIME);
    ObjectNode keys = node.putObject("runtime");
    keys.put("signing_key", signing.base64());
    keys.put("sealing_key", sealing.base64());
    keys.set("attestation", AttestationReports.toJson(runtime.report()));
    byte[] signature = runtime.signingKey().sign(Statements.runtimeKeys(room, signing, sealing));
    node.put("signature", Base64.getEncoder().encodeToString(signature));
    return new Prepared(size(), Json.bytes(node), governance, null,
        new RuntimeRecord(signing, sealing, runtime.report()), null, null, null);
  }

  /** Builds the entry in which the current runtime signs the root of every entry so far. */
  public Prepared prepareRoot(RuntimeIdentity runtime, Instant time) {
    PublicKeyBytes signing = runtime.signingKey().publicKey();
    if (!signing.equals(currentRuntimeKey)) {
      throw new CleanroomException(dev.cleanroom.core.ErrorCode.INTERNAL,
          "runtime key is not registered on the ledger of room '" + room + "'; register it before signing roots");
    }
    long treeSize = size();
    byte[] root = tree.rootHash();
    byte[] signature = runtime.signingKey().sign(Statements.root(room, treeSize, root));
    ObjectNode node = LedgerEntries.header(size(), lastHash, time.toString(), LedgerEntries.ROOT);
    node.put("tree_size", treeSize);
    node.put("root", Hashes.hex(root));
    node.put("signing_key", signing.base64());
    node.put("signature", Base64.getEncoder().encodeToString(signature));
    return new Prepared(size(), Json.bytes(node), governance, null, null,
        new SignedRoot(room, treeSize, root, signing, signature), null, null);
  }

  /** Takes in an entry built by a {@code prepare...} method on this state, after it was stored. */
  public void commit(Prepared prepared) {
    if (prepared.seq() != size()) {
      throw new IllegalStateException("prepared entry " + prepared.seq() + " does not follow entry " + (size() - 1));
    }
    long index = size();
    tree.append(MerkleHash.leafHash(prepared.entry()));
    lastHash = Hashes.sha256Hex(prepared.entry());
    governance = prepared.governance();
    if (prepared.runtime() != null) {
      runtimeKeyEntries.put(prepared.runtime().signingKey(), index);
      currentRuntimeKey = prepared.runtime().signingKey();
      currentRuntimeSealingKey = prepared.runtime().sealingKey();
      currentRuntimeReport = prepared.runtime().report();
    }
    if (prepared.run() != null) {
      requests.record(prepared.run());
    }
    if (prepared.release() != null) {
      requests.record(prepared.release(), prepared.releaseDocument());
    }
    if (prepared.root() != null) {
      rootsBySize.put(prepared.root().treeSize(), new RootRecord(index, prepared.root()));
    }
  }

  /**
   * Verifies an entry as stored (sequence number, hash chain, signatures, and that its recorded effects are exactly
   * what the constitution gives) and takes it in. Any failure is an {@code INTEGRITY} error naming the entry.
   */
  public void apply(byte[] entry) {
    long index = size();
    String type = "?";
    try {
      ObjectNode node = Json.parseObject(entry, "entry");
      type = Json.string(node, "type", "entry");
      long seq = Json.integer(node, "seq", "entry");
      if (seq != index) {
        throw CleanroomException.integrity("sequence number is " + seq + ", expected " + index);
      }
      String prev = Json.string(node, "prev", "entry");
      if (!prev.equals(lastHash)) {
        throw CleanroomException.integrity("hash chain broken: prev is " + prev + " but the previous entry hashes to " + lastHash);
      }
      Json.string(node, "time", "entry");
      commit(rebuild(node, type, entry));
    } catch (CleanroomException e) {
      throw new CleanroomException(dev.cleanroom.core.ErrorCode.INTEGRITY,
          "ledger of room '" + room + "', entry " + index + " (" + type + "): " + e.getMessage(), e);
    }
  }

  private Prepared rebuild(ObjectNode node, String type, byte[] entry) {
    switch (type) {
      case LedgerEntries.RUNTIME:
        return rebuildRuntime(node, entry);
      case LedgerEntries.ROOT:
        return rebuildRoot(node, entry);
      case KeyRelease.TYPE:
        return rebuildKeyRelease(node, entry);
      case QueryRun.TYPE:
        return rebuildQueryRun(node, entry);
      case GovernanceDocument.Founding.TYPE:
      case GovernanceDocument.Proposal.TYPE:
      case GovernanceDocument.Ballot.TYPE:
      case GovernanceDocument.Withdrawal.TYPE:
        return rebuildGovernance(node, type, entry);
      default:
        throw CleanroomException.integrity("unknown entry type '" + type + "'");
    }
  }

  private Prepared rebuildGovernance(ObjectNode node, String type, byte[] entry) {
    Json.onlyFields(node, "entry", GOVERNANCE_FIELDS);
    SignedEnvelope envelope = SignedEnvelope.fromJson(Json.object(node, "envelope", "entry"), "envelope");
    GovernanceDocument document = GovernanceDocument.parse(envelope.payload(), "signed document");
    if (!document.type().equals(type)) {
      throw CleanroomException.integrity("entry type '" + type + "' holds a '" + document.type() + "' document");
    }
    Outcome outcome = evaluate(envelope, document);
    JsonNode recorded = Json.object(node, "effects", "entry");
    ObjectNode expected = LedgerEntries.effects(outcome);
    if (!Json.text(expected).equals(Json.text(recorded))) {
      throw CleanroomException.integrity("recorded effects " + Json.text(recorded)
          + " differ from what the constitution gives: " + Json.text(expected));
    }
    return new Prepared(size(), entry, outcome.state(), outcome, null, null, null, null);
  }

  private Prepared rebuildQueryRun(ObjectNode node, byte[] entry) {
    Json.onlyFields(node, "entry", RUN_FIELDS);
    SignedEnvelope envelope = SignedEnvelope.fromJson(Json.object(node, "envelope", "entry"), "envelope");
    QueryRun request = checkQueryRun(envelope);
    QueryRun.Outcome outcome = QueryRun.Outcome.fromJson(Json.object(node, "outcome", "entry"), "outcome");
    if (outcome.ran() && outcome.resultSha256().isEmpty()) {
      throw CleanroomException.integrity("records a run without the hash of what it released");
    }
    if (!outcome.ran() && !outcome.spends().isEmpty()) {
      throw CleanroomException.integrity("records privacy spent by a run that did not run");
    }
    requests.budgets().overspend(governance.contract(), outcome.spends()).ifPresent(problem -> {
      throw CleanroomException.integrity("run spends more privacy budget than the policy allows: " + problem);
    });
    return new Prepared(size(), entry, governance, null, null, null, null, null,
        new RunRecord(envelope.payloadHash(), size(), request, outcome));
  }

  private Prepared rebuildKeyRelease(ObjectNode node, byte[] entry) {
    Json.onlyFields(node, "entry", RELEASE_FIELDS);
    SignedEnvelope envelope = SignedEnvelope.fromJson(Json.object(node, "envelope", "entry"), "envelope");
    KeyRelease request = checkKeyRelease(envelope);
    KeyRelease.Decision decision = KeyRelease.Decision.fromJson(Json.object(node, "decision", "entry"), "decision");
    if (decision.released() && request.isRefusal()) {
      throw CleanroomException.integrity("records a release of a document in which the owner refused");
    }
    return new Prepared(size(), entry, governance, null, null, null,
        new ReleaseRecord(size(), request, decision), envelope.payloadHash());
  }

  private Prepared rebuildRuntime(ObjectNode node, byte[] entry) {
    Json.onlyFields(node, "entry", RUNTIME_FIELDS);
    ObjectNode keys = Json.object(node, "runtime", "entry");
    Json.onlyFields(keys, "runtime", Set.of("signing_key", "sealing_key", "attestation"));
    PublicKeyBytes signing = new PublicKeyBytes(Json.string(keys, "signing_key", "runtime"));
    PublicKeyBytes sealing = new PublicKeyBytes(Json.string(keys, "sealing_key", "runtime"));
    AttestationReport report = AttestationReports.fromJson(Json.object(keys, "attestation", "runtime"), "attestation report");
    byte[] signature = SignedEnvelope.base64(Json.string(node, "signature", "entry"), "runtime signature");
    if (!Ed25519.verify(signing, Statements.runtimeKeys(room, signing, sealing), signature)) {
      throw CleanroomException.integrity("runtime key registration signature does not verify");
    }
    try {
      AttestationVerifiers.forPlatform(report.platform()).verifyBinding(report, signing, sealing);
    } catch (CleanroomException e) {
      throw CleanroomException.integrity("runtime attestation report does not verify: " + e.getMessage());
    }
    return new Prepared(size(), entry, governance, null, new RuntimeRecord(signing, sealing, report), null, null, null);
  }

  private Prepared rebuildRoot(ObjectNode node, byte[] entry) {
    Json.onlyFields(node, "entry", ROOT_FIELDS);
    long treeSize = Json.integer(node, "tree_size", "entry");
    if (treeSize != size()) {
      throw CleanroomException.integrity("signed root covers " + treeSize + " entries, expected all " + size() + " before it");
    }
    byte[] root = Hex32.parse(Json.string(node, "root", "entry"), "root");
    if (!java.util.Arrays.equals(root, tree.rootHash())) {
      throw CleanroomException.integrity("signed root " + Hashes.hex(root) + " is not the Merkle root of the entries before it ("
          + Hashes.hex(tree.rootHash()) + ")");
    }
    PublicKeyBytes signing = new PublicKeyBytes(Json.string(node, "signing_key", "entry"));
    if (!signing.equals(currentRuntimeKey)) {
      throw CleanroomException.integrity("root is signed by key " + signing + ", which is not the runtime key last registered on this ledger");
    }
    byte[] signature = SignedEnvelope.base64(Json.string(node, "signature", "entry"), "root signature");
    SignedRoot signed = new SignedRoot(room, treeSize, root, signing, signature);
    if (!signed.signatureValid()) {
      throw CleanroomException.integrity("root signature does not verify");
    }
    return new Prepared(size(), entry, governance, null, null, signed, null, null);
  }

  /** Checks a signed document against the room and its signer, and runs the governance step it asks for. */
  private Outcome evaluate(SignedEnvelope envelope, GovernanceDocument document) {
    if (!document.room().equals(room)) {
      throw CleanroomException.invalid(
          document.type() + " is signed for room '" + document.room() + "' but was sent to room '" + room + "'");
    }
    if (!document.author().equals(envelope.signer())) {
      throw CleanroomException.unauthenticated(
          document.type() + " is authored by '" + document.author() + "' but the envelope names signer '" + envelope.signer() + "'");
    }
    ProposalId id = ProposalId.of(envelope.payloadHash());
    if (document instanceof GovernanceDocument.Founding founding) {
      if (governance != null) {
        throw CleanroomException.conflict("room '" + room + "' already exists");
      }
      PartyIdentity signer = foundingIdentity(founding.actions(), founding.author())
          .orElseThrow(() -> CleanroomException.invalid("the proposer '" + founding.author() + "' must be one of the founding members"));
      envelope.requireSignedBy(signer.signingKey(), "founding proposal");
      Outcome founded = RoomState.found(room, id, founding.author(), founding.actions());
      DatasetEntries.check(founding.actions(), founding.author(), Contract.empty(room));
      return founded;
    }
    if (governance == null) {
      throw CleanroomException.notFound("room '" + room + "' does not exist");
    }
    PartyIdentity signer = participant(document.author())
        .orElseThrow(() -> CleanroomException.forbidden("party '" + document.author() + "' is not a member of room '" + room + "'"));
    envelope.requireSignedBy(signer.signingKey(), document.type());
    if (document instanceof GovernanceDocument.Proposal proposal) {
      Outcome proposed = governance.propose(id, proposal.author(), proposal.baseVersion(), proposal.actions());
      DatasetEntries.check(proposal.actions(), proposal.author(), governance.contract());
      return proposed;
    }
    if (document instanceof GovernanceDocument.Ballot ballot) {
      return governance.vote(ballot.proposal(), ballot.author(), ballot.vote());
    }
    GovernanceDocument.Withdrawal withdrawal = (GovernanceDocument.Withdrawal) document;
    return governance.withdraw(withdrawal.proposal(), withdrawal.author());
  }

  private static Optional<PartyIdentity> foundingIdentity(java.util.List<Action> actions, PartyId party) {
    for (Action action : actions) {
      if (action instanceof Action.AddMember add && add.identity().party().equals(party)) {
        return Optional.of(add.identity());
      }
    }
    return Optional.empty();
  }
}
