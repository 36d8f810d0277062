package dev.cleanroom.bench.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What several writer threads appended to a {@link GroupCommitLedger} in a fixed time: each thread
 * appends {@code entriesPerCall} ballots per call, waiting for each call to be durable before making
 * the next, until the time is up; calls in flight then finish and count.
 *
 * @param entries entries appended (not counting records the scheme added)
 * @param records records stored, signed roots included
 * @param storeAppends store appends, which for a file store is syncs
 * @param seconds time from the start until the last call returned
 */
record AppendRun(long entries, long records, long storeAppends, double seconds) {

  double entriesPerSecond() {
    return entries / seconds;
  }

  double entriesPerStoreAppend() {
    return storeAppends == 0 ? 0 : (double) entries / storeAppends;
  }

  /** The sum of {@code this} and {@code other}: counts and times added. */
  AppendRun plus(AppendRun other) {
    return new AppendRun(entries + other.entries, records + other.records,
        storeAppends + other.storeAppends, seconds + other.seconds);
  }

  /**
   * Runs {@code concurrency.writers()} threads appending to {@code ledger} for {@code duration}.
   *
   * @throws IllegalStateException if an append failed
   */
  static AppendRun run(GroupCommitLedger ledger, BallotEntries ballots, Concurrency concurrency,
      Duration duration) throws InterruptedException {
    int threads = concurrency.writers();
    int entriesPerCall = concurrency.entriesPerCall();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      List<byte[]> bodies = new ArrayList<>(entriesPerCall);
      for (int i = 0; i < entriesPerCall; i++) {
        bodies.add(ballots.body((long) t * entriesPerCall + i));
      }
      Thread writer = new Thread(() -> write(ledger, bodies, start, stop, failure),
          "ledger-writer-" + t);
      writer.setDaemon(true);
      writers.add(writer);
      writer.start();
    }
    GroupCommitLedger.Counters before = ledger.counters();
    long startNanos = System.nanoTime();
    start.countDown();
    Thread.sleep(duration.toMillis());
    stop.set(true);
    for (Thread writer : writers) {
      writer.join();
    }
    long elapsedNanos = System.nanoTime() - startNanos;
    if (failure.get() != null) {
      throw new IllegalStateException("a writer failed: " + failure.get(), failure.get());
    }
    GroupCommitLedger.Counters after = ledger.counters();
    return new AppendRun(after.entries() - before.entries(), after.records() - before.records(),
        after.storeAppends() - before.storeAppends(), elapsedNanos / 1e9);
  }

  private static void write(GroupCommitLedger ledger, List<byte[]> bodies, CountDownLatch start,
      AtomicBoolean stop, AtomicReference<RuntimeException> failure) {
    try {
      start.await();
      while (!stop.get()) {
        ledger.append(bodies);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      stop.set(true);
    }
  }
}
