package dev.cleanroom.ledger;

import static dev.cleanroom.ledger.LedgerFileFormat.FRAME_HEADER_LENGTH;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link LedgerStore} in one append-only file.
 *
 * <h2>File format</h2>
 *
 * <pre>
 * file   = header frame*
 * header = the 8 ASCII bytes "CRLEDG1\n"
 * frame  = length:u32 crc:u32 payload[length]
 * </pre>
 *
 * <p>Integers are big-endian; {@code crc} is the CRC32C (Castagnoli) of the payload; {@code length}
 * is 1 to {@value #MAX_RECORD_LENGTH} bytes (16 MiB). Record {@code i} is the
 * payload of frame {@code i}. Empty records are not allowed, so a zero length never starts a valid
 * frame, which lets recovery tell zero-filled space from data.
 *
 * <h2>Recovery on open</h2>
 *
 * <p>{@link #open(Path)} reads every frame and checks its CRC. A torn last write is cut: the file is
 * truncated to the end of the last intact frame, synced, reported once as an SLF4J warning and by
 * {@link #recoveredTruncatedBytes()}. A torn write is a frame header or payload that runs past the end
 * of the file; a last frame whose CRC fails (with nothing but zero bytes after it); a region of zero
 * bytes to the end of the file; or a header cut short while the file was created. Anything else is
 * corruption and is refused with an {@code INTEGRITY} error naming the file, the record index and the
 * byte offset, leaving the file untouched: a frame whose CRC fails followed by non-zero data, a
 * zero-length frame followed by non-zero data, an over-long length that fits in the file, or a bad
 * header.
 *
 * <h2>Durability and threading</h2>
 *
 * <p>Each {@link #append} writes its frames at the end of the file (one write when the batch is at
 * most 4 MiB) and returns after {@code FileChannel.force(false)} covered them. Appends are serialized
 * by a lock; concurrent appenders share syncs (group commit): one of the waiting appenders syncs
 * everything written so far on behalf of all. Reads use positional reads against an in-memory
 * offset index, concurrently with appends, and see a record only once it is durable. Reads check
 * each frame's CRC again. If a write or sync fails the store refuses further use, since what reached
 * the disk is then unknown; reopening recovers. The file is locked against other processes while
 * open. As with any {@link FileChannel}, interrupting a thread blocked in one of its reads or writes
 * closes the channel, after which the store fails; do not interrupt threads using the store.
 */
public final class FileLedgerStore implements LedgerStore {
  /** The largest record, in bytes, that {@link #append} accepts: 16 MiB. */
  public static final int MAX_RECORD_LENGTH = 16 * 1024 * 1024;

  private static final int WRITE_BATCH_BYTES = 4 * 1024 * 1024;
  private static final int READ_BATCH_BYTES = 1024 * 1024;

  private final Path path;
  private final FileChannel channel;
  private final FileLock fileLock;
  private final FrameIndex index;
  private final long recoveredTruncatedBytes;
  private final GroupCommit groupCommit;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile boolean closed;

  private FileLedgerStore(Path path, FileChannel channel, FileLock fileLock,
      LedgerFileRecovery.Result recovery) {
    this.path = path;
    this.channel = channel;
    this.fileLock = fileLock;
    this.index = recovery.index();
    this.recoveredTruncatedBytes = recovery.truncatedBytes();
    this.groupCommit = new GroupCommit(channel, index);
  }

  /**
   * Opens the ledger file at {@code file}, creating it if it does not exist, and recovers it as the
   * class documentation describes.
   *
   * @throws CleanroomException {@code INTEGRITY} if the file is corrupt; {@code CONFLICT} if another
   *     store holds it open; {@code IO} if it cannot be read or written
   */
  public static FileLedgerStore open(Path file) {
    Path path = file.toAbsolutePath();
    boolean created = !Files.exists(path);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = lockFile(channel, path);
      if (created) {
        StoreFiles.syncDirectory(path.getParent());
      }
      LedgerFileRecovery.Result recovery = LedgerFileRecovery.recover(path, channel);
      return new FileLedgerStore(path, channel, lock, recovery);
    } catch (IOException e) {
      StoreFiles.closeQuietly(channel);
      throw new CleanroomException(ErrorCode.IO, "cannot open ledger file " + path + ": " + e, e);
    } catch (RuntimeException e) {
      StoreFiles.closeQuietly(channel);
      throw e;
    }
  }

  private static FileLock lockFile(FileChannel channel, Path path) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw CleanroomException.conflict("ledger file " + path + " is already open by another store");
    }
    return lock;
  }

  /** The absolute path of the ledger file. */
  public Path path() {
    return path;
  }

  /** How many bytes of a torn last write were cut from the end of the file when it was opened. */
  public long recoveredTruncatedBytes() {
    return recoveredTruncatedBytes;
  }

  @Override
  public long size() {
    checkUsable();
    return index.durableCount();
  }

  @Override
  public long append(List<byte[]> records) {
    Objects.requireNonNull(records, "records");
    LedgerFileFormat.checkRecords(records, path);
    long first;
    long countAfter;
    writeLock.lock();
    try {
      checkUsable();
      if (records.isEmpty()) {
        return index.durableCount();
      }
      first = index.writtenCount();
      writeFrames(records);
      countAfter = first + records.size();
    } finally {
      writeLock.unlock();
    }
    groupCommit.awaitDurable(countAfter);
    return first;
  }

  @Override
  public byte[] read(long recordIndex) {
    checkReadable(recordIndex, recordIndex + 1);
    return readFrames(recordIndex, recordIndex + 1).get(0);
  }

  @Override
  public List<byte[]> readRange(long fromInclusive, long toExclusive) {
    if (fromInclusive < 0 || toExclusive < fromInclusive) {
      throw CleanroomException.invalid("record range [" + fromInclusive + ", " + toExclusive
          + ") of ledger file " + path + " is invalid; it must satisfy 0 <= from <= to");
    }
    checkReadable(fromInclusive, toExclusive);
    List<byte[]> records = new ArrayList<>((int) (toExclusive - fromInclusive));
    long next = fromInclusive;
    while (next < toExclusive) {
      // Group neighbouring frames into one positional read of about READ_BATCH_BYTES.
      long groupStart = index.frameStart(next);
      long end = next + 1;
      while (end < toExclusive && index.frameEnd(end) - groupStart <= READ_BATCH_BYTES) {
        end++;
      }
      records.addAll(readFrames(next, end));
      next = end;
    }
    return records;
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (!groupCommit.hasFailed()) {
        // Appenders that wrote but still wait for their sync must not be failed by the close.
        groupCommit.awaitDurable(index.writtenCount());
      }
    } finally {
      try {
        StoreFiles.release(fileLock);
        StoreFiles.closeQuietly(channel);
      } finally {
        writeLock.unlock();
      }
    }
  }

  /** Writes the frames at the end of the file and adds them to the index. Holds the write lock. */
  private void writeFrames(List<byte[]> records) {
    long start = index.writtenEnd();
    long[] starts = new long[records.size()];
    long position = start;
    try {
      int next = 0;
      while (next < records.size()) {
        int bufferBytes = 0;
        int end = next;
        while (end < records.size() && (end == next
            || bufferBytes + LedgerFileFormat.frameLength(records.get(end)) <= WRITE_BATCH_BYTES)) {
          bufferBytes += LedgerFileFormat.frameLength(records.get(end));
          end++;
        }
        ByteBuffer buffer = ByteBuffer.allocate(bufferBytes);
        for (int i = next; i < end; i++) {
          starts[i] = position + buffer.position();
          LedgerFileFormat.putFrame(buffer, records.get(i));
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          channel.write(buffer, position + buffer.position());
        }
        position += bufferBytes;
        next = end;
      }
    } catch (IOException e) {
      throw failedWrite(start, e);
    }
    index.addWritten(starts, position);
  }

  private CleanroomException failedWrite(long start, IOException cause) {
    try {
      channel.truncate(start);
    } catch (IOException truncateFailure) {
      cause.addSuppressed(truncateFailure);
      groupCommit.fail("a write to ledger file " + path + " failed and could not be undone");
    }
    return new CleanroomException(
        ErrorCode.IO, "writing to ledger file " + path + " failed: " + cause, cause);
  }

  private void checkReadable(long fromInclusive, long toExclusive) {
    checkUsable();
    if (fromInclusive < 0) {
      throw CleanroomException.invalid(
          "record index " + fromInclusive + " of ledger file " + path + " is negative");
    }
    long size = index.durableCount();
    if (toExclusive > size) {
      throw CleanroomException.notFound("record " + (toExclusive - 1) + " of ledger file " + path
          + " does not exist; the ledger has " + size + " records");
    }
  }

  /** Reads records {@code [from, to)}, known durable and contiguous, with one positional read. */
  private List<byte[]> readFrames(long from, long to) {
    long regionStart = index.frameStart(from);
    long regionEnd = index.frameEnd(to - 1);
    ByteBuffer region = ByteBuffer.allocate((int) (regionEnd - regionStart));
    try {
      while (region.hasRemaining()) {
        if (channel.read(region, regionStart + region.position()) < 0) {
          throw CleanroomException.integrity("ledger file " + path + " ends before record " + from
              + " at byte offset " + regionStart + " is complete");
        }
      }
    } catch (IOException e) {
      checkUsable();
      throw new CleanroomException(ErrorCode.IO, "reading record " + from + " of ledger file "
          + path + " failed: " + e, e);
    }
    List<byte[]> records = new ArrayList<>((int) (to - from));
    for (long i = from; i < to; i++) {
      long frameStart = index.frameStart(i);
      int at = (int) (frameStart - regionStart);
      int length = (int) (index.frameEnd(i) - frameStart) - FRAME_HEADER_LENGTH;
      byte[] payload = LedgerFileFormat.payloadIfIntact(region.array(), at, length);
      if (payload == null) {
        throw CleanroomException.integrity("ledger file " + path + " is corrupt: record " + i
            + " at byte offset " + frameStart + " no longer matches its length or CRC32C");
      }
      records.add(payload);
    }
    return records;
  }

  private void checkUsable() {
    if (closed) {
      throw CleanroomException.invalid("ledger store of file " + path + " is closed");
    }
    groupCommit.throwIfFailed();
  }
}
