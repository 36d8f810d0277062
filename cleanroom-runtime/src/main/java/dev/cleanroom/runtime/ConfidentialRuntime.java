package dev.cleanroom.runtime;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.engine.QueryEngine;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.crypto.SealedBox;
import dev.cleanroom.crypto.SecretBytes;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.policy.EngineDialect;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.protocol.DatasetEntries;
import dev.cleanroom.protocol.KeyRelease;
import dev.cleanroom.protocol.RoomLedgerState;
import dev.cleanroom.protocol.RuntimeIdentity;
import dev.cleanroom.runtime.table.RowsPerValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime, or "enclave": the only component that ever holds data keys. It decides every key release against the
 * contract in force (owner, accepted measurement, the contract entry the owner approved, this runtime's own keys),
 * opens the sealed key with its attested X25519 key, proves the key decrypts the stored dataset to what the
 * contract describes, and only then holds the key, in memory.
 *
 * <p>Thread-safe. The caller serialises decisions per room (the server's room lock) so the ledger state cannot
 * change between decision and record.
 */
public final class ConfidentialRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(ConfidentialRuntime.class);

  private final RuntimeIdentity identity;
  private final BlobSource blobs;
  private final KeyVault vault = new KeyVault();
  private final Function<RoomId, QueryEngine> engineFactory;
  private final Map<RoomId, QueryEngine> engines = new ConcurrentHashMap<>();
  private final Map<TableKey, Measured> measurements = new ConcurrentHashMap<>();
  /** Per table loaded by rows, what was counted as it was loaded, so measuring it need not count again. */
  private final Map<TableKey, CountedAtLoad> countedAtLoad = new ConcurrentHashMap<>();
  /** One lock per table, so that a table is measured once while other tables' queries go on. */
  private final Map<TableKey, Object> measuring = new ConcurrentHashMap<>();
  /** Measures each newly held table once, off the release's and the queries' threads. */
  private final ExecutorService measurer = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "cleanroom-measure");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param engineFactory makes the in-memory engine that holds one room's decrypted tables
   */
  public ConfidentialRuntime(RuntimeIdentity identity, BlobSource blobs, Function<RoomId, QueryEngine> engineFactory) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
  }

  /** The engine holding {@code room}'s decrypted tables, made on first use. */
  public QueryEngine engine(RoomId room) {
    return engines.computeIfAbsent(room, engineFactory);
  }

  public RuntimeIdentity identity() {
    return identity;
  }

  public String measurement() {
    return identity.report().measurement();
  }

  /**
   * Decides {@code request} against {@code state}, the room's ledger state in force. Never throws for a refusal:
   * every refusal is a decision with its reason, for the ledger.
   */
  public KeyReleaseDecision decide(RoomLedgerState state, KeyRelease request) {
    if (request.isRefusal()) {
      return KeyReleaseDecision.refused("the owner refused to release: " + request.refusal().orElseThrow());
    }
    Contract contract = state.governance().orElseThrow().contract();
    Optional<DatasetManifest> found = DatasetEntries.find(contract, request.table());
    if (found.isEmpty()) {
      return KeyReleaseDecision.refused("dataset '" + request.table() + "' is not in the contract");
    }
    DatasetManifest manifest = found.get();
    if (!manifest.owner().equals(request.author())) {
      return KeyReleaseDecision.refused("party '" + request.author() + "' is not the owner of dataset '" + request.table()
          + "' (its owner is '" + manifest.owner() + "')");
    }
    if (!request.runtimeSigningKey().equals(identity.signingKey().publicKey())) {
      return KeyReleaseDecision.refused("the key was sealed to runtime " + request.runtimeSigningKey()
          + ", not to this runtime " + identity.signingKey().publicKey() + " (the runtime restarted since the owner checked it)");
    }
    if (!request.measurement().equals(measurement()) || !contract.acceptedMeasurements().contains(measurement())) {
      return KeyReleaseDecision.refused("runtime measurement " + measurement() + " is not accepted by contract version "
          + contract.version());
    }
    String entryHash = DatasetEntries.entryHash(contract, request.table());
    if (!entryHash.equals(request.manifestSha256())) {
      return KeyReleaseDecision.refused("the contract entry of dataset '" + request.table() + "' changed since its owner"
          + " approved it (owner approved " + request.manifestSha256().substring(0, 16) + "..., contract version "
          + contract.version() + " holds " + entryHash.substring(0, 16) + "...)");
    }
    DataKey key;
    try {
      byte[] opened = SealedBox.open(identity.sealingKey(), request.wrappedKey().orElseThrow(), request.sealingContext());
      SecretBytes secret = SecretBytes.copyOf(opened);
      java.util.Arrays.fill(opened, (byte) 0);
      key = DataKey.fromBytes(secret);
      secret.destroy();
    } catch (CleanroomException e) {
      return KeyReleaseDecision.refused("the sealed data key could not be opened by this runtime: " + e.getMessage());
    }
    QueryEngine engine = engine(state.room());
    if (engine instanceof EncryptedTableEngine scanning) {
      return releaseToWorkers(state.room(), manifest, key, scanning);
    }
    // Decrypt, check and load in one pass; the table becomes visible only once the release is on the ledger.
    TableLoader loader = engine.load(manifest.table(), manifest.schema());
    try {
      TableInfo counted = readCounting(state.room(), manifest, key, blobs, loader, TableInfo.of(manifest));
      return KeyReleaseDecision.released("key opened by the attested runtime and checked: dataset '" + manifest.table()
          + "' decrypts to " + manifest.rows() + " rows matching its contract entry", key, loader, counted);
    } catch (CleanroomException e) {
      loader.close();
      return KeyReleaseDecision.refused("the released key does not decrypt dataset '" + manifest.table()
          + "' as the contract describes it: " + e.getMessage());
    } catch (RuntimeException | Error e) {
      // Not a refusal but a fault: still, nothing of the load may stay behind.
      loader.close();
      throw e;
    }
  }

  /**
   * Checks the dataset here as for any engine, then has the engine's workers read and decrypt it themselves, chunk
   * by chunk, before the release is recorded (so a worker that cannot read it refuses the release).
   */
  private KeyReleaseDecision releaseToWorkers(RoomId room, DatasetManifest manifest, DataKey key,
      EncryptedTableEngine engine) {
    Optional<java.nio.file.Path> file = blobs.location(room, manifest.ciphertextSha256());
    if (file.isEmpty()) {
      return KeyReleaseDecision.refused("engine '" + engine.name() + "' reads datasets from their stored files, and"
          + " the ciphertext of dataset '" + manifest.table() + "' has no file location");
    }
    long[] recordStarts;
    try {
      recordStarts = DatasetVerifier.recordStarts(room, manifest, key, blobs);
    } catch (CleanroomException e) {
      return KeyReleaseDecision.refused("the released key does not decrypt dataset '" + manifest.table()
          + "' as the contract describes it: " + e.getMessage());
    }
    TableLoader loader;
    try {
      loader = engine.loadEncrypted(new EncryptedTableScan(manifest.table(), manifest.schema(), manifest.datasetId(),
          key, file.get(), manifest.ciphertextBytes(), manifest.plaintextBytes(), manifest.rows(), recordStarts));
    } catch (CleanroomException e) {
      return KeyReleaseDecision.refused("engine '" + engine.name() + "' could not read dataset '" + manifest.table()
          + "': " + e.getMessage());
    }
    return KeyReleaseDecision.released("key opened by the attested runtime and checked: dataset '" + manifest.table()
        + "' decrypts to " + manifest.rows() + " rows matching its contract entry, read by engine '" + engine.name()
        + "' chunk by chunk", key, loader, TableInfo.of(manifest));
  }

  /**
   * Holds a released key and makes its table queryable; call only after the release is durable on the ledger. The
   * table is then measured in the background ({@link #measuredTable}), so the first query after the release
   * finds the measurement made, or waits only for the rest of it.
   */
  public void hold(RoomId room, String table, KeyReleaseDecision decision, String entryHash, long ledgerEntry) {
    // The old key goes before the new table replaces the old one, so no query can pair the two.
    vault.forget(room, table);
    decision.loader().orElseThrow().finish();
    HeldKey held = new HeldKey(decision.key().orElseThrow(), entryHash, ledgerEntry);
    vault.put(room, table, held);
    LOG.info("holding the data key of dataset '{}' in room '{}' (ledger entry {})", table, room, ledgerEntry);
    decision.table().filter(info -> info.maxRowsPerSubject().isPresent() || !info.maxRowsPerKey().isEmpty())
        .ifPresent(info -> countedAtLoad.put(new TableKey(room, table),
            new CountedAtLoad(held, info)));
    decision.table().ifPresent(info -> measureSoon(room, info, held));
  }

  /**
   * Streams {@code manifest}'s dataset into {@code loader} (left unfinished) as {@link DatasetVerifier#read} checks
   * it, and counts on the way the most rows per subject and per join-key value of {@code table}
   * ({@link RowsPerValue}) and whether any subject is NULL; returns {@code table} with what it found. Counting here
   * rather than by SQL over the loaded table spares the engine an aggregation with a group per subject, after which
   * DuckDB ran later queries slower. Counting holds its keys on the heap: a table whose keys would take more than a
   * quarter of the JVM's heap is loaded without counting, and returned as given, to be measured by SQL once loaded.
   * Throws as {@code DatasetVerifier.read} does.
   */
  public static TableInfo readCounting(RoomId room, DatasetManifest manifest, DataKey key, BlobSource blobs,
      TableLoader loader, TableInfo table) {
    return readCounting(room, manifest, key, blobs, loader, table, Runtime.getRuntime().maxMemory() / 4);
  }

  /**
   * As {@link #readCounting(RoomId, DatasetManifest, DataKey, BlobSource, TableLoader, TableInfo)}, counting only
   * within {@code heapBudget} bytes.
   */
  static TableInfo readCounting(RoomId room, DatasetManifest manifest, DataKey key, BlobSource blobs,
      TableLoader loader, TableInfo table, long heapBudget) {
    List<String> columns = new ArrayList<>();
    columns.add(table.policy().subject());
    columns.addAll(table.joinKeysBesideSubject());
    long needed = RowsPerValue.heapBytes(columns.size(), manifest.rows());
    if (needed > heapBudget) {
      LOG.info("dataset '{}': counting its rows per value as it loads would take {} MiB of heap, more than the {} MiB"
          + " allowed; they are measured over the loaded table instead", manifest.table(), needed >> 20,
          heapBudget >> 20);
      DatasetVerifier.read(room, manifest, key, blobs, loader::batch);
      return table;
    }
    RowsPerValue counts = new RowsPerValue(manifest.schema(), columns, manifest.rows());
    DatasetVerifier.read(room, manifest, key, blobs, batch -> {
      // The count was budgeted for the manifest's rows: more would be refused at the end anyway, so stop now.
      if ((long) counts.rows() + batch.rowCount() > manifest.rows()) {
        throw CleanroomException.integrity("dataset '" + manifest.table() + "' decrypts to more rows than the "
            + manifest.rows() + " the contract says");
      }
      counts.add(batch);
      loader.batch(batch);
    });
    boolean subjectNeverNull = counts.nulls(table.policy().subject()) == 0;
    Map<String, Long> most = counts.maxRows();
    Long subject = most.remove(table.policy().subject());
    return table.withMaxRowsPerSubject(subject == null ? OptionalLong.empty() : OptionalLong.of(subject))
        .withMaxRowsPerKey(most).withSubjectNeverNull(subjectNeverNull);
  }

  /**
   * {@code counted} (from {@link #readCounting}) with what is still measured over the loaded table: the ranges of
   * its DP-bounded columns, a scan without grouping.
   */
  public static TableInfo measuredAfterCounting(QueryEngine engine, TableInfo counted) {
    return counted.withValueRanges(measureValueRanges(engine, counted));
  }

  private void measureSoon(RoomId room, TableInfo table, HeldKey held) {
    try {
      measurer.execute(() -> {
        try {
          measuredTable(room, table, held);
        } catch (RuntimeException e) {
          // Not lost: the first query that needs the measurement takes it itself.
          if (!measurer.isShutdown()) {
            LOG.warn("could not measure table '{}' of room '{}' after its release: {}", table.name(), room,
                e.getMessage());
          }
        }
      });
    } catch (RejectedExecutionException closed) {
      LOG.debug("runtime closed; table '{}' is measured on its first query", table.name());
    }
  }

  /**
   * {@code table} with its rows per subject and per join-key value (as counted while the held key's table was
   * loaded, {@link #readCounting}, or else measured over the loaded table) and the ranges of its DP-bounded columns
   * as measured over the loaded table ({@link TableInfo#maxRowsPerSubject}, {@link TableInfo#maxRowsPerKey},
   * {@link TableInfo#valueRanges}) and, for a DP table with more rows per subject than its {@code max_contributions},
   * the engine's copy of its rows bounded per subject ({@link TableInfo#boundedCopy}): all made once per held key,
   * after {@link #hold} in the background or on first use. {@code held} is
   * the key held for it when the caller looked; a caller that runs a query on them checks afterwards that the key held
   * is still the same one (a release that replaces the table drops the old key before the new table becomes visible,
   * see {@link #hold}). Callers for other tables do not wait for this one's measurement.
   */
  public TableInfo measuredTable(RoomId room, TableInfo table, HeldKey held) {
    TableKey key = new TableKey(room, table.name());
    Measured measured;
    synchronized (measuring.computeIfAbsent(key, ignored -> new Object())) {
      measured = measurements.get(key);
      if (measured == null || !measured.held().equals(held)) {
        QueryEngine engine = engine(room);
        CountedAtLoad loaded = countedAtLoad.get(key);
        TableInfo counted = loaded != null && loaded.held().equals(held)
            ? measuredAfterCounting(engine, loaded.table()) : measured(engine, table);
        measured = new Measured(held, counted.maxRowsPerSubject(), counted.maxRowsPerKey(), counted.valueRanges(),
            counted.subjectNeverNull(),
            counted.needsBoundedCopy() ? makeBoundedCopy(engine, counted) : Optional.empty());
        measurements.put(key, measured);
      }
    }
    TableInfo result = table.withMaxRowsPerSubject(measured.maxRowsPerSubject())
        .withMaxRowsPerKey(measured.maxRowsPerKey()).withValueRanges(measured.valueRanges())
        .withSubjectNeverNull(measured.subjectNeverNull());
    return measured.boundedCopy().isPresent() ? result.withBoundedCopy(measured.boundedCopy().get()) : result;
  }

  /**
   * {@code table} with its rows per subject and per join-key value and its bounded columns' ranges measured as
   * {@code engine} holds it: what the runtime measures once per release, without the bounded copy, of a table it did
   * not count as it loaded it ({@link #readCounting}): one whose engine's workers read the data themselves.
   */
  public static TableInfo measured(QueryEngine engine, TableInfo table) {
    return table.withMaxRowsPerSubject(measureRowsPerSubject(engine, table))
        .withMaxRowsPerKey(measureRowsPerKey(engine, table))
        .withValueRanges(measureValueRanges(engine, table));
  }

  /**
   * The least and greatest value of each column with {@code dp} bounds in {@code table} as {@code engine} holds it
   * ({@link TableInfo#valueRanges}); a column without values is left out, and nothing is (logged) if the engine could
   * not measure: DP queries then clamp every value, as they would without the measurement.
   */
  public static Map<String, TableInfo.ValueRange> measureValueRanges(QueryEngine engine, TableInfo table) {
    Optional<String> sql = table.valueRangesSql(EngineDialect.of(engine.sqlDialect()));
    Optional<List<Object>> row = sql.isEmpty() ? Optional.empty()
        : measurementRow(engine, table, sql.get(), "values", "its DP queries clamp every value");
    Map<String, TableInfo.ValueRange> measured = new LinkedHashMap<>();
    List<String> columns = table.boundedColumns();
    for (int i = 0; i < columns.size() && row.isPresent(); i++) {
      if (row.get().get(2 * i) instanceof Number least && row.get().get(2 * i + 1) instanceof Number greatest) {
        measured.put(columns.get(i), new TableInfo.ValueRange(least.doubleValue(), greatest.doubleValue()));
      }
    }
    return measured;
  }

  /**
   * The most rows any subject has in {@code table} as {@code engine} holds it, or empty (logged) if the engine could
   * not say: differential privacy then bounds contributions as it would without the measurement.
   */
  public static OptionalLong measureRowsPerSubject(QueryEngine engine, TableInfo table) {
    Optional<List<Object>> row = measurementRow(engine, table,
        table.maxRowsPerSubjectSql(EngineDialect.of(engine.sqlDialect())), "rows per subject",
        "its DP queries bound contributions");
    return row.isPresent() && row.get().get(0) instanceof Long rows ? OptionalLong.of(rows) : OptionalLong.empty();
  }

  /**
   * Per join-key column of {@code table} beside its subject ({@link TableInfo#maxRowsPerKey}), the most rows that
   * share one value of it as {@code engine} holds the table;
   * empty (logged) if the engine could not say, and without the columns of an empty table: screening then counts
   * that table's subjects by hash bucket, as it would without the measurement.
   */
  public static Map<String, Long> measureRowsPerKey(QueryEngine engine, TableInfo table) {
    Optional<String> sql = table.maxRowsPerKeySql(EngineDialect.of(engine.sqlDialect()));
    Optional<List<Object>> row = sql.isEmpty() ? Optional.empty()
        : measurementRow(engine, table, sql.get(), "rows per join-key value", "its screening counts buckets");
    Map<String, Long> measured = new LinkedHashMap<>();
    List<String> keys = table.joinKeysBesideSubject();
    for (int i = 0; i < keys.size() && row.isPresent(); i++) {
      if (row.get().get(i) instanceof Long rows) {
        measured.put(keys.get(i), rows);
      }
    }
    return measured;
  }

  /**
   * The one row a measuring statement returns over {@code table}; empty when it returns none, or (logged, with
   * {@code otherwise}: what the runtime does without the measurement) when the engine could not run it.
   */
  private static Optional<List<Object>> measurementRow(QueryEngine engine, TableInfo table, String sql, String what,
      String otherwise) {
    try {
      List<List<Object>> rows = engine.execute(sql, List.of()).rows();
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    } catch (CleanroomException e) {
      LOG.warn("could not measure the {} of table '{}'; {}: {}", what, table.name(), otherwise, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Has {@code engine} hold DP table {@code table}'s rows bounded to its {@code max_contributions} per subject, drawn
   * once ({@link TableInfo#boundedCopySql}), and returns the copy's name; empty (logged) if the engine could not make
   * it: DP queries then bound the rows themselves, as they would without the copy.
   */
  public static Optional<String> makeBoundedCopy(QueryEngine engine, TableInfo table) {
    try {
      engine.materialize(table.boundedCopyName(), table.boundedCopySql(EngineDialect.of(engine.sqlDialect())));
      LOG.info("DP table '{}' bounded to its max_contributions per subject once for this release, as '{}'",
          table.name(), table.boundedCopyName());
      return Optional.of(table.boundedCopyName());
    } catch (CleanroomException e) {
      LOG.warn("could not make the bounded copy of table '{}'; its DP queries bound contributions themselves: {}",
          table.name(), e.getMessage());
      return Optional.empty();
    }
  }

  private record TableKey(RoomId room, String table) {}

  /** A held key's table as {@link #readCounting} returned it when the table was loaded. */
  private record CountedAtLoad(HeldKey held, TableInfo table) {}

  private record Measured(HeldKey held, OptionalLong maxRowsPerSubject, Map<String, Long> maxRowsPerKey,
      Map<String, TableInfo.ValueRange> valueRanges, boolean subjectNeverNull, Optional<String> boundedCopy) {}

  /** Whether this runtime holds a key for {@code table} that matches the contract entry in force. */
  public boolean holdsKey(RoomId room, String table, String currentEntryHash) {
    return vault.current(room, table, currentEntryHash).isPresent();
  }

  /** Drops every room's decrypted tables and keys; the runtime holds nothing afterwards. */
  public void close() {
    measurer.shutdownNow();
    engines.values().forEach(QueryEngine::close);
    engines.clear();
    measurements.clear();
    countedAtLoad.clear();
    measuring.clear();
  }

  public KeyVault vault() {
    return vault;
  }

  public BlobSource blobs() {
    return blobs;
  }
}
