package dev.cleanroom.server;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.Outcome;
import dev.cleanroom.ledger.LedgerStore;
import dev.cleanroom.protocol.ConsistencyProof;
import dev.cleanroom.protocol.KeyRelease;
import dev.cleanroom.protocol.QueryRun;
import dev.cleanroom.runtime.QueryRunner;
import dev.cleanroom.runtime.ConfidentialRuntime;
import dev.cleanroom.runtime.KeyReleaseDecision;
import dev.cleanroom.protocol.Receipt;
import dev.cleanroom.protocol.RoomLedgerState;
import dev.cleanroom.protocol.RuntimeIdentity;
import dev.cleanroom.protocol.SignedEnvelope;
import dev.cleanroom.protocol.SignedRoot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One room's durable ledger and the state that follows from it. Every write prepares the next entry against the
 * current state (refusing bad requests before anything is stored), appends it durably, and only then takes it
 * into the state, so an acknowledged change is always on disk and a refused one never is.
 *
 * <p>Thread-safe: one lock per room serialises writes and the reads that need a consistent view.
 */
final class RoomLog implements AutoCloseable {
  private final RoomLedgerState state;
  private final LedgerStore store;
  private final RuntimeIdentity runtime;
  private final Clock clock;
  private final int rootEveryEntries;

  RoomLog(RoomLedgerState state, LedgerStore store, RuntimeIdentity runtime, Clock clock, int rootEveryEntries) {
    this.state = state;
    this.store = store;
    this.runtime = runtime;
    this.clock = clock;
    this.rootEveryEntries = rootEveryEntries;
  }

  RoomId room() {
    return state.room();
  }

  /** Records a signed governance document; returns what it changed. */
  synchronized Outcome submit(SignedEnvelope envelope) {
    RoomLedgerState.Prepared prepared = state.prepareGovernance(envelope, clock.instant());
    store.append(List.of(prepared.entry()));
    state.commit(prepared);
    if (state.unsignedEntries() >= rootEveryEntries) {
      signRoot();
    }
    return prepared.outcome();
  }

  /**
   * Records a data owner's key release document with the runtime's decision on it. The decision is made under this
   * room's lock against the state in force; a released key is held only after its ledger entry is durable.
   */
  synchronized KeyReleaseResult releaseKey(SignedEnvelope envelope, ConfidentialRuntime runtime) {
    KeyRelease request = state.checkKeyRelease(envelope);
    KeyReleaseDecision decision = runtime.decide(state, request);
    RoomLedgerState.Prepared prepared;
    try {
      prepared = state.prepareKeyRelease(envelope, decision.decision(), clock.instant());
      store.append(List.of(prepared.entry()));
    } catch (RuntimeException e) {
      decision.abandon();
      throw e;
    }
    state.commit(prepared);
    if (decision.decision().released()) {
      runtime.hold(room(), request.table(), decision, request.manifestSha256(), prepared.seq());
    }
    return new KeyReleaseResult(request, decision.decision(), prepared.seq());
  }

  /**
   * Runs a query request: the runtime checks and executes it against the state in force, the sealed results are
   * stored, then the run (or its refusal) is recorded on the ledger.
   */
  synchronized QueryRunResult runQuery(SignedEnvelope envelope, QueryRunner runner, ResultStore results) {
    QueryRun request = state.checkQueryRun(envelope);
    String runId = envelope.payloadHash();
    QueryRunner.RunResult result = runner.run(state, request, runId);
    results.store(room(), runId, result.sealedResults());
    RoomLedgerState.Prepared prepared = state.prepareQueryRun(envelope, result.outcome(), clock.instant());
    store.append(List.of(prepared.entry()));
    state.commit(prepared);
    return new QueryRunResult(runId, result.outcome(), prepared.seq());
  }

  /** A recorded query run: its id, outcome and ledger entry. */
  record QueryRunResult(String runId, QueryRun.Outcome outcome, long entry) {}

  /** A recorded key release: the request, the decision and its ledger entry. */
  record KeyReleaseResult(KeyRelease request, KeyRelease.Decision decision, long entry) {}

  /** Registers this runtime's keys on the ledger; done once per room after every start. */
  synchronized void registerRuntime() {
    RoomLedgerState.Prepared prepared = state.prepareRuntime(runtime, clock.instant());
    store.append(List.of(prepared.entry()));
    state.commit(prepared);
  }

  /** Signs the root of every entry so far, if any entry is not yet covered by a signed root. */
  synchronized void signPending() {
    if (state.unsignedEntries() > 0) {
      signRoot();
    }
  }

  private void signRoot() {
    RoomLedgerState.Prepared prepared = state.prepareRoot(runtime, clock.instant());
    store.append(List.of(prepared.entry()));
    state.commit(prepared);
  }

  /** Runs {@code read} on the state while no write can happen. */
  synchronized <T> T read(Function<RoomLedgerState, T> read) {
    return read.apply(state);
  }

  synchronized List<byte[]> entries(long from, long limit) {
    long size = state.size();
    if (from < 0 || from > size) {
      throw CleanroomException.invalid("ledger start " + from + " is outside 0.." + size);
    }
    return new ArrayList<>(store.readRange(from, Math.min(size, from + limit)));
  }

  /** A receipt for entry {@code index}, signing a new root first if no root covers it yet. */
  synchronized Receipt receipt(long index) {
    if (index < 0 || index >= state.size()) {
      throw CleanroomException.notFound("ledger entry " + index + " does not exist; the ledger of room '"
          + room() + "' has " + state.size() + " entries");
    }
    if (state.rootCovering(index).isEmpty()) {
      signRoot();
    }
    RoomLedgerState.RootRecord record = state.rootCovering(index).orElseThrow();
    SignedRoot root = record.root();
    long signerIndex = state.runtimeKeyEntry(root.signingKey()).orElseThrow();
    return new Receipt(
        root,
        index,
        store.read(index),
        state.tree().inclusionProof(index, root.treeSize()),
        signerIndex,
        store.read(signerIndex),
        state.tree().inclusionProof(signerIndex, root.treeSize()));
  }

  /** The latest signed root, signing pending entries first so it covers the whole ledger but the root entry. */
  synchronized SignedRoot latestRoot() {
    signPending();
    return state.latestRoot().orElseThrow().root();
  }

  /** Proof that the latest signed root extends the tree of {@code oldSize} entries. */
  synchronized ConsistencyProof consistency(long oldSize) {
    SignedRoot newer = latestRoot();
    if (oldSize < 1 || oldSize > newer.treeSize()) {
      throw CleanroomException.invalid("saved tree size " + oldSize + " is outside 1.." + newer.treeSize());
    }
    return new ConsistencyProof(newer, oldSize, state.tree().consistencyProof(oldSize, newer.treeSize()));
  }

  @Override
  public synchronized void close() {
    store.close();
  }
}
