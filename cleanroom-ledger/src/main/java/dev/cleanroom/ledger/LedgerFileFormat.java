package dev.cleanroom.ledger;

import dev.cleanroom.core.CleanroomException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/** Constants and frame encoding of the file format described on {@link FileLedgerStore}. */
final class LedgerFileFormat {
  static final byte[] MAGIC = "CRLEDG1\n".getBytes(StandardCharsets.US_ASCII);
  static final int FILE_HEADER_LENGTH = MAGIC.length;
  static final int FRAME_HEADER_LENGTH = 8;
  static final int MAX_RECORD_LENGTH = FileLedgerStore.MAX_RECORD_LENGTH;

  private LedgerFileFormat() {}

  static int crc32c(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    return (int) crc.getValue();
  }

  static int frameLength(byte[] payload) {
    return FRAME_HEADER_LENGTH + payload.length;
  }

  /** Writes the frame of {@code payload} at the buffer's position, copying the payload. */
  static void putFrame(ByteBuffer buffer, byte[] payload) {
    buffer.putInt(payload.length);
    buffer.putInt(crc32c(payload, 0, payload.length));
    buffer.put(payload);
  }

  /** Rejects, before anything is written, a batch holding a null, empty or over-long record. */
  static void checkRecords(List<byte[]> records, Path file) {
    for (int i = 0; i < records.size(); i++) {
      byte[] record = records.get(i);
      if (record == null || record.length == 0 || record.length > MAX_RECORD_LENGTH) {
        throw CleanroomException.invalid("record " + i + " of the batch appended to ledger file "
            + file + " is " + (record == null ? "null" : record.length + " bytes long")
            + "; records must be 1 to " + MAX_RECORD_LENGTH + " bytes long; nothing was written");
      }
    }
  }

  /**
   * The payload of the frame at {@code at} in {@code region}, or {@code null} if its stored length is
   * not {@code length} or its CRC32C does not match.
   */
  static byte[] payloadIfIntact(byte[] region, int at, int length) {
    ByteBuffer header = ByteBuffer.wrap(region, at, FRAME_HEADER_LENGTH);
    int storedLength = header.getInt();
    int storedCrc = header.getInt();
    int payloadAt = at + FRAME_HEADER_LENGTH;
    if (storedLength != length || crc32c(region, payloadAt, length) != storedCrc) {
      return null;
    }
    return Arrays.copyOfRange(region, payloadAt, payloadAt + length);
  }
}
