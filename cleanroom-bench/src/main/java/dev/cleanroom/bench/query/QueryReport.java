package dev.cleanroom.bench.query;

import static dev.cleanroom.bench.query.QuerySection.TARGET_CHECK_MILLIS;
import static dev.cleanroom.bench.query.QuerySection.TARGET_LOAD;
import static dev.cleanroom.bench.query.QuerySection.TARGET_QUERY;

import dev.cleanroom.bench.Formats;
import dev.cleanroom.bench.MarkdownTable;
import dev.cleanroom.bench.TrialTimes;
import dev.cleanroom.bench.query.QuerySection.CheckerResult;
import dev.cleanroom.bench.query.QuerySection.LoadPath;
import dev.cleanroom.bench.query.QuerySection.LoadResult;
import dev.cleanroom.bench.query.QuerySection.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The Markdown of {@link QuerySection}: what was measured, the tables, the targets, the notes. */
final class QueryReport {
  /** The query target applies at this size; smaller sizes are reported for information. */
  static final long QUERY_TARGET_ROWS = 10_000_000L;

  private final QuerySection.Settings settings;
  private final List<LoadResult> loads;
  private final List<QueryResult> queries;
  private final List<CheckerResult> checker;

  QueryReport(QuerySection.Settings settings, List<LoadResult> loads, List<QueryResult> queries,
      List<CheckerResult> checker) {
    this.settings = settings;
    this.loads = loads;
    this.queries = queries;
    this.checker = checker;
  }

  String markdown() {
    StringBuilder text = new StringBuilder();
    measured(text);
    loads(text);
    text.append("*Query*: every trial runs each path in a fresh JVM of its own (`QueryWorker`). Each process")
        .append(" loads both tables (plain DuckDB from the plaintext with `read_csv`; the runtime path from the")
        .append(" ciphertext as on key release, counting each table's most rows per subject and per join-key value")
        .append(" as it loads), and the runtime's process checks each query ").append(settings.checkerWarmup())
        .append(" times without running it, since a runtime that has served queries has a warm checker. Once both")
        .append(" are ready, the two processes take turns query by query (one runs a query while the other waits,")
        .append(" the one that goes first alternating from query to query and from trial to trial) through ")
        .append(settings.rounds()).append(" rounds of the whole workload, and only the last round is timed. Taking")
        .append(" turns puts both paths' runs of a query within seconds of each other, so that a slow spell of")
        .append(" this shared machine falls on both rather than on one. A fresh process per path and trial,")
        .append(" because DuckDB's allocator serves the whole process: in one process, which of two identical")
        .append(" databases ran first moved the same query's time by up to 1.6x on this machine, in whichever")
        .append(" direction, and a path's position would have decided its ratio.")
        .append(" In its process, the runtime path re-composes what `QueryRunner` does")
        .append(" for an ad-hoc query: build a `PolicyChecker` over the measured tables and `check` the SQL,")
        .append(" `QueryRunner.execute` the approved query on `DuckDbEngine` (the screening SQL, whose")
        .append(" group sizes are lower and upper bounds; the exact SQL, which adds one")
        .append(" distinct-subject count per table read, only if the bounds leave a group undecided),")
        .append(" suppress groups below 5 subjects, `ResultDocument.toBytes` and")
        .append(" `SealedBox.seal` to one recipient (ledger and budget bookkeeping left out). The")
        .append(" baseline is plain DuckDB executing the analyst's SQL as written and reading every")
        .append(" value of the result into Java; for the breakdown, the same plain DuckDB process then runs, once")
        .append(" each after its timed round (so that it is not warmed up more than the runtime's), the")
        .append(" screening SQL the checker returned (*plain DuckDB, screening SQL*) and, in the first ")
        .append(settings.exactTrials()).append(" trials, the exact SQL (*exact SQL*). The queries other than the")
        .append(" first are *shaped like*")
        .append(" TPC-H queries, written by us for these tables:\n\n");
    for (Workload.Query query : Workload.all()) {
      text.append("- `").append(query.name()).append("`, ").append(query.shape()).append(": `")
          .append(query.sql()).append("`\n");
    }
    text.append('\n').append(queryTable()).append('\n');
    text.append("*The checker alone*, warm (after ").append(settings.checkerWarmup())
        .append(" checks of each query), ").append(settings.checkerSamples())
        .append(" checks per query:\n\n").append(checkerTable()).append('\n');
    targets(text);
    notes(text);
    return text.toString();
  }

