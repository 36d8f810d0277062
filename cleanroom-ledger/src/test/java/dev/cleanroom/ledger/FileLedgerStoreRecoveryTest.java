package dev.cleanroom.ledger;

import static dev.cleanroom.ledger.LedgerFiles.FRAME_HEADER;
import static dev.cleanroom.ledger.LedgerFiles.bytes;
import static dev.cleanroom.ledger.LedgerFiles.frameOffset;
import static dev.cleanroom.ledger.LedgerFiles.records;
import static dev.cleanroom.ledger.LedgerFiles.texts;
import static dev.cleanroom.ledger.LedgerFiles.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileLedgerStoreRecoveryTest {
  private static final int RECORDS = 5;

  @TempDir Path directory;

  private Path ledger() {
    Path file = directory.resolve("ledger");
    LedgerFiles.writeLedger(file, RECORDS);
    return file;
  }

  /** Opens the file, expects it recovered to the first {@code kept} records, and closes it. */
  private static void assertRecovered(Path file, int kept, long truncatedBytes) {
    try (FileLedgerStore store = FileLedgerStore.open(file)) {
      assertThat(store.recoveredTruncatedBytes()).isEqualTo(truncatedBytes);
      assertThat(store.size()).isEqualTo(kept);
      assertThat(texts(store.readRange(0, kept))).isEqualTo(texts(records(kept)));
      assertThat(bytes(file)).hasSize(frameOffset(kept));
      store.append(List.of(utf8("after recovery")));
    }
    try (FileLedgerStore store = FileLedgerStore.open(file)) {
      assertThat(store.recoveredTruncatedBytes()).isZero();
      assertThat(store.size()).isEqualTo(kept + 1);
    }
  }

  @Test
  void open_tailCutAtEveryByteOfLastFrame_cutsTornFrameAndKeepsEarlierRecords() {
    Path file = ledger();
    byte[] full = bytes(file);
    int lastFrame = frameOffset(RECORDS - 1);
    for (int cut = 1; cut < full.length - lastFrame; cut++) {
      LedgerFiles.write(file, Arrays.copyOf(full, full.length - cut));
      assertRecovered(file, RECORDS - 1, full.length - cut - lastFrame);
    }
  }

  @Test
  void open_tailCutAtFrameBoundary_needsNoRecovery() {
    Path file = ledger();
    byte[] full = bytes(file);
    LedgerFiles.write(file, Arrays.copyOf(full, frameOffset(RECORDS - 1)));
    assertRecovered(file, RECORDS - 1, 0);
  }

  @Test
  void open_lastFrameWithGarbageCrc_cutsIt() {
    Path file = ledger();
    byte[] content = bytes(file);
    int lastFrame = frameOffset(RECORDS - 1);
    content[lastFrame + 4] ^= (byte) 0xFF;
    LedgerFiles.write(file, content);
    assertRecovered(file, RECORDS - 1, content.length - lastFrame);
  }

  @Test
  void open_lastPayloadByteFlipped_cutsLastFrame() {
    Path file = ledger();
    byte[] content = bytes(file);
    content[content.length - 1] ^= 1;
    LedgerFiles.write(file, content);
    assertRecovered(file, RECORDS - 1, content.length - frameOffset(RECORDS - 1));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8, 9, 4096, 70_000})
  void open_trailingZeroBytes_cutsThemAndKeepsAllRecords(int zeros) {
    Path file = ledger();
    byte[] content = bytes(file);
    LedgerFiles.write(file, Arrays.copyOf(content, content.length + zeros));
    assertRecovered(file, RECORDS, zeros);
  }

  @Test
  void open_lastFrameFailingCrcFollowedOnlyByZeros_cutsFromThatFrame() {
    Path file = ledger();
    byte[] content = bytes(file);
    int lastFrame = frameOffset(RECORDS - 1);
    content[lastFrame + FRAME_HEADER] ^= 1;
    LedgerFiles.write(file, Arrays.copyOf(content, content.length + 100));
    assertRecovered(file, RECORDS - 1, content.length + 100 - lastFrame);
  }

  @Test
  void open_headerCutShort_rewritesHeader() {
    Path file = directory.resolve("ledger");
    LedgerFiles.write(file, utf8("CRLE"));
    try (FileLedgerStore store = FileLedgerStore.open(file)) {
      assertThat(store.recoveredTruncatedBytes()).isEqualTo(4);
      assertThat(store.size()).isZero();
    }
    assertThat(bytes(file)).isEqualTo(utf8("CRLEDG1\n"));
  }

  @Test
  void open_middleRecordPayloadFlipped_refusesNamingRecordAndLeavesFileUnchanged() {
    Path file = ledger();
    byte[] content = bytes(file);
    int offset = frameOffset(2);
    content[offset + FRAME_HEADER + 3] ^= 0x20;
    LedgerFiles.write(file, content);
    assertCorrupt(file, content, "record 2", "byte offset " + offset, "CRC32C");
  }

  @Test
  void open_middleFrameLengthCorrupted_refuses() {
    Path file = ledger();
    byte[] content = bytes(file);
    int offset = frameOffset(1);
    content[offset + 3] += 1;
    LedgerFiles.write(file, content);
    assertCorrupt(file, content, "record 1", "byte offset " + offset);
  }

  @Test
  void open_zeroLengthFrameFollowedByData_refuses() {
    Path file = ledger();
    byte[] content = bytes(file);
    int offset = frameOffset(RECORDS);
    byte[] withGap = ByteBuffer.allocate(content.length + 8 + 12)
        .put(content).putLong(0).put(Arrays.copyOfRange(content, frameOffset(0),
            frameOffset(0) + 12)).array();
    LedgerFiles.write(file, withGap);
    assertCorrupt(file, withGap, "record " + RECORDS, "byte offset " + offset, "length zero");
  }

  @Test
  void open_overlongLengthThatFitsInFile_refuses() {
    Path file = directory.resolve("ledger");
    int length = 16 * 1024 * 1024 + 1;
    byte[] content = ByteBuffer.allocate(8 + 8 + length).put(utf8("CRLEDG1\n")).putInt(length)
        .array();
    LedgerFiles.write(file, content);
    assertCorrupt(file, content, "record 0", "byte offset 8", String.valueOf(length));
  }

  @Test
  void open_badMagic_refusesAndLeavesFileUnchanged() {
    Path file = ledger();
    byte[] content = bytes(file);
    content[3] = 'X';
    LedgerFiles.write(file, content);
    assertCorrupt(file, content, "magic", "byte offset 0");
  }

  @Test
  void open_shortFileThatIsNotLedger_refuses() {
    Path file = directory.resolve("ledger");
    byte[] content = utf8("{}\n");
    LedgerFiles.write(file, content);
    assertCorrupt(file, content, "magic");
  }

  private static void assertCorrupt(Path file, byte[] content, String... messageParts) {
    assertThatThrownBy(() -> FileLedgerStore.open(file))
        .isInstanceOf(CleanroomException.class)
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.INTEGRITY))
        .message()
        .contains(file.toAbsolutePath().toString())
        .contains(messageParts);
    assertThat(bytes(file)).isEqualTo(content);
  }
}
