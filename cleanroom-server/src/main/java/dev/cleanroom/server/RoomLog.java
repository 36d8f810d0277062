package dev.cleanroom.server;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.Outcome;
import dev.cleanroom.ledger.LedgerStore;
import dev.cleanroom.protocol.ConsistencyProof;
import dev.cleanroom.protocol.KeyRelease;
import dev.cleanroom.protocol.QueryRun;
import dev.cleanroom.protocol.Receipt;
import dev.cleanroom.protocol.RoomLedgerState;
import dev.cleanroom.protocol.RuntimeIdentity;
import dev.cleanroom.protocol.SignedEnvelope;
import dev.cleanroom.protocol.SignedRoot;
import dev.cleanroom.runtime.ConfidentialRuntime;
import dev.cleanroom.runtime.KeyReleaseDecision;
import dev.cleanroom.runtime.QueryRunner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One room's durable ledger and the state that follows from it. Every write prepares the next entry against the
 * current state (refusing bad requests before anything is stored), takes it into the state and queues it; the
 * request is answered only once its entry is durable. Entries queued while a sync is running go to disk together in
 * the next one (group commit), in ledger order, so many concurrent requests share one fsync.
 *
 * <p>Thread-safe. Two locks, always taken in this order: the writer lock (one store append at a time), then this
 * object (the state and the queue). Methods holding this object never wait for the writer. If a store append
 * fails, the state is ahead of the disk: the room refuses everything until the server restarts and rebuilds it
 * from the file, where no unacknowledged entry can matter.
 */
final class RoomLog implements AutoCloseable {
  private final RoomLedgerState state;
  private final LedgerStore store;
  private final RuntimeIdentity runtime;
  private final Clock clock;
  private final int rootEveryEntries;
  private final Object writer = new Object();
  private final List<byte[]> queued = new ArrayList<>();
  private long durable;
  private RuntimeException broken;

  RoomLog(RoomLedgerState state, LedgerStore store, RuntimeIdentity runtime, Clock clock, int rootEveryEntries) {
    this.state = state;
    this.store = store;
    this.runtime = runtime;
    this.clock = clock;
    this.rootEveryEntries = rootEveryEntries;
    this.durable = state.size();
  }

  RoomId room() {
    return state.room();
  }

  /** A recorded governance step: what it changed and the index of its ledger entry. */
  record Submitted(Outcome outcome, long entry) {}

  /** Records a signed governance document; returns what it changed once it is durable. */
  Submitted submit(SignedEnvelope envelope) {
    RoomLedgerState.Prepared prepared;
    long target;
    synchronized (this) {
      prepared = state.prepareGovernance(envelope, clock.instant());
      stage(prepared);
      if (state.unsignedEntries() >= rootEveryEntries) {
        stage(state.prepareRoot(runtime, clock.instant()));
      }
      target = state.size();
    }
    awaitDurable(target);
    return new Submitted(prepared.outcome(), prepared.seq());
  }

  /**
   * Records a data owner's key release document with the runtime's decision on it. The decision is made under this
   * room's lock against the state in force; a released key is held only after its ledger entry is durable.
   */
  KeyReleaseResult releaseKey(SignedEnvelope envelope, ConfidentialRuntime runtime) {
    KeyRelease request;
    KeyReleaseDecision decision;
    RoomLedgerState.Prepared prepared;
    synchronized (this) {
      request = state.checkKeyRelease(envelope);
      decision = runtime.decide(state, request);
      try {
        prepared = state.prepareKeyRelease(envelope, decision.decision(), clock.instant());
        stage(prepared);
      } catch (RuntimeException e) {
        decision.abandon();
        throw e;
      }
    }
    try {
      awaitDurable(prepared.seq() + 1);
    } catch (RuntimeException e) {
      decision.abandon();
      throw e;
    }
    if (decision.decision().released()) {
      runtime.hold(room(), request.table(), decision, request.manifestSha256(), prepared.seq());
    }
    return new KeyReleaseResult(request, decision.decision(), prepared.seq());
  }

  /**
   * Runs a query request: the runtime checks and executes it against the state in force, the sealed results are
   * stored, then the run (or its refusal) is recorded on the ledger. Runs of one room are decided one at a time,
   * which is what makes privacy-budget spending exact.
   */
  QueryRunResult runQuery(SignedEnvelope envelope, QueryRunner runner, ResultStore results) {
    String runId = envelope.payloadHash();
    QueryRunner.RunResult result;
    RoomLedgerState.Prepared prepared;
    synchronized (this) {
      QueryRun request = state.checkQueryRun(envelope);
      result = runner.run(state, request, runId);
      results.store(room(), runId, result.sealedResults());
      prepared = state.prepareQueryRun(envelope, result.outcome(), clock.instant());
      stage(prepared);
    }
    awaitDurable(prepared.seq() + 1);
    return new QueryRunResult(runId, result.outcome(), prepared.seq());
  }

