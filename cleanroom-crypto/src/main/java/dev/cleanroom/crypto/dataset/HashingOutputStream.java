package dev.cleanroom.crypto.dataset;

import dev.cleanroom.crypto.Hashes;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Counts and hashes (SHA-256) what passes through; {@link #close()} flushes but leaves the target open. */
final class HashingOutputStream extends FilterOutputStream {
  private final MessageDigest digest = Hashes.newSha256();
  private long count;

  HashingOutputStream(OutputStream target) {
    super(target);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
    digest.update(bytes, offset, length);
    count += length;
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }

  long count() {
    return count;
  }

  byte[] digest() {
    return digest.digest();
  }
}