  /** The loads alone ({@code --load-only}): what is measured, the load table, its target and notes. */
  String loadMarkdown() {
    StringBuilder text = new StringBuilder();
    measured(text);
    loads(text);
    text.append("Target: load within ").append(Formats.ratio(TARGET_LOAD))
        .append(" of plain DuckDB's time.\n\n");
    loadVerdict(text);
    text.append("\nNotes:\n\n");
    loadNotes(text);
    return text.toString();
  }

  private void measured(StringBuilder text) {
    String sizes = String.join(" and ",
        settings.rowsPerTable().stream().map(Formats::count).toList());
    text.append("**What is measured.** Two tables generated by this benchmark (not real data) at ")
        .append(sizes).append(" rows each: the bank's `customers` (customer_id, email_hash of 64")
        .append(" hex digits, age_band, region, income) and the merchant's `purchases` (email_hash,")
        .append(" category, amount), 80% of the purchases by half of the customers. Policies as in")
        .append(" `docs/policy.md`: `email_hash` a join key on both sides, `age_band`, `region` and")
        .append(" `category` group_by + output, `income` and `amount` aggregate only, `customer_id`")
        .append(" the hidden subject of customers and `email_hash` the subject of purchases,")
        .append(" `min_group_size` 5, the analyst an analyst and recipient of both. Both engines")
        .append(" are in-memory DuckDB with 2 threads; the plain one has DuckDB's")
        .append(" default settings but for the allocator's: like the runtime's engine, it keeps the")
        .append(" memory a query freed for the next query (`allocator_flush_threshold` and")
        .append(" `allocator_bulk_deallocation_flush_threshold` at the memory limit, see")
        .append(" docs/engines.md), so that the comparison is not one of two allocator settings: on this")
        .append(" machine returning memory after each query made the same 10,000,000-row")
        .append(" query's time vary up to 5x from one run to the next.")
        .append(" Every time is the median of ").append(settings.trials())
        .append(" trials, the two paths interleaved.").append("\n\n");
  }

  private void loads(StringBuilder text) {
    text.append("*Load* (per table, into a fresh database each trial, in the benchmark's process): the")
        .append(" runtime path is what")
        .append(" `ConfidentialRuntime` does on key release: `DatasetVerifier.read` (the calling")
        .append(" thread reads the stored ciphertext and hashes it; its 1 MiB chunks are decrypted")
        .append(" ahead of it on one thread per processor with `DatasetSegmentDecrypter`; it cuts the")
        .append(" text into blocks of whole records of about 1 MiB, which one thread per processor")
        .append(" parses and types from their UTF-8 bytes into `ColumnBatch`es)")
        .append(" handing the batches in order to `DuckDbEngine`'s `TableLoader.batch` (each batch")
        .append(" becomes an Arrow record batch, read by one `INSERT ... SELECT` over an Arrow stream")
        .append(" with DuckDB's vectorised scan) and counting their rows per subject and per join-key")
        .append(" value (`ConfidentialRuntime.readCounting`), then `finish`. The ciphertext was made beforehand,")
        .append(" outside the timing. The baseline is plain DuckDB running `CREATE TABLE t AS SELECT")
        .append(" * FROM read_csv('file')` on the plaintext file. Both files are in the page cache.")
        .append(" The breakdown comes from timing prefixes of the runtime path on their own: decrypt")
        .append(" (read, hash, decrypt to the end), decrypt + parse (`DatasetVerifier.read` into a")
        .append(" sink that drops the batches); parse and load are the differences, that is what")
        .append(" each stage adds to the time of the stages before it (they overlap).\n\n");
    text.append(loadTable()).append('\n');
  }

  private String loadTable() {
    MarkdownTable table = new MarkdownTable("rows per table", "table", "CSV MB",
        "plain DuckDB `read_csv` ms", "runtime load ms", "time vs plain", "≤ " + Formats.ratio(TARGET_LOAD),
        "decrypt ms", "parse ms", "load ms");
    for (LoadResult load : loads) {
      TrialTimes plain = load.times().get(LoadPath.PLAIN);
      TrialTimes decrypt = load.times().get(LoadPath.DECRYPT);
      TrialTimes parse = load.times().get(LoadPath.DECRYPT_PARSE);
      TrialTimes runtime = load.times().get(LoadPath.RUNTIME_LOAD);
      double ratio = runtime.ratioTo(plain);
      table.row(Formats.count(load.rows()), load.table(),
          Formats.count(load.plaintextBytes() / 1e6), millis(plain), millis(runtime),
          Formats.ratio(ratio), Formats.verdict(ratio <= TARGET_LOAD), millis(decrypt),
          millis(parse.medianMillis() - decrypt.medianMillis()),
          millis(runtime.medianMillis() - parse.medianMillis()));
    }
    return table.render();
  }

