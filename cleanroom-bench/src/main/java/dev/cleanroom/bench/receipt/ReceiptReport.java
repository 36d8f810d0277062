package dev.cleanroom.bench.receipt;

import dev.cleanroom.bench.Formats;
import dev.cleanroom.bench.LatencySummary;
import dev.cleanroom.bench.MarkdownTable;

/** The Markdown of {@link ReceiptSection}. */
record ReceiptReport(
    ReceiptSection.Settings settings,
    long ledgerRecords,
    int roots,
    double meanProofHashes,
    double meanReceiptBytes,
    LatencySummary generate,
    LatencySummary generateJson,
    LatencySummary verifyOffline,
    LatencySummary verifyParsed) {

  private static final double TARGET_MICROS = 300;

  String markdown() {
    MarkdownTable table = new MarkdownTable("operation", "operations", "median µs", "p99 µs",
        "mean µs", "max µs");
    row(table, "generate (as `RoomLog.receipt`)", generate);
    row(table, "generate and serialize to JSON", generateJson);
    row(table, "verify offline: parse JSON + `verify()`", verifyOffline);
    row(table, "`verify()` of a parsed receipt", verifyParsed);
    boolean medianMet = verifyOffline.p50Micros() <= TARGET_MICROS;
    boolean p99Met = verifyOffline.p99Micros() <= TARGET_MICROS;

    StringBuilder text = new StringBuilder();
    text.append("**What is measured.** A ledger file of ")
        .append(Formats.count(settings.ledgerEntries()))
        .append(" ballot entries is written with the room ledger's scheme (runtime key entry,")
        .append(" Merkle tree, a signed root every ").append(Formats.count(settings.rootInterval()))
        .append(" entries, ").append(roots).append(" roots, ").append(Formats.count(ledgerRecords))
        .append(" records in all) on the real `FileLedgerStore`. Then, for entries picked at")
        .append(" random:\n\n")
        .append("- *generate* does what the server's `RoomLog.receipt` does: find the earliest")
        .append(" signed root covering the entry, read the entry and the runtime key entry from the")
        .append(" file (positional reads, CRC check; the file is in the page cache), and make both")
        .append(" RFC 9162 inclusion proofs from the in-memory tree; *serialize* adds the JSON the")
        .append(" server sends.\n")
        .append("- *verify offline* is what `cleanroom audit verify-receipt` does after reading the")
        .append(" file: parse the receipt JSON and `Receipt.verify()`, which checks the runtime's")
        .append(" Ed25519 signature on the root (BouncyCastle), both inclusion proofs (")
        .append(Formats.decimal(meanProofHashes, 1)).append(" hashes on average for the entry),")
        .append(" and that the root's key is the one the runtime entry registers. The ")
        .append(Formats.count(settings.distinctReceipts()))
        .append(" receipts verified in turn average ").append(Formats.count(meanReceiptBytes))
        .append(" bytes of JSON.\n\n")
        .append("Each operation is timed on its own with `System.nanoTime`, after ")
        .append(Formats.count(settings.warmupOperations()))
        .append(" unmeasured operations of the same kind.\n\n");
    text.append(table.render()).append('\n');
    text.append("Target: verification at most ").append(Formats.decimal(TARGET_MICROS, 0))
        .append(" µs (0.3 ms): **median ").append(Formats.decimal(verifyOffline.p50Micros(), 1))
        .append(" µs, ").append(Formats.verdict(medianMet)).append("; p99 ")
        .append(Formats.decimal(verifyOffline.p99Micros(), 1)).append(" µs, ")
        .append(Formats.verdict(p99Met)).append("**.\n\n");
    text.append("Notes:\n\n");
    text.append("- Most of the verification time is the one Ed25519 verification of the root")
        .append(" signature (compare the Ed25519 section); the hashes of the inclusion proofs and")
        .append(" the JSON parsing are the rest.\n");
    text.append("- The command-line tool also starts a JVM and reads the receipt file, which take")
        .append(" far longer than the verification itself; they are not part of this number.\n");
    if (!p99Met) {
      text.append("- Some verifications exceed the target at the 99th percentile: on two shared")
          .append(" cores, garbage collection and other processes interrupt a few operations.\n");
    }
    return text.toString();
  }

  private static void row(MarkdownTable table, String operation, LatencySummary summary) {
    table.row(operation, Formats.count(summary.operations()),
        Formats.decimal(summary.p50Micros(), 1), Formats.decimal(summary.p99Micros(), 1),
        Formats.decimal(summary.meanMicros(), 1), Formats.decimal(summary.maxMicros(), 1));
  }
}
