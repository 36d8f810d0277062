package dev.cleanroom.bench.receipt;

import dev.cleanroom.bench.BenchSettings;
import dev.cleanroom.bench.BenchmarkSection;
import dev.cleanroom.bench.Blackhole;
import dev.cleanroom.bench.LatencySummary;
import dev.cleanroom.bench.ledger.BallotEntries;
import dev.cleanroom.bench.ledger.SignedMerkleScheme;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.ledger.FileLedgerStore;
import dev.cleanroom.ledger.LedgerStore;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.Receipt;
import dev.cleanroom.protocol.RuntimeIdentity;
import dev.cleanroom.protocol.SignedRoot;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receipts on a ledger file of realistic size: generating one as the server does, and checking one
 * offline as {@code cleanroom audit verify-receipt} does, timed one by one.
 */
public final class ReceiptSection implements BenchmarkSection {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptSection.class);
  private static final int APPEND_BATCH = 1_000;

  /**
   * Sizes.
   *
   * @param ledgerEntries ballot entries in the ledger, besides the runtime and root entries
   * @param rootInterval entries after which the runtime signs a root
   * @param warmupOperations unmeasured operations of each kind first
   * @param generationOperations receipts generated while measuring, per kind
   * @param verificationOperations receipts verified while measuring, per kind
   * @param distinctReceipts different receipts the verifications cycle through
   */
  record Settings(int ledgerEntries, int rootInterval, int warmupOperations,
      int generationOperations, int verificationOperations, int distinctReceipts) {
    static Settings standard() {
      return new Settings(100_000, 5_000, 10_000, 50_000, 20_000, 2_000);
    }

    static Settings quick() {
      return new Settings(6_000, 5_000, 200, 1_000, 500, 100);
    }
  }

  @Override
  public String id() {
    return "receipts";
  }

  @Override
  public String title() {
    return "Receipts: generation and offline verification";
  }

  @Override
  public String runMarkdown(BenchSettings bench) throws Exception {
    Settings settings = bench.pick(Settings.standard(), Settings.quick());
    SecureRandom random = new SecureRandom();
    RoomId room = RoomId.of("benchmark-room");
    RuntimeIdentity runtime = RuntimeIdentity.generate(random);
    BallotEntries ballots = BallotEntries.create(room, 512, random);
    SignedMerkleScheme scheme =
        new SignedMerkleScheme(room, runtime, Clock.systemUTC(), settings.rootInterval());
    try (LedgerStore store = FileLedgerStore.open(bench.workDirectory().resolve("receipts.log"))) {
      LOG.info("receipts: writing a ledger of {} ballots", settings.ledgerEntries());
      build(store, scheme, ballots, settings.ledgerEntries());
      ReceiptMaker maker = new ReceiptMaker(store, scheme);
      SplittableRandom indexes = new SplittableRandom(20_261_125L);
      // The last record is the final root entry, which no root covers; receipts are for the rest.
      long size = store.size() - 1;

      LOG.info("receipts: generating");
      time(settings.warmupOperations(), () -> maker.receipt(indexes.nextLong(size)).entryIndex());
      LatencySummary generate = time(settings.generationOperations(),
          () -> maker.receipt(indexes.nextLong(size)).entryIndex());
      time(settings.warmupOperations(), () -> maker.json(indexes.nextLong(size)).length);
      LatencySummary generateJson = time(settings.generationOperations(),
          () -> maker.json(indexes.nextLong(size)).length);

      LOG.info("receipts: verifying");
      List<byte[]> documents = new ArrayList<>(settings.distinctReceipts());
      List<Receipt> receipts = new ArrayList<>(settings.distinctReceipts());
      long proofHashes = 0;
      long documentBytes = 0;
      for (int i = 0; i < settings.distinctReceipts(); i++) {
        Receipt receipt = maker.receipt(indexes.nextLong(size));
        byte[] document = Json.bytes(receipt.toJson());
        receipts.add(receipt);
        documents.add(document);
        proofHashes += receipt.inclusionProof().size();
        documentBytes += document.length;
      }
      Cycle offline = new Cycle(documents.size());
      time(settings.warmupOperations(), () -> verifyDocument(documents.get(offline.next())));
      LatencySummary verifyOffline = time(settings.verificationOperations(),
          () -> verifyDocument(documents.get(offline.next())));
      Cycle parsed = new Cycle(receipts.size());
      time(settings.warmupOperations(), () -> verify(receipts.get(parsed.next())));
      LatencySummary verifyParsed = time(settings.verificationOperations(),
          () -> verify(receipts.get(parsed.next())));

      return new ReceiptReport(settings, store.size(), scheme.rootCount(),
          (double) proofHashes / receipts.size(), (double) documentBytes / documents.size(),
          generate, generateJson, verifyOffline, verifyParsed).markdown();
    }
  }

  /** Appends {@code entries} ballots in batches, then a root covering all of them. */
  private static void build(LedgerStore store, SignedMerkleScheme scheme, BallotEntries ballots,
      int entries) {
    List<byte[]> bodies = new ArrayList<>(APPEND_BATCH);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < entries; i += APPEND_BATCH) {
      bodies.clear();
      records.clear();
      for (int j = i; j < Math.min(entries, i + APPEND_BATCH); j++) {
        bodies.add(ballots.body(j));
      }
      scheme.sequence(bodies, records);
      store.append(records);
    }
    records.clear();
    scheme.signPending(records);
    store.append(records);
  }

  private static int verifyDocument(byte[] document) {
    return verify(Receipt.fromJson(Json.parse(document, "receipt"), "receipt"));
  }

  private static int verify(Receipt receipt) {
    Receipt.Verdict verdict = receipt.verify();
    if (!verdict.valid()) {
      throw new IllegalStateException("a receipt the benchmark made does not verify: "
          + verdict.reason());
    }
    return 1;
  }

  @FunctionalInterface
  private interface Operation {
    long run();
  }

  /** Runs {@code operation} {@code count} times, timing each run. */
  private static LatencySummary time(int count, Operation operation) {
    long[] nanos = new long[count];
    long sink = 0;
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      sink += operation.run();
      nanos[i] = System.nanoTime() - start;
    }
    Blackhole.consume(sink);
    return LatencySummary.ofNanos(nanos);
  }

  /** Indexes {@code 0 .. size-1} over and over. Not thread-safe. */
  private static final class Cycle {
    private final int size;
    private int next;

    Cycle(int size) {
      this.size = size;
    }

    int next() {
      int current = next;
      next = (next + 1) % size;
      return current;
    }
  }

  /** Makes receipts the way {@code RoomLog.receipt} does. Not thread-safe. */
  private static final class ReceiptMaker {
    private final LedgerStore store;
    private final SignedMerkleScheme scheme;

    ReceiptMaker(LedgerStore store, SignedMerkleScheme scheme) {
      this.store = store;
      this.scheme = scheme;
    }

    Receipt receipt(long index) {
      SignedRoot root = scheme.rootCovering(index);
      long signerIndex = SignedMerkleScheme.RUNTIME_ENTRY_INDEX;
      return new Receipt(
          root,
          index,
          store.read(index),
          scheme.tree().inclusionProof(index, root.treeSize()),
          signerIndex,
          store.read(signerIndex),
          scheme.tree().inclusionProof(signerIndex, root.treeSize()));
    }

    byte[] json(long index) {
      return Json.bytes(receipt(index).toJson());
    }
  }
}
