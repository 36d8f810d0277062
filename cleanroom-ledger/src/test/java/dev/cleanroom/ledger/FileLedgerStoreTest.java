package dev.cleanroom.ledger;

import static dev.cleanroom.ledger.LedgerFiles.records;
import static dev.cleanroom.ledger.LedgerFiles.text;
import static dev.cleanroom.ledger.LedgerFiles.texts;
import static dev.cleanroom.ledger.LedgerFiles.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLedgerStoreTest {
  private static final int MAX_RECORD = 16 * 1024 * 1024;

  @TempDir Path directory;

  @Test
  void append_thenRead_roundTripsRecordsInOrder() {
    try (FileLedgerStore store = FileLedgerStore.open(directory.resolve("ledger"))) {
      assertThat(store.size()).isZero();
      assertThat(store.append(records(3))).isZero();
      assertThat(store.append(List.of(utf8("next")))).isEqualTo(3);
      assertThat(store.size()).isEqualTo(4);
      assertThat(text(store.read(0))).isEqualTo("record-0");
      assertThat(text(store.read(3))).isEqualTo("next");
      assertThat(texts(store.readRange(1, 4))).containsExactly("record-1", "record-2", "next");
      assertThat(store.readRange(2, 2)).isEmpty();
      assertThat(store.recoveredTruncatedBytes()).isZero();
    }
  }

  @Test
  void open_newFile_writesOnlyTheHeader() {
    Path file = directory.resolve("ledger");
    FileLedgerStore.open(file).close();
    assertThat(LedgerFiles.bytes(file)).isEqualTo(utf8("CRLEDG1\n"));
  }

  @Test
  void append_oneRecord_writesDocumentedFrame() {
    Path file = directory.resolve("ledger");
    try (FileLedgerStore store = FileLedgerStore.open(file)) {
      store.append(List.of(utf8("abc")));
    }
    CRC32C crc = new CRC32C();
    crc.update(utf8("abc"));
    byte[] expected = ByteBuffer.allocate(19).put(utf8("CRLEDG1\n")).putInt(3)
        .putInt((int) crc.getValue()).put(utf8("abc")).array();
    assertThat(LedgerFiles.bytes(file)).isEqualTo(expected);
  }

  @Test
  void open_existingLedger_seesAllRecordsAndAppendsAfterThem() {
    Path file = directory.resolve("ledger");
    LedgerFiles.writeLedger(file, 5);
    try (FileLedgerStore store = FileLedgerStore.open(file)) {
      assertThat(store.size()).isEqualTo(5);
      assertThat(texts(store.readRange(0, 5))).isEqualTo(texts(records(5)));
      assertThat(store.append(List.of(utf8("sixth")))).isEqualTo(5);
    }
    try (FileLedgerStore store = FileLedgerStore.open(file)) {
      assertThat(text(store.read(5))).isEqualTo("sixth");
    }
  }

  @Test
  void readRange_manyLargeRecords_spansSeveralReadsCorrectly() {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] record = new byte[100_000 + i];
      record[0] = (byte) i;
      record[record.length - 1] = (byte) (i * 7);
      records.add(record);
    }
    try (FileLedgerStore store = FileLedgerStore.open(directory.resolve("ledger"))) {
      store.append(records);
      assertThat(store.readRange(0, 40)).containsExactlyElementsOf(records);
    }
  }

  @Test
  void append_concurrentThreads_allRecordsPresentInOneConsistentOrder() throws Exception {
    Path file = directory.resolve("ledger");
    int threads = 6;
    int appendsPerThread = 60;
    List<String> firstOrder;
    try (FileLedgerStore store = FileLedgerStore.open(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Map<Long, List<String>>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> appendBatches(store, start, thread, appendsPerThread)));
      }
      start.countDown();
      Map<Long, List<String>> batchesByIndex = new HashMap<>();
      for (Future<Map<Long, List<String>>> result : results) {
        batchesByIndex.putAll(result.get(30, TimeUnit.SECONDS));
      }
      pool.shutdown();

      firstOrder = texts(store.readRange(0, store.size()));
      long total = batchesByIndex.values().stream().mapToLong(List::size).sum();
      assertThat(store.size()).isEqualTo(total);
      // Every batch sits at the index its append returned, contiguously.
      batchesByIndex.forEach((index, batch) -> assertThat(
          firstOrder.subList(index.intValue(), index.intValue() + batch.size())).isEqualTo(batch));
      // Each thread's records appear in the order that thread appended them.
      for (int t = 0; t < threads; t++) {
        String prefix = "t" + t + "-";
        List<String> own = firstOrder.stream().filter(r -> r.startsWith(prefix)).toList();
        assertThat(own).isSortedAccordingTo((a, b) -> Integer.compare(sequence(a), sequence(b)));
      }
    }
    try (FileLedgerStore reopened = FileLedgerStore.open(file)) {
      assertThat(reopened.recoveredTruncatedBytes()).isZero();
      assertThat(texts(reopened.readRange(0, reopened.size()))).isEqualTo(firstOrder);
    }
  }

  private static Map<Long, List<String>> appendBatches(
      FileLedgerStore store, CountDownLatch start, int thread, int appends) throws Exception {
    start.await();
    Map<Long, List<String>> batches = new HashMap<>();
    int sequence = 0;
    for (int i = 0; i < appends; i++) {
      List<String> batch = new ArrayList<>();
      for (int k = 0; k <= i % 3; k++) {
        batch.add("t" + thread + "-" + sequence++);
      }
      long first = store.append(batch.stream().map(LedgerFiles::utf8).toList());
      batches.put(first, batch);
      // A reader running alongside the appenders sees this durable record.
      assertThat(text(store.read(first))).isEqualTo(batch.get(0));
    }
    return batches;
  }

  private static int sequence(String record) {
    return Integer.parseInt(record.substring(record.indexOf('-') + 1));
  }

  @Test
  void append_oversizeRecord_throwsInvalidAndWritesNothing() {
    Path file = directory.resolve("ledger");
    try (FileLedgerStore store = FileLedgerStore.open(file)) {
      store.append(records(2));
      long lengthBefore = LedgerFiles.bytes(file).length;
      List<byte[]> batch = List.of(utf8("fits"), new byte[MAX_RECORD + 1]);
      assertThatThrownBy(() -> store.append(batch))
          .isInstanceOf(CleanroomException.class)
          .hasMessageContaining("record 1 of the batch")
          .hasMessageContaining(String.valueOf(MAX_RECORD + 1))
          .hasMessageContaining(String.valueOf(MAX_RECORD))
          .extracting(e -> ((CleanroomException) e).code())
          .isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(store.size()).isEqualTo(2);
      assertThat(LedgerFiles.bytes(file)).hasSize((int) lengthBefore);
    }
  }

  @Test
  void append_recordOfExactlyMaximumLength_isStored() {
    byte[] record = new byte[MAX_RECORD];
    record[MAX_RECORD - 1] = 42;
    try (FileLedgerStore store = FileLedgerStore.open(directory.resolve("ledger"))) {
      store.append(List.of(record));
      assertThat(store.read(0)).isEqualTo(record);
    }
  }

  @Test
  void append_emptyRecord_throwsInvalid() {
    try (FileLedgerStore store = FileLedgerStore.open(directory.resolve("ledger"))) {
      assertThatThrownBy(() -> store.append(List.of(new byte[0])))
          .isInstanceOf(CleanroomException.class)
          .hasMessageContaining("0 bytes long");
      assertThat(store.size()).isZero();
    }
  }

  @Test
  void append_emptyList_appendsNothingAndReturnsSize() {
    try (FileLedgerStore store = FileLedgerStore.open(directory.resolve("ledger"))) {
      store.append(records(2));
      assertThat(store.append(List.of())).isEqualTo(2);
      assertThat(store.size()).isEqualTo(2);
    }
  }

  @Test
  void read_indexBeyondSize_throwsNotFound() {
    try (FileLedgerStore store = FileLedgerStore.open(directory.resolve("ledger"))) {
      store.append(records(2));
      assertThatThrownBy(() -> store.read(2))
          .isInstanceOf(CleanroomException.class)
          .hasMessageContaining("record 2")
          .hasMessageContaining("2 records")
          .extracting(e -> ((CleanroomException) e).code())
          .isEqualTo(ErrorCode.NOT_FOUND);
      assertThatThrownBy(() -> store.read(-1))
          .isInstanceOf(CleanroomException.class)
          .extracting(e -> ((CleanroomException) e).code())
          .isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThatThrownBy(() -> store.readRange(2, 1)).isInstanceOf(CleanroomException.class);
    }
  }

  @Test
  void read_recordCorruptedAfterOpen_throwsIntegrity() throws Exception {
    Path file = directory.resolve("ledger");
    try (FileLedgerStore store = FileLedgerStore.open(file)) {
      store.append(records(3));
      byte[] content = LedgerFiles.bytes(file);
      content[LedgerFiles.frameOffset(1) + LedgerFiles.FRAME_HEADER + 2] ^= 1;
      try (var channel = java.nio.channels.FileChannel.open(file,
          java.nio.file.StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(content), 0);
      }
      assertThatThrownBy(() -> store.read(1))
          .isInstanceOf(CleanroomException.class)
          .hasMessageContaining("record 1")
          .extracting(e -> ((CleanroomException) e).code())
          .isEqualTo(ErrorCode.INTEGRITY);
    }
  }

  @Test
  void closedStore_anyUse_throws() {
    Path file = directory.resolve("ledger");
    FileLedgerStore store = FileLedgerStore.open(file);
    store.append(records(1));
    store.close();
    store.close();
    assertThatThrownBy(store::size).isInstanceOf(CleanroomException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> store.read(0)).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> store.readRange(0, 1)).isInstanceOf(CleanroomException.class);
    assertThatThrownBy(() -> store.append(records(1))).isInstanceOf(CleanroomException.class);
    assertThat(store.path()).isEqualTo(file.toAbsolutePath());
  }

  @Test
  void open_fileAlreadyOpen_throwsConflict() {
    Path file = directory.resolve("ledger");
    try (FileLedgerStore store = FileLedgerStore.open(file)) {
      assertThatThrownBy(() -> FileLedgerStore.open(file))
          .isInstanceOf(CleanroomException.class)
          .extracting(e -> ((CleanroomException) e).code())
          .isEqualTo(ErrorCode.CONFLICT);
      store.append(records(1));
      assertThat(store.size()).isEqualTo(1);
    }
    assertThat(Files.exists(file)).isTrue();
  }
}
