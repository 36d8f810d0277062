package dev.cleanroom.bench.ledger;

import dev.cleanroom.bench.BenchSettings;
import dev.cleanroom.bench.BenchmarkSection;
import dev.cleanroom.bench.Formats;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.ledger.FileLedgerStore;
import dev.cleanroom.ledger.LedgerStore;
import dev.cleanroom.protocol.RuntimeIdentity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable ledger appends: the room ledger's scheme (hash chain, Merkle tree, a runtime-signed root
 * every N entries) against a plain hash chain, both on the real {@link FileLedgerStore}, with the
 * same writer threads, the same entries and the same group commit.
 */
public final class LedgerAppendSection implements BenchmarkSection {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerAppendSection.class);
  private static final int DISTINCT_BALLOTS = 512;
  private static final int CPU_ONLY_ENTRIES_PER_CALL = 1_000;

  /**
   * Sizes and durations.
   *
   * @param concurrencies the writer threads and entries per call of the group-commit runs, each
   *     measured in turn
   * @param maxBatchEntries most entries one store append (one fsync) takes
   * @param rootInterval N: entries after which the runtime signs a root
   * @param warmup unmeasured appending per scheme before anything is measured
   * @param round measured time per scheme per round; the schemes take turns
   * @param rounds measured rounds per concurrency
   * @param serializedWriters writer threads in the one-fsync-per-entry runs
   * @param serializedDuration measured time per scheme with one fsync per entry
   * @param cpuRound measured time per scheme per round of the runs without storage
   */
  record Settings(List<Concurrency> concurrencies, int maxBatchEntries, int rootInterval,
      Duration warmup, Duration round, int rounds, int serializedWriters,
      Duration serializedDuration, Duration cpuRound) {

    Settings {
      concurrencies = List.copyOf(concurrencies);
    }

    /**
     * The published settings. The system property {@code cleanroom.bench.ledger.concurrency}
     * (such as {@code 128x2,8x32}) replaces the list of writer threads and entries per call, to
     * explore.
     */
    static Settings standard() {
      return new Settings(
          Concurrency.parseList(
              System.getProperty("cleanroom.bench.ledger.concurrency", "256x1,64x4,16x16")),
          4_096, 5_000, Duration.ofSeconds(4), Duration.ofSeconds(3), 4, 4, Duration.ofSeconds(3),
          Duration.ofSeconds(2));
    }

    static Settings quick() {
      return new Settings(List.of(new Concurrency(32, 1), new Concurrency(4, 8)), 4_096, 5_000,
          Duration.ofMillis(300), Duration.ofMillis(300), 1, 2, Duration.ofMillis(200),
          Duration.ofMillis(200));
    }
  }

  @Override
  public String id() {
    return "ledger-append";
  }

  @Override
  public String title() {
    return "Ledger appends: Merkle tree and signed roots against a plain hash chain";
  }

  @Override
  public String runMarkdown(BenchSettings bench) throws Exception {
    Settings settings = bench.pick(Settings.standard(), Settings.quick());
    SecureRandom random = new SecureRandom();
    RoomId room = RoomId.of("benchmark-room");
    RuntimeIdentity runtime = RuntimeIdentity.generate(random);
    BallotEntries ballots = BallotEntries.create(room, DISTINCT_BALLOTS, random);
    Clock clock = Clock.systemUTC();
    Schemes schemes = () -> new SignedMerkleScheme(room, runtime, clock, settings.rootInterval());

    LedgerAppendResults results = new LedgerAppendResults(settings, meanEntryLength(ballots));
    groupCommit(bench.workDirectory(), settings, ballots, clock, schemes, results);
    serialized(bench.workDirectory(), settings, ballots, clock, schemes, results);
    cpuOnly(settings, ballots, clock, schemes, results);
    return results.markdown();
  }

  /** Makes a new Merkle scheme for each ledger. */
  @FunctionalInterface
  private interface Schemes {
    SignedMerkleScheme merkle();
  }

  private static void groupCommit(Path directory, Settings settings, BallotEntries ballots,
      Clock clock, Schemes schemes, LedgerAppendResults results) throws InterruptedException {
    SignedMerkleScheme merkleScheme = schemes.merkle();
    try (LedgerStore chainStore = FileLedgerStore.open(directory.resolve("chain.log"));
        LedgerStore merkleStore = FileLedgerStore.open(directory.resolve("merkle.log"))) {
      GroupCommitLedger chain = new GroupCommitLedger(
          chainStore, new HashChainScheme(clock), settings.maxBatchEntries());
      GroupCommitLedger merkle =
          new GroupCommitLedger(merkleStore, merkleScheme, settings.maxBatchEntries());
      Concurrency first = settings.concurrencies().get(0);
      LOG.info("ledger: warming up both schemes for {} each", settings.warmup());
      AppendRun.run(chain, ballots, first, settings.warmup());
      AppendRun.run(merkle, ballots, first, settings.warmup());
      for (Concurrency concurrency : settings.concurrencies()) {
        LedgerAppendResults.Pair pair = new LedgerAppendResults.Pair(concurrency);
        for (int round = 0; round < settings.rounds(); round++) {
          // Take turns at going first, so drift over time favours neither scheme.
          boolean chainFirst = round % 2 == 0;
          AppendRun firstRun = AppendRun.run(chainFirst ? chain : merkle, ballots, concurrency,
              settings.round());
          AppendRun secondRun = AppendRun.run(chainFirst ? merkle : chain, ballots, concurrency,
              settings.round());
          pair.add(chainFirst ? firstRun : secondRun, chainFirst ? secondRun : firstRun);
        }
        LOG.info("ledger {}: hash chain {} entries/s, Merkle + signed roots {} entries/s",
            concurrency, Formats.count(pair.chain().entriesPerSecond()),
            Formats.count(pair.merkle().entriesPerSecond()));
        results.groupCommit.add(pair);
      }
      requireConsistent(merkleStore, merkleScheme);
      results.rootsSigned = merkleScheme.rootCount();
    }
  }

  private static void serialized(Path directory, Settings settings, BallotEntries ballots,
      Clock clock, Schemes schemes, LedgerAppendResults results) throws InterruptedException {
    LOG.info("ledger: one fsync per entry, {} per scheme", settings.serializedDuration());
    Concurrency concurrency = new Concurrency(settings.serializedWriters(), 1);
    try (LedgerStore chainStore = FileLedgerStore.open(directory.resolve("chain-serial.log"));
        LedgerStore merkleStore = FileLedgerStore.open(directory.resolve("merkle-serial.log"))) {
      results.serialized = new LedgerAppendResults.Pair(concurrency);
      results.serialized.add(
          AppendRun.run(new GroupCommitLedger(chainStore, new HashChainScheme(clock), 1), ballots,
              concurrency, settings.serializedDuration()),
          AppendRun.run(new GroupCommitLedger(merkleStore, schemes.merkle(), 1), ballots,
              concurrency, settings.serializedDuration()));
    }
  }

  private static void cpuOnly(Settings settings, BallotEntries ballots, Clock clock,
      Schemes schemes, LedgerAppendResults results) throws InterruptedException {
    LOG.info("ledger: CPU only, no storage, {} per scheme and round", settings.cpuRound());
    Concurrency concurrency = new Concurrency(1, CPU_ONLY_ENTRIES_PER_CALL);
    GroupCommitLedger chain = new GroupCommitLedger(
        new DiscardingLedgerStore(), new HashChainScheme(clock), CPU_ONLY_ENTRIES_PER_CALL);
    GroupCommitLedger merkle = new GroupCommitLedger(
        new DiscardingLedgerStore(), schemes.merkle(), CPU_ONLY_ENTRIES_PER_CALL);
    AppendRun.run(chain, ballots, concurrency, settings.cpuRound());
    AppendRun.run(merkle, ballots, concurrency, settings.cpuRound());
    results.cpuOnly = new LedgerAppendResults.Pair(concurrency);
    for (int round = 0; round < 2; round++) {
      AppendRun chainRun = AppendRun.run(chain, ballots, concurrency, settings.cpuRound());
      AppendRun merkleRun = AppendRun.run(merkle, ballots, concurrency, settings.cpuRound());
      results.cpuOnly.add(chainRun, merkleRun);
    }
  }

  /** Every record the scheme made is in the store, and the roots verify. */
  private static void requireConsistent(LedgerStore store, SignedMerkleScheme scheme) {
    if (store.size() != scheme.tree().size()) {
      throw new IllegalStateException("the store holds " + store.size()
          + " records but the Merkle tree " + scheme.tree().size());
    }
    boolean rootDue = scheme.tree().size() > scheme.rootInterval();
    if (rootDue && (scheme.rootCount() == 0 || !scheme.rootCovering(0).signatureValid())) {
      throw new IllegalStateException("the ledger holds no valid signed root");
    }
  }

  private static double meanEntryLength(BallotEntries ballots) {
    long total = 0;
    String hash = BallotEntries.ZERO_HASH_HEX.replace('0', 'a');
    Instant time = Instant.now();
    for (int i = 0; i < ballots.distinctBallots(); i++) {
      total += BallotEntries.entry(1_000_000 + i, hash, time, ballots.body(i)).length;
    }
    return (double) total / ballots.distinctBallots();
  }
}
