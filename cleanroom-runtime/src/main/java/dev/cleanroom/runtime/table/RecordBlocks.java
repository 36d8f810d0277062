package dev.cleanroom.runtime.table;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a stream of table text into blocks of whole records, about {@code targetBytes} each, so that blocks can be
 * parsed independently. A record ends at a line feed outside quotes; whether a line feed is inside quotes follows
 * from the number of quote characters before it (RFC 4180 escapes a quote by doubling it), which one pass over the
 * bytes keeps track of. A record longer than the target makes its block longer.
 *
 * <p>Not thread-safe; used by the thread that reads the stream.
 */
final class RecordBlocks {
  private final InputStream text;
  private final int targetBytes;
  private byte[] buffer;
  private int filled;
  private int scanned;
  private int lastRecordEnd;
  private boolean inQuotes;
  private boolean endOfStream;

  /** A block: {@code bytes[0, length)} holds whole records. */
  record Block(byte[] bytes, int length) {}

  RecordBlocks(InputStream text, int targetBytes) {
    this.text = text;
    this.targetBytes = targetBytes;
    this.buffer = new byte[targetBytes];
  }

  /** The next block, or null after the last; the last one may end without a line feed. */
  Block next() throws IOException {
    while (true) {
      scan();
      if (lastRecordEnd > 0 && (filled >= targetBytes || endOfStream)) {
        return cut(lastRecordEnd);
      }
      if (endOfStream) {
        // What is left is one last record without a line feed (or an unclosed quote, which parsing reports).
        return filled > 0 ? cut(filled) : null;
      }
      if (filled == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      int read = text.read(buffer, filled, buffer.length - filled);
      if (read < 0) {
        endOfStream = true;
      } else {
        filled += read;
      }
    }
  }

  private void scan() {
    boolean quoted = inQuotes;
    int recordEnd = lastRecordEnd;
    byte[] bytes = buffer;
    for (int index = scanned; index < filled; index++) {
      byte current = bytes[index];
      if (current == '"') {
        quoted = !quoted;
      } else if (current == '\n' && !quoted) {
        recordEnd = index + 1;
      }
    }
    inQuotes = quoted;
    lastRecordEnd = recordEnd;
    scanned = filled;
  }

  /** Hands out {@code buffer[0, end)} and starts a new buffer with what follows it. */
  private Block cut(int end) {
    Block block = new Block(buffer, end);
    byte[] rest = new byte[Math.max(targetBytes, filled - end)];
    System.arraycopy(buffer, end, rest, 0, filled - end);
    buffer = rest;
    filled -= end;
    scanned -= end;
    lastRecordEnd = 0;
    return block;
  }
}
