package dev.cleanroom.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.crypto.dataset.DatasetCipher;
import dev.cleanroom.engine.duckdb.DuckDbEngine;
import dev.cleanroom.runtime.DatasetVerifier;
import dev.cleanroom.runtime.EncryptedTableScan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors read a released dataset straight from its stored ciphertext, one task per chunk: every row arrives once
 * even where records (and quoted line feeds) cross chunk boundaries, and a file changed after the runtime checked it
 * is refused naming the chunk.
 */
class SparkEncryptedLoadTest {
  private static final List<ColumnSchema> SCHEMA = List.of(new ColumnSchema("id", ColumnType.BIGINT),
      new ColumnSchema("note", ColumnType.VARCHAR), new ColumnSchema("amount", ColumnType.DOUBLE));
  /** About 4.5 MB of text: five chunks. */
  private static final int ROWS = 90_000;

  @TempDir Path directory;
  private SparkEngine engine;

  @BeforeEach
  void open() {
    engine = SharedSpark.cluster().newEngine();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void loadEncrypted_recordsAcrossChunks_everyRowOnceAsDuckDbReadsIt() throws IOException {
    EncryptedFixture stored = store(table());
    assertThat(stored.recordStarts().length).isGreaterThanOrEqualTo(4);

    long rows = finish(engine.loadEncrypted(stored.scan()));

    assertThat(rows).isEqualTo(ROWS);
    String summary = "SELECT COUNT(*) AS n, SUM(id) AS ids, COUNT(DISTINCT note) AS notes, SUM(amount) AS amounts,"
        + " SUM(length(note)) AS characters FROM t";
    ResultTable spark = engine.execute(summary, List.of());
    try (DuckDbEngine duckDb = DuckDbEngine.inMemory("256MB", 2)) {
      TableLoader loader = duckDb.load("t", SCHEMA);
      DatasetVerifier.read(EncryptedFixture.ROOM, stored.manifest(), stored.key(), stored.blobs(), loader::batch);
      loader.finish();
      assertThat(spark.rows()).isEqualTo(duckDb.execute(summary, List.of()).rows());
    }
    assertThat(spark.rows().get(0).get(0)).isEqualTo((long) ROWS);
    assertThat(spark.rows().get(0).get(1)).isEqualTo((long) ROWS * (ROWS + 1) / 2);
    assertThat(engine.execute("SELECT note FROM t WHERE id = 7", List.of()).rows())
        .containsExactly(List.of("line one\nand \"two\", 7"));
  }

  @Test
  void loadEncrypted_chunkTamperedAfterTheRuntimeChecked_refusedNamingTheChunk() throws IOException {
    EncryptedFixture stored = store(table());
    byte[] bytes = Files.readAllBytes(stored.file());
    bytes[2 * DatasetCipher.CIPHERTEXT_SEGMENT_SIZE + 100] ^= 1;
    Files.write(stored.file(), bytes);

    assertThatThrownBy(() -> engine.loadEncrypted(stored.scan()))
        .isInstanceOf(CleanroomException.class)
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.INTEGRITY))
        .hasMessageContaining("chunk 2");
    assertThat(engine.tables()).isEmpty();
  }

  @Test
  void loadEncrypted_chunksSwapped_refused() throws IOException {
    EncryptedFixture stored = store(table());
    byte[] bytes = Files.readAllBytes(stored.file());
    int size = DatasetCipher.CIPHERTEXT_SEGMENT_SIZE;
    byte[] first = Arrays.copyOfRange(bytes, size, 2 * size);
    System.arraycopy(bytes, 2 * size, bytes, size, size);
    System.arraycopy(first, 0, bytes, 2 * size, size);
    Files.write(stored.file(), bytes);

    // Both moved chunks fail to authenticate, possibly in two tasks at once: either may be the one reported.
    assertThatThrownBy(() -> engine.loadEncrypted(stored.scan()))
        .isInstanceOf(CleanroomException.class).hasMessageMatching("(?s).*chunk [12]: .*did not authenticate.*");
  }

  @Test
  void loadEncrypted_fileTruncated_refusedNamingTheSize() throws IOException {
    EncryptedFixture stored = store(table());
    byte[] bytes = Files.readAllBytes(stored.file());
    Files.write(stored.file(), Arrays.copyOf(bytes, 3 * DatasetCipher.CIPHERTEXT_SEGMENT_SIZE));

    assertThatThrownBy(() -> engine.loadEncrypted(stored.scan()))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("stored file has");
  }

  @Test
  void loadEncrypted_wrongKey_refused() throws IOException {
    EncryptedFixture stored = store(table());
    EncryptedTableScan scan = stored.scan();
    EncryptedTableScan wrongKey = new EncryptedTableScan(scan.table(), scan.schema(), scan.datasetId(),
        DataKey.generate(new SecureRandom()), scan.ciphertext(), scan.ciphertextBytes(), scan.plaintextBytes(),
        scan.rows(), scan.recordStarts());

    // Every chunk fails to authenticate; each task stops at the first chunk of its share, and whichever task fails
    // first is reported.
    assertThatThrownBy(() -> engine.loadEncrypted(wrongKey))
        .isInstanceOf(CleanroomException.class)
        .hasMessageMatching("(?s).*dataset 'spark-room/t@test', chunk \\d+: .*did not authenticate.*");
  }

  @Test
  void loadEncrypted_otherDatasetId_refused() throws IOException {
    EncryptedFixture stored = store(table());
    EncryptedTableScan scan = stored.scan();
    EncryptedTableScan otherId = new EncryptedTableScan(scan.table(), scan.schema(), "spark-room/other@1",
        scan.key(), scan.ciphertext(), scan.ciphertextBytes(), scan.plaintextBytes(), scan.rows(),
        scan.recordStarts());

    assertThatThrownBy(() -> engine.loadEncrypted(otherId))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("spark-room/other@1");
  }

  @Test
  void loadEncrypted_rowCountDifferentFromTheManifest_refused() throws IOException {
    EncryptedFixture stored = store(table());
    EncryptedTableScan scan = stored.scan();
    EncryptedTableScan claimsMore = new EncryptedTableScan(scan.table(), scan.schema(), scan.datasetId(),
        scan.key(), scan.ciphertext(), scan.ciphertextBytes(), scan.plaintextBytes(), scan.rows() + 1,
        scan.recordStarts());

    assertThatThrownBy(() -> engine.loadEncrypted(claimsMore))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("rows");
    assertThat(engine.tables()).isEmpty();
  }

  private static long finish(TableLoader loader) {
    try (loader) {
      return loader.finish();
    }
  }

  /** Every record holds a quoted line feed, so chunk boundaries fall inside quotes as well as between records. */
  private static String table() {
    StringBuilder text = new StringBuilder("id,note,amount\n");
    for (int row = 1; row <= ROWS; row++) {
      text.append(row).append(",\"line one\nand \"\"two\"\", ").append(row).append("\",").append(row % 7 * 0.5)
          .append('\n');
    }
    return text.toString();
  }

  private EncryptedFixture store(String text) throws IOException {
    return EncryptedFixture.store(directory, "t", SCHEMA,
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ROWS);
  }
}
