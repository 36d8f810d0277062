package dev.cleanroom.bench.ledger;

import dev.cleanroom.ledger.LedgerStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A ledger that many threads append to, each call returning once its entries are durable, with
 * group commit. One call at a time is the leader: it takes the calls waiting in the queue (up to
 * {@code maxBatchEntries} entries, at least its own), puts their entries through the {@link
 * LedgerScheme} in queue order and stores all the resulting records with one {@link
 * LedgerStore#append} (so one write and one fsync for a file store). Then it passes the lead to the
 * first call still waiting, and wakes the calls it stored. Calls that arrive while a leader syncs
 * wait and go in the next batch, so the more callers wait, the more entries share a sync.
 *
 * <p>The scheme has to run in the order the records are stored (each entry names the hash of the one
 * before it), which is why batching is done here rather than by racing appends into the store. With
 * {@code maxBatchEntries} of 1 every call is its own store append: one call at a time, each with its
 * own sync, as the server's {@code RoomLog} appends under its room lock.
 *
 * <p>Thread-safe. Stored calls are woken directly rather than through the lock, so a large batch
 * does not wake its callers one after the other. If the scheme or the store fails, every call of
 * that batch throws the failure.
 */
final class GroupCommitLedger {
  private static final int WAITING = 0;
  private static final int LEADING = 1;
  private static final int DONE = 2;

  private final LedgerStore store;
  private final LedgerScheme scheme;
  private final int maxBatchEntries;
  private final ReentrantLock lock = new ReentrantLock();
  /** Calls not yet taken into a batch. Guarded by {@code lock}. */
  private final ArrayDeque<Call> queue = new ArrayDeque<>();
  /** Whether some call leads. Guarded by {@code lock}. */
  private boolean led;
  private long entries;
  private long records;
  private long storeAppends;

  /** One {@link #append} call. */
  private static final class Call {
    final List<byte[]> bodies;
    final Thread thread = Thread.currentThread();
    volatile int state = WAITING;
    volatile RuntimeException failure;

    Call(List<byte[]> bodies) {
      this.bodies = bodies;
    }
  }

  /** The ledger's counters at one moment. */
  record Counters(long entries, long records, long storeAppends) {}

  GroupCommitLedger(LedgerStore store, LedgerScheme scheme, int maxBatchEntries) {
    if (maxBatchEntries <= 0) {
      throw new IllegalArgumentException(
          "max batch entries " + maxBatchEntries + " must be positive");
    }
    this.store = Objects.requireNonNull(store, "store");
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.maxBatchEntries = maxBatchEntries;
  }

  /** Appends one entry per body, in order, and returns once all of them are durable. */
  void append(List<byte[]> bodies) {
    Call call = new Call(List.copyOf(bodies));
    lock.lock();
    try {
      queue.addLast(call);
      if (!led) {
        led = true;
        call.state = LEADING;
      }
    } finally {
      lock.unlock();
    }
    while (call.state == WAITING) {
      LockSupport.park(this);
    }
    if (call.state == LEADING) {
      lead();
    }
    if (call.failure != null) {
      throw call.failure;
    }
  }

  /** The counters, consistent with each other: no batch is half counted. */
  Counters counters() {
    lock.lock();
    try {
      return new Counters(entries, records, storeAppends);
    } finally {
      lock.unlock();
    }
  }

  /** Stores one batch from the head of the queue, which starts with the leading call. */
  private void lead() {
    List<Call> batch = takeBatch();
    RuntimeException failure = null;
    int batchEntries = 0;
    List<byte[]> batchRecords = new ArrayList<>();
    try {
      for (Call member : batch) {
        scheme.sequence(member.bodies, batchRecords);
        batchEntries += member.bodies.size();
      }
      store.append(batchRecords);
    } catch (RuntimeException e) {
      failure = e;
    }
    Call next;
    lock.lock();
    try {
      if (failure == null) {
        entries += batchEntries;
        records += batchRecords.size();
        storeAppends++;
      }
      next = queue.peekFirst();
      led = next != null;
    } finally {
      lock.unlock();
    }
    if (next != null) {
      // Hand the lead on first, so the next sync starts while this batch's callers wake up.
      next.state = LEADING;
      LockSupport.unpark(next.thread);
    }
    for (Call member : batch) {
      member.failure = failure;
      member.state = DONE;
      LockSupport.unpark(member.thread);
    }
  }

  /** Removes from the queue the calls at its head that fit in one batch; the first always does. */
  private List<Call> takeBatch() {
    lock.lock();
    try {
      List<Call> batch = new ArrayList<>();
      int batchEntries = 0;
      while (!queue.isEmpty()) {
        Call waiting = queue.peekFirst();
        if (!batch.isEmpty() && batchEntries + waiting.bodies.size() > maxBatchEntries) {
          break;
        }
        batch.add(queue.pollFirst());
        batchEntries += waiting.bodies.size();
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }
}
