package dev.cleanroom.bench.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An output stream that writes into a byte array given up front, so that a measured encryption pays
 * neither for growing a buffer nor for copying it out. Writing past the end of the array throws.
 * Not thread-safe.
 */
final class FixedBufferOutputStream extends OutputStream {
  private final byte[] buffer;
  private int count;

  FixedBufferOutputStream(byte[] buffer) {
    this.buffer = Objects.requireNonNull(buffer, "buffer");
  }

  /** Starts writing at the beginning of the array again; returns this stream. */
  FixedBufferOutputStream reset() {
    count = 0;
    return this;
  }

  /** Bytes written since the last {@link #reset}. */
  int count() {
    return count;
  }

  @Override
  public void write(int value) throws IOException {
    if (count == buffer.length) {
      throw new IOException("the buffer of " + buffer.length + " bytes is full");
    }
    buffer[count++] = (byte) value;
  }

  @Override
  public void write(byte[] source, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, source.length);
    if (length > buffer.length - count) {
      throw new IOException("writing " + length + " bytes would overflow the buffer of "
          + buffer.length + " bytes (" + count + " used)");
    }
    System.arraycopy(source, offset, buffer, count, length);
    count += length;
  }
}