  private String queryTable() {
    MarkdownTable table = new MarkdownTable("rows per table", "query", "plain DuckDB ms",
        "policy-checked ms", "time vs plain", "≤ " + Formats.ratio(TARGET_QUERY) + " (at 10M)",
        "median of trial ratios", "check ms", "execute ms", "suppress ms", "seal ms", "plain DuckDB, screening SQL ms",
        "plain DuckDB, exact SQL ms", "decided by screening", "rows out");
    for (QueryResult query : queries) {
      double ratio = query.runtime().ratioTo(query.plain());
      table.row(Formats.count(query.rows()), query.query().name(), millis(query.plain()),
          millis(query.runtime()), Formats.ratio(ratio),
          query.rows() >= QUERY_TARGET_ROWS ? Formats.verdict(ratio <= TARGET_QUERY)
              : "(" + Formats.verdict(ratio <= TARGET_QUERY) + ")",
          Formats.ratio(query.medianOfTrialRatios()), millis(query.check()), millis(query.execute()), millis(query.release()),
          millis(query.seal()), millis(query.plainScreening()), millis(query.plainApproved()),
          query.screenedRuns() + " of " + query.runs(), Long.toString(query.rowsReleased()));
    }
    return table.render();
  }

  private String checkerTable() {
    MarkdownTable table = new MarkdownTable("query", "`check` median ms", "`check` p99 ms",
        "new checker + `check` median ms", "new checker + `check` p99 ms",
        "< " + Formats.count(TARGET_CHECK_MILLIS) + " ms");
    for (CheckerResult result : checker) {
      table.row(result.query().name(), micros(result.shared().p50Micros()),
          micros(result.shared().p99Micros()), micros(result.fresh().p50Micros()),
          micros(result.fresh().p99Micros()),
          Formats.verdict(result.fresh().p50Micros() < TARGET_CHECK_MILLIS * 1_000));
    }
    return table.render();
  }

  private void targets(StringBuilder text) {
    text.append("Targets: load within ").append(Formats.ratio(TARGET_LOAD))
        .append(" of plain DuckDB's time; queries end to end within ")
        .append(Formats.ratio(TARGET_QUERY)).append(" at 10M rows per table (the 1M rows are")
        .append(" shown in parentheses, for information); the checker under ")
        .append(Formats.count(TARGET_CHECK_MILLIS)).append(" ms per query, warm, as the runtime")
        .append(" calls it (a new checker per query).\n\n");
    loadVerdict(text);
    List<QueryResult> targetSize = queries.stream()
        .filter(query -> query.rows() >= QUERY_TARGET_ROWS).toList();
    List<QueryResult> shown = targetSize.isEmpty() ? queries : targetSize;
    long queryMet = shown.stream()
        .filter(query -> query.runtime().ratioTo(query.plain()) <= TARGET_QUERY).count();
    text.append("- Queries").append(targetSize.isEmpty() ? " (only 1M rows were run, so the"
        + " target's size was not measured; run with `--scale`)" : " at 10M rows").append(": **")
        .append(queryMet == shown.size() ? "met" : queryMet == 0 ? "NOT met"
            : "met for " + queryMet + " of " + shown.size() + " queries").append("** (")
        .append(range(shown.stream().mapToDouble(query -> query.runtime().ratioTo(query.plain()))
            .toArray())).append(").\n");
    boolean checkerMet = checker.stream()
        .allMatch(result -> result.fresh().p50Micros() < TARGET_CHECK_MILLIS * 1_000);
    text.append("- Checker: **").append(Formats.verdict(checkerMet)).append("** (median ")
        .append(range(checker.stream().mapToDouble(result -> result.fresh().p50Micros() / 1_000)
            .toArray(), " ms")).append(" with a new checker per query).\n\n");
  }

  private void loadVerdict(StringBuilder text) {
    long loadMet = loads.stream().filter(load -> loadRatio(load) <= TARGET_LOAD).count();
    text.append("- Load: **").append(loadMet == loads.size() ? "met" : loadMet == 0 ? "NOT met"
        : "met for " + loadMet + " of " + loads.size() + " loads").append("** (")
        .append(range(loads.stream().mapToDouble(QueryReport::loadRatio).toArray()))
        .append(").\n");
  }

