package dev.cleanroom.ledger;

import dev.cleanroom.core.CleanroomException;
import java.util.Arrays;

/**
 * In-memory index of frame start offsets for O(1) random reads. It tracks two counts: frames written
 * to the file, and frames known durable; readers only ever see the durable ones.
 *
 * <p>Thread-safe: every method holds the monitor, which keeps the (array, count, end) triple
 * consistent for concurrent readers and the one appender at a time.
 */
final class FrameIndex {
  private static final int MAX_FRAMES = Integer.MAX_VALUE - 8;

  private long[] frameStarts = new long[64];
  private int writtenCount;
  private int durableCount;
  private long writtenEnd;

  FrameIndex(long firstFrameStart) {
    this.writtenEnd = firstFrameStart;
  }

  synchronized long durableCount() {
    return durableCount;
  }

  synchronized long writtenCount() {
    return writtenCount;
  }

  /** The byte offset where the next frame will start. */
  synchronized long writtenEnd() {
    return writtenEnd;
  }

  /** Records frames written back to back from {@link #writtenEnd()}, ending at {@code newEnd}. */
  synchronized void addWritten(long[] starts, long newEnd) {
    if ((long) writtenCount + starts.length > MAX_FRAMES) {
      throw CleanroomException.invalid(
          "ledger would exceed the maximum of " + MAX_FRAMES + " records; it holds " + writtenCount);
    }
    if (writtenCount + starts.length > frameStarts.length) {
      long grown = Math.max(2L * frameStarts.length, (long) writtenCount + starts.length);
      frameStarts = Arrays.copyOf(frameStarts, (int) Math.min(grown, MAX_FRAMES));
    }
    System.arraycopy(starts, 0, frameStarts, writtenCount, starts.length);
    writtenCount += starts.length;
    writtenEnd = newEnd;
  }

  /** Marks the first {@code count} written frames durable; never moves backwards. */
  synchronized void markDurable(long count) {
    durableCount = (int) Math.max(durableCount, Math.min(count, writtenCount));
  }

  /** Start offset of written frame {@code index}; the caller has checked the bound. */
  synchronized long frameStart(long index) {
    return frameStarts[(int) index];
  }

  /** End offset (exclusive) of written frame {@code index}; the caller has checked the bound. */
  synchronized long frameEnd(long index) {
    return index + 1 < writtenCount ? frameStarts[(int) index + 1] : writtenEnd;
  }
}
