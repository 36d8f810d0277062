package dev.cleanroom.bench.ledger;

import dev.cleanroom.bench.Formats;
import dev.cleanroom.bench.MarkdownTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What {@link LedgerAppendSection} measured, and its Markdown. Filled in by one thread. */
final class LedgerAppendResults {
  private static final double TARGET_ENTRIES_PER_SECOND = 50_000;
  private static final double TARGET_TIME_RATIO = 1.2;

  /** The two schemes' runs with one concurrency, summed over rounds. */
  static final class Pair {
    private final Concurrency concurrency;
    private final List<Double> merkleRounds = new ArrayList<>();
    private AppendRun chain = new AppendRun(0, 0, 0, 0);
    private AppendRun merkle = new AppendRun(0, 0, 0, 0);

    Pair(Concurrency concurrency) {
      this.concurrency = concurrency;
    }

    void add(AppendRun chainRun, AppendRun merkleRun) {
      chain = chain.plus(chainRun);
      merkle = merkle.plus(merkleRun);
      merkleRounds.add(merkleRun.entriesPerSecond());
    }

    AppendRun chain() {
      return chain;
    }

    AppendRun merkle() {
      return merkle;
    }

    /** The Merkle ledger's time per entry over the hash chain's. */
    double timeRatio() {
      return chain.entriesPerSecond() / merkle.entriesPerSecond();
    }

    boolean rateMet() {
      return merkle.entriesPerSecond() >= TARGET_ENTRIES_PER_SECOND;
    }

    boolean ratioMet() {
      return timeRatio() <= TARGET_TIME_RATIO;
    }
  }

  private final LedgerAppendSection.Settings settings;
  private final double meanEntryLength;
  final List<Pair> groupCommit = new ArrayList<>();
  Pair serialized;
  Pair cpuOnly;
  int rootsSigned;

  LedgerAppendResults(LedgerAppendSection.Settings settings, double meanEntryLength) {
    this.settings = settings;
    this.meanEntryLength = meanEntryLength;
  }

  String markdown() {
    MarkdownTable main = new MarkdownTable("writers × entries per call", "hash chain entries/s",
        "Merkle entries/s", "Merkle rounds (entries/s)", "entries per fsync",
        "time per entry vs hash chain", "≥ 50,000/s", "≤ 1.20x");
    for (Pair pair : groupCommit) {
      main.row(pair.concurrency.toString(), Formats.count(pair.chain.entriesPerSecond()),
          Formats.count(pair.merkle.entriesPerSecond()), range(pair.merkleRounds),
          Formats.decimal(pair.merkle.entriesPerStoreAppend(), 0),
          Formats.ratio(pair.timeRatio()), Formats.verdict(pair.rateMet()),
          Formats.verdict(pair.ratioMet()));
    }
    MarkdownTable context = new MarkdownTable("run", "writers × entries per call",
        "hash chain entries/s", "Merkle entries/s", "time per entry vs hash chain");
    context.row("one fsync per entry (no group commit)", serialized.concurrency.toString(),
        Formats.count(serialized.chain.entriesPerSecond()),
        Formats.count(serialized.merkle.entriesPerSecond()), Formats.ratio(serialized.timeRatio()));
    context.row("no storage (CPU only, one thread)", cpuOnly.concurrency.toString(),
        Formats.count(cpuOnly.chain.entriesPerSecond()),
        Formats.count(cpuOnly.merkle.entriesPerSecond()), Formats.ratio(cpuOnly.timeRatio()));

    StringBuilder text = new StringBuilder();
    text.append(what()).append("\n\n").append(main.render()).append('\n');
    text.append(targets()).append('\n');
    text.append("For context, the same two ledgers appending one entry per fsync, and without any")
        .append(" storage:\n\n").append(context.render()).append('\n');
    text.append(notes());
    return text.toString();
  }

  private String what() {
    return "**What is measured.** Writer threads append ballot entries to a ledger and wait until"
        + " each call is durable. An entry averages " + Formats.count(meanEntryLength)
        + " bytes: the header, a member's Ed25519-signed ballot document and the recorded"
        + " effects, as the server writes it. Two ledgers are compared:\n\n"
        + "- *Merkle*: the room ledger's scheme as the server's `RoomLog` drives"
        + " `RoomLedgerState`. Entry 0 registers the runtime's keys; every entry carries the"
        + " SHA-256 of the entry before it (`prev`) and becomes a leaf of the RFC 9162 Merkle"
        + " tree; after every **N = " + Formats.count(settings.rootInterval()) + "** entries the"
        + " runtime signs the tree root (Ed25519, BouncyCastle) and appends it as a `root` entry ("
        + rootsSigned + " roots signed in this run).\n"
        + "- *Hash chain* (the baseline): the same entries with the same `prev` chain, no tree"
        + " and no signed roots.\n\n"
        + "Both store their records with the real `FileLedgerStore` (CRC32C frames,"
        + " `FileChannel.force`) and both use the same group commit: the calls that arrive while a"
        + " sync runs go together into the next store append, one write and one fsync of up to "
        + Formats.count(settings.maxBatchEntries()) + " entries. " + inFlight() + " After " + seconds(settings.warmup().toMillis()) + " of warm-up per"
        + " ledger, each row is " + settings.rounds() + " rounds of "
        + seconds(settings.round().toMillis()) + " per ledger, the two ledgers taking turns;"
        + " entries/s are totals over the rounds.";
  }