  private void notes(StringBuilder text) {
    text.append("Notes:\n\n");
    loadNotes(text);
    text.append("- Query overhead: compare the plain column with *plain DuckDB, screening SQL* and")
        .append(" *exact SQL*. Suppression needs, per group, whether each table read has at least 5")
        .append(" distinct subjects. The exact SQL counts them (`COUNT(DISTINCT ...)`, a string subject")
        .append(" as its 64-bit hash): one hash set of subjects per group and table, as much work again")
        .append(" as these queries' cheap grouping of millions of joined rows into a handful of groups.")
        .append(" The screening SQL instead bounds each count from below and counts the group's")
        .append(" rows (an upper bound); a group whose lower bounds reach 5 is large, one with fewer")
        .append(" than 5 rows is small, and only when some group is neither does the exact SQL run as")
        .append(" well (*decided by screening* counts the runs that needed only the screening SQL).")
        .append(" With the tables measured, a join of two tables on key equalities bounds the rows one")
        .append(" subject can have in a group (its rows per subject times the partner's rows per key")
        .append(" value; here 1 customer row times the purchases per email hash, and the purchases per")
        .append(" email hash times 1 customer), so the lower bound is the group's rows with a subject")
        .append(" divided by that: a `COUNT(subject)`, without hashing, or, as here, where the runtime")
        .append(" found no NULL subject as it loaded the table and the join is inner, the group's rows")
        .append(" `COUNT(*)`, so no subject is carried through the join. Without measurements it is the")
        .append(" number of the subjects' hash buckets (1,024, `bit_count(bitstring_agg(...))`). The")
        .append(" screening SQL adds to the plain query only these counts; the checker, the adapter and")
        .append(" the sealing are small beside the query. The remaining")
        .append(" differences between *execute* and the plain runs of the same SQL go both ways: the")
        .append(" noise of this shared machine, and tables laid out differently (Arrow batches against")
        .append(" `read_csv`). The checker's cost is constant, so it matters less as tables grow.\n");
    text.append("- Each table's most rows per subject and per join-key value, which screening needs, are")
        .append(" counted while the table loads (a 64-bit key per value, sorted; part of the load times")
        .append(" above), not by an aggregation over the loaded table: in this benchmark's runs, after such")
        .append(" aggregations (a group per subject, millions of groups) DuckDB ran the workload's joins")
        .append(" up to several times slower, round after round, whether the table had come from `read_csv`")
        .append(" or from the runtime's load. What the runtime still measures over the loaded tables once")
        .append(" per key release (the ranges of DP-bounded columns; these tables have none) took ");
    List<String> measuring = new ArrayList<>();
    queries.stream().collect(Collectors.toMap(QueryResult::rows, QueryResult::measureNanos,
            (first, second) -> first, TreeMap::new))
        .forEach((rows, nanos) -> measuring.add(Formats.count(nanos / 1_000_000) + " ms at " + Formats.count(rows)
            + " rows per table"));
    text.append(String.join(" and ", measuring)).append(" (timed once, in the process that prepared the checker's SQL;")
        .append(" every runtime process measures again before its rounds, untimed). The runtime measures in")
        .append(" the background as soon as it holds a key, so a query pays it only when it comes before the")
        .append(" measurement is done.\n");
    spreadNote(text);
    text.append("- The runtime builds a new `PolicyChecker` for every query (`QueryRunner` does),")
        .append(" which costs the difference between the two checker columns; a checker cached per")
        .append(" contract version would save it.\n");
    text.append("- Medians of ").append(settings.trials()).append(" trials on a shared machine;")
        .append(" differences of a few percent are noise.\n");
  }

  /**
   * How far plain DuckDB's own trials of each query spread at the largest size: where they spread more than the
   * target's margin, a verdict on the ratio is the machine's noise more than the cleanroom's overhead.
   */
  void spreadNote(StringBuilder text) {
    long largest = queries.stream().mapToLong(QueryResult::rows).max().orElse(0);
    List<QueryResult> shown = queries.stream().filter(query -> query.rows() == largest).toList();
    if (shown.isEmpty()) {
      return;
    }
    double widest = shown.stream()
        .mapToDouble(query -> query.plain().slowestMillis() / query.plain().fastestMillis()).max().orElse(1);
    text.append("- The baseline's own spread at ").append(Formats.count(largest))
        .append(" rows per table, plain DuckDB's fastest and slowest of its ")
        .append(shown.get(0).plain().trials()).append(" trials: ");
    text.append(String.join("; ", shown.stream().map(query -> "`" + query.query().name() + "` "
        + millis(query.plain().fastestMillis()) + "–" + millis(query.plain().slowestMillis()) + " ms").toList()));
    text.append(". The slowest trial took up to ").append(Formats.ratio(widest)).append(" the fastest");
    text.append(widest > TARGET_QUERY ? ": this machine's noise is larger than the margin the target allows, so"
        + " the verdicts above say little about the cleanroom's overhead at this size; the *median of trial"
        + " ratios* (each trial's policy-checked time over the plain time of the same trial) and the plain"
        + " runs of the screening and exact SQL in the same trials are the better guide.\n"
        : ", within the margin the target allows.\n");
  }

