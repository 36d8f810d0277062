package dev.cleanroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.crypto.dataset.DatasetCipher;
import dev.cleanroom.crypto.dataset.EncryptionSummary;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.runtime.table.RowsPerValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The key-release load as {@code ConfidentialRuntime} runs it: verify and parse in parallel into the DuckDB engine. */
class DatasetVerifierLoadTest {
  private static final RoomId ROOM = RoomId.of("load-room");
  private static final List<ColumnSchema> SCHEMA = List.of(new ColumnSchema("id", ColumnType.BIGINT),
      new ColumnSchema("note", ColumnType.VARCHAR), new ColumnSchema("amount", ColumnType.DOUBLE));
  /** Enough rows for several 1 MiB blocks. */
  private static final int ROWS = 60_000;

  /** amount as the subject (1.25 on all rows but one), note a join key (one row per value). */
  private static final TableInfo AMOUNT_SUBJECT_NOTE_KEY = new TableInfo("t", PartyId.of("owner"), SCHEMA,
      new DatasetPolicy("t", "amount", 1, Map.of("id", Set.of(), "note", Set.of(ColumnUse.JOIN_KEY), "amount",
          Set.of()), Map.of(), Set.of(), Set.of(), Optional.empty()));

  private final DuckDbEngine engine = DuckDbEngine.inMemory("512MB", 2);

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void read_wellFormedTable_loadsEveryRowInOrder() throws IOException {
    Stored stored = store(table(-1));

    long rows = load(stored);

    assertThat(rows).isEqualTo(ROWS);
    ResultTable result = engine.execute("SELECT COUNT(*), SUM(id), MIN(note), MAX(amount) FROM t", List.of());
    assertThat(result.rows().get(0)).containsExactly((long) ROWS, (long) ROWS * (ROWS + 1) / 2,
        "line one\nand \"two\", 1", 2.5);
  }

  @Test
  void readCounting_wellFormedTable_countsWhatTheEnginesGroupByMeasuresOverTheLoadedTable() throws IOException {
    TableInfo counted = readCounting(store(table(-1)), Long.MAX_VALUE);

    assertThat(counted.maxRowsPerSubject()).hasValue(ROWS - 1);
    assertThat(counted.maxRowsPerKey()).containsExactly(Map.entry("note", 1L));
    assertThat(counted.subjectNeverNull()).as("no row without an amount").isTrue();
    TableInfo measured = ConfidentialRuntime.measured(engine, AMOUNT_SUBJECT_NOTE_KEY);
    assertThat(counted.maxRowsPerSubject()).isEqualTo(measured.maxRowsPerSubject());
    assertThat(counted.maxRowsPerKey()).isEqualTo(measured.maxRowsPerKey());
  }

  @Test
  void readCounting_keysLargerThanTheHeapBudget_loadsEveryRowWithoutCounting() throws IOException {
    TableInfo returned = readCounting(store(table(-1)), RowsPerValue.heapBytes(2, ROWS) - 1);

    assertThat(returned).as("nothing counted: left to be measured by SQL").isEqualTo(AMOUNT_SUBJECT_NOTE_KEY);
    assertThat(returned.subjectNeverNull()).isFalse();
    assertThat(engine.execute("SELECT COUNT(*) FROM t", List.of()).rows()).containsExactly(List.of((long) ROWS));
  }

  @Test
  void readCounting_moreRowsThanTheManifestSays_refusedBeforeCountingThem() throws IOException {
    Stored stored = store(table(-1));
    DatasetManifest manifest = stored.manifest();
    Stored understated = new Stored(stored.ciphertext(), new DatasetManifest(manifest.table(), manifest.owner(),
        manifest.datasetId(), manifest.encryption(), manifest.schema(), 1_000, manifest.plaintextBytes(),
        manifest.ciphertextBytes(), manifest.ciphertextSha256(), manifest.policy()), stored.key());

    assertThatThrownBy(() -> readCounting(understated, Long.MAX_VALUE))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("dataset 't' decrypts to more rows than the 1000 the contract says");
    assertThat(engine.tables()).isEmpty();
  }