  private String inFlight() {
    int first = groupCommit.get(0).concurrency.entriesInFlight();
    if (groupCommit.stream().allMatch(pair -> pair.concurrency.entriesInFlight() == first)) {
      return "Each row keeps " + first + " entries in flight, carried by more or fewer threads.";
    }
    return "The rows differ in threads and in entries per call.";
  }

  private String targets() {
    StringBuilder text = new StringBuilder("Targets, for the Merkle ledger: at least ")
        .append(Formats.count(TARGET_ENTRIES_PER_SECOND))
        .append(" durable entries/s, at most ").append(Formats.ratio(TARGET_TIME_RATIO))
        .append(" the hash chain's time per entry.");
    List<String> both = new ArrayList<>();
    for (Pair pair : groupCommit) {
      if (pair.rateMet() && pair.ratioMet()) {
        both.add(pair.concurrency.toString());
      }
    }
    if (both.isEmpty()) {
      text.append(" **No configuration meets both.**\n");
    } else if (both.size() == groupCommit.size()) {
      text.append(" **Both are met in every configuration.**\n");
    } else {
      text.append(" **Both are met with ").append(String.join(" and ", both))
          .append(" writers × entries per call, not with the others** (see the notes).\n");
    }
    return text.toString();
  }

  private String notes() {
    double fsyncMillis = 1_000 / serialized.chain.entriesPerSecond();
    StringBuilder notes = new StringBuilder("Notes:\n\n");
    notes.append("- An fsync of one small entry takes about ").append(Formats.decimal(fsyncMillis, 2))
        .append(" ms on this disk (the *one fsync per entry* row), so durable throughput comes")
        .append(" from sharing syncs; fewer entries in flight give proportionally less.\n");
    for (Pair pair : groupCommit) {
      if (!pair.rateMet()) {
        notes.append("- With ").append(pair.concurrency).append(" the rate target is missed: a")
            .append(" sync took only ").append(Formats.decimal(pair.merkle.entriesPerStoreAppend(), 0))
            .append(" of the ").append(pair.concurrency.entriesInFlight())
            .append(" entries in flight. The likely cause is the cost of so many threads on two")
            .append(" cores: after each sync the woken threads must be scheduled before they can")
            .append(" append again, so many of them miss the next sync. Fewer threads carrying more")
            .append(" entries each avoid it (the other rows).\n");
      }
      if (!pair.ratioMet()) {
        notes.append("- With ").append(pair.concurrency).append(" the ratio target is missed:")
            .append(" most likely the ledger is CPU-bound there, and the Merkle scheme's extra")
            .append(" hashing (")
            .append(Formats.ratio(cpuOnly.timeRatio()))
            .append(" the hash chain's CPU time, last table) shows through.\n");
      }
    }
    notes.append("- Rounds vary a lot on this shared virtual machine (the range column): treat")
        .append(" differences of about 0.1x in the ratio as noise.\n");
    notes.append("- The server's `RoomLog` batches the same way as `GroupCommitLedger`: entries")
        .append(" queued while a sync runs go to disk together in the next one, in ledger order, and")
        .append(" each request is answered once its entry is durable. Without that sharing a room")
        .append(" gets the *one fsync per entry* rate (").append(Formats.count(serialized.merkle.entriesPerSecond()))
        .append(" entries/s here).\n");
    notes.append("- Only the ledger is measured. Before appending a ballot the server also parses")
        .append(" it, checks it against the governance rules and verifies its Ed25519 signature,")
        .append(" which alone limits one core to the verification rate of the Ed25519 section.\n");
    return notes.toString();
  }

  private static String range(List<Double> rates) {
    if (rates.isEmpty()) {
      return "–";
    }
    return Formats.count(Collections.min(rates)) + " – " + Formats.count(Collections.max(rates));
  }

  private static String seconds(long millis) {
    return Formats.decimal(millis / 1_000.0, millis % 1_000 == 0 ? 0 : 1) + " s";
  }
}