  private void loadNotes(StringBuilder text) {
    LoadResult largest = loads.get(loads.size() - 1);
    TrialTimes decrypt = largest.times().get(LoadPath.DECRYPT);
    TrialTimes parse = largest.times().get(LoadPath.DECRYPT_PARSE);
    TrialTimes runtime = largest.times().get(LoadPath.RUNTIME_LOAD);
    double total = runtime.medianMillis();
    text.append("- Where the load time goes (").append(largest.table()).append(", ")
        .append(Formats.count(largest.rows())).append(" rows): decrypting with the ciphertext")
        .append(" hash ").append(share(decrypt.medianMillis(), total)).append("; parsing and")
        .append(" typing the blocks on one thread per processor, while the next blocks are")
        .append(" decrypted, adds ").append(share(parse.medianMillis() - decrypt.medianMillis(), total))
        .append("; counting the rows per subject and per join-key value (on the thread that hands")
        .append(" the batches on), DuckDB's scan of the Arrow batches and the rest of the load")
        .append(" (staging table, commit, rename) add ").append(share(total - parse.medianMillis(), total))
        .append(". The baseline runs DuckDB's own parallel CSV reader, which writes columns")
        .append(" directly; DuckDB itself cannot read the plaintext here (external access is")
        .append(" disabled, and no plaintext file may exist), so the runtime parses and checks the")
        .append(" text in Java and hands DuckDB columns. Before the Arrow path, the same loads went")
        .append(" through Commons CSV (a `String` and a boxed value per cell) on one thread and")
        .append(" DuckDB's appender (one call per value): 1.38-1.58x at 1,000,000 rows and 4.2-4.3x")
        .append(" at 10,000,000 on an earlier 2-core machine (AMD EPYC), the appender alone two thirds")
        .append(" of the time. A load")
        .append(" happens once per key release, not per query.\n");
    LoadResult smallest = loads.stream().filter(load -> load.table().equals(largest.table()))
        .findFirst().orElseThrow();
    if (smallest.rows() < largest.rows()) {
      text.append("- The load ratio against the size (").append(largest.table()).append(": ")
          .append(Formats.ratio(loadRatio(smallest))).append(" at ")
          .append(Formats.count(smallest.rows())).append(" rows, ")
          .append(Formats.ratio(loadRatio(largest))).append(" at ")
          .append(Formats.count(largest.rows())).append("). With every stage of the runtime's load")
          .append(" on both cores, its time grows with the size as DuckDB's parallel reader's does;")
          .append(" with the single-threaded path it grew faster (see the previous note).\n");
    }
  }

  private static double loadRatio(LoadResult load) {
    return load.times().get(LoadPath.RUNTIME_LOAD).ratioTo(load.times().get(LoadPath.PLAIN));
  }

  private static String share(double part, double total) {
    return Formats.decimal(Math.max(0, part), part < 100 ? 1 : 0) + " ms ("
        + Formats.decimal(100 * Math.max(0, part) / total, 0) + "%)";
  }

  private static String range(double[] ratios) {
    return range(ratios, "x");
  }

  private static String range(double[] values, String unit) {
    double low = Double.MAX_VALUE;
    double high = 0;
    for (double value : values) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    String format = unit.equals("x") ? "%.2f" : "%.1f";
    return values.length == 1 || low == high
        ? String.format(java.util.Locale.ROOT, format, high) + unit
        : String.format(java.util.Locale.ROOT, format + "–" + format, low, high) + unit;
  }

  private static String millis(TrialTimes times) {
    return millis(times.medianMillis());
  }

  private static String millis(double value) {
    return Formats.decimal(value, value < 100 ? 1 : 0);
  }

  private static String micros(double value) {
    return Formats.decimal(value / 1_000, 2);
  }
}