  /** A recorded query run: its id, outcome and ledger entry. */
  record QueryRunResult(String runId, QueryRun.Outcome outcome, long entry) {}

  /** A recorded key release: the request, the decision and its ledger entry. */
  record KeyReleaseResult(KeyRelease request, KeyRelease.Decision decision, long entry) {}

  /** Registers this runtime's keys on the ledger; done once per room after every start. */
  void registerRuntime() {
    long target;
    synchronized (this) {
      stage(state.prepareRuntime(runtime, clock.instant()));
      target = state.size();
    }
    awaitDurable(target);
  }

  /** Signs the root of every entry so far, if any entry is not yet covered by a signed root. */
  void signPending() {
    long target;
    synchronized (this) {
      stageRootIfUnsigned();
      target = state.size();
    }
    awaitDurable(target);
  }

  /** Takes a prepared entry into the state and queues it for the next store append. Caller holds this object. */
  private void stage(RoomLedgerState.Prepared prepared) {
    requireIntact();
    state.commit(prepared);
    queued.add(prepared.entry());
  }

  private void stageRootIfUnsigned() {
    if (state.unsignedEntries() > 0) {
      stage(state.prepareRoot(runtime, clock.instant()));
    }
  }

  private void requireIntact() {
    if (broken != null) {
      throw new CleanroomException(ErrorCode.INTERNAL, "the ledger of room '" + room() + "' could not be written ("
          + broken.getMessage() + "); the room is closed until the server restarts");
    }
  }

  /**
   * Returns once the first {@code size} entries are on disk. The caller that finds entries queued writes every
   * queued entry in one store append (one fsync); callers arriving meanwhile wait for the writer and usually find
   * their entries already written, or write the next batch together.
   */
  private void awaitDurable(long size) {
    synchronized (writer) {
      List<byte[]> batch;
      synchronized (this) {
        if (durable >= size) {
          return;
        }
        requireIntact();
        batch = new ArrayList<>(queued);
        queued.clear();
      }
      try {
        store.append(batch);
      } catch (RuntimeException e) {
        synchronized (this) {
          broken = e;
        }
        throw e;
      }
      synchronized (this) {
        durable += batch.size();
      }
    }
  }

  /** Runs {@code read} on the state while no write can happen. Entries still being synced may be visible. */
  synchronized <T> T read(Function<RoomLedgerState, T> read) {
    requireIntact();
    return read.apply(state);
  }

  /** Up to {@code limit} entries from {@code from}; only durable entries are served. */
  List<byte[]> entries(long from, long limit) {
    long size;
    synchronized (this) {
      requireIntact();
      size = state.size();
    }
    awaitDurable(size);
    if (from < 0 || from > size) {
      throw CleanroomException.invalid("ledger start " + from + " is outside 0.." + size);
    }
    return new ArrayList<>(store.readRange(from, Math.min(size, from + limit)));
  }

  /** A receipt for entry {@code index}, signing a new root first if no root covers it yet. */
  Receipt receipt(long index) {
    RoomLedgerState.RootRecord record;
    long signerIndex;
    long target;
    synchronized (this) {
      requireIntact();
      if (index < 0 || index >= state.size()) {
        throw CleanroomException.notFound("ledger entry " + index + " does not exist; the ledger of room '"
            + room() + "' has " + state.size() + " entries");
      }
      if (state.rootCovering(index).isEmpty()) {
        stage(state.prepareRoot(runtime, clock.instant()));
      }
      record = state.rootCovering(index).orElseThrow();
      signerIndex = state.runtimeKeyEntry(record.root().signingKey()).orElseThrow();
      target = state.size();
    }
    awaitDurable(target);
    SignedRoot root = record.root();
    synchronized (this) {
      return new Receipt(
          root,
          index,
          store.read(index),
          state.tree().inclusionProof(index, root.treeSize()),
          signerIndex,
          store.read(signerIndex),
          state.tree().inclusionProof(signerIndex, root.treeSize()));
    }
  }

  /** The latest signed root, signing pending entries first so it covers the whole ledger but the root entry. */
  SignedRoot latestRoot() {
    SignedRoot root;
    long target;
    synchronized (this) {
      requireIntact();
      stageRootIfUnsigned();
      root = state.latestRoot().orElseThrow().root();
      target = state.size();
    }
    awaitDurable(target);
    return root;
  }

  /** Proof that the latest signed root extends the tree of {@code oldSize} entries. */
  ConsistencyProof consistency(long oldSize) {
    SignedRoot newer = latestRoot();
    if (oldSize < 1 || oldSize > newer.treeSize()) {
      throw CleanroomException.invalid("saved tree size " + oldSize + " is outside 1.." + newer.treeSize());
    }
    synchronized (this) {
      return new ConsistencyProof(newer, oldSize, state.tree().consistencyProof(oldSize, newer.treeSize()));
    }
  }

  @Override
  public void close() {
    synchronized (writer) {
      synchronized (this) {
        store.close();
      }
    }
  }
}