  /** Loads {@code stored} as table {@code t} with {@link #AMOUNT_SUBJECT_NOTE_KEY}, counting within {@code budget}. */
  private TableInfo readCounting(Stored stored, long budget) {
    TableLoader loader = engine.load("t", SCHEMA);
    try {
      TableInfo counted = ConfidentialRuntime.readCounting(ROOM, stored.manifest(), stored.key(),
          (room, sha256) -> new ByteArrayInputStream(stored.ciphertext()), loader, AMOUNT_SUBJECT_NOTE_KEY, budget);
      loader.finish();
      return counted;
    } finally {
      loader.close();
    }
  }

  @Test
  void read_badValueMidTable_namesRowAndColumnAndLeavesNothingLoaded() throws IOException {
    Stored stored = store(table(45_000));

    assertThatThrownBy(() -> load(stored))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("dataset 't' row 45000")
        .hasMessageContaining("column 'amount': 'not-a-number' is not a DOUBLE");
    assertThat(engine.tables()).isEmpty();
    assertThatThrownBy(() -> engine.execute("SELECT COUNT(*) FROM t", List.of()))
        .isInstanceOf(CleanroomException.class);
    assertThat(engine.execute("SELECT count(*) FROM duckdb_tables", List.of()).rows()).containsExactly(List.of(0L));
  }

  @Test
  void read_tamperedCiphertextLate_refusedAndLeavesNothingLoaded() throws IOException {
    Stored stored = store(table(-1));
    byte[] tampered = stored.ciphertext().clone();
    tampered[tampered.length - 100] ^= 1;
    Stored broken = new Stored(tampered, stored.manifest(), stored.key());

    assertThatThrownBy(() -> load(broken)).isInstanceOf(CleanroomException.class)
        .hasMessageContaining("t");
    assertThat(engine.tables()).isEmpty();
    assertThatThrownBy(() -> engine.execute("SELECT COUNT(*) FROM t", List.of()))
        .isInstanceOf(CleanroomException.class);
    assertThat(engine.execute("SELECT count(*) FROM duckdb_tables", List.of()).rows()).containsExactly(List.of(0L));
  }

  /** What ConfidentialRuntime does on a release: a loader fed by the verifier, finished only if it all checks out. */
  private long load(Stored stored) {
    TableLoader loader = engine.load("t", SCHEMA);
    try {
      long rows = DatasetVerifier.read(ROOM, stored.manifest(), stored.key(),
          (room, sha256) -> new ByteArrayInputStream(stored.ciphertext()), loader::batch);
      loader.finish();
      return rows;
    } finally {
      loader.close();
    }
  }

  private static String table(int badRow) {
    StringBuilder text = new StringBuilder("id,note,amount\n");
    for (int row = 1; row <= ROWS; row++) {
      String note = row == 7 ? "\"line one\nand \"\"two\"\", 1\"" : "note number " + row;
      String amount = row == badRow ? "not-a-number" : row == 3 ? "2.5" : "1.25";
      text.append(row).append(',').append(note).append(',').append(amount).append('\n');
    }
    return text.toString();
  }

  private record Stored(byte[] ciphertext, DatasetManifest manifest, DataKey key) {}

  private static Stored store(String text) throws IOException {
    DataKey key = DataKey.generate(new SecureRandom());
    String datasetId = "load-room/t@test";
    ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
    EncryptionSummary summary = DatasetCipher.encrypt(key, datasetId,
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ciphertext);
    DatasetPolicy policy = new DatasetPolicy("t", "id", 1,
        Map.of("id", Set.of(), "note", Set.of(), "amount", Set.of()), Map.of(), Set.of(), Set.of(), Optional.empty());
    DatasetManifest manifest = new DatasetManifest("t", PartyId.of("owner"), datasetId, DatasetCipher.FORMAT, SCHEMA,
        ROWS, summary.plaintextBytes(), summary.ciphertextBytes(), summary.ciphertextSha256(), policy);
    return new Stored(ciphertext.toByteArray(), manifest, key);
  }
}
