package dev.cleanroom.ledger;

import static dev.cleanroom.ledger.LedgerFileFormat.FILE_HEADER_LENGTH;
import static dev.cleanroom.ledger.LedgerFileFormat.FRAME_HEADER_LENGTH;
import static dev.cleanroom.ledger.LedgerFileFormat.MAGIC;
import static dev.cleanroom.ledger.LedgerFileFormat.MAX_RECORD_LENGTH;

import dev.cleanroom.core.CleanroomException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the frames of a ledger file: writes the header of a new file, or scans every frame of an
 * existing one, cuts a torn tail and refuses a corrupt file without modifying it. The rules are
 * those documented on {@link FileLedgerStore}.
 *
 * <p>Used once per open, by one thread, before the store is published.
 */
final class LedgerFileRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(FileLedgerStore.class);
  private static final int SCAN_BUFFER_BYTES = 1 << 16;

  /** The index of the intact frames and the number of bytes cut from the end of the file. */
  record Result(FrameIndex index, long truncatedBytes) {}

  private final Path file;
  private final FileChannel channel;
  private final long fileSize;
  private long[] frameStarts = new long[1024];
  private int frameCount;

  private LedgerFileRecovery(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.fileSize = channel.size();
  }

  static Result recover(Path file, FileChannel channel) throws IOException {
    return new LedgerFileRecovery(file, channel).run();
  }

  private Result run() throws IOException {
    if (fileSize < FILE_HEADER_LENGTH) {
      return startNewFile();
    }
    byte[] header = readAt(0, FILE_HEADER_LENGTH);
    if (!Arrays.equals(header, MAGIC)) {
      throw corrupt(0, "is not preceded by the ledger header: the first 8 bytes are not the magic"
          + " \"CRLEDG1\\n\"");
    }
    return scanFrames();
  }

  /** An empty file, or a header cut short by a crash while the file was being created. */
  private Result startNewFile() throws IOException {
    byte[] existing = readAt(0, (int) fileSize);
    if (!Arrays.equals(existing, Arrays.copyOf(MAGIC, existing.length))) {
      throw corrupt(0, "is not preceded by the ledger header: the file is " + fileSize
          + " bytes long and does not start with the magic \"CRLEDG1\\n\"");
    }
    if (fileSize > 0) {
      channel.truncate(0);
    }
    writeFully(ByteBuffer.wrap(MAGIC), 0);
    channel.force(true);
    if (fileSize > 0) {
      LOG.warn("Ledger file {} had a header cut short by a crash ({} bytes); rewrote the header",
          file, fileSize);
    }
    return new Result(new FrameIndex(FILE_HEADER_LENGTH), fileSize);
  }

  private Result scanFrames() throws IOException {
    channel.position(FILE_HEADER_LENGTH);
    // The stream is deliberately not closed: closing it would close the channel.
    DataInputStream in =
        new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel),
            SCAN_BUFFER_BYTES));
    byte[] payload = new byte[0];
    long offset = FILE_HEADER_LENGTH;
    while (offset < fileSize) {
      if (fileSize - offset < FRAME_HEADER_LENGTH) {
        return cut(offset, "a frame header runs past the end of the file");
      }
      long length = Integer.toUnsignedLong(in.readInt());
      int storedCrc = in.readInt();
      if (length == 0) {
        if (isZeroFrom(offset)) {
          return cut(offset, "the file ends in zero bytes");
        }
        throw corrupt(offset, "has length zero and is followed by non-zero data");
      }
      long frameEnd = offset + FRAME_HEADER_LENGTH + length;
      if (frameEnd > fileSize) {
        return cut(offset, "a frame payload runs past the end of the file");
      }
      if (length > MAX_RECORD_LENGTH) {
        throw corrupt(offset, "has length " + length + ", over the limit of " + MAX_RECORD_LENGTH
            + " bytes, and is followed by more data");
      }
      if (payload.length < length) {
        payload = new byte[(int) length];
      }
      in.readFully(payload, 0, (int) length);
      if (LedgerFileFormat.crc32c(payload, 0, (int) length) != storedCrc) {
        if (frameEnd == fileSize || isZeroFrom(frameEnd)) {
          return cut(offset, "the last frame fails its CRC32C check");
        }
        throw corrupt(offset, "fails its CRC32C check and is followed by more data");
      }
      addFrame(offset);
      offset = frameEnd;
    }
    return new Result(index(offset), 0);
  }

  private Result cut(long offset, String reason) throws IOException {
    long truncated = fileSize - offset;
    channel.truncate(offset);
    channel.force(true);
    LOG.warn("Ledger file {} ended in a torn write ({}): cut {} bytes at byte offset {}, keeping {}"
        + " intact records", file, reason, truncated, offset, frameCount);
    return new Result(index(offset), truncated);
  }

  private FrameIndex index(long end) {
    FrameIndex index = new FrameIndex(FILE_HEADER_LENGTH);
    index.addWritten(Arrays.copyOf(frameStarts, frameCount), end);
    index.markDurable(frameCount);
    return index;
  }

  private void addFrame(long offset) {
    if (frameCount == frameStarts.length) {
      frameStarts = Arrays.copyOf(frameStarts, frameStarts.length * 2);
    }
    frameStarts[frameCount++] = offset;
  }

  private boolean isZeroFrom(long position) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(SCAN_BUFFER_BYTES);
    long at = position;
    while (at < fileSize) {
      buffer.clear();
      int read = channel.read(buffer, at);
      if (read < 0) {
        break;
      }
      for (int i = 0; i < read; i++) {
        if (buffer.get(i) != 0) {
          return false;
        }
      }
      at += read;
    }
    return true;
  }

  private byte[] readAt(long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("ledger file " + file + " shrank while it was being opened");
      }
    }
    return buffer.array();
  }

  private void writeFully(ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer, position + buffer.position());
    }
  }

  private CleanroomException corrupt(long offset, String detail) {
    return CleanroomException.integrity("ledger file " + file + " is corrupt: record " + frameCount
        + " at byte offset " + offset + " " + detail + "; the file was left unchanged");
  }
}
